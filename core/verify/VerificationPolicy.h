#pragma once

#include "common/Clock.h"
#include "crypto/Algorithm.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace tokenscope {

// What a verifier accepts. Setters work in any order; an empty allow-list means "any algorithm the key fits".
struct VerificationPolicy
{
    // RFC 7519 §7.2 steps 9-10: a JWT's payload is a JSON object of claims, and a verifier that cannot read it must
    // fail closed. A plain JWS may sign any bytes (RFC 7515 §3); only a caller that expects one says Any.
    enum class PayloadKind { JwtClaims, Any };

    QList<Algorithm> allowedAlgorithms; // empty: any supported algorithm that fits the key
    QString expectedIssuer; // empty: not checked
    QString expectedAudience; // empty: not checked
    qint64 leewaySeconds = 0; // applied to exp, nbf and iat (RFC 7519 §4.1.4 "small leeway")
    QStringList requiredClaims; // must be present in the payload
    QStringList understoodCriticalHeaders; // RFC 7515 §4.1.11: crit names the application understands
    // RFC 8725 §3.11 explicit typing: the header's typ must be this media type ("at+jwt"; case-insensitive,
    // "application/" optional), so that one kind of token is never accepted as another. Empty: not checked.
    QString requiredType;
    const Clock *clock = nullptr; // nullptr: SystemClock::instance()
    PayloadKind payloadKind = PayloadKind::JwtClaims;
};

} // namespace tokenscope
