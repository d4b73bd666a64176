#pragma once

#include "issuer/HttpRequestHead.h"

#include <QTcpServer>

#include <functional>

namespace tokenscope::issuer {

// The listening socket the mock issuer hands to Qt HTTP Server (QAbstractHttpServer::bind): every connection gets
// an HttpConnectionGuard in front of Qt's request parser, and connections past HttpLimits::maxConnections are
// answered 503 and closed instead of piling up.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(const HttpLimits &limits, QObject *parent = nullptr);

    [[nodiscard]] int openConnections() const { return m_openConnections; }
    // Asked after each request Qt HTTP Server handled: true drops that answer unsent and closes the connection (the
    // issuer's drop_refresh_response fault). Requests are handled one at a time on this thread, so the answer to
    // "this request" is never another connection's.
    void setAnswerDropper(std::function<bool()> dropAnswer) { m_dropAnswer = std::move(dropAnswer); }

signals:
    // The front door answered a request itself (see HttpConnectionGuard::requestRefused).
    void requestRefused(const QByteArray &method, const QByteArray &target, int status, const QString &description);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    HttpLimits m_limits;
    int m_openConnections = 0;
    std::function<bool()> m_dropAnswer;
};

} // namespace tokenscope::issuer
