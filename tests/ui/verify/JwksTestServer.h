#pragma once

// Shared by the key-source and verification-panel tests (which link Qt HTTP Server): an issuer on loopback.

#include "crypto/Key.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerResponse>

namespace tokenscope::test {

// The public JWK Set of `keys`.
inline QByteArray jwks(const QList<Key> &keys)
{
    QByteArray body = "{\"keys\":[";
    for (qsizetype i = 0; i < keys.size(); ++i)
        body += (i ? "," : "") + keys.at(i).toJwk(Key::Export::PublicOnly);
    return body + "]}";
}

// An issuer on loopback over plain http: /jwks serves `jwksBody` with max-age 600, /realm's discovery document
// names it, and /garbled (HTML), /huge (2 MiB) and /broken (500) fail the ways real servers do; a silent port
// accepts connections and never answers. Counts the JWKS and discovery requests. On request, the same /jwks over
// https with a server certificate from a test CA (an issuer with an internal CA), made with the openssl command.
class JwksTestServer
{
public:
    QByteArray jwksBody;
    int jwksHits = 0;
    int discoveryHits = 0;

    // Before each test: these keys served, no request counted yet.
    void serve(const QByteArray &body)
    {
        jwksBody = body;
        jwksHits = 0;
        discoveryHits = 0;
    }

    // After each test: closes the client's kept-alive connections (TLS ones hold OpenSSL state) and lets both ends
    // delete their sockets, so nothing is left for the leak checker when the test ends.
    static void closeConnections(QNetworkAccessManager &network)
    {
        network.clearConnectionCache();
        QTest::qWait(1);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }

    // Empty when both servers listen, else why not.
    QString start()
    {
        m_server.route(QStringLiteral("/jwks"), [this] {
            ++jwksHits;
            QHttpServerResponse response(QByteArrayLiteral("application/json"), jwksBody);
            response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("max-age=600"));
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
            return QHttpServerResponse(QByteArrayLiteral("application/json"), QByteArray(2 * 1024 * 1024, ' '));
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

    // "http://127.0.0.1:port"
    [[nodiscard]] QString base() const { return m_base; }
    [[nodiscard]] QString silentUrl() const
    {
        return QStringLiteral("http://127.0.0.1:%1/jwks").arg(m_silent.serverPort());
    }

    // "https://127.0.0.1:port" once startHttps() succeeded.
    [[nodiscard]] QString httpsBase() const { return m_httpsBase; }
    // The test CA that signed the https server's certificate (PEM).
    [[nodiscard]] QString caBundlePath() const { return m_certificates.filePath(QStringLiteral("ca.pem")); }

    // Empty when the https server listens (or already did), else why it cannot: a reason to skip.
    QString startHttps()
    {
        if (!m_httpsBase.isEmpty())
            return {};
        if (!QSslSocket::supportsSsl())
            return QStringLiteral("Qt has no TLS backend here");
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            return QStringLiteral("the openssl command is not installed");
        const QDir dir(m_certificates.path());
        QFile extensions(dir.filePath(QStringLiteral("server.ext")));
        if (!extensions.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write the certificate extensions");
        extensions.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                         "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
        extensions.close();
        using namespace Qt::StringLiterals;
        const QList<QStringList> commands {
            {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:P-256"_s, u"-nodes"_s,
             u"-keyout"_s, u"ca.key"_s, u"-out"_s, u"ca.pem"_s, u"-days"_s, u"2"_s, u"-subj"_s,
             u"/CN=Tokenscope Panel Test CA"_s, u"-addext"_s, u"basicConstraints=critical,CA:TRUE"_s, u"-addext"_s,
             u"keyUsage=critical,keyCertSign,cRLSign"_s},
            {u"req"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:P-256"_s, u"-nodes"_s, u"-keyout"_s,
             u"server.key"_s, u"-out"_s, u"server.csr"_s, u"-subj"_s, u"/CN=127.0.0.1"_s},
            {u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s, u"ca.key"_s,
             u"-CAcreateserial"_s, u"-out"_s, u"server.pem"_s, u"-days"_s, u"2"_s, u"-extfile"_s, u"server.ext"_s},
        };
        for (const QStringList &arguments : commands) {
            QProcess process;
            process.setWorkingDirectory(dir.path());
            process.start(openssl, arguments);
            if (!process.waitForFinished(30000) || process.exitCode() != 0)
                return QStringLiteral("openssl failed: ") + QString::fromLocal8Bit(process.readAllStandardError());
        }
        const auto read = [&dir](const QString &name) {
            QFile file(dir.filePath(name));
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        const QSslCertificate certificate(read(QStringLiteral("server.pem")), QSsl::Pem);
        const QSslKey key(read(QStringLiteral("server.key")), QSsl::Ec, QSsl::Pem);
        if (certificate.isNull() || key.isNull())
            return QStringLiteral("the test certificate did not load");
        m_https.route(QStringLiteral("/jwks"),
                      [this] { return QHttpServerResponse(QByteArrayLiteral("application/json"), jwksBody); });
        m_https.sslSetup(certificate, key);
        const quint16 port = m_https.listen(QHostAddress::LocalHost);
        if (port == 0)
            return QStringLiteral("cannot listen for https");
        m_httpsBase = QStringLiteral("https://127.0.0.1:%1").arg(port);
        return {};
    }

private:
    QHttpServer m_server;
    QHttpServer m_https;
    QTcpServer m_silent;
    QTemporaryDir m_certificates;
    QString m_base;
    QString m_httpsBase;
};

} // namespace tokenscope::test
