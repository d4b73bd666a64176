#pragma once

#include "binding/BindingCheck.h"
#include "crypto/Algorithm.h"
#include "jose/CompactToken.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace tokenscope {

// What came with an ID token: from a token response, a redirect URL or separate pastes.
struct OidcCompanions
{
    // Where the ID token was delivered. From the authorization endpoint (a redirect), at_hash and c_hash are
    // required when the access token or code came with it (OIDC Core §3.2.2.10, §3.3.2.11); from the token endpoint
    // they are optional.
    enum class Channel { TokenEndpoint, AuthorizationEndpoint };

    std::optional<QByteArray> accessToken;
    std::optional<QByteArray> code;
    std::optional<QByteArray> state;
    QString nonce; // the nonce the client sent; empty: not checked
    Channel channel = Channel::TokenEndpoint;
};

namespace OidcHashes {

// One way of hashing for an ID token's alg: the hash the alg's signature uses (OIDC Core §3.1.3.6). EdDSA does not
// fix its curve, so it has two: SHA-512 for Ed25519 and SHAKE256 with 114 bytes of output for Ed448 (the OpenID
// Foundation's resolution for EdDSA, RFC 8032 §5.1 and §5.2); the RFC 9864 names fix one.
struct HashChoice
{
    QString name; // "SHA-256", "SHAKE256"
    QString value; // base64url of the left half of the digest
};

// The at_hash / c_hash / s_hash value of `value` for `algorithm`; one choice, or two for EdDSA.
[[nodiscard]] QList<HashChoice> leftHalfHashes(Algorithm algorithm, QByteArrayView value);

// Checks at_hash, c_hash, s_hash and nonce of an ID token against what came with it; one line each.
[[nodiscard]] BindingChecks check(const DecodedToken &idToken, const OidcCompanions &companions);

} // namespace OidcHashes
} // namespace tokenscope
