#include "issuer/IssuerWorkspace.h"

#include "common/ActionButton.h"
#include "common/Clipboard.h"
#include "common/Clock.h"
#include "common/MessageBanner.h"
#include "common/Pane.h"
#include "common/Settings.h"
#include "issuer/IssuedTokensModel.h"
#include "issuer/IssuedTokensView.h"
#include "issuer/IssuerAdminMessage.h"
#include "issuer/IssuerClockBar.h"
#include "issuer/IssuerDirectoryPanes.h"
#include "issuer/IssuerEndpointsTable.h"
#include "issuer/IssuerFaultsPanel.h"
#include "issuer/IssuerLauncher.h"
#include "issuer/IssuerPicker.h"
#include "issuer/IssuerViews.h"
#include "issuer/IssuerWorkspaceActions.h"
#include "issuer/MockIssuer.h"
#include "issuer/ProbePanel.h"
#include "issuer/RequestLogModel.h"
#include "issuer/RequestLogView.h"
#include "issuer/UserDirectoryModel.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

const QString mainSplitterName = u"issuer/main"_s;
const QString leftSplitterName = u"issuer/left"_s;
const QString rightSplitterName = u"issuer/right"_s;

} // namespace

IssuerWorkspace::IssuerWorkspace(QNetworkAccessManager *network, Settings *settings, QWidget *parent)
    : QWidget(parent), m_network(network), m_settings(settings), m_actions(this)
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    m_tokensModel = new IssuedTokensModel(this);
    m_logModel = new RequestLogModel(this);
    m_adminClient = new IssuerAdminClient(m_network, this);
    connect(m_adminClient, &IssuerAdminClient::stateAvailable, this, &IssuerWorkspace::onStateAvailable);
    connect(m_adminClient, &IssuerAdminClient::finished, this, &IssuerWorkspace::onAdminFinished);
    connectActions();
    buildLayout();
    restoreSettings();
    m_actions.updateIcons(palette());
    updateRunningState();

    // Statuses follow the issuer's clock: once a second, expiry is re-judged without touching the database.
    m_ticker = new QTimer(this);
    m_ticker->setInterval(1000);
    m_ticker->setTimerType(Qt::CoarseTimer);
    connect(m_ticker, &QTimer::timeout, this, &IssuerWorkspace::tick);
    m_ticker->start();

    m_stateTimer = new QTimer(this);
    m_stateTimer->setSingleShot(true);
    m_stateTimer->setInterval(150);
    connect(m_stateTimer, &QTimer::timeout, this, &IssuerWorkspace::refreshState);
}

IssuerWorkspace::~IssuerWorkspace()
{
    // Close the sockets and the database before the session database's folder is removed.
    stopIssuer();
    m_launcher.removeTemporaryDirectory();
}

// ---- actions and layout ----

void IssuerWorkspace::connectActions()
{
    auto on = [this](QAction *action, auto slot) {
        connect(action, &QAction::triggered, this, slot);
    };
    on(m_actions.start, [this] { (void)startIssuer(); });
    on(m_actions.stop, &IssuerWorkspace::stopIssuer);
    on(m_actions.copyIssuerUrl, [this] {
        if (isIssuerRunning())
            Clipboard::copyText(viewedIssuer()->issuerUrl().toString(), Clipboard::Sensitivity::Public);
    });
    on(m_actions.openInInspect, &IssuerWorkspace::openSelectedInInspect);
    on(m_actions.copyToken, &IssuerWorkspace::copySelectedToken);
    on(m_actions.revokeToken, [this] { revokeSelected(Revocation::Token); });
    on(m_actions.revokeFamily, [this] { revokeSelected(Revocation::Family); });
    on(m_actions.banUser, &IssuerWorkspace::toggleBanSelectedUser);
    on(m_actions.rotateKeys, &IssuerWorkspace::rotateKeys);
    on(m_actions.advanceMinute, [this] { advanceClock(60); });
    on(m_actions.advanceHour, [this] { advanceClock(3600); });
    on(m_actions.advanceCustom, [this] { advanceClock(m_clockBar->customAdvanceSeconds()); });
    on(m_actions.clearLog, [this] { m_logModel->clear(); });
}

