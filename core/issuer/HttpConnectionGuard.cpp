#include "issuer/HttpConnectionGuard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace tokenscope::issuer {

namespace {

// After a refusal or a "Connection: close" answer, bytes still arriving are read and thrown away for this long (or
// this much) before the socket is closed: closing with unread input makes the kernel send a reset, and a reset can
// destroy the answer before the client reads it (RFC 9112 §9.6).
constexpr int lingerMilliseconds = 2000;
constexpr qint64 lingerMaxBytes = 4 * 1024 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 417:
        return "Expectation Failed";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}

// The same RFC 6749 §5.2 error body the issuer's endpoints answer with.
QByteArray errorResponse(int status, const QString &description)
{
    const QString code = status == 503 ? QStringLiteral("temporarily_unavailable") : QStringLiteral("invalid_request");
    const QByteArray body = QJsonDocument(QJsonObject {{QStringLiteral("error"), code},
                                                       {QStringLiteral("error_description"), description}})
                                .toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

HttpConnectionGuard::HttpConnectionGuard(QTcpSocket *socket, QObject *httpServer, const HttpLimits &limits)
    : QObject(socket), m_socket(socket), m_httpServer(httpServer), m_limits(limits)
{
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_limits.idleTimeout);
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(m_limits.requestTimeout);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpConnectionGuard::onIdleTimeout);
    connect(&m_requestTimer, &QTimer::timeout, this, &HttpConnectionGuard::onRequestTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnectionGuard::beforeServerReads);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_stage != Stage::Closing)
            m_idleTimer.start();
    });
    m_idleTimer.start();
}

void HttpConnectionGuard::attachAfterServer()
{
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnectionGuard::afterServerRead);
}

void HttpConnectionGuard::refuseConnection(QTcpSocket *socket, int status, const QString &description)
{
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    auto *guard = new HttpConnectionGuard(socket, nullptr, HttpLimits());
    guard->refuse(HttpRefusal {status, description});
}

void HttpConnectionGuard::beforeServerReads()
{
    if (m_stage == Stage::Closing) {
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_discarded += m_socket->skip(m_socket->bytesAvailable());
        if (m_discarded > lingerMaxBytes)
            m_socket->abort();
        return;
    }
    m_idleTimer.start();
    const qint64 available = m_socket->bytesAvailable();
    if (available > m_unreadByServer) {
        const QByteArray fresh = m_socket->peek(available).sliced(m_unreadByServer);
        m_received += fresh.size();
        m_unreadByServer = available;
        frame(fresh);
    }
    if (m_pendingRefusal && consumedByServer() >= m_refuseAt)
        refuse(*m_pendingRefusal);
}

