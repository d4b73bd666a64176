#pragma once

// Shared by the mock issuer tests: an issuer on loopback with a fixed clock and a fresh database, and a small
// HTTP client that waits in a local event loop (the issuer runs in the same thread, so the loop serves it too).

#include "common/Clock.h"
#include "issuer/MockIssuer.h"
#include "jose/CompactToken.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrlQuery>

#include <memory>
#include <utility>

namespace tokenscope::issuer::testing {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;

    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    [[nodiscard]] QString string(const char *name) const { return json().value(QString::fromLatin1(name)).toString(); }
    [[nodiscard]] QString error() const { return string("error"); }
    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

// A form body from name/value pairs, percent-encoded (RFC 6749 Appendix B).
inline QByteArray form(const QList<std::pair<QString, QString>> &parameters)
{
    QByteArray body;
    for (const auto &[name, value] : parameters) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

// The refresh family ("sid") an access token of the mock issuer belongs to; empty when it has none.
inline QString sidOf(const QString &accessToken)
{
    const DecodeResult decoded = CompactToken::decode(accessToken.toLatin1());
    if (!decoded || !decoded.token->payload)
        return {};
    const JsonValue *sid = decoded.token->payload->value(u"sid");
    return sid && sid->isString() ? sid->string : QString();
}

inline QByteArray basic(const QString &id, const QString &secret)
{
    return "Basic " + (QUrl::toPercentEncoding(id) + ':' + QUrl::toPercentEncoding(secret)).toBase64();
}

class HttpClient
{
public:
    HttpResult send(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
                    const QList<std::pair<QByteArray, QByteArray>> &headers = {},
                    const QByteArray &contentType = QByteArrayLiteral("application/x-www-form-urlencoded"))
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        if (!body.isEmpty() || verb == "POST")
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        // A timer object, not QTimer::singleShot: the static-analysis gate reads singleShot's internal timer as a
        // leak at every caller.
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        timeout.start(15000);
        loop.exec();
        HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        result.networkError = reply->error();
        delete reply;
        return result;
    }
    HttpResult get(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        return send("GET", url, {}, headers);
    }
    HttpResult post(const QUrl &url, const QByteArray &body,
                    const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        return send("POST", url, body, headers);
    }
    QNetworkAccessManager *network() { return &m_network; }

private:
    QNetworkAccessManager m_network;
};

// One HTTP/1.1 response read off a raw socket, for requests no well-behaved client would send.
struct RawResponse
{
    int status = 0; // 0: no status line arrived
    QByteArray head; // status line and header fields
    QByteArray body;
    bool closedByServer = false; // the server closed the connection after (or instead of) answering

    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.sliced(colon + 1).trimmed();
        }
        return {};
    }
    [[nodiscard]] QString error() const
    {
        return QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toString();
    }
};

// A raw TCP client: writes bytes exactly as given and reads one response (Content-Length framed), then waits up to
// `closeWait` ms to see whether the server closes the connection. It waits in a local event loop, never in a
// blocking wait, because the issuer answers from the same thread.
class RawHttpConnection
{
public:
    explicit RawHttpConnection(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }

    bool waitConnected()
    {
        QElapsedTimer timer;
        timer.start();
        while (m_socket.state() != QAbstractSocket::ConnectedState && timer.elapsed() < 5000
               && m_socket.state() != QAbstractSocket::UnconnectedState)
            spin(50);
        return m_socket.state() == QAbstractSocket::ConnectedState;
    }
    void write(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    // Runs the event loop until data arrives, the connection changes state, or `milliseconds` pass.
    void spin(int milliseconds)
    {
        QEventLoop loop;
        QTimer timeout; // not QTimer::singleShot, as in HttpClient::send
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        timeout.start(milliseconds);
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &loop, &QEventLoop::quit);
        QObject::connect(&m_socket, &QTcpSocket::stateChanged, &loop, &QEventLoop::quit);
        loop.exec();
    }
    RawResponse readResponse(int closeWait = 0, int timeout = 10000)
    {
        RawResponse response;
        QElapsedTimer timer;
        timer.start();
        qsizetype headEnd = -1;
        qint64 contentLength = -1;
        auto complete = [&] {
            if (headEnd < 0) {
                headEnd = m_buffer.indexOf("\r\n\r\n");
                if (headEnd < 0)
                    return false;
                response.head = m_buffer.first(headEnd);
                const QList<QByteArray> statusLine = response.head.split(' ');
                response.status = statusLine.size() > 1 ? statusLine.at(1).toInt() : 0;
                bool ok = false;
                contentLength = response.header("Content-Length").toLongLong(&ok);
                if (!ok)
                    contentLength = 0;
            }
            return m_buffer.size() >= headEnd + 4 + contentLength;
        };
        while (!complete() && timer.elapsed() < timeout) {
            if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
                break;
            spin(50);
            m_buffer += m_socket.readAll();
        }
        if (headEnd >= 0) {
            response.body
                = m_buffer.sliced(headEnd + 4).first(std::min<qsizetype>(contentLength, m_buffer.size() - headEnd - 4));
            m_buffer.remove(0, headEnd + 4 + response.body.size());
        }
        timer.restart();
        while (m_socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < closeWait) {
            spin(20);
            m_buffer += m_socket.readAll();
        }
        response.closedByServer = m_socket.state() != QAbstractSocket::ConnectedState;
        return response;
    }
    [[nodiscard]] bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

// A running mock issuer with its own database and a fixed clock.
class IssuerFixture
{
public:
    explicit IssuerFixture(IssuerConfig config = IssuerConfig::demo(), qint64 startTime = 1'700'000'000,
                           const QString &databasePath = {}, const HttpLimits &httpLimits = {})
        : clock(startTime)
    {
        MockIssuerOptions options;
        options.httpLimits = httpLimits;
        options.config = std::move(config);
        options.configGiven = true;
        options.clock = &clock;
        options.databasePath
            = databasePath.isEmpty() ? directory.filePath(QStringLiteral("issuer.sqlite")) : databasePath;
        const Result<void> result = issuer.start(options);
        started = bool(result);
        error = result.errorMessage();
    }