void IssuerWorkspace::buildLayout()
{
    setAccessibleName(tr("Issuer workspace"));
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(12, 10, 12, 10);
    root->setSpacing(8);

    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("Issuer workspace tabs"));
    m_tabs->setDocumentMode(true);
    root->addWidget(m_tabs);

    auto *mock = new QWidget(m_tabs);
    auto *mockLayout = new QVBoxLayout(mock);
    mockLayout->setContentsMargins(0, 8, 0, 0);
    mockLayout->setSpacing(8);
    m_serverBar = new IssuerServerBar(m_actions.start, m_actions.stop, mock);
    mockLayout->addWidget(m_serverBar);

    m_messageBanner = new MessageBanner(mock);
    m_messageBanner->setObjectName(u"issuerMessage"_s);
    m_messageBanner->setAccessibleName(tr("Issuer message"));
    mockLayout->addWidget(m_messageBanner);

    // The issuer's clock and keys, with the controls that move them.
    m_clockBar = new IssuerClockBar(m_actions.advanceMinute, m_actions.advanceHour, m_actions.advanceCustom,
                                    m_actions.rotateKeys, mock);
    mockLayout->addWidget(m_clockBar);

    m_leftSplitter = new QSplitter(Qt::Vertical, mock);
    m_leftSplitter->setChildrenCollapsible(false);
    m_leftSplitter->addWidget(buildEndpointsPane());
    m_directory = new IssuerDirectoryPanes(m_actions, this);
    connect(m_directory, &IssuerDirectoryPanes::userSelectionChanged, this, [this] {
        m_userSelectedLast = m_directory->selectedUserRow() >= 0;
        updateSelectionActions();
    });
    connect(m_directory, &IssuerDirectoryPanes::messageRequested, this,
            [this](const QString &text) { m_messageBanner->showMessage(text, MessageKind::Warning); });
    m_leftSplitter->addWidget(m_directory->clientsPane());
    m_leftSplitter->addWidget(m_directory->usersPane());
    m_faultsPanel = new IssuerFaultsPanel(m_network, mock);
    m_faultsPanel->setIssuerUrl({});
    auto *faultsScroll = new QScrollArea(mock);
    faultsScroll->setWidget(m_faultsPanel);
    faultsScroll->setWidgetResizable(true);
    faultsScroll->setFrameShape(QFrame::NoFrame);
    faultsScroll->setAccessibleName(tr("Faults"));
    m_leftSplitter->addWidget(makePane(tr("Faults"), faultsScroll, this).widget);
    m_leftSplitter->setStretchFactor(0, 3);
    m_leftSplitter->setStretchFactor(1, 2);
    m_leftSplitter->setStretchFactor(2, 2);
    m_leftSplitter->setStretchFactor(3, 1);
    m_leftSplitter->setSizes({200, 130, 130, 300});

    m_rightSplitter = new QSplitter(Qt::Vertical, mock);
    m_rightSplitter->setChildrenCollapsible(false);
    m_rightSplitter->addWidget(buildTokensPane());
    m_rightSplitter->addWidget(buildLogPane());
    m_rightSplitter->setStretchFactor(0, 3);
    m_rightSplitter->setStretchFactor(1, 2);
    m_rightSplitter->setSizes({360, 260});

    m_mainSplitter = new QSplitter(Qt::Horizontal, mock);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(m_rightSplitter);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setSizes({560, 840});
    mockLayout->addWidget(m_mainSplitter, 1);

    m_tabs->addTab(mock, tr("Local mock issuer"));

    m_probePanel = new ProbePanel(m_network, m_settings, m_tabs);
    m_probePanel->setAccessibleName(tr("Staging issuer probe"));
    connect(m_probePanel, &ProbePanel::openTokenRequested, this, &IssuerWorkspace::openTokenRequested);
    m_tabs->addTab(m_probePanel, tr("Probe a staging issuer"));
}

