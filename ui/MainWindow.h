#pragma once

#include "common/Clock.h"
#include "common/Settings.h"

#include <QMainWindow>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QNetworkAccessManager;
class QStackedWidget;
class QToolBar;

namespace tokenscope {

class InspectWorkspace;
class IssuerWorkspace;
class SimulateWorkspace;

// The main window: a sidebar of workspaces (Inspect now; Simulate and Issuer are announced but not yet enabled),
// menus and a toolbar over the current workspace's actions, the theme, and About. Everything it needs is injected
// (settings, clock, the one network access manager) so tests build it with throwaways. It remembers its geometry
// and layout through Settings, never what the user pasted.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Workspace { Inspect, Simulate, Issuer };

    MainWindow(Settings *settings, const Clock *clock, QNetworkAccessManager *network, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] InspectWorkspace *inspectWorkspace() const { return m_inspect; }
    [[nodiscard]] SimulateWorkspace *simulateWorkspace() const { return m_simulate; }
    [[nodiscard]] IssuerWorkspace *issuerWorkspace() const { return m_issuer; }
    [[nodiscard]] Workspace currentWorkspace() const;
    void setCurrentWorkspace(Workspace workspace);

    // Every action of the window (menus, toolbar, sidebar), for tests that check shortcuts and names.
    [[nodiscard]] QList<QAction *> allActions() const;

    // Saves geometry, toolbar state and the workspaces' layouts (the close event does it too).
    void saveSettings();

    // Resources that failed the start-up check (StartupCheck::problems()): shown in the status bar, with every line
    // in its tooltip, while the app carries on without them.
    void showStartupProblems(const QStringList &problems);
    [[nodiscard]] QString startupProblemsText() const;

    // The "About Tokenscope" text: version, Qt and OpenSSL versions.
    [[nodiscard]] static QString aboutText();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildToolBars();
    void updateIcons();
    void applyTheme(Settings::ThemeChoice choice);
    void showAbout();

    Settings *m_settings = nullptr;
    QStackedWidget *m_stack = nullptr;
    InspectWorkspace *m_inspect = nullptr;
    SimulateWorkspace *m_simulate = nullptr;
    IssuerWorkspace *m_issuer = nullptr;
    QMenu *m_verifyMenu = nullptr;
    QMenu *m_simulateMenu = nullptr;
    QMenu *m_issuerMenu = nullptr;
    QLabel *m_problemsLabel = nullptr;
    QToolBar *m_sidebar = nullptr;
    QToolBar *m_mainToolBar = nullptr;
    QLabel *m_busyLabel = nullptr;

    QActionGroup *m_workspaceGroup = nullptr;
    QAction *m_inspectAction = nullptr;
    QAction *m_simulateAction = nullptr;
    QAction *m_issuerAction = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    QAction *m_themeSystemAction = nullptr;
    QAction *m_themeLightAction = nullptr;
    QAction *m_themeDarkAction = nullptr;
    QAction *m_fullScreenAction = nullptr;
    QAction *m_toolBarAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
};

} // namespace tokenscope
