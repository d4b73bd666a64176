#pragma once

#include "issuer/IssuerAdminClient.h"
#include "issuer/IssuerAdminState.h"
#include "issuer/IssuerClockBar.h"
#include "issuer/IssuerLauncher.h"
#include "issuer/IssuerServerBar.h"
#include "issuer/IssuerWorkspaceActions.h"

#include <QHash>
#include <QList>
#include <QMultiHash>
#include <QString>
#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QNetworkAccessManager;
class QSpinBox;
class QSplitter;
class QTabWidget;
class QTableView;
class QTimer;

namespace tokenscope {

class ClientDirectoryModel;
class Clock;
class IssuedTokensModel;
class IssuedTokensView;
class IssuerDirectoryPanes;
class IssuerEndpointsTable;
class IssuerFaultsPanel;
class IssuerPicker;
class MessageBanner;
class ProbePanel;
class RequestLogModel;
class Settings;
class UserDirectoryModel;

namespace issuer {
class MockIssuer;
struct IssuedTokens;
struct IssuerLogEntry;
} // namespace issuer

// The Issuer workspace: starts and stops a local mock issuer (core/issuer's MockIssuer on 127.0.0.1) with a
// provider preset, an optional config file and a database (a temporary one for the session unless the user picks
// a file), and shows its endpoints, clients and users (secrets masked), a live request log and the tokens it issued
// with their status; buttons revoke, ban, rotate keys and advance the issuer's clock, all through the issuer's admin
// API (IssuerAdminClient), whose state (GET /admin/state) the lists show. A second tab holds the staging-issuer
// probe (ProbePanel), prefilled with the running mock's URL and demo client. When the issuer serves tenants (several
// issuers by path, docs/issuer.md), the Endpoints pane's issuer picker chooses which one the panes show and act on.
class IssuerWorkspace : public QWidget
{
    Q_OBJECT
public:
    // Where the mock issuer keeps its state (SQLite).
    using DatabaseLocation = IssuerServerBar::DatabaseLocation;

    IssuerWorkspace(QNetworkAccessManager *network, Settings *settings, QWidget *parent = nullptr);
    ~IssuerWorkspace() override;

    // The workspace's actions (each with a shortcut), for the main window's menus and toolbar; the probe panel's
    // actions come last.
    [[nodiscard]] QList<QAction *> actions() const;
    // Saves the layout and the non-secret issuer preferences (preset, port, config and database paths).
    void saveSettings();

    // Starting and stopping (the Start and Stop buttons do the same). False: the inline message says why.
    bool startIssuer();
    void stopIssuer();
    [[nodiscard]] bool isIssuerRunning() const;
    // The issuer's clock for the next start (nullptr: the system clock); tests pass a FixedClock.
    void setClock(const Clock *clock);
    void setPort(int port);
    void setPreset(const QString &presetName); // empty: the demo policy
    void setConfigPath(const QString &path);
    void setDatabaseLocation(DatabaseLocation location, const QString &path = {});
    // Selects a row of the issued-tokens list (0: the newest).
    void selectIssuedToken(int row);

    // The parts a user sees, for tests and the main window.
    [[nodiscard]] issuer::MockIssuer *issuer() const; // the root issuer the server runs
    // The issuer the panes show and act on: the root, or the tenant chosen in the picker; nullptr when stopped.
    [[nodiscard]] issuer::MockIssuer *viewedIssuer() const;
    [[nodiscard]] IssuerPicker *issuerPicker() const { return m_issuerPicker; }
    [[nodiscard]] QString databasePath() const;
    [[nodiscard]] IssuerServerBar *serverBar() const { return m_serverBar; }
    [[nodiscard]] QLabel *statusLabel() const { return m_serverBar->statusLabel(); }
    [[nodiscard]] MessageBanner *messageBanner() const { return m_messageBanner; }
    [[nodiscard]] IssuerClockBar *clockBar() const { return m_clockBar; }
    [[nodiscard]] QLabel *clockLabel() const { return m_clockBar->clockLabel(); }
    [[nodiscard]] IssuerEndpointsTable *endpointsTable() const { return m_endpointsTable; }
    [[nodiscard]] IssuerDirectoryPanes *directoryPanes() const { return m_directory; }
    [[nodiscard]] QTableView *clientsView() const;
    [[nodiscard]] ClientDirectoryModel *clientsModel() const;
    [[nodiscard]] QTableView *usersView() const;
    [[nodiscard]] UserDirectoryModel *usersModel() const;
    [[nodiscard]] IssuerAdminClient *adminClient() const { return m_adminClient; }
    [[nodiscard]] IssuedTokensView *tokensView() const { return m_tokensView; }
    [[nodiscard]] IssuedTokensModel *tokensModel() const { return m_tokensModel; }
    [[nodiscard]] QTableView *logView() const { return m_logView; }
    [[nodiscard]] RequestLogModel *logModel() const { return m_logModel; }
    [[nodiscard]] IssuerFaultsPanel *faultsPanel() const { return m_faultsPanel; }
    [[nodiscard]] QSpinBox *advanceSpinBox() const { return m_clockBar->advanceSpinBox(); }
    [[nodiscard]] QComboBox *advanceUnitComboBox() const { return m_clockBar->advanceUnitComboBox(); }
    [[nodiscard]] ProbePanel *probePanel() const { return m_probePanel; }
    [[nodiscard]] QTabWidget *tabs() const { return m_tabs; }

