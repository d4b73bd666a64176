#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tokenscope::issuer {

// Faults a team switches on in the mock issuer at runtime (docs/issuer.md "Faults"), to see how its relying parties
// and verifiers behave when an issuer misbehaves the way real ones do. Set from the config file's "faults" object,
// POST /admin/faults, `tokenscope-cli issuer faults` or the Issuer workspace; every request a fault changed names
// it in the request log. All off by default; each process of a set of replicas has its own.
struct IssuerFaults
{
    enum class Jwks {
        Normal,
        ServerError, // 500 server_error
        Stale, // the set without the key that signs now, as a cache the issuer forgot to refresh would serve it
    };

    static constexpr qint64 maxDelayMs = 10'000; // a delay blocks the issuer's thread: keep it bounded

    Jwks jwks = Jwks::Normal;
    qint64 jwksDelayMs = 0;
    qint64 tokenDelayMs = 0;
    int tokenErrorPercent = 0; // of token-endpoint requests answered 503 temporarily_unavailable (RFC 6749 §5.2)
    qint64 tokenClockSkew = 0; // seconds added to the iat and nbf of issued tokens (negative: in the past)
    bool tokenUnknownKid = false; // issued tokens name a kid the JWKS does not publish
    bool issuerTrailingSlash = false; // discovery's "issuer" gains a trailing slash the tokens' iss lacks
    bool dropRefreshResponse = false; // a refresh is committed, then the connection closes without the answer

    [[nodiscard]] bool any() const;
    // The JSON of docs/issuer.md "Faults" (GET /admin/faults, the config file's "faults"), every member present.
    [[nodiscard]] QJsonObject toJson() const;
    // The names of the faults that are on ("jwks=stale", "token_error_percent=10"), for messages and the log.
    [[nodiscard]] QStringList describe() const;
    [[nodiscard]] static QString jwksName(Jwks jwks);
    bool operator==(const IssuerFaults &) const = default;
};

} // namespace tokenscope::issuer
