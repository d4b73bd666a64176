#pragma once

#include "issuer/HttpRequestHead.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace tokenscope::issuer {

// Stands in front of Qt HTTP Server 6.4 on one connection. Qt's request parser accepts what it should refuse
// (conflicting Content-Length, Content-Length with Transfer-Encoding, unbounded header sections), answers nothing
// to a garbage request line, ignores "Connection: close" and never times out an idle connection. The guard reads
// the same bytes first (it peeks, it never takes them), frames every request with HttpRequestHead, and:
// - answers a request it refuses itself (400, 408, 411, 413, 414, 417, 431, 501, 505) and closes the connection
//   before Qt reads any byte of it;
// - closes the connection once Qt has answered a request that asked for it (RFC 9112 §9.6);
// - closes idle connections and requests that take too long (HttpLimits);
// - says "100 Continue" when a client waits for it (RFC 9110 §10.1.1).
//
// Ordering matters: the guard's first readyRead slot is connected before Qt's and its second after Qt's, so for
// every batch of bytes it frames them, Qt parses what it may, and the guard then sees how far Qt got
// (QTcpSocket::bytesAvailable() is what Qt left unread).
class HttpConnectionGuard : public QObject
{
    Q_OBJECT

public:
    // `httpServer` is the object Qt HTTP Server connects its readyRead slot with; the guard disconnects it to keep
    // Qt from reading a refused request.
    HttpConnectionGuard(QTcpSocket *socket, QObject *httpServer, const HttpLimits &limits);

    // Call once Qt HTTP Server has taken the socket (its readyRead slot is connected).
    void attachAfterServer();
    // GuardedTcpServer::setAnswerDropper.
    void setAnswerDropper(std::function<bool()> dropAnswer) { m_dropAnswer = std::move(dropAnswer); }

    // Answers a connection that cannot be served at all (too many connections) and closes it.
    static void refuseConnection(QTcpSocket *socket, int status, const QString &description);

signals:
    // The guard answered a request itself; for the issuer's request log.
    void requestRefused(const QByteArray &method, const QByteArray &target, int status, const QString &description);

private:
    void beforeServerReads();
    void afterServerRead();
    void frame(QByteArrayView bytes);
    void refuse(const HttpRefusal &refusal);
    void closeGracefully();
    void onIdleTimeout();
    void onRequestTimeout();
    [[nodiscard]] qint64 consumedByServer() const { return m_received - m_unreadByServer; }

    enum class Stage { RequestHead, RequestBody, Closing };

    QTcpSocket *m_socket;
    std::function<bool()> m_dropAnswer;
    QPointer<QObject> m_httpServer;
    HttpLimits m_limits;
    Stage m_stage = Stage::RequestHead;
    QByteArray m_head; // the request head being read
    QByteArray m_lastMethod; // of the request being read, for the log
    QByteArray m_lastTarget;
    qint64 m_bodyRemaining = 0;
    qint64 m_received = 0; // bytes of the stream the guard has seen
    qint64 m_unreadByServer = 0; // of those, what Qt has not read yet
    qint64 m_requestStart = 0; // stream offset of the request being read
    qint64 m_closeAfter = -1; // stream offset at which Qt has read a request that asked to close
    std::optional<HttpRefusal> m_pendingRefusal; // sent once Qt has answered every request before it
    qint64 m_refuseAt = -1; // stream offset of the refused request
    qint64 m_discarded = 0; // bytes thrown away while closing
    QTimer m_idleTimer;
    QTimer m_requestTimer;
};

} // namespace tokenscope::issuer
