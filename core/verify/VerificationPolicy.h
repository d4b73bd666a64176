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
    QList<Algorithm> allowedAlgorithms;  // empty: any supported algorithm that fits the key
    QString expectedIssuer;              // empty: not checked
    QString expectedAudience;            // empty: not checked
    qint64 leewaySeconds = 0;            // applied to exp, nbf and iat (RFC 7519 §4.1.4 "small leeway")
    QStringList requiredClaims;          // must be present in the payload
    QStringList understoodCriticalHeaders; // RFC 7515 §4.1.11: crit names the application understands
    const Clock *clock = nullptr;        // nullptr: SystemClock::instance()
};

} // namespace tokenscope
