#pragma once

#include "common/Clock.h"
#include "issuer/DpopNonces.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace tokenscope::issuer {

// What a server expects of the DPoP proof a request carries (RFC 9449 §4.3).
struct DpopProofExpectation
{
    QString method; // the request's method ("POST"), compared with htm
    QString targetUri; // the endpoint's public URL, compared with htu without query and fragment
    std::optional<QByteArray> accessToken; // at a protected resource: ath and the token's cnf.jkt are checked
    const DpopNonces *nonces = nullptr; // the proof must carry one of these nonces; nullptr: none demanded
    const Clock *clock = nullptr; // the issuer's clock; nullptr: the system clock
    qint64 window = 60; // how far iat may lie from `clock`, back or ahead
};

// The verdict on the DPoP header fields of one request. Replay (the jti) is the caller's to check, with the store.
struct DpopProofVerdict
{
    enum class Outcome {
        Absent, // no DPoP field: a plain bearer request
        Accepted, // a valid proof; thumbprint and jti are set
        Invalid, // invalid_dpop_proof (RFC 9449 §5, §7.1)
        NonceNeeded, // valid but for its nonce: use_dpop_nonce (§8), with a fresh nonce
    };
    Outcome outcome = Outcome::Absent;
    QString thumbprint; // RFC 7638 thumbprint of the proof's key (the jkt)
    QString jti;
    qint64 issuedAt = 0;
    QString description; // why it is refused, naming what is wrong; never holds a token or a key
};

namespace DpopProofCheck {

// Largest DPoP field and jwk header taken; a proof is a few hundred bytes, an RSA-4096 one under 2 KiB.
inline constexpr qsizetype maxProofBytes = 8 * 1024;
inline constexpr qsizetype maxJwkBytes = 4 * 1024;
inline constexpr qsizetype maxJtiCharacters = 256;

// Checks the request's DPoP fields (`fields`: every value of the "DPoP" header) with DpopVerifier: one field, one
// proof, within the size bounds, no duplicate JSON members, every RFC 9449 §4.3 check passed, a jti of bounded size,
// and the nonce when one is demanded. Fails closed: anything not understood is Invalid.
[[nodiscard]] DpopProofVerdict check(const QList<QByteArray> &fields, const DpopProofExpectation &expectation);

} // namespace DpopProofCheck
} // namespace tokenscope::issuer
