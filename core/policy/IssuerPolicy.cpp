#include "policy/IssuerPolicy.h"

#include <QCoreApplication>

namespace tokenscope::policy {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct PresetText
{
    Q_DECLARE_TR_FUNCTIONS(IssuerPresets)
};

constexpr qint64 minute = 60;
constexpr qint64 hour = 3600;
constexpr qint64 day = 86400;

template<typename Enum, size_t N>
std::optional<Enum> lookup(const std::pair<Enum, const char16_t *> (&table)[N], QStringView name)
{
    for (const auto &[value, spelling] : table) {
        if (name == QStringView(spelling))
            return value;
    }
    return std::nullopt;
}

template<typename Enum, size_t N> QString spell(const std::pair<Enum, const char16_t *> (&table)[N], Enum value)
{
    for (const auto &[candidate, spelling] : table) {
        if (candidate == value)
            return QString::fromUtf16(spelling);
    }
    return {};
}

const std::pair<RefreshLifetimeMode, const char16_t *> lifetimeModes[] = {
    {RefreshLifetimeMode::Absolute, u"absolute"},
    {RefreshLifetimeMode::SlidingIdle, u"sliding_idle"},
    {RefreshLifetimeMode::InheritRemaining, u"inherit_remaining"},
};
const std::pair<RotationMode, const char16_t *> rotationModes[] = {
    {RotationMode::Never, u"never"},
    {RotationMode::Always, u"always"},
    {RotationMode::AfterPercent, u"after_percent"},
};
const std::pair<ReuseHandling, const char16_t *> reuseHandlings[] = {
    {ReuseHandling::RevokeFamily, u"revoke_family"},
    {ReuseHandling::RejectReplay, u"reject_replay"},
    {ReuseHandling::Accept, u"accept"},
};
const std::pair<GraceMode, const char16_t *> graceModes[] = {
    {GraceMode::None, u"none"},
    {GraceMode::NewToken, u"new_token"},
    {GraceMode::SameToken, u"same_token"},
};

struct Preset
{
    const char16_t *name;
    const char *description;
    IssuerPolicy (*make)();
};

IssuerPolicy named(const char16_t *name)
{
    IssuerPolicy policy;
    policy.presetName = QString::fromUtf16(name);
    return policy;
}

const Preset presets[] = {
    {u"auth0",
     QT_TRANSLATE_NOOP("IssuerPresets",
                       "Auth0: access token 24 h; rotating refresh token, 30 d absolute lifetime for the family; "
                       "reuse leeway 0; reuse revokes the family."),
     [] {
         IssuerPolicy p = named(u"auth0");
         p.accessTokenTtl = 24 * hour;
         p.refreshTokenLifetime = 30 * day;
         p.lifetimeMode = RefreshLifetimeMode::InheritRemaining;
         p.rotation = RotationMode::Always;
         p.reuse = ReuseHandling::RevokeFamily;
         p.grace = GraceMode::None;
         return p;
     }},
    {u"okta",
     QT_TRANSLATE_NOOP("IssuerPresets",
                       "Okta: access token 1 h; rotating refresh token with a 30 s grace period; reuse revokes the "
                       "family; the refresh token dies after 7 d unused."),
     [] {
         IssuerPolicy p = named(u"okta");
         p.accessTokenTtl = hour;
         p.refreshTokenLifetime = 7 * day;
         p.lifetimeMode = RefreshLifetimeMode::SlidingIdle;
         p.rotation = RotationMode::Always;
         p.reuse = ReuseHandling::RevokeFamily;
         p.grace = GraceMode::NewToken;
         p.graceSeconds = 30;
         return p;
     }},
    {u"cognito",
     QT_TRANSLATE_NOOP("IssuerPresets",
                       "Amazon Cognito: access and ID tokens 1 h; refresh token 30 d; with rotation a new token "
                       "inherits the remaining lifetime; the old one stays valid for a grace period of 0-60 s "
                       "(60 s here); later reuse is rejected."),
     [] {
         IssuerPolicy p = named(u"cognito");
         p.accessTokenTtl = hour;
         p.refreshTokenLifetime = 30 * day;
         p.lifetimeMode = RefreshLifetimeMode::InheritRemaining;
         p.rotation = RotationMode::Always;
         p.reuse = ReuseHandling::RejectReplay;
         p.grace = GraceMode::NewToken;
         p.graceSeconds = 60;
         return p;
     }},
    {u"keycloak",
     QT_TRANSLATE_NOOP("IssuerPresets",
                       "Keycloak: access token 5 min; SSO session idle 30 min, maximum 10 h; a new refresh token "
                       "on each refresh while older ones stay valid (Revoke Refresh Token off)."),
     [] {
         IssuerPolicy p = named(u"keycloak");
         p.accessTokenTtl = 5 * minute;
         p.refreshTokenLifetime = 30 * minute;
         p.lifetimeMode = RefreshLifetimeMode::SlidingIdle;
         p.refreshTokenMaxLifetime = 10 * hour;
         p.rotation = RotationMode::Always;
         p.reuse = ReuseHandling::Accept;
         p.sessionIdle = 30 * minute;
         p.sessionMaxLifetime = 10 * hour;
         return p;
     }},
    {u"node-oidc-provider",
     QT_TRANSLATE_NOOP("IssuerPresets",
                       "node-oidc-provider (confidential client): access token 1 h; refresh token 14 d; "
                       "rotated once older than 70 % of its lifetime; reuse revokes the family; no grace."),
     [] {
         IssuerPolicy p = named(u"node-oidc-provider");
         p.accessTokenTtl = hour;
         p.refreshTokenLifetime = 14 * day;
         p.lifetimeMode = RefreshLifetimeMode::Absolute;
         p.rotation = RotationMode::AfterPercent;
         p.rotateAfterPercent = 70;
         p.reuse = ReuseHandling::RevokeFamily;
         return p;
     }},
    {u"node-oidc-provider-public",
     QT_TRANSLATE_NOOP("IssuerPresets",
                       "node-oidc-provider (public client): as the confidential preset, but "
                       "public clients always rotate."),
     [] {
         IssuerPolicy p = named(u"node-oidc-provider-public");
         p.accessTokenTtl = hour;
         p.refreshTokenLifetime = 14 * day;
         p.lifetimeMode = RefreshLifetimeMode::Absolute;
         p.rotation = RotationMode::Always;
         p.reuse = ReuseHandling::RevokeFamily;
         return p;
     }},
    {u"dex",
     QT_TRANSLATE_NOOP("IssuerPresets",
                       "Dex: ID token 24 h; refresh tokens rotate and do not expire by default; a 3 s reuse interval "
                       "returns the same token; later replay is rejected without revoking the family."),
     [] {
         IssuerPolicy p = named(u"dex");
         p.accessTokenTtl = 24 * hour;
         p.refreshTokenLifetime = 0;
         p.lifetimeMode = RefreshLifetimeMode::Absolute;
         p.rotation = RotationMode::Always;
         p.reuse = ReuseHandling::RejectReplay;
         p.grace = GraceMode::SameToken;
         p.graceSeconds = 3;
         return p;
     }},
    {u"15m-7d",
     QT_TRANSLATE_NOOP("IssuerPresets", "The two-token pattern: access token 15 min, refresh token 7 d, no rotation."),
     [] {
         IssuerPolicy p = named(u"15m-7d");
         p.accessTokenTtl = 15 * minute;
         p.refreshTokenLifetime = 7 * day;
         p.lifetimeMode = RefreshLifetimeMode::Absolute;
         p.rotation = RotationMode::Never;
         return p;
     }},
};

} // namespace