    // The actions by role, for tests.
    [[nodiscard]] QAction *startAction() const { return m_actions.start; }
    [[nodiscard]] QAction *stopAction() const { return m_actions.stop; }
    [[nodiscard]] QAction *openInInspectAction() const { return m_actions.openInInspect; }
    [[nodiscard]] QAction *copyTokenAction() const { return m_actions.copyToken; }
    [[nodiscard]] QAction *revokeTokenAction() const { return m_actions.revokeToken; }
    [[nodiscard]] QAction *revokeFamilyAction() const { return m_actions.revokeFamily; }
    [[nodiscard]] QAction *banUserAction() const { return m_actions.banUser; }
    [[nodiscard]] QAction *rotateKeysAction() const { return m_actions.rotateKeys; }
    [[nodiscard]] QAction *advanceMinuteAction() const { return m_actions.advanceMinute; }
    [[nodiscard]] QAction *advanceHourAction() const { return m_actions.advanceHour; }
    [[nodiscard]] QAction *advanceCustomAction() const { return m_actions.advanceCustom; }
    [[nodiscard]] QAction *showSecretsAction() const { return m_actions.showSecrets; }
    [[nodiscard]] QAction *copySecretAction() const { return m_actions.copySecret; }
    [[nodiscard]] QAction *copyPasswordAction() const { return m_actions.copyPassword; }
    [[nodiscard]] QAction *copyIssuerUrlAction() const { return m_actions.copyIssuerUrl; }

signals:
    // "Open in Inspect" on an issued token (or a token the probe obtained).
    void openTokenRequested(const QString &compactToken);
    // The mock issuer started or stopped.
    void issuerRunningChanged(bool running);
    // An admin request the workspace sent (revoke, ban, key rotation, clock) was answered and the lists show the
    // issuer's state after it; `ok` false: the message banner says why.
    void adminRequestFinished(bool ok);

protected:
    void changeEvent(QEvent *event) override;

private:
    void connectActions();
    void buildLayout();
    QWidget *buildEndpointsPane();
    QWidget *buildTokensPane();
    QWidget *buildLogPane();
    void restoreSettings();
    void updateRunningState();
    void updateClock();
    void updateSelectionActions();
    void viewTenant(const QString &name);
    void onTokensIssued(const issuer::IssuedTokens &tokens);
    void onRequestHandled(const issuer::IssuerLogEntry &entry);
    void onStateChanged();
    void refreshState();
    void onStateAvailable(const IssuerAdminState &state);
    void onAdminFinished(const IssuerAdminClient::Result &result);
    void tick();
    void openSelectedInInspect();
    void copySelectedToken();
    // Token: the selected token (a refresh token takes its family with it, by the issuer's rules); Family: every
    // token of its session.
    enum class Revocation { Token, Family };
    void revokeSelected(Revocation revocation);
    void toggleBanSelectedUser();
    void rotateKeys();
    void advanceClock(qint64 seconds);
    [[nodiscard]] int selectedTokenRow() const;
    [[nodiscard]] QString selectedUsername() const;

    QNetworkAccessManager *m_network = nullptr;
    Settings *m_settings = nullptr;
    const Clock *m_clock = nullptr;
    std::unique_ptr<issuer::MockIssuer> m_issuer;
    IssuerWorkspaceActions m_actions;
    IssuerLauncher m_launcher; // and the session database's folder
    QString m_databasePath; // of the running (or last) issuer
    QString m_viewedTenant; // the tenant the panes show; empty: the root issuer
    IssuerAdminClient *m_adminClient = nullptr;
    IssuerAdminState m_state; // the latest GET /admin/state of the running issuer
    QHash<quint64, QString> m_revocations; // admin request id -> what it revokes, for the message
    QMultiHash<quint64, bool> m_awaitingState; // state fetch id -> the outcome of the admin request it follows
    bool m_ownStateReadHidden = false; // the log line of the state read in flight was left out
    bool m_userSelectedLast = false; // Ban acts on the users table's selection when it was made last

    QTabWidget *m_tabs = nullptr;
    IssuerServerBar *m_serverBar = nullptr;
    MessageBanner *m_messageBanner = nullptr;
    IssuerClockBar *m_clockBar = nullptr;
    IssuerEndpointsTable *m_endpointsTable = nullptr;
    IssuerPicker *m_issuerPicker = nullptr;
    IssuerDirectoryPanes *m_directory = nullptr; // the clients and users panes
    IssuedTokensView *m_tokensView = nullptr;
    IssuedTokensModel *m_tokensModel = nullptr;
    QTableView *m_logView = nullptr;
    RequestLogModel *m_logModel = nullptr;
    IssuerFaultsPanel *m_faultsPanel = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_leftSplitter = nullptr;
    QSplitter *m_rightSplitter = nullptr;
    ProbePanel *m_probePanel = nullptr;
    QTimer *m_ticker = nullptr;
    QTimer *m_stateTimer = nullptr; // coalesces the issuer's stateChanged bursts under load
};

} // namespace tokenscope
