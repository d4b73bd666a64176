#pragma once

#include "common/Result.h"
#include "probe/StagingProbe.h"

#include <QUrl>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QProgressBar;
class QSpinBox;
class QStackedWidget;
class QTreeWidget;

namespace tokenscope {

class SecretLineEdit;
class Settings;

// The staging-issuer probe form inside the Issuer workspace: issuer URL (or discovery URL) and client credentials
// (optionally a refresh token, a username and password, or a user signing in through the browser or with a device
// code, the sign-in URL and code shown while the probe waits), a Run button with progress and cancel, and the report
// (each finding with its evidence and the closest provider preset), exportable as Markdown and JSON with secrets
// redacted. Runs core/probe in the background over the one injected QNetworkAccessManager.
class ProbePanel : public QWidget
{
    Q_OBJECT
public:
    ProbePanel(QNetworkAccessManager *network, Settings *settings, QWidget *parent = nullptr);
    ~ProbePanel() override;

    // Prefills the form (the workspace does this with the local mock issuer's URL and demo client).
    void setIssuerUrl(const QUrl &url);
    void setClientCredentials(const QString &clientId, const QString &clientSecret);

    // The panel's actions (run, cancel, export), each with a shortcut, for the main window's menus.
    [[nodiscard]] QList<QAction *> actions() const;

    // Replaces the wall-clock pause before the late replay (tests advance a mock issuer's clock instead).
    void setPauseHandler(probe::StagingProbe::PauseHandler handler);
    // Replaces QDesktopServices::openUrl for the browser login and the "Open sign-in page" button (tests script a
    // browser), and the waits between device-login polls.
    void setUrlOpener(probe::BrowserLogin::UrlOpener opener);
    void setPollDelay(probe::DeviceLogin::Delay delay);

    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] const probe::ProbeReport &report() const;

    enum class ExportFormat { Markdown, Json };
    // The report as exported: no tokens, and every secret typed into the form replaced by "[redacted]".
    [[nodiscard]] QString exportText(ExportFormat format) const;
    // Fails with "export.not_written", naming the path and why.
    [[nodiscard]] Result<void> exportToFile(ExportFormat format, const QString &path) const;

public slots:
    void run();
    void cancel();

signals:
    // The user asked to open a token the probe obtained in the Inspect workspace.
    void openTokenRequested(const QString &token);
    void probeFinished();

private:
    enum class Credentials { Password, RefreshToken, Browser, Device, ClientOnly };
    void buildActions();
    void updateCredentialFields();
    void updateActions();
    void onProgress(const QString &step, int done, int total);
    void onFindingAdded(const probe::ProbeFinding &finding);
    void onFinished(const probe::ProbeReport &report);
    // `openUrl` is what "Open sign-in page" opens: the device login's verification_uri_complete when given.
    void showSignIn(const QUrl &url, const QString &userCode, const QUrl &openUrl);
    void exportInteractively(ExportFormat format);
    [[nodiscard]] QList<QByteArray> typedSecrets() const;

    Settings *m_settings;
    probe::StagingProbe *m_probe;
    bool m_hasReport = false;

    QLineEdit *m_issuerUrlLineEdit;
    QLineEdit *m_clientIdLineEdit;
    SecretLineEdit *m_clientSecretLineEdit;
    QComboBox *m_credentialsComboBox;
    QLineEdit *m_usernameLineEdit;
    SecretLineEdit *m_passwordLineEdit;
    SecretLineEdit *m_refreshTokenLineEdit;
    QSpinBox *m_pauseSpinBox;
    QWidget *m_signInWidget; // while a browser or device login waits for the user
    QLabel *m_signInLabel;
    QLineEdit *m_signInUrlLineEdit;
    QLabel *m_userCodeLabel;
    QAction *m_openSignInAction;
    probe::BrowserLogin::UrlOpener m_urlOpener;
    QUrl m_signInOpenUrl;
    QProgressBar *m_progressBar;
    QLabel *m_statusLabel;
    QLabel *m_presetLabel;
    QTreeWidget *m_findingsTreeWidget;

    QAction *m_runAction;
    QAction *m_cancelAction;
    QAction *m_exportMarkdownAction;
    QAction *m_exportJsonAction;
    QAction *m_openTokenAction;
};

} // namespace tokenscope
