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
    [[nodiscard]] bool isConfidential() const { return !secret.isEmpty(); }
};

// A user who can log in (password grant, the /authorize login page) and the claims the issuer puts in their tokens.
struct IssuerUser
{
    QString username;
    QString password; // only held in memory; the database keeps a salted SHA-256
    QString subject; // "sub"; defaults to the username
    QVariantMap claims; // per-user claims for ID tokens, access tokens and /userinfo (email, name, roles, …)
};

// The mock issuer's set-up: its policy (a preset plus overrides), clients, users and where to listen.
struct IssuerConfig
{
    policy::IssuerPolicy policy;
    QString audience = QStringLiteral("tokenscope-demo-api"); // access tokens' "aud"
    bool accessTokenRevocationRevokesFamily = false; // RFC 7009 §2.1: "MAY revoke the respective refresh token"
    qint64 authorizationCodeLifetime = 60; // RFC 6749 §4.1.2: "a maximum lifetime of 10 minutes"
    qint64 jwksMaxAge = 300; // JWKS Cache-Control max-age; keep it below the policy's key overlap
    IssuerFaults faults; // switched on at start; POST /admin/faults changes them at runtime
    QList<IssuerClient> clients;
    QList<IssuerUser> users;

    // The documented demo set-up (docs/issuer.md): confidential `demo`/`demo-secret`, public `demo-public`, user
    // `alice`/`alice`, with the "15m-7d" preset's lifetimes but rotating refresh tokens that revoke the family on
    // reuse (the node-oidc-provider public-client behaviour).
    [[nodiscard]] static IssuerConfig demo();

    [[nodiscard]] const IssuerClient *client(QStringView clientId) const;
    [[nodiscard]] const IssuerUser *user(QStringView username) const;
};

struct IssuerConfigResult
{
    std::optional<IssuerConfig> config;
    // "config.json:12:5: clients[1].client_secret: expected a string" (untranslated parts are JSON paths).
    QString error;
    int line = 0;
    QString field;
    explicit operator bool() const { return config.has_value(); }
};

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
