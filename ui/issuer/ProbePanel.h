#pragma once

#include <QUrl>
#include <QWidget>

class QAction;
class QNetworkAccessManager;

namespace tokenscope {

class Settings;

// The staging-issuer probe form inside the Issuer workspace: issuer URL (or discovery URL) and client credentials
// (optionally a refresh token, or a username and password), a Run button with progress and cancel, and the report
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

signals:
    // The user asked to open a token the probe obtained in the Inspect workspace.
    void openTokenRequested(const QString &token);
};

} // namespace tokenscope
