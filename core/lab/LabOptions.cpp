#include "lab/LabOptions.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace tokenscope::lab {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct LabOptionsText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::lab::LabOptions)
};

constexpr std::array<std::pair<CheckMode, const char *>, 4> modeNames {{
    {CheckMode::Stateless, "stateless"},
    {CheckMode::Blocklist, "blocklist"},
    {CheckMode::Introspection, "introspection"},
    {CheckMode::Session, "session"},
}};

constexpr std::array<std::pair<Routing, const char *>, 2> routingNames {{
    {Routing::RoundRobin, "round_robin"},
    {Routing::Sticky, "sticky"},
}};

constexpr std::array<std::pair<SessionStoreKind, const char *>, 2> storeNames {{
    {SessionStoreKind::Shared, "shared"},
    {SessionStoreKind::PerServer, "per-server"},
}};

template<typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char *>, N> &table, Enum value)
{
    for (const auto &[candidate, name] : table) {
        if (candidate == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char *>, N> &table, const QString &name)
{
    for (const auto &[candidate, candidateName] : table) {
        if (name == QLatin1String(candidateName))
            return candidate;
    }
    return std::nullopt;
}

} // namespace

QString LabNames::checkMode(CheckMode mode)
{
    return nameOf(modeNames, mode);
}

std::optional<CheckMode> LabNames::checkModeFromName(const QString &name)
{
    return valueOf(modeNames, name);
}

QStringList LabNames::checkModeNames()
{
    QStringList names;
    for (const auto &[mode, name] : modeNames)
        names << QString::fromLatin1(name);
    return names;
}

QString LabNames::routing(Routing routing)
{
    return nameOf(routingNames, routing);
}

std::optional<Routing> LabNames::routingFromName(const QString &name)
{
    return valueOf(routingNames, name);
}

QString LabNames::sessionStore(SessionStoreKind kind)
{
    return nameOf(storeNames, kind);
}

std::optional<SessionStoreKind> LabNames::sessionStoreFromName(const QString &name)
{
    return valueOf(storeNames, name);
}

QString LabOptions::validate() const
{
    if (servers < 1 || servers > 16)
        return LabOptionsText::tr("the number of servers must be from 1 to 16");
    if (sessionStore == SessionStoreKind::PerServer && mode != CheckMode::Session)
        return LabOptionsText::tr("--store per-server applies to session mode only");
    if (leewaySeconds < 0 || leewaySeconds > 3600)
        return LabOptionsText::tr("the leeway must be from 0 to 3600 seconds");
    if (jwksCacheAgeSeconds < -1 || jwksCacheAgeSeconds > 86400)
        return LabOptionsText::tr("the JWKS cache age must be from 0 to 86400 seconds");
    if (introspectionCacheTtlSeconds < 0 || introspectionCacheTtlSeconds > 86400)
        return LabOptionsText::tr("the introspection cache TTL must be from 0 to 86400 seconds");
    if (sessionTtlSeconds < 1 || sessionTtlSeconds > maxSessionTtlSeconds)
        return LabOptionsText::tr("the session lifetime must be from 1 to %1 seconds").arg(maxSessionTtlSeconds);
    if (storeTimeoutMs < 1 || storeTimeoutMs > 10000)
        return LabOptionsText::tr("the store timeout must be from 1 to 10000 ms");
    if (issuerTimeoutMs < 1 || issuerTimeoutMs > 30000)
        return LabOptionsText::tr("the issuer timeout must be from 1 to 30000 ms");
    if (revocationPollMs < 10 || revocationPollMs > 60000)
        return LabOptionsText::tr("the revocation poll interval must be from 10 to 60000 ms");
    if (issuerUrl.isValid() && !issuerUrl.isEmpty() && issuerUrl.scheme() != u"http" && issuerUrl.scheme() != u"https")
        return LabOptionsText::tr("the issuer URL must be http or https");
    return {};
}

} // namespace tokenscope::lab
