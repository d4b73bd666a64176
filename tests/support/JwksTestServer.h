#pragma once

#include "crypto/Key.h"
#include "support/TestCertificateAuthority.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTcpServer>
#include <QtHttpServer/QHttpServer>

class QNetworkAccessManager;

namespace tokenscope::test {

// The public JWK Set of `keys`.
[[nodiscard]] QByteArray jwks(const QList<Key> &keys);

// An issuer on loopback over plain http: /jwks serves `jwksBody` (with `jwksCacheControl`, or fails with
// `jwksStatus`), /realm's discovery document names it, and /garbled (HTML), /huge (2 MiB) and /broken (500) fail the
// ways real servers do; a silent port accepts connections and never answers. Counts the JWKS and discovery requests.
// On request, the same /jwks over https with a server certificate from a test CA (an issuer with an internal CA).
class JwksTestServer
{
public:
    QByteArray jwksBody;
    QByteArray jwksCacheControl = defaultCacheControl; // empty: no Cache-Control header
    int jwksStatus = 200; // another status answers /jwks with that status and no body
    int jwksHits = 0;
    int discoveryHits = 0;

    // Before each test: these keys served with max-age 600, no request counted yet.
    void serve(const QByteArray &body);

    // After each test: closes the client's kept-alive connections (TLS ones hold OpenSSL state) and lets both ends
    // delete their sockets, so nothing is left for the leak checker when the test ends.
    static void closeConnections(QNetworkAccessManager &network);

    // Empty when both servers listen, else why not.
    [[nodiscard]] QString start();

    // "http://127.0.0.1:port"
    [[nodiscard]] QString base() const { return m_base; }
    [[nodiscard]] QString silentUrl() const;

    // Empty when the https server listens (or already did), else why it cannot: a reason to skip.
    [[nodiscard]] QString startHttps();
    // "https://127.0.0.1:port" once startHttps() succeeded.
    [[nodiscard]] QString httpsBase() const { return m_httpsBase; }
    // The test CA that signed the https server's certificate (PEM).
    [[nodiscard]] QString caBundlePath() const { return m_authority.certificatePath(); }

private:
    static constexpr char defaultCacheControl[] = "max-age=600";

    QHttpServer m_server;
    QHttpServer m_https;
    QTcpServer m_silent;
    TestCertificateAuthority m_authority {QStringLiteral("Tokenscope Panel Test CA")};
    QString m_base;
    QString m_httpsBase;
};

} // namespace tokenscope::test
