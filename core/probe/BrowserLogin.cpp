#include "probe/BrowserLogin.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace tokenscope::probe {

namespace {

constexpr qsizetype maxRequestHead
    = qsizetype(8) * 1024; // a redirect's request line and headers; more is not a browser's
const QString callbackPath = u"/callback"_s;

QByteArray randomValue()
{
    // RFC 7636 §7.1 and RFC 6749 §10.10: 32 bytes from a cryptographic generator (QRandomGenerator::system()).
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

BrowserLogin::BrowserLogin(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finishWithError(u"timeout"_s, tr("nobody signed in within %1 s").arg(m_options.timeoutMs / 1000));
    });
}

BrowserLogin::~BrowserLogin()
{
    stop();
}

void BrowserLogin::setUrlOpener(UrlOpener opener)
{
    m_opener = std::move(opener);
}

QByteArray BrowserLogin::newCodeVerifier()
{
    return randomValue();
}

QByteArray BrowserLogin::codeChallenge(const QByteArray &verifier)
{
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

void BrowserLogin::start(const Options &options)
{
    stop();
    m_options = options;
    m_running = true;
    m_server = new QTcpServer(this);
    // RFC 8252 §8.3: the loopback IP literal, not "localhost", so no other interface or resolver is involved.
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        const QString reason = m_server->errorString();
        QMetaObject::invokeMethod(
            this, [this, reason] { finishWithError(u"listen_failed"_s, reason); }, Qt::QueuedConnection);
        return;
    }
    connect(m_server, &QTcpServer::newConnection, this, &BrowserLogin::onNewConnection);
    m_redirectUri = u"http://127.0.0.1:%1%2"_s.arg(m_server->serverPort()).arg(callbackPath);
    m_state = randomValue();
    m_codeVerifier = newCodeVerifier();

    QUrl url = options.authorizationEndpoint;
    QUrlQuery query(url);
    query.addQueryItem(u"response_type"_s, u"code"_s);
    query.addQueryItem(u"client_id"_s, QString::fromUtf8(QUrl::toPercentEncoding(options.clientId)));
    query.addQueryItem(u"redirect_uri"_s, QString::fromUtf8(QUrl::toPercentEncoding(m_redirectUri)));
    if (!options.scope.isEmpty())
        query.addQueryItem(u"scope"_s, QString::fromUtf8(QUrl::toPercentEncoding(options.scope)));
    query.addQueryItem(u"state"_s, QString::fromLatin1(m_state));
    query.addQueryItem(u"nonce"_s, QString::fromLatin1(randomValue())); // OpenID Connect Core §3.1.2.1
    query.addQueryItem(u"code_challenge"_s, QString::fromLatin1(codeChallenge(m_codeVerifier)));
    query.addQueryItem(u"code_challenge_method"_s, u"S256"_s);
    url.setQuery(query);

    m_timeout.start(options.timeoutMs);
    emit authorizationUrlReady(url);
    if (m_opener && m_running)
        m_opener(url);
}

void BrowserLogin::cancel()
{
    if (m_running)
        finishWithError(u"cancelled"_s, tr("the login was cancelled"));
}

void BrowserLogin::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        socket->setParent(this); // outlives the closed listener until its answer is written
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    }
}

void BrowserLogin::onReadyRead(QTcpSocket *socket)
{
    QByteArray head = socket->property("head").toByteArray() + socket->readAll();
    if (head.size() > maxRequestHead)
        return answer(socket, 431, "Request Header Fields Too Large", tr("The request is too large."));
    socket->setProperty("head", head);
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0)
        return; // wait for the rest of the head
    const QList<QByteArray> lines = head.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || requestLine[0] != "GET")
        return answer(socket, 405, "Method Not Allowed", tr("Only the login's redirect is answered here."));
    // DNS rebinding: a page elsewhere could reach this port under another name; the browser was sent to
    // 127.0.0.1:PORT, so that is the only Host accepted.
    const QByteArray expectedHost = "127.0.0.1:" + QByteArray::number(m_server ? m_server->serverPort() : 0);
    int hostCount = 0;
    bool hostOk = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "host") {
            ++hostCount;
            hostOk = line.mid(colon + 1).trimmed() == expectedHost;
        }
    }
    if (hostCount != 1 || !hostOk)
        return answer(socket, 400, "Bad Request", tr("Wrong Host."));
    const QUrl target(QString::fromLatin1(requestLine[1]));
    if (target.path() != callbackPath)
        return answer(socket, 404, "Not Found", tr("Not found."));
    if (!m_running)
        return answer(socket, 410, "Gone", tr("This login has already finished."));

    const QUrlQuery query(target);
    auto parameter = [&query](const QString &name) {
        return query.queryItemValue(name, QUrl::FullyDecoded);
    };
    // RFC 6749 §10.12: a redirect without our state was not started by this login (CSRF, or a stale tab): the login
    // stops rather than trust any later answer on this port.
    if (parameter(u"state"_s).toLatin1() != m_state) {
        answer(socket, 400, "Bad Request", tr("This answer does not belong to the login in progress."));
        return finishWithError(u"state_mismatch"_s, tr("the redirect's state does not match the request's"));
    }
    // RFC 9207 §2.4: when the issuer names itself, it must be the one the login started at (mix-up attacks).
    if (query.hasQueryItem(u"iss"_s) && !m_options.issuer.isEmpty() && parameter(u"iss"_s) != m_options.issuer) {
        answer(socket, 400, "Bad Request", tr("The answer came from another issuer."));
        return finishWithError(
            u"issuer_mismatch"_s,
            tr("the redirect's iss \"%1\" is not the issuer \"%2\"").arg(parameter(u"iss"_s), m_options.issuer));
    }
    if (query.hasQueryItem(u"error"_s)) {
        const QString error = parameter(u"error"_s);
        answer(socket, 200, "OK", tr("The login was refused (%1). You can close this page.").arg(error));
        return finishWithError(error, tr("the issuer refused the login: error \"%1\"").arg(error));
    }
    const QByteArray code = parameter(u"code"_s).toUtf8();
    if (code.isEmpty()) {
        answer(socket, 400, "Bad Request", tr("The answer has no code."));
        return finishWithError(u"no_code"_s, tr("the redirect carries neither a code nor an error"));
    }
    answer(socket, 200, "OK", tr("Tokenscope is signed in. You can close this page."));
    BrowserLoginResult result {code, m_codeVerifier, m_redirectUri};
    stop();
    emit succeeded(result);
}

void BrowserLogin::answer(QTcpSocket *socket, int status, const QByteArray &reason, const QString &text)
{
    const QByteArray body = text.toUtf8() + '\n';
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                  + "\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\nConnection: "
                    "close\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    // Handed to the system now: the login (and this socket) may be deleted before the event loop writes it.
    socket->flush();
    socket->disconnectFromHost();
}

void BrowserLogin::finishWithError(const QString &code, const QString &message)
{
    stop();
    emit failed(code, message);
}

void BrowserLogin::stop()
{
    m_running = false;
    m_timeout.stop();
    if (m_server) {
        // One good callback (or the end of the login) closes the port; open connections finish their answer.
        m_server->close();
        m_server->deleteLater();
        m_server = nullptr;
    }
    m_state.clear();
    m_codeVerifier.fill('\0');
    m_codeVerifier.clear();
}

} // namespace tokenscope::probe