QWidget *IssuerWorkspace::buildEndpointsPane()
{
    m_endpointsTable = new IssuerEndpointsTable(this);
    IssuerViews::setUpTable(m_endpointsTable);
    m_endpointsTable->setAlternatingRowColors(false);
    const Pane pane = makePane(tr("Endpoints"), m_endpointsTable, this);
    m_issuerPicker = new IssuerPicker(pane.widget);
    connect(m_issuerPicker, &IssuerPicker::tenantChosen, this, &IssuerWorkspace::viewTenant);
    pane.headerLayout->addWidget(m_issuerPicker);
    pane.headerLayout->addWidget(actionButton(m_actions.copyIssuerUrl, pane.widget));
    return pane.widget;
}

QWidget *IssuerWorkspace::buildTokensPane()
{
    m_tokensView = new IssuedTokensView(m_tokensModel, this);
    connect(m_tokensView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (selectedTokenRow() >= 0)
            m_userSelectedLast = false;
        updateSelectionActions();
    });
    m_tokensView->addActions({m_actions.openInInspect, m_actions.copyToken, m_actions.revokeToken,
                              m_actions.revokeFamily, m_actions.banUser});
    connect(m_tokensModel, &QAbstractItemModel::dataChanged, this, &IssuerWorkspace::updateSelectionActions);
    connect(m_tokensView, &QTableView::activated, this, &IssuerWorkspace::openSelectedInInspect);

    const Pane pane = makePane(tr("Issued tokens"), m_tokensView, this);
    for (QAction *action : {m_actions.openInInspect, m_actions.copyToken})
        pane.headerLayout->addWidget(actionButton(action, pane.widget, Qt::ToolButtonTextBesideIcon));
    pane.headerLayout->addSpacing(8);
    for (QAction *action : {m_actions.revokeToken, m_actions.revokeFamily, m_actions.banUser})
        pane.headerLayout->addWidget(actionButton(action, pane.widget, Qt::ToolButtonTextBesideIcon));
    return pane.widget;
}

QWidget *IssuerWorkspace::buildLogPane()
{
    m_logView = new RequestLogView(m_logModel, this);
    const Pane pane = makePane(tr("Request log"), m_logView, this);
    pane.headerLayout->addWidget(actionButton(m_actions.clearLog, pane.widget));
    return pane.widget;
}

void IssuerWorkspace::restoreSettings()
{
    if (!m_settings)
        return;
    m_serverBar->setPresetName(m_settings->issuerPreset());
    m_serverBar->setPort(m_settings->issuerPort());
    m_serverBar->setConfigPath(m_settings->issuerConfigPath());
    m_serverBar->setTenantNames(m_settings->issuerTenants());
    const QString chosenDatabasePath = m_settings->issuerDatabasePath();
    m_serverBar->setChosenDatabasePath(chosenDatabasePath);
    const int location = m_settings->issuerDatabaseLocation();
    if (location == int(DatabaseLocation::UserData))
        setDatabaseLocation(DatabaseLocation::UserData);
    else if (location == int(DatabaseLocation::File) && !chosenDatabasePath.isEmpty())
        setDatabaseLocation(DatabaseLocation::File, chosenDatabasePath);
    else
        setDatabaseLocation(DatabaseLocation::Temporary);
    m_tabs->setCurrentIndex(std::clamp(m_settings->issuerTab(), 0, m_tabs->count() - 1));
    for (QSplitter *splitter : {m_mainSplitter, m_leftSplitter, m_rightSplitter}) {
        const QString name = splitter == m_mainSplitter ? mainSplitterName
            : splitter == m_leftSplitter                ? leftSplitterName
                                                        : rightSplitterName;
        const QList<int> sizes = m_settings->splitterSizes(name);
        if (sizes.size() == splitter->count())
            splitter->setSizes(sizes);
    }
}

