#include "support/JwksTestServer.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QTest>
#include <QtHttpServer/QHttpServerResponse>

namespace tokenscope::test {

QByteArray jwks(const QList<Key> &keys)
{
    QByteArray body = "{\"keys\":[";
    for (qsizetype i = 0; i < keys.size(); ++i)
        body += (i ? "," : "") + keys.at(i).toJwk(Key::Export::PublicOnly);
    return body + "]}";
}

void JwksTestServer::serve(const QByteArray &body)
{
    jwksBody = body;
    jwksCacheControl = defaultCacheControl;
    jwksStatus = 200;
    jwksHits = 0;
    discoveryHits = 0;
}

void JwksTestServer::closeConnections(QNetworkAccessManager &network)
{
    network.clearConnectionCache();
    QTest::qWait(1);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

QString JwksTestServer::start()
{
    m_server.route(QStringLiteral("/jwks"), [this] {
        ++jwksHits;
        if (jwksStatus != 200)
            return QHttpServerResponse(QHttpServerResponse::StatusCode(jwksStatus));
        QHttpServerResponse response(QByteArrayLiteral("application/json"), jwksBody);
        if (!jwksCacheControl.isEmpty())
            response.setHeader(QByteArrayLiteral("Cache-Control"), jwksCacheControl);
        return response;
    });
    m_server.route(QStringLiteral("/realm/.well-known/openid-configuration"), [this] {
        ++discoveryHits;
        const QByteArray body
            = QStringLiteral("{\"issuer\":\"%1/realm\",\"jwks_uri\":\"%1/jwks\"}").arg(m_base).toUtf8();
        return QHttpServerResponse(QByteArrayLiteral("application/json"), body);
    });
    m_server.route(QStringLiteral("/garbled"),
                   [] { return QHttpServerResponse(QByteArrayLiteral("text/html"), "<html>sign in</html>"); });
    m_server.route(QStringLiteral("/huge"), [] {
        return QHttpServerResponse(QByteArrayLiteral("application/json"), QByteArray(qsizetype(2) * 1024 * 1024, ' '));
    });
    m_server.route(QStringLiteral("/broken"),
                   [] { return QHttpServerResponse(QHttpServerResponse::StatusCode::InternalServerError); });
    const quint16 port = m_server.listen(QHostAddress::LocalHost);
    if (port == 0)
        return QStringLiteral("cannot listen for http");
    m_base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    if (!m_silent.listen(QHostAddress::LocalHost))
        return QStringLiteral("cannot listen for the silent server");
    QObject::connect(&m_silent, &QTcpServer::newConnection, &m_silent,
                     [this] { (void)m_silent.nextPendingConnection(); });
    return {};
}

QString JwksTestServer::silentUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/jwks").arg(m_silent.serverPort());
}

QString JwksTestServer::startHttps()
{
    if (!m_httpsBase.isEmpty())
        return {};
    if (QString unavailable = TestCertificateAuthority::unavailableReason(); !unavailable.isEmpty())
        return unavailable;
    if (QString failed = m_authority.create(); !failed.isEmpty())
        return failed;
    m_https.route(QStringLiteral("/jwks"),
                  [this] { return QHttpServerResponse(QByteArrayLiteral("application/json"), jwksBody); });
    m_https.sslSetup(m_authority.serverCertificate(), m_authority.serverKey());
    const quint16 port = m_https.listen(QHostAddress::LocalHost);
    if (port == 0)
        return QStringLiteral("cannot listen for https");
    m_httpsBase = QStringLiteral("https://127.0.0.1:%1").arg(port);
    return {};
}

} // namespace tokenscope::test