namespace PolicyNames {
QString lifetimeMode(RefreshLifetimeMode mode)
{
    return spell(lifetimeModes, mode);
}
QString rotation(RotationMode mode)
{
    return spell(rotationModes, mode);
}
QString reuse(ReuseHandling handling)
{
    return spell(reuseHandlings, handling);
}
QString grace(GraceMode mode)
{
    return spell(graceModes, mode);
}
std::optional<RefreshLifetimeMode> lifetimeModeFromName(QStringView name)
{
    return lookup(lifetimeModes, name);
}
std::optional<RotationMode> rotationFromName(QStringView name)
{
    return lookup(rotationModes, name);
}
std::optional<ReuseHandling> reuseFromName(QStringView name)
{
    return lookup(reuseHandlings, name);
}
std::optional<GraceMode> graceFromName(QStringView name)
{
    return lookup(graceModes, name);
}
} // namespace PolicyNames

QJsonObject toConfigJson(const IssuerPolicy &policy)
{
    return QJsonObject {
        {QStringLiteral("access_token_ttl"), policy.accessTokenTtl},
        {QStringLiteral("refresh_tokens"), policy.refreshTokensEnabled},
        {QStringLiteral("refresh_token_lifetime"), policy.refreshTokenLifetime},
        {QStringLiteral("lifetime_mode"), PolicyNames::lifetimeMode(policy.lifetimeMode)},
        {QStringLiteral("refresh_token_max_lifetime"), policy.refreshTokenMaxLifetime},
        {QStringLiteral("rotation"), PolicyNames::rotation(policy.rotation)},
        {QStringLiteral("rotate_after_percent"), policy.rotateAfterPercent},
        {QStringLiteral("reuse"), PolicyNames::reuse(policy.reuse)},
        {QStringLiteral("grace"), PolicyNames::grace(policy.grace)},
        {QStringLiteral("grace_seconds"), policy.graceSeconds},
        {QStringLiteral("signing_algorithm"), Algorithms::name(policy.signingAlgorithm)},
        {QStringLiteral("key_rotation_interval"), policy.keyRotationInterval},
        {QStringLiteral("key_overlap"), policy.keyOverlap},
    };
}

namespace IssuerPresets {

QStringList names()
{
    QStringList list;
    for (const Preset &preset : presets)
        list << QString::fromUtf16(preset.name);
    return list;
}

std::optional<IssuerPolicy> byName(QStringView name)
{
    for (const Preset &preset : presets) {
        if (name.compare(QStringView(preset.name), Qt::CaseInsensitive) == 0)
            return preset.make();
    }
    return std::nullopt;
}

QString description(QStringView name)
{
    for (const Preset &preset : presets) {
        if (name.compare(QStringView(preset.name), Qt::CaseInsensitive) == 0)
            return PresetText::tr(preset.description);
    }
    return {};
}

} // namespace IssuerPresets
} // namespace tokenscope::policy
