#pragma once

#include "crypto/Key.h"
#include "issuer/IssuerFaults.h"
#include "policy/IssuerPolicy.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>
#include <vector>

namespace tokenscope::issuer {

// A client the mock issuer knows (RFC 6749 §2). Confidential clients have a secret; public ones do not.
struct IssuerClient
{
    QString clientId;
    QString secret; // empty: a public client (only held in memory; the database keeps a SHA-256)
    QStringList redirectUris; // exact match, except that a loopback URI matches any port (RFC 8252 §7.3)
    QStringList grantTypes; // empty: every grant the client type allows
    QString scope; // the scope granted when a request names none
    // private_key_jwt (RFC 7523 §2.2, OpenID Connect Core §9): the client's public keys, from the config's "jwks".
    // Read from the config by every process; the store does not keep them.
    KeySet keys;
    // RFC 9449 §5.2 "dpop_bound_access_tokens": every token request of this client must carry a DPoP proof. Read
    // from the config by every process, like `keys`.
    bool dpopBoundAccessTokens = false;
    [[nodiscard]] bool isConfidential() const { return !secret.isEmpty(); }
};

// DPoP at the token and userinfo endpoints (RFC 9449, docs/issuer.md "DPoP"): the config's "dpop" object.
struct IssuerDpopSettings
{
    // RFC 9449 §8: token requests with a DPoP proof must carry a nonce this issuer handed out (DPoP-Nonce).
    bool requireNonce = false;
    // A nonce stays good for at least this long and at most twice as long (it names a time bucket of this size).
    qint64 nonceLifetime = 300;
    // How far a proof's iat may lie from the issuer's clock, back or ahead (RFC 9449 §11.1 leaves it to the server).
    qint64 proofWindow = 60;
};

// A user who can log in (password grant, the /authorize login page) and the claims the issuer puts in their tokens.
struct IssuerUser
{
    QString username;
    QString password; // only held in memory; the database keeps a salted SHA-256
    QString subject; // "sub"; defaults to the username
    QVariantMap claims; // per-user claims for ID tokens, access tokens and /userinfo (email, name, roles, …)
};

struct IssuerTenantConfig;

// The mock issuer's set-up: its policy (a preset plus overrides), clients, users and where to listen.
struct IssuerConfig
{
    policy::IssuerPolicy policy;
    QString audience = QStringLiteral("tokenscope-demo-api"); // access tokens' "aud"
    bool accessTokenRevocationRevokesFamily = false; // RFC 7009 §2.1: "MAY revoke the respective refresh token"
    qint64 authorizationCodeLifetime = 60; // RFC 6749 §4.1.2: "a maximum lifetime of 10 minutes"
    qint64 jwksMaxAge = 300; // JWKS Cache-Control max-age; keep it below the policy's key overlap
    IssuerFaults faults; // switched on at start; POST /admin/faults changes them at runtime
    IssuerDpopSettings dpop;
    QList<IssuerClient> clients;
    QList<IssuerUser> users;
    // Further issuers on the same server, each under /NAME (docs/issuer.md "Several issuers"), in the file's order.
    // Always empty in a tenant's own set-up: tenants do not nest. (std::vector: it may hold the type being defined.)
    std::vector<IssuerTenantConfig> tenants;

    // The documented demo set-up (docs/issuer.md): confidential `demo`/`demo-secret`, public `demo-public`, user
    // `alice`/`alice`, with the "15m-7d" preset's lifetimes but rotating refresh tokens that revoke the family on
    // reuse (the node-oidc-provider public-client behaviour).
    [[nodiscard]] static IssuerConfig demo();

    [[nodiscard]] const IssuerClient *client(QStringView clientId) const;
    [[nodiscard]] const IssuerUser *user(QStringView username) const;
};

// One issuer of the config's "issuers": its name (the first path segment, IssuerTenantName) and its own set-up.
struct IssuerTenantConfig
{
    QString name;
    IssuerConfig config;
};

// What parse() or readFile() made of a config: the set-up, or the first error with its line and field.
struct IssuerConfigResult
{
    std::optional<IssuerConfig> config;
    // "config.json:12:5: clients[1].client_secret: expected a string" (untranslated parts are JSON paths).
    QString error;
    int line = 0;
    QString field;
    explicit operator bool() const { return config.has_value(); }
};

// What parseFaults() made of a "faults" object (POST /admin/faults): the faults, or the first error.
struct IssuerFaultsResult
{
    std::optional<IssuerFaults> faults;
    QString error; // "faults:1:12: token_error_percent: expected a whole number from 0 to 100"
    explicit operator bool() const { return faults.has_value(); }
};

namespace IssuerConfigReader {
// Parses the JSON config format of docs/issuer.md with the core's strict JSON parser, so every error names the
// line and the field. `source` is the file name used in messages. Unknown members are errors (typos are caught).
[[nodiscard]] IssuerConfigResult parse(QByteArrayView json, const QString &source);
[[nodiscard]] IssuerConfigResult readFile(const QString &path);
// The "faults" object alone (POST /admin/faults): every member optional, unknown members refused.
[[nodiscard]] IssuerFaultsResult parseFaults(QByteArrayView json, const QString &source);
} // namespace IssuerConfigReader

} // namespace tokenscope::issuer
