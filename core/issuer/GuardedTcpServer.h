#pragma once

#include "issuer/HttpRequestHead.h"

#include <QTcpServer>

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

signals:
    // The front door answered a request itself (see HttpConnectionGuard::requestRefused).
    void requestRefused(const QByteArray &method, const QByteArray &target, int status, const QString &description);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    HttpLimits m_limits;
    int m_openConnections = 0;
};

} // namespace tokenscope::issuer
