#include "MainWindow.h"

#include "common/Icons.h"
#include "common/ShortcutAction.h"
#include "common/Theme.h"
#include "inspect/InspectWorkspace.h"
#include "issuer/IssuerWorkspace.h"
#include "issuer/MockIssuer.h"
#include "simulate/SimulateWorkspace.h"
#include "verify/VerifyPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include <openssl/crypto.h>

#ifndef TOKENSCOPE_VERSION
#error "TOKENSCOPE_VERSION must be defined by the build (ui/CMakeLists.txt)"
#endif

using namespace Qt::StringLiterals;

namespace tokenscope {

MainWindow::MainWindow(Settings *settings, const Clock *clock, QNetworkAccessManager *network, QWidget *parent)
    : QMainWindow(parent), m_settings(settings)
{
    setObjectName(u"MainWindow"_s);
    setWindowTitle(tr("Tokenscope"));
    setWindowIcon(Icons::application());
    setAccessibleName(tr("Tokenscope"));
    setUnifiedTitleAndToolBarOnMac(true);

    m_stack = new QStackedWidget(this);
    m_inspect = new InspectWorkspace(settings, clock, network, m_stack);
    m_stack->addWidget(m_inspect);
    m_simulate = new SimulateWorkspace(settings, m_stack);
    m_stack->addWidget(m_simulate);
    m_issuer = new IssuerWorkspace(network, settings, m_stack);
    m_stack->addWidget(m_issuer);
    // A token on a timeline or from the mock issuer opens where tokens are read.
    const auto openInInspect = [this](const QString &token) {
        setCurrentWorkspace(Workspace::Inspect);
        m_inspect->setInputText(token);
    };
    // A live run's token verifies through its issuer's discovery document (OpenID Connect Discovery 1.0 §4), judged
    // at the time it was issued on that issuer's clock, which the run moved through simulated days.
    connect(m_simulate, &SimulateWorkspace::openTokenRequested, this,
            [this, openInInspect](const QString &token, const QUrl &issuerUrl, qint64 issuedAt) {
                openInInspect(token);
                if (issuerUrl.isEmpty())
                    return;
                m_inspect->setNowOverride(issuedAt);
                VerifyPanel *verify = m_inspect->verifyPanel();
                verify->setKeySourceKind(VerifyPanel::KeySourceKind::Issuer);
                verify->setIssuerUrl(issuerUrl.toString());
                verify->setExpectedIssuer(issuerUrl.toString());
                verify->fetchKeys();
            });
    connect(m_issuer, &IssuerWorkspace::openTokenRequested, this, openInInspect);
    // Simulate can run against the Issuer workspace's mock issuer while it runs.
    const auto offerWorkspaceIssuer = [this] {
        m_simulate->setWorkspaceIssuerUrl(m_issuer->isIssuerRunning() ? m_issuer->issuer()->issuerUrl() : QUrl());
    };
    connect(m_issuer, &IssuerWorkspace::issuerRunningChanged, this, offerWorkspaceIssuer);
    offerWorkspaceIssuer();
    setCentralWidget(m_stack);

    buildActions();
    buildMenus();
    buildToolBars();
    updateIcons();

    m_busyLabel = new QLabel(tr("Decoding a large input…"), this);
    m_busyLabel->hide();
    statusBar()->addPermanentWidget(m_busyLabel);
    statusBar()->setSizeGripEnabled(true);
    connect(m_inspect, &InspectWorkspace::busyChanged, m_busyLabel, &QLabel::setVisible);

    resize(1360, 860);
    if (m_settings) {
        const QByteArray geometry = m_settings->windowGeometry();
        if (!geometry.isEmpty())
            restoreGeometry(geometry);
        const QByteArray state = m_settings->windowState();
        if (!state.isEmpty())
            restoreState(state);
    }
    m_toolBarAction->setChecked(!m_mainToolBar->isHidden());
    // Back to the workspace of the last session, when it is one that exists in this version.
    const int remembered = m_settings ? m_settings->workspaceIndex() : 0;
    const bool available = remembered >= int(Workspace::Inspect) && remembered <= int(Workspace::Issuer);
    setCurrentWorkspace(available ? Workspace(remembered) : Workspace::Inspect);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    const auto make = [this](const QString &text, const QKeySequence &shortcut) {
        return makeShortcutAction(this, text, shortcut);
    };

    m_workspaceGroup = new QActionGroup(this);
    m_workspaceGroup->setExclusive(true);
    m_inspectAction = make(tr("&Inspect"), QKeySequence(Qt::CTRL | Qt::Key_1));
    m_simulateAction = make(tr("&Simulate"), QKeySequence(Qt::CTRL | Qt::Key_2));
    m_issuerAction = make(tr("Iss&uer"), QKeySequence(Qt::CTRL | Qt::Key_3));
    m_inspectAction->setStatusTip(tr("Decode, verify and explain a token"));
    m_simulateAction->setStatusTip(tr("Token lifetimes, refresh, rotation and revocation on a timeline"));
    m_issuerAction->setStatusTip(tr("A local mock issuer and a staging issuer probe"));
    for (QAction *action : {m_inspectAction, m_simulateAction, m_issuerAction}) {
        action->setCheckable(true);
        m_workspaceGroup->addAction(action);
    }
    connect(m_inspectAction, &QAction::triggered, this, [this] { setCurrentWorkspace(Workspace::Inspect); });
    connect(m_simulateAction, &QAction::triggered, this, [this] { setCurrentWorkspace(Workspace::Simulate); });
    connect(m_issuerAction, &QAction::triggered, this, [this] { setCurrentWorkspace(Workspace::Issuer); });

    m_themeGroup = new QActionGroup(this);
    m_themeSystemAction = make(tr("Follow the &System"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_0));
    m_themeLightAction = make(tr("&Light"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_1));
    m_themeDarkAction = make(tr("&Dark"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_2));
    const Settings::ThemeChoice theme = m_settings ? m_settings->theme() : Settings::ThemeChoice::System;
    const std::pair<QAction *, Settings::ThemeChoice> themes[] = {
        {m_themeSystemAction, Settings::ThemeChoice::System},
        {m_themeLightAction, Settings::ThemeChoice::Light},
        {m_themeDarkAction, Settings::ThemeChoice::Dark},
    };
    for (const auto &[action, choice] : themes) {
        action->setCheckable(true);
        action->setChecked(choice == theme);
        m_themeGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, choice = choice] { applyTheme(choice); });
    }

    m_fullScreenAction = make(tr("&Full Screen"), QKeySequence(Qt::Key_F11));
    m_fullScreenAction->setCheckable(true);
    connect(m_fullScreenAction, &QAction::toggled, this, [this](bool on) {
        setWindowState(on ? windowState() | Qt::WindowFullScreen : windowState() & ~Qt::WindowFullScreen);
    });
    m_toolBarAction = make(tr("Show &Toolbar"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_T));
    m_toolBarAction->setCheckable(true);
    m_toolBarAction->setChecked(true);

    m_quitAction = make(tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
    m_aboutAction = make(tr("&About Tokenscope"), QKeySequence(Qt::SHIFT | Qt::Key_F1));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = make(tr("About &Qt"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F1));
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::buildMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addActions(m_inspect->fileActions());
    fileMenu->addSeparator();
    fileMenu->addAction(m_quitAction);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->addActions(m_inspect->editActions());

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addActions({m_inspectAction, m_simulateAction, m_issuerAction});
    viewMenu->addSeparator();
    viewMenu->addActions(m_inspect->viewActions());
    viewMenu->addSeparator();
    QMenu *themeMenu = viewMenu->addMenu(tr("&Theme"));
    themeMenu->addActions(m_themeGroup->actions());
    viewMenu->addAction(m_toolBarAction);
    viewMenu->addAction(m_fullScreenAction);

    const QList<QAction *> verifyActions = m_inspect->verifyActions();
    if (!verifyActions.isEmpty()) {
        m_verifyMenu = menuBar()->addMenu(tr("&Signature"));
        m_verifyMenu->addActions(verifyActions);
    }
    // Each workspace's own menu, shown while that workspace is the current one.
    m_simulateMenu = menuBar()->addMenu(tr("Si&mulation"));
    m_simulateMenu->addActions(m_simulate->actions());
    m_issuerMenu = menuBar()->addMenu(tr("Issue&r"));
    m_issuerMenu->addActions(m_issuer->actions());

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(m_aboutAction);
    helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::buildToolBars()
{
    // The sidebar: one entry per workspace, icon above text, like the activity bars of modern editors.
    m_sidebar = new QToolBar(tr("Workspaces"), this);
    m_sidebar->setObjectName(u"workspaces"_s);
    m_sidebar->setAccessibleName(tr("Workspaces"));
    m_sidebar->setMovable(false);
    m_sidebar->setFloatable(false);
    m_sidebar->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    m_sidebar->setIconSize(QSize(28, 28));
    m_sidebar->setContextMenuPolicy(Qt::PreventContextMenu);
    m_sidebar->addActions({m_inspectAction, m_simulateAction, m_issuerAction});
    addToolBar(Qt::LeftToolBarArea, m_sidebar);

    m_mainToolBar = new QToolBar(tr("Main toolbar"), this);
    m_mainToolBar->setObjectName(u"main"_s);
    m_mainToolBar->setAccessibleName(tr("Main toolbar"));
    m_mainToolBar->setMovable(false);
    m_mainToolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_mainToolBar->setIconSize(QSize(18, 18));
    m_mainToolBar->addActions(m_inspect->fileActions());
    m_mainToolBar->addSeparator();
    m_mainToolBar->addActions(m_inspect->editActions().mid(0, 1));
    m_mainToolBar->addSeparator();
    const QList<QAction *> viewActions = m_inspect->viewActions();
    m_mainToolBar->addActions(viewActions.mid(viewActions.size() - 2));
    addToolBar(Qt::TopToolBarArea, m_mainToolBar);
    connect(m_toolBarAction, &QAction::toggled, this,
            [this](bool shown) { m_mainToolBar->setVisible(shown && currentWorkspace() == Workspace::Inspect); });
}

void MainWindow::updateIcons()
{
    const QPalette palette = this->palette();
    m_inspectAction->setIcon(Icons::icon(u"inspect"_s, palette));
    m_simulateAction->setIcon(Icons::icon(u"simulate"_s, palette));
    m_issuerAction->setIcon(Icons::icon(u"issuer"_s, palette));
    m_themeSystemAction->setIcon(Icons::icon(u"theme"_s, palette));
    m_quitAction->setIcon(Icons::icon(u"quit"_s, palette));
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateIcons();
}

MainWindow::Workspace MainWindow::currentWorkspace() const
{
    return Workspace(m_stack->currentIndex());
}

void MainWindow::setCurrentWorkspace(Workspace workspace)
{
    m_stack->setCurrentIndex(int(workspace));
    // Only the current workspace's actions are live: a hidden action leaves the menus and toolbar and its shortcut
    // is off, so Space plays the timeline only in Simulate and Ctrl+O opens what the current workspace opens.
    QList<QAction *> inspectActions
        = m_inspect->fileActions() + m_inspect->editActions() + m_inspect->viewActions() + m_inspect->verifyActions();
    for (QAction *action : std::as_const(inspectActions))
        action->setVisible(workspace == Workspace::Inspect);
    for (QAction *action : m_simulate->actions())
        action->setVisible(workspace == Workspace::Simulate);
    for (QAction *action : m_issuer->actions())
        action->setVisible(workspace == Workspace::Issuer);
    m_mainToolBar->setVisible(m_toolBarAction->isChecked() && workspace == Workspace::Inspect);
    m_stack->currentWidget()->setFocus();
    if (m_verifyMenu)
        m_verifyMenu->menuAction()->setVisible(workspace == Workspace::Inspect);
    m_simulateMenu->menuAction()->setVisible(workspace == Workspace::Simulate);
    m_issuerMenu->menuAction()->setVisible(workspace == Workspace::Issuer);
    QAction *action = workspace == Workspace::Inspect ? m_inspectAction
        : workspace == Workspace::Simulate            ? m_simulateAction
                                                      : m_issuerAction;
    action->setChecked(true);
}

QList<QAction *> MainWindow::allActions() const
{
    QList<QAction *> all = actions();
    all += m_inspect->fileActions();
    all += m_inspect->editActions();
    all += m_inspect->viewActions();
    all += m_inspect->verifyActions();
    all += m_simulate->actions();
    all += m_issuer->actions();
    return all;
}

void MainWindow::applyTheme(Settings::ThemeChoice choice)
{
    Theme::apply(choice);
    if (m_settings)
        m_settings->setTheme(choice);
}

void MainWindow::showStartupProblems(const QStringList &problems)
{
    if (problems.isEmpty())
        return;
    if (!m_problemsLabel) {
        m_problemsLabel = new QLabel(this);
        m_problemsLabel->setAccessibleName(tr("Start-up problems"));
        statusBar()->addWidget(m_problemsLabel, 1);
    }
    m_problemsLabel->setText(problems.size() == 1 ? tr("⚠ %1").arg(problems.first())
                                                  : tr("⚠ %n resource problem(s) at start-up; hover for details",
                                                       nullptr, int(problems.size())));
    m_problemsLabel->setToolTip(problems.join(u'\n'));
}

QString MainWindow::startupProblemsText() const
{
    return m_problemsLabel ? m_problemsLabel->text() : QString();
}

QString MainWindow::aboutText()
{
    return tr("<h3>Tokenscope %1</h3>"
              "<p>A desktop workbench for bearer tokens: decode, verify and explain JWTs.</p>"
              "<p>Licensed under the MIT licence.</p>"
              "<p>Built on Qt %2 (built with %3) and %4.</p>")
        .arg(QStringLiteral(TOKENSCOPE_VERSION), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
             QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION)).toHtmlEscaped());
}

void MainWindow::showAbout()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("About Tokenscope"));
    box.setIconPixmap(Icons::application().pixmap(64, 64));
    box.setTextFormat(Qt::RichText);
    box.setText(aboutText());
    box.exec();
}

void MainWindow::saveSettings()
{
    if (!m_settings)
        return;
    m_settings->setWindowGeometry(saveGeometry());
    // The toolbar is hidden outside Inspect; what is remembered is whether the user wants it.
    const bool toolBarHidden = m_mainToolBar->isHidden();
    m_mainToolBar->setHidden(!m_toolBarAction->isChecked());
    m_settings->setWindowState(saveState());
    m_mainToolBar->setHidden(toolBarHidden);
    m_settings->setWorkspaceIndex(m_stack->currentIndex());
    m_inspect->saveSettings();
    m_simulate->saveSettings();
    m_issuer->saveSettings();
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace tokenscope
