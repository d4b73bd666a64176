#include "issuer/GuardedTcpServer.h"

#include "issuer/HttpConnectionGuard.h"

#include <QTcpSocket>

#include <algorithm>

namespace tokenscope::issuer {

GuardedTcpServer::GuardedTcpServer(const HttpLimits &limits, QObject *parent) : QTcpServer(parent), m_limits(limits)
{
    // Qt's default backlog (50) leaves a burst of connections half open in the kernel, where neither the limit nor
    // the idle time-out can see them; let the kernel queue as many as the issuer would accept.
    setListenBacklogSize(std::max(listenBacklogSize(), m_limits.maxConnections));
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    if (m_openConnections >= m_limits.maxConnections) {
        HttpConnectionGuard::refuseConnection(
            socket, 503, QStringLiteral("more than %1 connections are open").arg(m_limits.maxConnections));
        return;
    }
    ++m_openConnections;
    connect(socket, &QObject::destroyed, this, [this] { --m_openConnections; });
    // bind() made Qt HTTP Server this server's parent; it connects its readyRead slot with itself as the context.
    auto *guard = new HttpConnectionGuard(socket, parent(), m_limits);
    guard->setAnswerDropper(m_dropAnswer);
    connect(guard, &HttpConnectionGuard::requestRefused, this, &GuardedTcpServer::requestRefused);
    // Qt HTTP Server takes the socket here (pendingConnectionAvailable), connecting its readyRead slot after the
    // guard's first one; the guard's second slot goes after Qt's.
    addPendingConnection(socket);
    guard->attachAfterServer();
}

} // namespace tokenscope::issuer
