#pragma once

#include "crypto/Key.h"
#include "net/UrlPolicy.h"
#include "probe/BrowserLogin.h"
#include "probe/DeviceLogin.h"
#include "probe/ProbeReport.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace tokenscope::probe {

// How the probe gets its first tokens. Automatic picks from the fields given: a refresh token, else a username
// (password grant), else client_credentials.
enum class LoginMethod { Automatic, RefreshToken, Password, Browser, Device, ClientCredentials };

// What the staging probe needs: the issuer, the client's credentials, how to get the first tokens, and limits.
struct ProbeOptions
{
    QUrl issuerUrl; // the issuer, or its discovery URL (…/.well-known/openid-configuration)
    QString clientId;
    QByteArray clientSecret; // empty: a public client (client_id in the body)
    // Where the first tokens come from: a refresh token, a username and password (RFC 6749 §4.3), or neither
    // (client_credentials, which gives no refresh token, so only discovery, keys and revocation are probed).
    QByteArray refreshToken;
    QString username;
    QByteArray password;
    // Browser (authorization code + PKCE over a loopback redirect, RFC 8252) and Device (RFC 8628) sign a user in
    // interactively, for issuers that disable the password grant (OAuth 2.1).
    LoginMethod login = LoginMethod::Automatic;
    int loginTimeoutMs = 5 * 60 * 1000; // how long a user may take to sign in
    QString scope = QStringLiteral("openid offline_access");
    qint64 pauseSeconds = 65; // before the late replay: longer than the documented grace windows (≤ 60 s)
    int timeoutMs = 10000; // per request
    qint64 maxBytes = 1024 * 1024; // per response body
    UrlPolicy::PlainHttp plainHttp = UrlPolicy::PlainHttp::LoopbackOnly; // AnyHost: the user opted in
    QList<QSslCertificate> caCertificates; // extra CAs for an internal CA
};

// The staging-issuer probe (docs/probe.md): reads discovery and JWKS, obtains tokens, refreshes
// twice, replays the superseded refresh token at once and after a pause, uses the newest token after the replay,
// revokes and introspects, compares expires_in with exp − iat, and names the closest provider preset. Asynchronous
// over the injected QNetworkAccessManager; reports through progress() and finished(). Tokens live only in memory
// for the run and never enter the report.
class StagingProbe : public QObject
{
    Q_OBJECT
public:
    explicit StagingProbe(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~StagingProbe() override;

    // Replaces the wall-clock pause before the late replay (tests advance a mock issuer's clock instead of
    // sleeping). The handler must call `resume` once, from the event loop.
    using PauseHandler = std::function<void(qint64 seconds, std::function<void()> resume)>;
    void setPauseHandler(PauseHandler handler);
    // Opens the browser login's authorization URL (the GUI: QDesktopServices; the CLI: xdg-open; tests: a scripted
    // browser). Without one the URL is only announced through browserLoginStarted().
    void setUrlOpener(BrowserLogin::UrlOpener opener);
    // Replaces the wall-clock waits between device-flow polls (same contract as the pause handler).
    void setPollDelay(DeviceLogin::Delay delay);

    // The login method a run with these options uses.
    [[nodiscard]] static LoginMethod effectiveLogin(const ProbeOptions &options);
    // "refresh_token", "password", "authorization_code", "device_code", "client_credentials": the report's flow.
    [[nodiscard]] static QString flowName(LoginMethod method);

    void start(const ProbeOptions &options);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] const ProbeReport &report() const { return m_report; }

