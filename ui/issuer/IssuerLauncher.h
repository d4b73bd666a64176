#pragma once

#include "issuer/IssuerServerBar.h"
#include "issuer/MockIssuer.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

class QTemporaryDir;

namespace tokenscope {

class Clock;

// Turns the server bar's choices into a started mock issuer, or into a message saying what to change.
class IssuerLauncher
{
    Q_DECLARE_TR_FUNCTIONS(IssuerLauncher)

public:
    using DatabaseLocation = IssuerServerBar::DatabaseLocation;

    // What the server bar asks for: a config, a preset, a port, where the database lives, and the clock.
    struct Choices
    {
        QString configPath; // empty: the demo clients and user
        QStringList tenantNames; // served beside the root with the demo set-up, after the config's "issuers"
        QString presetName; // empty: the config's (or the demo) policy
        int port = 0; // 0: any free port
        DatabaseLocation location = DatabaseLocation::Temporary;
        QString chosenDatabasePath; // for DatabaseLocation::File
        const Clock *clock = nullptr; // nullptr: the system clock
    };

    // What launch() gave: the running issuer and its database, or why it did not start.
    struct Launch
    {
        std::unique_ptr<issuer::MockIssuer> issuer; // running; nullptr when it did not start
        QString databasePath;
        QString error; // why it did not start, with what the user can do about it

        [[nodiscard]] explicit operator bool() const { return issuer != nullptr; }
    };

    IssuerLauncher();
    ~IssuerLauncher();

    [[nodiscard]] Launch launch(const Choices &choices);
    // The session database's path while its folder exists; empty before the first temporary start.
    [[nodiscard]] QString temporaryDatabasePath() const;
    // Removes the session's temporary folder (stop its issuer first).
    void removeTemporaryDirectory();

private:
    [[nodiscard]] static QString failureMessage(const Error &failure, const issuer::MockIssuerOptions &options,
                                                const QString &databasePath);

    std::unique_ptr<QTemporaryDir> m_temporaryDirectory; // the session database's folder; outlives stops and starts
};

} // namespace tokenscope
