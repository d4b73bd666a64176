#pragma once

#include "binding/BindingCheck.h"
#include "binding/DpopVerifier.h"
#include "binding/OidcHashes.h"
#include "binding/TokenBundle.h"
#include "jose/CompactToken.h"

#include <QList>
#include <QString>

#include <optional>

namespace tokenscope {

// What the user knows beyond the pasted text: the request a DPoP proof came with (method, URL, server nonce, iat
// window) and the nonce the client sent in its authentication request. Bundle values fill what is left empty.
struct BundleOptions
{
    DpopExpectation dpop;
    QString oidcNonce;
};

// One token of a bundle, decoded when it is a JWS or JWE and shown as opaque otherwise.
struct BundleToken
{
    QString role; // "dpop_proof", "access_token", "id_token", "refresh_token"
    QByteArray value;
    std::optional<DecodedToken> decoded; // empty: opaque (no JOSE structure)
};

// What check() found in a bundle: its tokens, decoded where they can be, and every binding check with its verdict.
struct BundleReport
{
    TokenBundle bundle;
    QList<BundleToken> tokens;
    BindingChecks checks; // DPoP, then OIDC hashes, then how the response's tokens relate
    std::optional<DpopResult> dpop;

    [[nodiscard]] bool isValid() const { return Binding::allPassed(checks); }
    [[nodiscard]] const BundleToken *token(QStringView role) const;
};

namespace BundleChecks {

// Lists the bundle's tokens and runs every check the bundle has the material for: the DPoP proof (RFC 9449 §4.3)
// with the access token it came with; at_hash, c_hash, s_hash and nonce of the ID token (OIDC Core §3.1.3.6,
// §3.3.2.11); and that the access token and ID token of one response share iss, sub and client (RFC 9068 §2.2,
// OIDC Core §2).
[[nodiscard]] BundleReport check(const TokenBundle &bundle, const BundleOptions &options);

} // namespace BundleChecks
} // namespace tokenscope