void IssuerWorkspace::saveSettings()
{
    if (!m_settings)
        return;
    m_settings->setIssuerPreset(m_serverBar->presetName());
    m_settings->setIssuerPort(m_serverBar->port());
    m_settings->setIssuerConfigPath(m_serverBar->configPath());
    m_settings->setIssuerTenants(m_serverBar->tenantNames());
    m_settings->setIssuerDatabaseLocation(int(m_serverBar->databaseLocation()));
    m_settings->setIssuerDatabasePath(m_serverBar->chosenDatabasePath());
    m_settings->setIssuerTab(m_tabs->currentIndex());
    m_settings->setSplitterSizes(mainSplitterName, m_mainSplitter->sizes());
    m_settings->setSplitterSizes(leftSplitterName, m_leftSplitter->sizes());
    m_settings->setSplitterSizes(rightSplitterName, m_rightSplitter->sizes());
}

QList<QAction *> IssuerWorkspace::actions() const
{
    return m_actions.all() + m_probePanel->actions();
}

void IssuerWorkspace::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_actions.updateIcons(palette());
        updateRunningState();
    }
}

// ---- starting and stopping ----

issuer::MockIssuer *IssuerWorkspace::issuer() const
{
    return m_issuer.get();
}

issuer::MockIssuer *IssuerWorkspace::viewedIssuer() const
{
    if (!m_issuer || m_viewedTenant.isEmpty())
        return m_issuer.get();
    issuer::MockIssuer *tenant = m_issuer->tenant(m_viewedTenant);
    return tenant ? tenant : m_issuer.get();
}

QTableView *IssuerWorkspace::clientsView() const
{
    return m_directory->clientsView();
}

ClientDirectoryModel *IssuerWorkspace::clientsModel() const
{
    return m_directory->clientsModel();
}

QTableView *IssuerWorkspace::usersView() const
{
    return m_directory->usersView();
}

UserDirectoryModel *IssuerWorkspace::usersModel() const
{
    return m_directory->usersModel();
}

bool IssuerWorkspace::isIssuerRunning() const
{
    return m_issuer && m_issuer->isRunning();
}

QString IssuerWorkspace::databasePath() const
{
    return m_databasePath;
}

void IssuerWorkspace::setClock(const Clock *clock)
{
    m_clock = clock;
}

void IssuerWorkspace::setPort(int port)
{
    m_serverBar->setPort(port);
}

void IssuerWorkspace::setPreset(const QString &presetName)
{
    m_serverBar->setPresetName(presetName);
}

void IssuerWorkspace::setConfigPath(const QString &path)
{
    m_serverBar->setConfigPath(path);
}

void IssuerWorkspace::setDatabaseLocation(DatabaseLocation location, const QString &path)
{
    m_serverBar->setDatabaseLocation(location, path);
    updateRunningState();
}

