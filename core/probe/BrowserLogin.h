#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace tokenscope::probe {

// What the browser login hands back: the authorization code and what the token request must repeat with it
// (RFC 6749 §4.1.3, RFC 7636 §4.5). Held only in memory.
struct BrowserLoginResult
{
    QByteArray code;
    QByteArray codeVerifier;
    QString redirectUri;
};

// The authorization code grant with PKCE for a native app (RFC 8252): a one-shot listener on 127.0.0.1 (any free
// port, §7.3), the authorization URL handed to an injected opener (the system browser, or a test), and the one
// redirect back to http://127.0.0.1:PORT/callback. Checks state and, when present, RFC 9207 iss. The code
// exchange itself is the caller's (the probe logs it with its other requests). Never logs the code.
class BrowserLogin : public QObject
{
    Q_OBJECT
public:
    // Where the user signs in, the issuer the callback's iss must name, the client and scope, and how long to wait.
    struct Options
    {
        QUrl authorizationEndpoint;
        QString issuer; // discovery "issuer", to compare with the callback's iss (RFC 9207 §2.4)
        QString clientId;
        QString scope;
        int timeoutMs = 5 * 60 * 1000; // how long the user may take to sign in
    };
    // Opens the authorization URL (the system browser; a test's scripted "browser").
    using UrlOpener = std::function<void(const QUrl &url)>;

    explicit BrowserLogin(QObject *parent = nullptr);
    ~BrowserLogin() override;

    void setUrlOpener(UrlOpener opener);
    void start(const Options &options);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

    // The PKCE verifier for a random 32-byte value and its S256 challenge (RFC 7636 §4.1-4.2).
    [[nodiscard]] static QByteArray newCodeVerifier();
    [[nodiscard]] static QByteArray codeChallenge(const QByteArray &verifier);

signals:
    // The URL the user must open: always shown, so a user without a browser can copy it.
    void authorizationUrlReady(const QUrl &url);
    void succeeded(const tokenscope::probe::BrowserLoginResult &result);
    // `code` is stable: "listen_failed", "state_mismatch", "issuer_mismatch", "access_denied" (or the issuer's
    // other error code), "no_code", "timeout", "cancelled".
    void failed(const QString &code, const QString &message);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, int status, const QByteArray &reason, const QString &text);
    void finishWithError(const QString &code, const QString &message);
    void stop();

    UrlOpener m_opener;
    QTcpServer *m_server = nullptr;
    QTimer m_timeout;
    Options m_options;
    QByteArray m_state;
    QByteArray m_codeVerifier;
    QString m_redirectUri;
    bool m_running = false;
};

} // namespace tokenscope::probe
