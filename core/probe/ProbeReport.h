#pragma once

#include "policy/IssuerPolicy.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace tokenscope::probe {

// Why a probe stopped before it could finish: a stable code for scripts and a translated message for people.
struct ProbeError
{
    enum class Kind {
        None,
        InvalidInput, // a bad issuer URL, missing credentials (the CLI's usage error)
        Network, // connection refused, host not found, TLS, timeout, too large
        HttpStatus, // discovery or a required endpoint answered with an HTTP error
        BadDiscovery, // discovery is not a JSON object or lacks a required member
        TokensRefused, // the issuer refused to issue the first tokens (the `error` code says why)
        Cancelled,
    };
    Kind kind = Kind::None;
    QString code; // stable: "invalid_input", "network", "http_status", "bad_discovery", "tokens_refused", "cancelled"
    QString message; // translated, names the URL that failed
    explicit operator bool() const { return kind != Kind::None; }
};

// One request the probe sent, as evidence. Never holds token values, secrets or error_description (docs/probe.md):
// assertions key on `error` codes only.
struct ProbeRequest
{
    QString step; // stable: "discovery", "jwks", "login", "refresh_1", "replay_at_once", …
    QString method; // "GET", "POST"
    QUrl url; // without query or fragment
    QString grantType; // the token request's grant_type, or empty
    int status = 0; // HTTP status; 0 when no response arrived
    QString error; // the OAuth `error` code (RFC 6749 §5.2), or a network error's short name
    QString note; // what the response showed, without values ("new refresh token", "active=false")
};

// One conclusion with the requests that support it.
struct ProbeFinding
{
    enum class Severity { Info, Warning, Problem };
    QString id; // stable: "discovery", "jwks", "tokens", "rotation", "reuse", "grace", "after_replay", "revocation",
                // "introspection", "expires_in"
    QString value; // stable, e.g. "always", "revoke_family", "new_token", "cascades", "matches"
    QString title; // translated
    QString summary; // translated sentence
    Severity severity = Severity::Info;
    QList<int> evidence; // indexes into ProbeReport::requests
};

// What the probe could tell about the issuer's refresh policy (empty optionals: could not be observed).
struct ProbeObservations
{
    std::optional<bool> rotatesAtOnce; // did the first refreshes right after issue return new refresh tokens?
    std::optional<bool> rotatesOnlySometimes; // one refresh rotated, the other did not
    std::optional<policy::ReuseHandling> reuse;
    std::optional<policy::GraceMode> grace;
    qint64 pauseSeconds = 0; // the pause before the late replay
    std::optional<bool> lateReplayAccepted; // the replay after the pause
    std::optional<qint64> accessTokenLifetime; // expires_in of the first token response
    std::optional<qint64> accessTokenExpMinusIat;
    std::optional<bool> revocationCascades; // revoking the refresh token made its access token inactive
};

// How well a provider preset (policy::IssuerPresets) fits the observations.
struct PresetMatch
{
    QString name;
    int score = 0;
    int maximum = 0;
    QStringList agreements; // translated: "rotates on every refresh"
    QStringList differences; // translated: "access token lifetime 3600 s, preset 86400 s"
};

// Everything a staging probe found: the requests it sent, its findings and observations, and the closest presets.
struct ProbeReport
{
    QUrl issuerUrl; // as given
    QUrl discoveryUrl;
    QString issuer; // discovery "issuer"
    QString clientId;
    QString flow; // the first tokens' grant: "password", "refresh_token", "authorization_code" (the browser login),
                  // "device_code" (the device login), "client_credentials"
    QList<ProbeRequest> requests;
    QList<ProbeFinding> findings;
    ProbeObservations observed;
    QList<PresetMatch> presets; // best first
    ProbeError error;

    [[nodiscard]] const ProbeFinding *finding(QStringView id) const;
    [[nodiscard]] QString closestPreset() const { return presets.isEmpty() ? QString() : presets.first().name; }
};

namespace ProbeClassifier {
// Scores every preset against the observations, best first. Ties keep the presets' own order.
[[nodiscard]] QList<PresetMatch> matchPresets(const ProbeObservations &observed);
} // namespace ProbeClassifier

namespace ProbeReportWriter {
// One JSON object (stable keys and codes). Holds no token values or secrets: the report never has any.
[[nodiscard]] QByteArray toJson(const ProbeReport &report);
// A Markdown document for tickets and chat.
[[nodiscard]] QString toMarkdown(const ProbeReport &report);
// Replaces every occurrence of each secret (token, password, client secret) with "[redacted]": a last guard for
// text that came from elsewhere (e.g. an issuer echoing a token back in a note).
[[nodiscard]] QString redact(QString text, const QList<QByteArray> &secrets);
} // namespace ProbeReportWriter

} // namespace tokenscope::probe