bool IssuerWorkspace::startIssuer()
{
    if (isIssuerRunning())
        return true;
    m_messageBanner->clearMessage();

    IssuerLauncher::Choices choices;
    choices.configPath = m_serverBar->configPath();
    choices.tenantNames = m_serverBar->tenantNames();
    choices.presetName = m_serverBar->presetName();
    choices.port = m_serverBar->port();
    choices.location = m_serverBar->databaseLocation();
    choices.chosenDatabasePath = m_serverBar->chosenDatabasePath();
    choices.clock = m_clock;
    IssuerLauncher::Launch launch = m_launcher.launch(choices);
    if (!launch) {
        m_messageBanner->showMessage(launch.error, MessageKind::Error);
        updateRunningState();
        return false;
    }
    m_issuer = std::move(launch.issuer);
    // The root's log carries its tenants' requests; tokens and state changes come from each issuer, and only the
    // viewed one's reach the panes.
    connect(m_issuer.get(), &issuer::MockIssuer::requestHandled, this, &IssuerWorkspace::onRequestHandled);
    QList<issuer::MockIssuer *> issuers {m_issuer.get()};
    for (const QString &name : m_issuer->tenantNames())
        issuers << m_issuer->tenant(name);
    for (issuer::MockIssuer *served : std::as_const(issuers)) {
        connect(served, &issuer::MockIssuer::tokensIssued, this, [this, served](const issuer::IssuedTokens &tokens) {
            if (served == viewedIssuer())
                onTokensIssued(tokens);
        });
        connect(served, &issuer::MockIssuer::stateChanged, this, [this, served] {
            if (served == viewedIssuer())
                onStateChanged();
        });
    }
    // Tokens from another database cannot be judged by this one.
    const QString path = launch.databasePath;
    if (path != m_databasePath)
        m_tokensModel->clear();
    m_databasePath = path;
    m_viewedTenant.clear();
    m_issuerPicker->setTenants(m_issuer->tenantNames());

    updateRunningState();
    viewTenant(QString());
    emit issuerRunningChanged(true);
    return true;
}

void IssuerWorkspace::viewTenant(const QString &name)
{
    if (!isIssuerRunning())
        return;
    const bool switching = name != m_viewedTenant;
    m_viewedTenant = m_issuer->tenant(name) ? name : QString();
    m_issuerPicker->setCurrentTenant(m_viewedTenant);
    issuer::MockIssuer *viewed = viewedIssuer();
    if (switching) {
        // Each issuer has its own database: tokens another one issued cannot be judged by this one's state.
        m_tokensModel->clear();
        m_state = {};
        m_revocations.clear();
        m_awaitingState.clear();
    }
    // Prefill the probe with this issuer and its first confidential client (demo / demo-secret by default).
    m_probePanel->setIssuerUrl(viewed->issuerUrl());
    m_faultsPanel->setIssuerUrl(viewed->issuerUrl());
    m_adminClient->setIssuerUrl(viewed->issuerUrl());
    for (const issuer::IssuerClient &client : viewed->config().clients) {
        if (client.isConfidential()) {
            m_probePanel->setClientCredentials(client.clientId, client.secret);
            break;
        }
    }
    m_endpointsTable->setIssuerUrl(viewed->issuerUrl());
    updateSelectionActions();
    updateClock();
    // The clients, users, keys and token statuses follow with the issuer's state.
    m_adminClient->fetchState();
}

void IssuerWorkspace::stopIssuer()
{
    if (!m_issuer)
        return;
    m_issuer->stop();
    // Destroying the issuer closes its database, so the next start may use another one.
    m_issuer.reset();
    m_viewedTenant.clear();
    m_issuerPicker->setTenants({});
    m_faultsPanel->setIssuerUrl({});
    m_adminClient->setIssuerUrl({});
    m_ownStateReadHidden = false;
    m_state = {};
    m_revocations.clear();
    m_awaitingState.clear();
    updateRunningState();
    updateSelectionActions();
    emit issuerRunningChanged(false);
}

void IssuerWorkspace::updateRunningState()
{
    if (!m_serverBar)
        return;
    const bool running = isIssuerRunning();
    m_actions.start->setEnabled(!running);
    m_actions.stop->setEnabled(running);
    m_actions.copyIssuerUrl->setEnabled(running);
    m_serverBar->setInputsEnabled(!running);
    for (QAction *action :
         {m_actions.rotateKeys, m_actions.advanceMinute, m_actions.advanceHour, m_actions.advanceCustom})
        action->setEnabled(running);
    m_clockBar->setInputsEnabled(running);

    IssuerServerBar::Status status;
    status.running = running;
    if (running) {
        status.issuerUrl = m_issuer->issuerUrl();
        status.presetName = m_issuer->config().policy.presetName;
    }
    status.temporaryDatabasePath = m_launcher.temporaryDatabasePath();
    m_serverBar->setStatus(status);
    if (!running) {
        m_clockBar->showStopped();
        m_endpointsTable->setIssuerUrl({});
    }
    updateSelectionActions();
}

