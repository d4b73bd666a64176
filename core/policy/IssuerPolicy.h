#pragma once

#include "crypto/Algorithm.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tokenscope::policy {

// How long a refresh token lives (docs/scenarios.md). Expiry is tracked per refresh family, so a replayed
// older generation is judged by the family's current expiry.
enum class RefreshLifetimeMode {
    Absolute, // every refresh token lives `refreshTokenLifetime` from its own issue
    SlidingIdle, // dies after `refreshTokenLifetime` unused; each use slides it
    InheritRemaining, // a rotated token keeps the expiry of the one it replaces (the family lives from login)
};

enum class RotationMode {
    Never, // the same refresh token is returned on every refresh
    Always, // every refresh returns a new generation
    AfterPercent, // a new generation once the token is older than `rotateAfterPercent` % of its lifetime
};

// What the issuer does when a refresh token that was already rotated is presented again (RFC 9700 §4.14.2).
enum class ReuseHandling {
    RevokeFamily, // revoke every token of the family: the thief and the user both lose it
    RejectReplay, // refuse only this request; the family lives on
    Accept, // the old generation keeps working (e.g. Keycloak without "Revoke Refresh Token")
};

// A window after rotation in which the previous generation is still honoured (the concurrent-refresh race).
enum class GraceMode {
    None,
    NewToken, // the previous generation gets a fresh generation (Okta, Cognito)
    SameToken, // the previous generation gets the token already issued for it (Dex reuse interval)
};

// The issuer's policy: lifetimes, rotation, reuse, grace, keys, sessions. All durations are in seconds; 0 means
// "none"/"never" where the member says so.
struct IssuerPolicy
{
    QString presetName; // empty when built by hand

    qint64 accessTokenTtl = 15 * 60;

    bool refreshTokensEnabled = true;
    qint64 refreshTokenLifetime = 7 * 86400; // 0: refresh tokens never expire; SlidingIdle: the idle window
    RefreshLifetimeMode lifetimeMode = RefreshLifetimeMode::Absolute;
    qint64 refreshTokenMaxLifetime = 0; // a cap from login over every mode; 0: none
    RotationMode rotation = RotationMode::Never;
    int rotateAfterPercent = 70;
    ReuseHandling reuse = ReuseHandling::RevokeFamily;
    GraceMode grace = GraceMode::None;
    qint64 graceSeconds = 0;

    Algorithm signingAlgorithm = Algorithm::ES256;
    qint64 keyRotationInterval = 0; // 0: no scheduled rotation
    qint64 keyOverlap = 0; // a new key is published this long before it signs; an old one stays this long

    qint64 sessionIdle = 30 * 60; // stateful sessions; 0: no idle limit
    qint64 sessionMaxLifetime = 12 * 3600; // 0: no absolute limit

    QString issuerUrl = QStringLiteral("https://issuer.sim.tokenscope.invalid");
    QString audience = QStringLiteral("https://api.sim.tokenscope.invalid");
};

// Enum spellings used by scenario files, the CLI and the event log.
namespace PolicyNames {
[[nodiscard]] QString lifetimeMode(RefreshLifetimeMode mode);
[[nodiscard]] QString rotation(RotationMode mode);
[[nodiscard]] QString reuse(ReuseHandling handling);
[[nodiscard]] QString grace(GraceMode mode);
[[nodiscard]] std::optional<RefreshLifetimeMode> lifetimeModeFromName(QStringView name);
[[nodiscard]] std::optional<RotationMode> rotationFromName(QStringView name);
[[nodiscard]] std::optional<ReuseHandling> reuseFromName(QStringView name);
[[nodiscard]] std::optional<GraceMode> graceFromName(QStringView name);
} // namespace PolicyNames

// The policy as the mock issuer's config file spells it (docs/issuer.md, the "policy" object): what a live
// simulation sends to the admin API.
[[nodiscard]] QJsonObject toConfigJson(const IssuerPolicy &policy);

// Providers' documented defaults, selectable by name ("auth0", "okta", …).
namespace IssuerPresets {
[[nodiscard]] QStringList names();
[[nodiscard]] std::optional<IssuerPolicy> byName(QStringView name);
// One line saying where the numbers come from, for `--help` and the parameter panel.
[[nodiscard]] QString description(QStringView name);
} // namespace IssuerPresets

} // namespace tokenscope::policy