void HttpConnectionGuard::afterServerRead()
{
    if (m_stage == Stage::Closing || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    // QAbstractSocket::abort() discards the answer still in the write buffer: the client sees the connection close
    // with no response, as when a proxy or the network loses it.
    if (m_dropAnswer && m_dropAnswer()) {
        m_stage = Stage::Closing;
        m_socket->abort();
        return;
    }
    m_unreadByServer = m_socket->bytesAvailable();
    if (m_pendingRefusal && consumedByServer() >= m_refuseAt)
        refuse(*m_pendingRefusal);
    else if (m_closeAfter >= 0 && consumedByServer() >= m_closeAfter)
        closeGracefully();
}

void HttpConnectionGuard::frame(QByteArrayView bytes)
{
    // Offsets in the connection's byte stream: `bytes` ends at m_received.
    const qint64 base = m_received - bytes.size();
    qsizetype i = 0;
    while (i < bytes.size() && !m_pendingRefusal && m_closeAfter < 0) {
        if (m_stage == Stage::RequestBody) {
            const qint64 take = std::min<qint64>(m_bodyRemaining, bytes.size() - i);
            m_bodyRemaining -= take;
            i += take;
        } else {
            if (m_head.isEmpty()) {
                // RFC 9112 §2.2: empty lines before a request line are ignored (Qt HTTP Server skips them too).
                if (bytes[i] == '\r' || bytes[i] == '\n') {
                    ++i;
                    continue;
                }
                m_requestTimer.start();
            }
            const qsizetype searchFrom = std::max<qsizetype>(0, m_head.size() - 3);
            const qsizetype room = m_limits.maxHeadBytes + 1 - m_head.size();
            const QByteArrayView chunk = bytes.sliced(i, std::min<qsizetype>(room, bytes.size() - i));
            m_head += chunk;
            const qsizetype end = m_head.indexOf("\r\n\r\n", searchFrom);
            if (end < 0) {
                i += chunk.size();
                const qsizetype lineEnd = m_head.indexOf("\r\n");
                if (m_head.size() > m_limits.maxHeadBytes
                    || (lineEnd < 0 && m_head.size() > m_limits.maxRequestLineBytes)) {
                    // Parse what there is: it names the limit that was passed (414 or 431).
                    HttpRequestHead head = HttpRequestHead::parse(m_head + "\r\n\r\n", m_limits);
                    if (!head.refusal || (head.refusal->status != 414 && head.refusal->status != 431))
                        head.refusal = HttpRefusal {
                            431,
                            QStringLiteral("request header section larger than %1 bytes").arg(m_limits.maxHeadBytes)};
                    m_lastMethod = head.method;
                    m_lastTarget = head.target;
                    m_pendingRefusal = head.refusal;
                    m_refuseAt = m_requestStart;
                }
                continue;
            }
            const qsizetype headSize = end + 4;
            i += chunk.size() - (m_head.size() - headSize);
            m_head.truncate(headSize);
            const HttpRequestHead head = HttpRequestHead::parse(m_head, m_limits);
            m_lastMethod = head.method;
            m_lastTarget = head.target;
            m_head.clear();
            if (head.refusal) {
                m_pendingRefusal = head.refusal;
                m_refuseAt = m_requestStart;
                break;
            }
            // Only when Qt has answered every earlier request, so that "100 Continue" cannot overtake an answer.
            if (head.expectsContinue && m_requestStart <= consumedByServer())
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_bodyRemaining = head.contentLength;
            m_stage = Stage::RequestBody;
            if (head.afterResponse == HttpRequestHead::AfterResponse::Close)
                m_closeAfter = base + i + m_bodyRemaining; // where this request ends
        }
        if (m_stage == Stage::RequestBody && m_bodyRemaining == 0) {
            m_requestTimer.stop();
            m_stage = Stage::RequestHead;
            m_requestStart = base + i;
        }
    }
}

void HttpConnectionGuard::refuse(const HttpRefusal &refusal)
{
    m_pendingRefusal.reset();
    emit requestRefused(m_lastMethod, m_lastTarget, refusal.status, refusal.description);
    closeGracefully();
    m_socket->write(errorResponse(refusal.status, refusal.description));
    m_socket->flush();
}

void HttpConnectionGuard::closeGracefully()
{
    if (m_stage == Stage::Closing)
        return;
    m_stage = Stage::Closing;
    m_idleTimer.stop();
    m_requestTimer.stop();
    // Qt HTTP Server reads nothing more from this connection.
    if (m_httpServer)
        disconnect(m_socket, &QTcpSocket::readyRead, m_httpServer, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_discarded += m_socket->skip(m_socket->bytesAvailable());
    connect(m_socket, &QTcpSocket::readChannelFinished, m_socket, &QTcpSocket::abort, Qt::QueuedConnection);
    QTimer::singleShot(lingerMilliseconds, m_socket, &QTcpSocket::abort);
    // Half-close once the answer has left: the client reads it, then sees the end of the stream.
    auto shutdownWhenWritten = [socket = m_socket] {
        if (socket->bytesToWrite() > 0 || socket->state() != QAbstractSocket::ConnectedState)
            return;
#ifdef Q_OS_UNIX
        ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
#else
        socket->disconnectFromHost();
#endif
    };
    connect(m_socket, &QTcpSocket::bytesWritten, this, shutdownWhenWritten);
    QTimer::singleShot(0, this, shutdownWhenWritten);
}

void HttpConnectionGuard::onIdleTimeout()
{
    // A request half read when the connection went quiet gets 408; a connection between requests just closes
    // (RFC 9112 §9.5: clients retry an idempotent request on a closed persistent connection).
    if (!m_head.isEmpty() || m_stage == Stage::RequestBody)
        refuse(HttpRefusal {408, QStringLiteral("the request was not completed in time")});
    else
        closeGracefully();
}

void HttpConnectionGuard::onRequestTimeout()
{
    refuse(HttpRefusal {
        408, QStringLiteral("the request took longer than %1 ms to arrive").arg(m_limits.requestTimeout.count())});
}

} // namespace tokenscope::issuer