// ---- what the running issuer offers ----

void IssuerWorkspace::updateClock()
{
    if (!isIssuerRunning())
        return;
    const qint64 now = viewedIssuer()->now();
    m_clockBar->showClock(now, now - (m_clock ? m_clock : &SystemClock::instance())->nowSeconds());
    m_clockBar->showKeys(m_state.keys, now);
}

// ---- live updates ----

void IssuerWorkspace::onTokensIssued(const issuer::IssuedTokens &tokens)
{
    if (!m_issuer)
        return;
    m_tokensModel->addTokens(tokens, viewedIssuer()->now());
}

void IssuerWorkspace::onRequestHandled(const issuer::IssuerLogEntry &entry)
{
    if (!m_issuer)
        return;
    // The workspace reads the state after every change; a line for each read would bury the requests the user
    // made. Only the one read in flight is left out (the issuer handles it before its answer arrives here).
    if (entry.method == u"GET" && entry.path == viewedIssuer()->basePath() + u"/admin/state"_s && entry.status == 200
        && m_adminClient->isFetchingState() && !m_ownStateReadHidden) {
        m_ownStateReadHidden = true;
        return;
    }
    // Likewise the Faults pane's one read of a newly shown issuer's faults.
    if (entry.method == u"GET" && entry.path == viewedIssuer()->basePath() + u"/admin/faults"_s
        && m_faultsPanel->isReadingFaults())
        return;
    m_logModel->append(entry);
}

void IssuerWorkspace::onStateChanged()
{
    // Every login and refresh changes the state: under load, refresh the view at most a few times a second.
    if (!m_stateTimer->isActive())
        m_stateTimer->start();
}

void IssuerWorkspace::refreshState()
{
    m_stateTimer->stop();
    if (isIssuerRunning())
        m_adminClient->fetchState();
}

void IssuerWorkspace::onStateAvailable(const IssuerAdminState &state)
{
    if (!isIssuerRunning())
        return;
    m_state = state;
    m_tokensModel->refreshState(state);
    m_directory->setDirectory(state, viewedIssuer()->config());
    updateSelectionActions();
    updateClock();
}

void IssuerWorkspace::tick()
{
    if (!isIssuerRunning())
        return;
    updateClock();
    m_tokensModel->updateTimes(viewedIssuer()->now());
}

// ---- token actions ----

int IssuerWorkspace::selectedTokenRow() const
{
    return m_tokensView->selectedRow();
}

void IssuerWorkspace::selectIssuedToken(int row)
{
    m_tokensView->selectTokenRow(row);
}

QString IssuerWorkspace::selectedUsername() const
{
    // The user picked in the users table, or the one the selected token was issued to: whichever came last.
    const UserDirectoryModel *users = m_directory->usersModel();
    const int userRow = m_directory->selectedUserRow();
    if (userRow >= 0 && (m_userSelectedLast || selectedTokenRow() < 0))
        return users->username(userRow);
    const int row = selectedTokenRow();
    if (row < 0 || m_tokensModel->row(row).subject.isEmpty())
        return {};
    return users->username(users->rowOfSubject(m_tokensModel->row(row).subject));
}

