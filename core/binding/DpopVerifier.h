#pragma once

#include "binding/BindingCheck.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/Key.h"
#include "jose/CompactToken.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace tokenscope {

// What the request that carried a DPoP proof looked like, as far as the user knows it. Anything left empty is shown
// but not checked (the verdict says so line by line).
struct DpopExpectation
{
    QString method; // the request's HTTP method ("POST"); empty: htm not compared
    QString url; // the request's URL; empty: htu not compared
    QString nonce; // the DPoP-Nonce the server gave; empty: no nonce expected
    std::optional<QByteArray> accessToken; // the access token sent with the proof: ath and cnf.jkt are checked
    const Clock *clock = nullptr; // nullptr: SystemClock::instance()
    qint64 iatWindowSeconds = 300; // how old a proof may be (RFC 9449 §11.1 leaves it to the server)
    qint64 iatLeewaySeconds = 60; // how far in the future iat may lie (clock skew)
};

// The verdict on a DPoP proof (RFC 9449 §4.3): a check line per step, and the proof's key with its jkt thumbprint.
struct DpopResult
{
    BindingChecks checks; // one per step of RFC 9449 §4.3, in its order
    std::optional<Key> proofKey; // the public key from the proof's jwk header, when usable
    QString thumbprint; // its RFC 7638 thumbprint (the jkt an access token must name)

    [[nodiscard]] bool isValid() const { return Binding::allPassed(checks); }
};

namespace DpopVerifier {

// Checks a DPoP proof (RFC 9449 §4.3): typ, alg, the jwk header (public only; the one header key Tokenscope ever
// uses, and only to check this proof), signature, htm, htu, iat, jti, nonce, and with an access token its ath and
// the token's cnf.jkt. Never throws; every outcome is a check line.
[[nodiscard]] DpopResult verify(const DecodedToken &proof, const DpopExpectation &expectation);

// The form in which two HTTP URIs are compared (RFC 9449 §4.3 step 9; RFC 3986 §6.2.2 and §6.2.3): scheme and host
// lower case, the default port left out, dot segments removed, percent-encoding normalised, an empty path as "/",
// query and fragment dropped. Fails with "dpop.unusable_uri" when `uri` is not an absolute http(s) URI.
[[nodiscard]] Result<QString> normalizedTargetUri(const QString &uri);

// base64url(SHA-256(ASCII(access token))), the proof's "ath" (RFC 9449 §4.2).
[[nodiscard]] QString accessTokenHash(QByteArrayView accessToken);

} // namespace DpopVerifier
} // namespace tokenscope
