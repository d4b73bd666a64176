#include "common/Settings.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryFile>
#include <QUrl>
#include <QUuid>

#include <cmath>

namespace tokenscope {

namespace {
// Key names in one place: the complete list of what Tokenscope ever stores.
constexpr auto geometryKey = QLatin1StringView("window/geometry");
constexpr auto stateKey = QLatin1StringView("window/state");
constexpr auto splitterGroup = QLatin1StringView("splitters/");
constexpr auto themeKey = QLatin1StringView("appearance/theme");
constexpr auto leewayKey = QLatin1StringView("inspect/leewaySeconds");
constexpr auto claimsTableKey = QLatin1StringView("inspect/claimsTable");
constexpr auto workspaceKey = QLatin1StringView("window/workspace");
constexpr auto labCostGroup = QLatin1StringView("simulate/labCost/"); // + the lab mode's name, then a group
} // namespace

Settings::Settings()
    : m_settings(std::make_unique<QSettings>(QStringLiteral("Tokenscope"), QStringLiteral("tokenscope")))
{ }

Settings::Settings(std::unique_ptr<QSettings> settings) : m_settings(std::move(settings))
{ }

Settings::~Settings()
{
    m_settings.reset();
    if (!m_throwawayPath.isEmpty())
        QFile::remove(m_throwawayPath);
}

std::unique_ptr<Settings> Settings::throwaway()
{
    const QString path = QDir::temp().filePath(
        QStringLiteral("tokenscope-settings-%1.ini").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
    auto settings = std::make_unique<Settings>(std::make_unique<QSettings>(path, QSettings::IniFormat));
    settings->m_throwawayPath = path;
    return settings;
}

QByteArray Settings::windowGeometry() const
{
    return m_settings->value(geometryKey).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings->setValue(geometryKey, geometry);
}

QByteArray Settings::windowState() const
{
    return m_settings->value(stateKey).toByteArray();
}

void Settings::setWindowState(const QByteArray &state)
{
    m_settings->setValue(stateKey, state);
}

QList<int> Settings::splitterSizes(const QString &name) const
{
    QList<int> sizes;
    const QVariantList stored = m_settings->value(splitterGroup + name).toList();
    for (const QVariant &size : stored) {
        bool ok = false;
        const int value = size.toInt(&ok);
        if (!ok || value < 0)
            return {};
        sizes.append(value);
    }
    return sizes;
}

void Settings::setSplitterSizes(const QString &name, const QList<int> &sizes)
{
    QVariantList stored;
    for (int size : sizes)
        stored.append(size);
    m_settings->setValue(splitterGroup + name, stored);
}

Settings::ThemeChoice Settings::theme() const
{
    const QString name = m_settings->value(themeKey).toString();
    if (name == u"light")
        return ThemeChoice::Light;
    if (name == u"dark")
        return ThemeChoice::Dark;
    return ThemeChoice::System;
}

void Settings::setTheme(ThemeChoice theme)
{
    switch (theme) {
    case ThemeChoice::System:
        m_settings->setValue(themeKey, QStringLiteral("system"));
        break;
    case ThemeChoice::Light:
        m_settings->setValue(themeKey, QStringLiteral("light"));
        break;
    case ThemeChoice::Dark:
        m_settings->setValue(themeKey, QStringLiteral("dark"));
        break;
    }
}

int Settings::leewaySeconds() const
{
    bool ok = false;
    const int seconds = m_settings->value(leewayKey, 0).toInt(&ok);
    return ok && seconds >= 0 && seconds <= 24 * 3600 ? seconds : 0;
}

void Settings::setLeewaySeconds(int seconds)
{
    m_settings->setValue(leewayKey, seconds);
}

bool Settings::claimsTableShown() const
{
    return m_settings->value(claimsTableKey, false).toBool();
}

void Settings::setClaimsTableShown(bool shown)
{
    m_settings->setValue(claimsTableKey, shown);
}

int Settings::workspaceIndex() const
{
    return m_settings->value(workspaceKey, 0).toInt();
}

void Settings::setWorkspaceIndex(int index)
{
    m_settings->setValue(workspaceKey, index);
}

// Verification preferences: the keys are spelled out here, next to their only reader and writer.
QStringList Settings::verifyAllowedAlgorithms() const
{
    return m_settings->value(QStringLiteral("verify/allowedAlgorithms")).toStringList();
}

void Settings::setVerifyAllowedAlgorithms(const QStringList &algorithms)
{
    m_settings->setValue(QStringLiteral("verify/allowedAlgorithms"), algorithms);
}

QString Settings::verifyExpectedIssuer() const
{
    return m_settings->value(QStringLiteral("verify/expectedIssuer")).toString();
}

void Settings::setVerifyExpectedIssuer(const QString &issuer)
{
    m_settings->setValue(QStringLiteral("verify/expectedIssuer"), issuer);
}

QString Settings::verifyExpectedAudience() const
{
    return m_settings->value(QStringLiteral("verify/expectedAudience")).toString();
}

void Settings::setVerifyExpectedAudience(const QString &audience)
{
    m_settings->setValue(QStringLiteral("verify/expectedAudience"), audience);
}

int Settings::verifyKeySourceKind() const
{
    return m_settings->value(QStringLiteral("verify/keySourceKind"), 0).toInt();
}

void Settings::setVerifyKeySourceKind(int kind)
{
    m_settings->setValue(QStringLiteral("verify/keySourceKind"), kind);
}

QStringList Settings::recentJwksUrls() const
{
    return m_settings->value(QStringLiteral("verify/recentJwksUrls")).toStringList();
}

void Settings::setRecentJwksUrls(const QStringList &urls)
{
    QStringList kept;
    for (const QString &url : urls) {
        // A URL with user info could carry a password: such URLs are not remembered.
        const QUrl parsed(url);
        if (parsed.isValid() && parsed.userInfo().isEmpty() && !kept.contains(url) && kept.size() < 10)
            kept << url;
    }
    m_settings->setValue(QStringLiteral("verify/recentJwksUrls"), kept);
}

QString Settings::verifyCaBundlePath() const
{
    return m_settings->value(QStringLiteral("verify/caBundlePath")).toString();
}

void Settings::setVerifyCaBundlePath(const QString &path)
{
    m_settings->setValue(QStringLiteral("verify/caBundlePath"), path);
}

// Issuer workspace preferences: paths and numbers only, never a secret.
QString Settings::issuerPreset() const
{
    return m_settings->value(QStringLiteral("issuer/preset")).toString();
}

void Settings::setIssuerPreset(const QString &preset)
{
    m_settings->setValue(QStringLiteral("issuer/preset"), preset);
}

int Settings::issuerPort() const
{
    bool ok = false;
    const int port = m_settings->value(QStringLiteral("issuer/port"), 0).toInt(&ok);
    return ok && port >= 0 && port <= 65535 ? port : 0;
}

void Settings::setIssuerPort(int port)
{
    m_settings->setValue(QStringLiteral("issuer/port"), port);
}

QString Settings::issuerConfigPath() const
{
    return m_settings->value(QStringLiteral("issuer/configPath")).toString();
}

void Settings::setIssuerConfigPath(const QString &path)
{
    m_settings->setValue(QStringLiteral("issuer/configPath"), path);
}

QStringList Settings::issuerTenants() const
{
    return m_settings->value(QStringLiteral("issuer/tenants")).toStringList();
}

void Settings::setIssuerTenants(const QStringList &names)
{
    m_settings->setValue(QStringLiteral("issuer/tenants"), names);
}

int Settings::issuerDatabaseLocation() const
{
    return m_settings->value(QStringLiteral("issuer/databaseLocation"), 0).toInt();
}

void Settings::setIssuerDatabaseLocation(int location)
{
    m_settings->setValue(QStringLiteral("issuer/databaseLocation"), location);
}

QString Settings::issuerDatabasePath() const
{
    return m_settings->value(QStringLiteral("issuer/databasePath")).toString();
}

void Settings::setIssuerDatabasePath(const QString &path)
{
    m_settings->setValue(QStringLiteral("issuer/databasePath"), path);
}

int Settings::issuerTab() const
{
    return m_settings->value(QStringLiteral("issuer/tab"), 0).toInt();
}

void Settings::setIssuerTab(int tab)
{
    m_settings->setValue(QStringLiteral("issuer/tab"), tab);
}

QString Settings::simulateScenario() const
{
    return m_settings->value(QStringLiteral("simulate/scenario")).toString();
}

void Settings::setSimulateScenario(const QString &name)
{
    m_settings->setValue(QStringLiteral("simulate/scenario"), name);
}

int Settings::simulateVariant() const
{
    return qMax(0, m_settings->value(QStringLiteral("simulate/variant"), 0).toInt());
}

void Settings::setSimulateVariant(int index)
{
    m_settings->setValue(QStringLiteral("simulate/variant"), index);
}

double Settings::simulateSpeed() const
{
    return qBound(1.0, m_settings->value(QStringLiteral("simulate/speed"), 600.0).toDouble(), 10000.0);
}

void Settings::setSimulateSpeed(double speed)
{
    m_settings->setValue(QStringLiteral("simulate/speed"), speed);
}

void Settings::sync()
{
    m_settings->sync();
}

namespace {
// The numbers of a lab cost record, by key under its mode's group.
struct LabCostField
{
    QLatin1StringView key;
    double lab::CostMeasurement::*value = nullptr;
};
constexpr LabCostField labCostFields[] = {
    {QLatin1StringView("requestsPerSecond"), &lab::CostMeasurement::requestsPerSecond},
    {QLatin1StringView("meanMicroseconds"), &lab::CostMeasurement::meanMicroseconds},
    {QLatin1StringView("p50Microseconds"), &lab::CostMeasurement::p50Microseconds},
    {QLatin1StringView("p99Microseconds"), &lab::CostMeasurement::p99Microseconds},
    {QLatin1StringView("storeRoundTripsPerRequest"), &lab::CostMeasurement::storeRoundTripsPerRequest},
    {QLatin1StringView("issuerRoundTripsPerRequest"), &lab::CostMeasurement::issuerRoundTripsPerRequest},
};
} // namespace

std::optional<lab::CostMeasurement> Settings::labCost(lab::CheckMode mode) const
{
    const QString group = labCostGroup + lab::LabNames::checkMode(mode) + u'/';
    lab::CostMeasurement measurement;
    measurement.mode = mode;
    bool ok = true;
    auto readInteger = [&](QLatin1StringView key) {
        bool valueOk = false;
        const qint64 value = m_settings->value(group + key).toLongLong(&valueOk);
        ok = ok && valueOk && value >= 0;
        return value;
    };
    measurement.requests = readInteger(QLatin1StringView("requests"));
    measurement.failedRequests = readInteger(QLatin1StringView("failedRequests"));
    measurement.durationMs = int(readInteger(QLatin1StringView("durationMs")));
    measurement.inFlight = int(readInteger(QLatin1StringView("inFlight")));
    for (const LabCostField &field : labCostFields) {
        bool valueOk = false;
        const double value = m_settings->value(group + field.key).toDouble(&valueOk);
        ok = ok && valueOk && value >= 0 && std::isfinite(value);
        measurement.*field.value = value;
    }
    measurement.measuredAt
        = QDateTime::fromString(m_settings->value(group + QLatin1StringView("measuredAt")).toString(), Qt::ISODate);
    if (!ok || !measurement.measuredAt.isValid() || measurement.requests == 0)
        return std::nullopt;
    return measurement;
}

void Settings::setLabCost(const lab::CostMeasurement &measurement)
{
    const QString group = labCostGroup + lab::LabNames::checkMode(measurement.mode) + u'/';
    m_settings->setValue(group + QLatin1StringView("requests"), measurement.requests);
    m_settings->setValue(group + QLatin1StringView("failedRequests"), measurement.failedRequests);
    m_settings->setValue(group + QLatin1StringView("durationMs"), measurement.durationMs);
    m_settings->setValue(group + QLatin1StringView("inFlight"), measurement.inFlight);
    for (const LabCostField &field : labCostFields)
        m_settings->setValue(group + field.key, measurement.*field.value);
    m_settings->setValue(group + QLatin1StringView("measuredAt"),
                         measurement.measuredAt.toUTC().toString(Qt::ISODateWithMs));
}

} // namespace tokenscope