void IssuerWorkspace::updateSelectionActions()
{
    if (!m_tokensView)
        return;
    const bool running = isIssuerRunning();
    const int row = selectedTokenRow();
    const IssuedTokensModel::Row *token = row >= 0 ? &m_tokensModel->row(row) : nullptr;
    m_actions.openInInspect->setEnabled(token && token->kind != IssuedTokensModel::Kind::Refresh);
    m_actions.copyToken->setEnabled(token != nullptr);
    m_actions.revokeToken->setEnabled(running && token && token->status != IssuedTokensModel::Status::Revoked);
    m_actions.revokeFamily->setEnabled(running && token && !token->familyId.isEmpty()
                                       && token->status != IssuedTokensModel::Status::Revoked);
    const QString username = selectedUsername();
    const UserDirectoryModel *users = m_directory->usersModel();
    const bool banned = users->isBanned(users->rowOfUsername(username));
    m_actions.banUser->setEnabled(running && !username.isEmpty());
    m_actions.banUser->setText(banned ? tr("Lift &Ban") : tr("&Ban User"));
    m_actions.banUser->setToolTip(u"%1 (%2)"_s.arg(m_actions.banUser->text().remove(u'&'),
                                                   m_actions.banUser->shortcut().toString(QKeySequence::NativeText)));
}

void IssuerWorkspace::openSelectedInInspect()
{
    const int row = selectedTokenRow();
    if (row < 0 || m_tokensModel->row(row).kind == IssuedTokensModel::Kind::Refresh)
        return;
    emit openTokenRequested(QString::fromLatin1(m_tokensModel->row(row).token));
}

void IssuerWorkspace::copySelectedToken()
{
    const int row = selectedTokenRow();
    if (row >= 0)
        Clipboard::copyText(QString::fromLatin1(m_tokensModel->row(row).token), Clipboard::Sensitivity::Concealed);
}

void IssuerWorkspace::revokeSelected(Revocation revocation)
{
    const bool family = revocation == Revocation::Family;
    const int row = selectedTokenRow();
    if (row < 0 || !isIssuerRunning())
        return;
    const IssuedTokensModel::Row &token = m_tokensModel->row(row);
    if (family && token.familyId.isEmpty())
        return;
    // Through the issuer's own admin API (docs/issuer.md): the request shows in the log like any other, and the
    // revocation rules (a refresh token takes its family with it) stay the issuer's.
    const quint64 id = family ? m_adminClient->revokeFamily(token.familyId) : m_adminClient->revokeToken(token.token);
    m_revocations.insert(id,
                         family ? tr("the session %1").arg(token.familyId.left(12))
                                : tr("the %1 token").arg(IssuedTokensModel::kindName(token.kind).toLower()));
}

void IssuerWorkspace::toggleBanSelectedUser()
{
    const QString username = selectedUsername();
    if (username.isEmpty() || !isIssuerRunning())
        return;
    const UserDirectoryModel *users = m_directory->usersModel();
    if (users->isBanned(users->rowOfUsername(username)))
        m_adminClient->liftBan(username);
    else
        m_adminClient->banUser(username);
}

void IssuerWorkspace::rotateKeys()
{
    if (isIssuerRunning())
        m_adminClient->rotateKeys();
}

void IssuerWorkspace::advanceClock(qint64 seconds)
{
    if (isIssuerRunning())
        m_adminClient->advanceClock(seconds);
}

void IssuerWorkspace::onAdminFinished(const IssuerAdminClient::Result &result)
{
    const IssuerAdminMessage message = IssuerAdminMessage::forResult(result, m_revocations.take(result.requestId));
    if (result.action == IssuerAdminClient::Action::FetchState) {
        m_ownStateReadHidden = false;
        if (!result && isIssuerRunning())
            m_messageBanner->showMessage(message.text, MessageKind::Error);
        // The admin requests this state follows are done now that the lists show their effect.
        const QList<bool> outcomes = m_awaitingState.values(result.requestId);
        m_awaitingState.remove(result.requestId);
        for (auto it = outcomes.crbegin(); it != outcomes.crend(); ++it)
            emit adminRequestFinished(*it);
        return;
    }
    m_messageBanner->showMessage(message.text, message.kind);
    // Whatever the answer, show the issuer's state after it; without an issuer there is none to show.
    const quint64 stateId = m_adminClient->fetchState();
    if (stateId != 0)
        m_awaitingState.insert(stateId, bool(result));
    else
        emit adminRequestFinished(bool(result));
    updateSelectionActions();
}

} // namespace tokenscope
