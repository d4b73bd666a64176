#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <utility>

namespace tokenscope::probe {

// What the user must do for a device login (RFC 8628 §3.2-3.3).
struct DeviceLoginPrompt
{
    QString userCode;
    QUrl verificationUri;
    QUrl verificationUriComplete; // may be empty
};

// The device authorization grant (RFC 8628): asks for a device and user code, shows where to enter the code, then
// polls the token endpoint honouring interval and slow_down (§3.4-3.5) until tokens, access_denied, expired_token or
// a time limit. The HTTP requests go through an injected poster (the probe's own, so they are logged and
// client-authenticated like its others); the waits go through an injected delay, so tests do not sleep.
class DeviceLogin : public QObject
{
    Q_OBJECT
public:
    // The HTTP answer a Poster hands back: the status and JSON body, or the transport failure.
    struct Answer
    {
        int status = 0;
        QJsonObject json;
        bool transportFailed = false;
        QString networkMessage;
    };
    using Form = QList<std::pair<QString, QByteArray>>;
    using Poster = std::function<void(const QString &step, const QUrl &url, const Form &form,
                                      std::function<void(const Answer &)> done)>;
    using Delay = std::function<void(qint64 seconds, std::function<void()> resume)>;

    // The endpoints of the device grant (RFC 8628 §3.1, §3.4), the scope, and how long to wait for the user.
    struct Options
    {
        QUrl deviceAuthorizationEndpoint;
        QUrl tokenEndpoint;
        QString scope;
        qint64 timeoutSeconds = 10 * 60; // the waiting time, on top of the code's own expires_in
    };

    explicit DeviceLogin(Poster poster, QObject *parent = nullptr);
    ~DeviceLogin() override;

    // Defaults to a QTimer; `resume` must be called once, from the event loop.
    void setDelay(Delay delay);
    void start(const Options &options);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] int pollCount() const { return m_polls; }
    [[nodiscard]] qint64 currentInterval() const { return m_interval; }

signals:
    void promptReady(const tokenscope::probe::DeviceLoginPrompt &prompt);
    // The token endpoint's successful answer (access_token, maybe refresh_token).
    void succeeded(const QJsonObject &tokens);
    // `code` is stable: "device_authorization_failed", "access_denied", "expired_token", "timeout", "network",
    // "cancelled", or the token endpoint's other error code.
    void failed(const QString &code, const QString &message);

private:
    void poll();
    void waitAndPoll();
    void finishWithError(const QString &code, const QString &message);

    Poster m_poster;
    Delay m_delay;
    Options m_options;
    QByteArray m_deviceCode;
    qint64 m_interval = 5;
    qint64 m_waited = 0;
    qint64 m_deadline = 0; // seconds of waiting allowed
    int m_polls = 0;
    quint64 m_runId = 0;
    bool m_running = false;
};

} // namespace tokenscope::probe
