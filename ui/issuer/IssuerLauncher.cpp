#include "issuer/IssuerLauncher.h"

#include "issuer/IssuerConfig.h"
#include "issuer/IssuerTenantName.h"
#include "policy/IssuerPolicy.h"

#include <QDir>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace tokenscope {

IssuerLauncher::IssuerLauncher() = default;

IssuerLauncher::~IssuerLauncher() = default;

QString IssuerLauncher::temporaryDatabasePath() const
{
    return m_temporaryDirectory && m_temporaryDirectory->isValid() ? m_temporaryDirectory->filePath(u"issuer.sqlite"_s)
                                                                   : QString();
}

void IssuerLauncher::removeTemporaryDirectory()
{
    m_temporaryDirectory.reset();
}

IssuerLauncher::Launch IssuerLauncher::launch(const Choices &choices)
{
    Launch launch;
    issuer::MockIssuerOptions options;
    const QString configPath = choices.configPath;
    if (!configPath.isEmpty()) {
        const issuer::IssuerConfigResult config = issuer::IssuerConfigReader::readFile(configPath);
        if (!config) {
            // The reader's message names the file, line, column and field ("issuer.json:5:23: clients[1]…").
            launch.error = tr("The issuer did not start: the config file is not valid. %1").arg(config.error);
            return launch;
        }
        options.config = *config.config;
        options.configGiven = true;
    }
    const QString presetName = choices.presetName;
    if (!presetName.isEmpty()) {
        const std::optional<policy::IssuerPolicy> preset = policy::IssuerPresets::byName(presetName);
        if (!preset) {
            launch.error = tr("The issuer did not start: there is no preset named %1.").arg(presetName);
            return launch;
        }
        options.config.policy = *preset;
    }
    for (const QString &name : choices.tenantNames) {
        if (const QString problem = issuer::IssuerTenantName::problem(name); !problem.isEmpty()) {
            launch.error = tr("The issuer did not start: %1.").arg(problem);
            return launch;
        }
        issuer::MockIssuerOptions::Tenant tenant;
        tenant.name = name;
        options.tenants.append(tenant);
    }
    options.port = quint16(choices.port);
    options.clock = choices.clock;

    QString path;
    switch (choices.location) {
    case DatabaseLocation::Temporary:
        if (!m_temporaryDirectory) {
            m_temporaryDirectory
                = std::make_unique<QTemporaryDir>(QDir::temp().filePath(u"tokenscope-issuer-XXXXXX"_s));
        }
        if (!m_temporaryDirectory->isValid()) {
            launch.error = tr("The issuer did not start: cannot create a temporary folder for its database (%1).")
                               .arg(m_temporaryDirectory->errorString());
            m_temporaryDirectory.reset();
            return launch;
        }
        path = m_temporaryDirectory->filePath(u"issuer.sqlite"_s);
        break;
    case DatabaseLocation::UserData:
        path = issuer::MockIssuer::defaultDatabasePath();
        break;
    case DatabaseLocation::File:
        path = choices.chosenDatabasePath;
        break;
    }
    if (path.isEmpty()) {
        launch.error = tr("The issuer did not start: choose a database file first.");
        return launch;
    }
    options.databasePath = path;

    auto mock = std::make_unique<issuer::MockIssuer>();
    if (const Result<void> started = mock->start(options); !started) {
        launch.error = failureMessage(started.error(), options, path);
        return launch;
    }
    launch.issuer = std::move(mock);
    launch.databasePath = path;
    return launch;
}

// A failed start said with what the user can do about its cause; the issuer's message carries the details.
QString IssuerLauncher::failureMessage(const Error &failure, const issuer::MockIssuerOptions &options,
                                       const QString &databasePath)
{
    namespace Cause = issuer::MockIssuerStartError;
    const QString database = QDir::toNativeSeparators(databasePath);
    const ErrorCode code = failure.code();
    if (code == Cause::PortInUse)
        return tr("The issuer did not start: port %1 on %2 is already in use. Choose another port, "
                  "or 0 for any free one.")
            .arg(options.port)
            .arg(options.address.toString());
    if (code == Cause::PortAccessDenied)
        return tr("The issuer did not start: this user may not listen on port %1 (ports below 1024 "
                  "need privileges). Choose a port from 1024 up, or 0 for any free one.")
            .arg(options.port);
    if (code == Cause::SchemaTooNew)
        return tr("The issuer did not start: the database %1 comes from a newer Tokenscope and was "
                  "left untouched (%2). Choose another database, or a temporary one.")
            .arg(database, failure.message());
    if (code == Cause::DatabaseNotOpened || code == Cause::DatabaseUnreachable || code == Cause::MigrationFailed
        || code == Cause::StateNotStored)
        return tr("The issuer did not start with the database %1: %2").arg(database, failure.message());
    if (code == Cause::SigningKeyFailed)
        return tr("The issuer did not start: it has no signing key (%1).").arg(failure.message());
    // Already running, an address that is not loopback or not this machine's, any other listen failure: the
    // issuer's message says it all.
    return tr("The issuer did not start: %1.").arg(failure.message());
}

} // namespace tokenscope