    [[nodiscard]] QUrl url(const QString &path) const
    {
        QUrl url = issuer.issuerUrl();
        url.setPath(path);
        return url;
    }

    HttpResult token(const QList<std::pair<QString, QString>> &parameters,
                     const QString &clientId = QStringLiteral("demo"),
                     const QString &secret = QStringLiteral("demo-secret"))
    {
        QList<std::pair<QByteArray, QByteArray>> headers;
        QList<std::pair<QString, QString>> all = parameters;
        if (secret.isEmpty())
            all.append({QStringLiteral("client_id"), clientId});
        else
            headers.append({QByteArrayLiteral("Authorization"), basic(clientId, secret)});
        return http.post(url(QStringLiteral("/token")), form(all), headers);
    }

    HttpResult login(const QString &clientId = QStringLiteral("demo"),
                     const QString &secret = QStringLiteral("demo-secret"),
                     const QString &scope = QStringLiteral("openid offline_access"))
    {
        return token({{QStringLiteral("grant_type"), QStringLiteral("password")},
                      {QStringLiteral("username"), QStringLiteral("alice")},
                      {QStringLiteral("password"), QStringLiteral("alice")},
                      {QStringLiteral("scope"), scope}},
                     clientId, secret);
    }

    HttpResult refresh(const QString &refreshToken, const QString &clientId = QStringLiteral("demo"),
                       const QString &secret = QStringLiteral("demo-secret"))
    {
        return token({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                      {QStringLiteral("refresh_token"), refreshToken}},
                     clientId, secret);
    }

    HttpResult introspect(const QString &token)
    {
        return http.post(
            url(QStringLiteral("/introspect")), form({{QStringLiteral("token"), token}}),
            {{QByteArrayLiteral("Authorization"), basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))}});
    }

    HttpResult admin(const QString &action, const QList<std::pair<QString, QString>> &parameters = {})
    {
        return http.post(url(QStringLiteral("/admin/") + action), form(parameters));
    }

    QTemporaryDir directory;
    FixedClock clock;
    MockIssuer issuer;
    HttpClient http;
    bool started = false;
    QString error;
};

#ifdef TOKENSCOPE_CLI_PATH
// `tokenscope-cli issuer serve` as a child process; the first line it prints is the issuer URL. Killed (SIGKILL) if
// still running when destroyed.
class ServeProcess
{
public:
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning)
            kill();
    }
    // `arguments` follow "issuer serve".
    bool start(const QStringList &arguments)
    {
        m_process.setProgram(QStringLiteral(TOKENSCOPE_CLI_PATH));
        m_process.setArguments(QStringList {QStringLiteral("issuer"), QStringLiteral("serve")} + arguments);
        m_process.setReadChannel(QProcess::StandardOutput);
        m_process.start();
        if (!m_process.waitForStarted(10000))
            return false;
        while (!m_process.canReadLine()) {
            if (!m_process.waitForReadyRead(20000))
                return false;
        }
        m_url = QUrl(QString::fromLatin1(m_process.readLine().trimmed()));
        return m_url.isValid() && m_url.port() > 0;
    }
    [[nodiscard]] QUrl url(const QString &path) const
    {
        QUrl result = m_url;
        result.setPath(path);
        return result;
    }
    void kill()
    {
        m_process.kill(); // SIGKILL
        m_process.waitForFinished(10000);
    }
    // SIGTERM: a clean stop, exit code 0.
    bool terminate()
    {
        m_process.terminate();
        return m_process.waitForFinished(10000) && m_process.exitStatus() == QProcess::NormalExit
            && m_process.exitCode() == 0;
    }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QUrl m_url;
};
#endif

} // namespace tokenscope::issuer::testing