    // The newest access token the run obtained, for "open in Inspect" (never in the report); empty after clear.
    [[nodiscard]] QByteArray lastAccessToken() const { return m_lastAccessToken; }
    void clearTokens();

signals:
    // `step` is the current step's stable name; done/total count the planned steps.
    void progress(const QString &step, int done, int total);
    void findingAdded(const tokenscope::probe::ProbeFinding &finding);
    void finished(const tokenscope::probe::ProbeReport &report);
    // The browser login's URL, for a user to open or copy.
    void browserLoginStarted(const QUrl &authorizationUrl);
    // The device login's user code and where to enter it.
    void deviceLoginPrompted(const tokenscope::probe::DeviceLoginPrompt &prompt);

private:
    // One answer as the probe's steps read it: status, JSON, OAuth error, and the headers the findings need.
    struct Response
    {
        int status = 0;
        QJsonObject json;
        bool isJson = false;
        QString error; // OAuth error code, or the network error's short name
        QString networkMessage; // the transport failure, when there was no HTTP response
        bool transportFailed = false;
        int requestIndex = -1;
        QByteArray cacheControl;
        QByteArray date; // the Date header: the issuer's clock (RFC 9110 §6.6.1)
        QByteArray body; // kept for the JWKS only
    };
    using Continuation = std::function<void(const Response &)>;

    enum class Auth { None, Client, Bearer };
    void send(const QString &step, const QByteArray &method, const QUrl &url,
              const QList<std::pair<QString, QByteArray>> &form, Auth auth, Continuation next,
              const QByteArray &bearer = {});
    void onReplyFinished();
    void onTimeout();

    void stepDiscovery();
    void stepJwks();
    // The first access token against the fetched JWKS and the issuer's clock (findings "signature", "clock").
    void checkFirstAccessToken(const QByteArray &accessToken, const QByteArray &date);
    void stepObtainTokens();
    void stepBrowserLogin();
    void stepDeviceLogin();
    void acceptFirstTokens(const Response &response);
    void stopLogins();
    [[nodiscard]] static QString loginInputError(const ProbeOptions &options);
    void stepRefresh(int which);
    void stepReplayAtOnce();
    void stepUseNewest();
    void stepPause();
    void stepReplayAfterPause();
    void stepUseNewestAfterPause();
    void stepRevocation();
    void stepRevoke();
    void stepIntrospectAfterRevoke(int which);
    void stepRefreshWithRevoked();
    void finish();
    void fail(ProbeError::Kind kind, const QString &code, const QString &message);

    void tokenRequest(const QString &step, const QList<std::pair<QString, QByteArray>> &parameters, Continuation next);
    void refreshRequest(const QString &step, const QByteArray &refreshToken, Continuation next);
    void addFinding(const QString &id, const QString &value, const QString &title, const QString &summary,
                    ProbeFinding::Severity severity, const QList<int> &evidence);
    void noteTokens(const Response &response);
    void reportProgress(const QString &step);
    void concludeReuse(bool newestWorks, const QList<int> &evidence);

    QNetworkAccessManager *m_network;
    PauseHandler m_pauseHandler;
    BrowserLogin::UrlOpener m_urlOpener;
    DeviceLogin::Delay m_pollDelay;
    BrowserLogin *m_browserLogin = nullptr;
    DeviceLogin *m_deviceLogin = nullptr;
    Response m_loginResponse; // the device login's last poll, the evidence for its tokens
    QTimer m_pauseTimer;
    QTimer m_requestTimer;
    QPointer<QNetworkReply> m_reply;
    Continuation m_continuation;
    QString m_replyStep;
    bool m_replyTooLarge = false;
    bool m_replyTimedOut = false;
    QUrl m_refusedRedirect; // set when a redirect was refused
    quint64 m_runId = 0;
    bool m_running = false;
    int m_stepsDone = 0;

    ProbeOptions m_options;
    ProbeReport m_report;
    QJsonObject m_discovery;
    QUrl m_tokenEndpoint;
    QUrl m_revocationEndpoint;
    QUrl m_introspectionEndpoint;

    // The refresh chain (only in memory, cleared when the run ends).
    QList<QByteArray> m_chain; // refresh tokens in the order issued
    QByteArray m_replayed; // the superseded token the replay used
    QByteArray m_newest;
    QByteArray m_lastAccessToken;
    KeySet m_jwksKeys; // what the JWKS step fetched, to check the first access token against
    bool m_jwksFetched = false;
    bool m_familyAlive = true;
    bool m_replayAcceptedAtOnce = false;
    bool m_replaySameToken = false;
    QList<int> m_reuseEvidence;
    QList<int> m_revocationEvidence;
};

} // namespace tokenscope::probe
