#include "net/CacheControl.h"
#include "net/JwksClient.h"
#include "net/UrlPolicy.h"
#include "support/TestCertificateAuthority.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerResponse>

using namespace tokenscope;
using namespace Qt::StringLiterals;
using Kind = FetchError::Kind;
using Status = QHttpServerResponse::StatusCode;
using PlainHttp = UrlPolicy::PlainHttp;
using tokenscope::test::TestCertificateAuthority;

Q_DECLARE_METATYPE(tokenscope::FetchError::Kind)
Q_DECLARE_METATYPE(tokenscope::UrlPolicy::PlainHttp)

namespace {

// Two usable keys (RFC 7517 A.1 EC key, RFC 8037 A.2 Ed25519 key) and one of an unknown type that must be skipped.
const QByteArray jwksBody = R"({"keys":[
 {"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","use":"sig","kid":"ec-1"},
 {"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"ed-1"},
 {"kty":"XYZ","kid":"odd"}
]})";

QHttpServerResponse json(const QByteArray &body)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"), body);
}

QHttpServerResponse redirect(const QByteArray &location)
{
    QHttpServerResponse response(Status::Found);
    response.setHeader(QByteArrayLiteral("Location"), location);
    return response;
}

QByteArray discovery(const QString &issuer, const QString &jwksUri)
{
    QJsonObject object {{QStringLiteral("issuer"), issuer}};
    if (!jwksUri.isEmpty())
        object.insert(QStringLiteral("jwks_uri"), jwksUri);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

// JwksClient and UrlPolicy: the URL rules, and every way a JWKS or discovery fetch ends, against real servers on
// loopback (Qt HTTP Server over http and https with a CA made at test time, plus raw sockets that stall).
class TestJwksClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        addRoutes(m_http, &m_httpBase);
        const quint16 httpPort = m_http.listen(QHostAddress::LocalHost);
        QVERIFY(httpPort != 0);
        m_httpBase = QStringLiteral("http://127.0.0.1:%1").arg(httpPort);

        // Accepts and never answers.
        QVERIFY(m_silent.listen(QHostAddress::LocalHost));
        connect(&m_silent, &QTcpServer::newConnection, this, [this] { (void)m_silent.nextPendingConnection(); });

        // Answers 200 without Content-Length, sends 64 KiB and keeps the connection open: only a streaming size
        // check stops this before the timeout.
        QVERIFY(m_endless.listen(QHostAddress::LocalHost));
        connect(&m_endless, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_endless.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n");
                socket->write(QByteArray(64 * 1024, ' '));
            });
        });

        // A port nobody listens on.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        m_refusedPort = closed.serverPort();
        closed.close();

        setUpHttps();
    }

    void urlPolicyDecidesBeforeAnyRequest_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<PlainHttp>("plainHttp");
        QTest::addColumn<Kind>("expected");
        QTest::newRow("https") << u"https://idp.example/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::None;
        QTest::newRow("https with port") << u"https://idp.example:8443/realm"_s << PlainHttp::LoopbackOnly
                                         << Kind::None;
        QTest::newRow("http to a remote host")
            << u"http://example.com/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::InsecureUrl;
        QTest::newRow("http to 127.0.0.1")
            << u"http://127.0.0.1:8080/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::None;
        QTest::newRow("http to 127.1.2.3") << u"http://127.1.2.3/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::None;
        QTest::newRow("http to ::1") << u"http://[::1]:8080/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::None;
        QTest::newRow("http to localhost")
            << u"http://localhost:8080/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::None;
        QTest::newRow("http to LOCALHOST") << u"http://LOCALHOST/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::None;
        QTest::newRow("http to a name ending in localhost")
            << u"http://evil-localhost.example/"_s << PlainHttp::LoopbackOnly << Kind::InsecureUrl;
        QTest::newRow("http to 128.0.0.1")
            << u"http://128.0.0.1/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::InsecureUrl;
        QTest::newRow("opt-in lets http through")
            << u"http://example.com/jwks.json"_s << PlainHttp::AnyHost << Kind::None;
        QTest::newRow("ftp") << u"ftp://example.com/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::InvalidUrl;
        QTest::newRow("ftp even with opt-in")
            << u"ftp://example.com/jwks.json"_s << PlainHttp::AnyHost << Kind::InvalidUrl;
        QTest::newRow("file") << u"file:///etc/passwd"_s << PlainHttp::LoopbackOnly << Kind::InvalidUrl;
        QTest::newRow("user info") << u"https://user:secret@idp.example/jwks.json"_s << PlainHttp::LoopbackOnly
                                   << Kind::InsecureUrl;
        QTest::newRow("user name only") << u"https://user@idp.example/jwks.json"_s << PlainHttp::LoopbackOnly
                                        << Kind::InsecureUrl;
        QTest::newRow("relative") << u"/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::InvalidUrl;
        QTest::newRow("empty") << QString() << PlainHttp::LoopbackOnly << Kind::InvalidUrl;
        QTest::newRow("no host") << u"https:///jwks.json"_s << PlainHttp::LoopbackOnly << Kind::InvalidUrl;
    }
    void urlPolicyDecidesBeforeAnyRequest()
    {
        QFETCH(QString, url);
        QFETCH(PlainHttp, plainHttp);
        QFETCH(Kind, expected);
        const FetchError error = UrlPolicy::check(QUrl(url), plainHttp);
        QCOMPARE(error.kind, expected);
        QCOMPARE(error.message.isEmpty(), expected == Kind::None);
        QCOMPARE(bool(error), expected != Kind::None);
        // The message never repeats a password.
        QVERIFY(!error.message.contains(u"secret"));
    }

    void cacheControlMaxAge_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("absent") << QByteArray() << qint64(-1);
        QTest::newRow("max-age alone") << QByteArray("max-age=300") << qint64(300);
        QTest::newRow("among others") << QByteArray("public, max-age=86400, must-revalidate") << qint64(86400);
        QTest::newRow("case-insensitive name") << QByteArray("Max-Age=60") << qint64(60);
        QTest::newRow("quoted") << QByteArray("max-age=\"120\"") << qint64(120);
        QTest::newRow("zero") << QByteArray("no-cache, max-age=0") << qint64(0);
        QTest::newRow("s-maxage is another directive") << QByteArray("s-maxage=50") << qint64(-1);
        QTest::newRow("negative") << QByteArray("max-age=-5") << qint64(-1);
        QTest::newRow("not a number") << QByteArray("max-age=soon") << qint64(-1);
        QTest::newRow("no value") << QByteArray("max-age=") << qint64(-1);
        QTest::newRow("no-store only") << QByteArray("no-store") << qint64(-1);
    }
    void cacheControlMaxAge()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, expected);
        QCOMPARE(CacheControl::maxAgeSeconds(header), expected);
    }

    void discoveryUrlDropsTrailingSlash_data()
    {
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<QString>("expected");
        QTest::newRow("path") << u"https://idp.example/realms/main"_s
                              << u"https://idp.example/realms/main/.well-known/openid-configuration"_s;
        QTest::newRow("path with slash") << u"https://idp.example/realms/main/"_s
                                         << u"https://idp.example/realms/main/.well-known/openid-configuration"_s;
        QTest::newRow("host only") << u"https://idp.example"_s
                                   << u"https://idp.example/.well-known/openid-configuration"_s;
        QTest::newRow("host with slash") << u"https://idp.example/"_s
                                         << u"https://idp.example/.well-known/openid-configuration"_s;
    }
    void discoveryUrlDropsTrailingSlash()
    {
        QFETCH(QString, issuer);
        QFETCH(QString, expected);
        QCOMPARE(JwksClient::discoveryUrlForIssuer(QUrl(issuer)).toString(), expected);
    }

    void fetchJwksReportsOutcome_data()
    {
        QTest::addColumn<QString>("url"); // {http} {silent} {endless} {refused} are replaced by the test servers
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<qint64>("maxBytes");
        QTest::addColumn<int>("maxRedirects");
        QTest::addColumn<Kind>("expected");
        QTest::addColumn<int>("expectedKeys");
        QTest::addColumn<QString>("messageContains");

        const qint64 megabyte = 1024 * 1024;
        QTest::newRow("key set") << u"{http}/jwks.json"_s << 5000 << megabyte << 3 << Kind::None << 2 << QString();
        QTest::newRow("not found") << u"{http}/missing.json"_s << 5000 << megabyte << 3 << Kind::HttpStatus << 0
                                   << u"HTTP 404 Not Found"_s;
        QTest::newRow("server error") << u"{http}/broken"_s << 5000 << megabyte << 3 << Kind::HttpStatus << 0
                                      << u"HTTP 500"_s;
        QTest::newRow("announced body over the cap")
            << u"{http}/big.json"_s << 5000 << qint64(1024) << 3 << Kind::TooLarge << 0 << u"4096 bytes"_s;
        QTest::newRow("streamed body over the cap")
            << u"{endless}/jwks.json"_s << 5000 << qint64(16 * 1024) << 3 << Kind::TooLarge << 0 << u"16384 bytes"_s;
        QTest::newRow("body at the cap") << u"{http}/jwks.json"_s << 5000 << qint64(jwksBody.size()) << 3 << Kind::None
                                         << 2 << QString();
        QTest::newRow("invalid JSON") << u"{http}/invalid.json"_s << 5000 << megabyte << 3 << Kind::BadJson << 0
                                      << u"offset"_s;
        QTest::newRow("empty key set") << u"{http}/empty.json"_s << 5000 << megabyte << 3 << Kind::NoKeys << 0
                                       << u"no usable key"_s;
        QTest::newRow("only unusable keys")
            << u"{http}/unusable.json"_s << 5000 << megabyte << 3 << Kind::NoKeys << 0 << u"no usable key"_s;
        QTest::newRow("redirects within the limit")
            << u"{http}/redirect/2"_s << 5000 << megabyte << 3 << Kind::None << 2 << QString();
        QTest::newRow("redirect chain too long")
            << u"{http}/redirect/5"_s << 5000 << megabyte << 3 << Kind::BadRedirect << 0 << u"too many redirects"_s;
        QTest::newRow("no redirects allowed")
            << u"{http}/redirect/0"_s << 5000 << megabyte << 0 << Kind::BadRedirect << 0 << u"too many redirects"_s;
        QTest::newRow("redirect from http to https")
            << u"{http}/to-https"_s << 5000 << megabyte << 3 << Kind::BadRedirect << 0 << u"changes the scheme"_s;
        QTest::newRow("redirect to a remote http host")
            << u"{http}/to-remote"_s << 5000 << megabyte << 3 << Kind::BadRedirect << 0 << u"plain http"_s;
        QTest::newRow("server never answers")
            << u"{silent}/jwks.json"_s << 300 << megabyte << 3 << Kind::Timeout << 0 << u"within 0.3 s"_s;
        QTest::newRow("connection refused")
            << u"{refused}/jwks.json"_s << 5000 << megabyte << 3 << Kind::ConnectionRefused << 0 << u"refused"_s;
        QTest::newRow("host not found") << u"https://tokenscope-test.invalid/jwks.json"_s << 5000 << megabyte << 3
                                        << Kind::HostNotFound << 0 << u"tokenscope-test.invalid"_s;
        QTest::newRow("insecure URL is not fetched")
            << u"http://example.com/jwks.json"_s << 5000 << megabyte << 3 << Kind::InsecureUrl << 0 << u"plain http"_s;
    }
    void fetchJwksReportsOutcome()
    {
        QFETCH(QString, url);
        QFETCH(int, timeoutMs);
        QFETCH(qint64, maxBytes);
        QFETCH(int, maxRedirects);
        QFETCH(Kind, expected);
        QFETCH(int, expectedKeys);
        QFETCH(QString, messageContains);

        FetchOptions options;
        options.limits.timeoutMs = timeoutMs;
        options.limits.maxBytes = maxBytes;
        options.limits.maxRedirects = maxRedirects;
        QElapsedTimer elapsed;
        elapsed.start();
        const JwksFetchResult result = JwksClient::fetchJwksBlocking(&m_network, QUrl(expand(url)), options);

        if (expected == Kind::HostNotFound && result.error.kind == Kind::Timeout)
            QSKIP("the resolver here does not answer for .invalid names in time");
        QVERIFY2(result.error.kind == expected, qPrintable(result.error.message));
        QCOMPARE(bool(result), expected == Kind::None);
        QCOMPARE(result.keys.size(), expectedKeys);
        QVERIFY2(result.error.message.contains(messageContains), qPrintable(result.error.message));
        // Every failure says where it happened, and nothing waits past the time limit.
        if (expected != Kind::None) {
            QVERIFY(!result.error.url.isEmpty());
            QVERIFY2(result.error.message.contains(result.error.url.host()), qPrintable(result.error.message));
        }
        QVERIFY(elapsed.elapsed() < timeoutMs + 2000);
        if (expected == Kind::HttpStatus)
            QVERIFY(result.error.httpStatus >= 400);
    }

    void stopsReadingAtTheCap_data()
    {
        QTest::addColumn<QByteArray>("encoding"); // Content-Encoding, empty for none
        QTest::addColumn<QString>("messageContains");
        QTest::newRow("chunked 50 MB") << QByteArray() << u"larger than the limit of 1048576 bytes"_s;
        QTest::newRow("deflate bomb") << QByteArray("deflate") << u"1048576 bytes"_s;
    }
    void stopsReadingAtTheCap()
    {
        QFETCH(QByteArray, encoding);
        QFETCH(QString, messageContains);
        // 50 MB of JSON whitespace, sent as fast as the client takes it: chunked, or as a deflate stream of about 50
        // KB.
        constexpr qint64 total = 50 * 1024 * 1024;
        const QByteArray piece(64 * 1024, ' ');
        QByteArray compressed;
        if (!encoding.isEmpty())
            compressed = qCompress(QByteArray(total, ' '), 9).sliced(4); // zlib stream without Qt's length prefix
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        qint64 sent = 0; // written by the server; Qt's network thread may read ahead of the cap (see JwksClient)
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *socket = server.nextPendingConnection();
            const auto sendMore = [&, socket] {
                while (socket->bytesToWrite() < 256 * 1024 && sent < total
                       && socket->state() == QTcpSocket::ConnectedState) {
                    if (!encoding.isEmpty()) {
                        socket->write(compressed);
                        sent = total;
                        break;
                    }
                    // One chunk of 50 MB, announced up front and written piece by piece.
                    socket->write(sent == 0 ? QByteArray::number(total, 16) + "\r\n" + piece : piece);
                    sent += piece.size();
                    if (sent >= total)
                        socket->write("\r\n0\r\n\r\n");
                }
            };
            connect(socket, &QTcpSocket::readyRead, socket, [socket, sendMore, &encoding, &compressed] {
                socket->readAll();
                QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
                head += encoding.isEmpty() ? QByteArray("Transfer-Encoding: chunked\r\n")
                                           : "Content-Encoding: " + encoding
                        + "\r\nContent-Length: " + QByteArray::number(compressed.size()) + "\r\n";
                socket->write(head + "\r\n");
                sendMore();
            });
            connect(socket, &QTcpSocket::bytesWritten, socket, sendMore);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        });
        FetchOptions options;
        options.limits.timeoutMs = 20000;
        const JwksFetchResult result = JwksClient::fetchJwksBlocking(
            &m_network, QUrl(u"http://127.0.0.1:%1/jwks.json"_s.arg(server.serverPort())), options);
        QVERIFY2(result.error.kind == Kind::TooLarge, qPrintable(result.error.message));
        QVERIFY2(result.error.message.contains(messageContains), qPrintable(result.error.message));
    }

    void fetchJwksKeepsSkippedKeysAndCacheAge()
    {
        const QUrl url(m_httpBase + u"/jwks.json"_s);
        const JwksFetchResult result = JwksClient::fetchJwksBlocking(&m_network, url);
        QVERIFY2(result, qPrintable(result.error.message));
        QCOMPARE(result.jwksUrl, url);
        QCOMPARE(result.maxAgeSeconds, qint64(300));
        QCOMPARE(result.skipped.size(), 1);
        QVERIFY(result.fetchedAt.isValid());
        QVERIFY(qAbs(result.fetchedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QVERIFY(result.discoveryUrl.isEmpty());
        QStringList kids;
        for (const Key &key : result.keys) {
            kids << key.kid();
            QVERIFY2(key.source().contains(url.toString()), qPrintable(key.source()));
        }
        QCOMPARE(kids, QStringList({u"ec-1"_s, u"ed-1"_s}));
    }

    void fetchWithoutCacheControlHasNoMaxAge()
    {
        const JwksFetchResult result
            = JwksClient::fetchJwksBlocking(&m_network, QUrl(m_httpBase + u"/nocache/jwks.json"_s));
        QVERIFY2(result, qPrintable(result.error.message));
        QCOMPARE(result.maxAgeSeconds, qint64(-1));
    }

    void fetchFromIssuerFollowsDiscovery_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<Kind>("expected");
        QTest::addColumn<QString>("expectedIssuer");
        QTest::addColumn<QString>("expectedDiscovery");
        QTest::newRow("issuer URL") << u"{http}/realm"_s << Kind::None << u"{http}/realm"_s
                                    << u"{http}/realm/.well-known/openid-configuration"_s;
        QTest::newRow("issuer URL with trailing slash") << u"{http}/realm/"_s << Kind::None << u"{http}/realm"_s
                                                        << u"{http}/realm/.well-known/openid-configuration"_s;
        QTest::newRow("discovery URL") << u"{http}/realm/.well-known/openid-configuration"_s << Kind::None
                                       << u"{http}/realm"_s << u"{http}/realm/.well-known/openid-configuration"_s;
        QTest::newRow("discovery URL is not checked against an issuer")
            << u"{http}/mismatch/.well-known/openid-configuration"_s << Kind::None << u"https://evil.example"_s
            << u"{http}/mismatch/.well-known/openid-configuration"_s;
        QTest::newRow("issuer mismatch") << u"{http}/mismatch"_s << Kind::IssuerMismatch << u"https://evil.example"_s
                                         << u"{http}/mismatch/.well-known/openid-configuration"_s;
        QTest::newRow("missing jwks_uri") << u"{http}/nojwks"_s << Kind::NoJwksUri << u"{http}/nojwks"_s
                                          << u"{http}/nojwks/.well-known/openid-configuration"_s;
        QTest::newRow("jwks_uri over plain http to a remote host")
            << u"{http}/insecure"_s << Kind::InsecureUrl << u"{http}/insecure"_s
            << u"{http}/insecure/.well-known/openid-configuration"_s;
        QTest::newRow("discovery not found") << u"{http}/unknown"_s << Kind::HttpStatus << QString()
                                             << u"{http}/unknown/.well-known/openid-configuration"_s;
        QTest::newRow("discovery not JSON") << u"{http}/garbled"_s << Kind::BadJson << QString()
                                            << u"{http}/garbled/.well-known/openid-configuration"_s;
        QTest::newRow("issuer with a query") << u"{http}/realm?x=1"_s << Kind::InvalidUrl << QString() << QString();
        QTest::newRow("insecure issuer") << u"http://example.com/realm"_s << Kind::InsecureUrl << QString()
                                         << QString();
    }
    void fetchFromIssuerFollowsDiscovery()
    {
        QFETCH(QString, url);
        QFETCH(Kind, expected);
        QFETCH(QString, expectedIssuer);
        QFETCH(QString, expectedDiscovery);
        const JwksFetchResult result = JwksClient::fetchFromIssuerBlocking(&m_network, QUrl(expand(url)));
        QVERIFY2(result.error.kind == expected, qPrintable(result.error.message));
        QCOMPARE(result.issuer, expand(expectedIssuer));
        QCOMPARE(result.discoveryUrl.toString(), expand(expectedDiscovery));
        if (expected == Kind::None) {
            QCOMPARE(result.keys.size(), 2);
            QCOMPARE(result.jwksUrl.toString(), m_httpBase + u"/jwks.json"_s);
            QCOMPARE(result.maxAgeSeconds, qint64(300));
        } else {
            QVERIFY(!result.error.message.isEmpty());
            QVERIFY(result.keys.isEmpty());
        }
    }

    void httpsNeedsTrustedCertificate_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("issuer");
        QTest::addColumn<bool>("withCa");
        QTest::addColumn<Kind>("expected");
        QTest::newRow("self-made CA is not trusted by default") << u"/jwks.json"_s << false << false << Kind::Tls;
        QTest::newRow("trusted with the extra CA") << u"/jwks.json"_s << false << true << Kind::None;
        QTest::newRow("discovery over https with the extra CA") << u"/realm"_s << true << true << Kind::None;
        QTest::newRow("redirect within https") << u"/redirect/1"_s << false << true << Kind::None;
        QTest::newRow("redirect from https to http refused") << u"/to-http"_s << false << true << Kind::BadRedirect;
    }
    void httpsNeedsTrustedCertificate()
    {
        if (m_httpsBase.isEmpty())
            QSKIP(qPrintable(m_httpsSkipReason));
        QFETCH(QString, path);
        QFETCH(bool, issuer);
        QFETCH(bool, withCa);
        QFETCH(Kind, expected);
        FetchOptions options;
        if (withCa)
            options.caCertificates = {m_ca.certificate()};
        const QUrl url(m_httpsBase + path);
        const JwksFetchResult result = issuer ? JwksClient::fetchFromIssuerBlocking(&m_network, url, options)
                                              : JwksClient::fetchJwksBlocking(&m_network, url, options);
        QVERIFY2(result.error.kind == expected, qPrintable(result.error.message));
        if (expected == Kind::None) {
            QCOMPARE(result.keys.size(), 2);
            QCOMPARE(result.jwksUrl.scheme(), u"https"_s);
        }
        if (expected == Kind::Tls) {
            // The reason is spelled out, not just "handshake failed".
            QVERIFY2(result.error.message.contains(u"TLS error: "), qPrintable(result.error.message));
            QVERIFY2(result.error.message.contains(u"certificate", Qt::CaseInsensitive),
                     qPrintable(result.error.message));
        }
    }

    // One manager serves every fetch, and it caches connections: trust granted by extra CAs must not leak into a
    // fetch without them (or with others), nor a failed fetch poison the next one that brings the right CA.
    void trustIsNotCarriedOverByCachedConnections_data()
    {
        QTest::addColumn<QString>("firstCa");
        QTest::addColumn<Kind>("firstExpected");
        QTest::addColumn<QString>("secondCa");
        QTest::addColumn<Kind>("secondExpected");
        QTest::newRow("extra CA after default") << QString() << Kind::Tls << u"ca"_s << Kind::None;
        QTest::newRow("default after extra CA") << u"ca"_s << Kind::None << QString() << Kind::Tls;
        QTest::newRow("another CA after the right one") << u"ca"_s << Kind::None << u"other"_s << Kind::Tls;
        QTest::newRow("right CA after another one") << u"other"_s << Kind::Tls << u"ca"_s << Kind::None;
    }
    void trustIsNotCarriedOverByCachedConnections()
    {
        if (m_httpsBase.isEmpty())
            QSKIP(qPrintable(m_httpsSkipReason));
        QFETCH(QString, firstCa);
        QFETCH(Kind, firstExpected);
        QFETCH(QString, secondCa);
        QFETCH(Kind, secondExpected);
        const auto optionsWith = [this](const QString &ca) {
            FetchOptions options;
            if (ca == u"ca")
                options.caCertificates = {m_ca.certificate()};
            else if (ca == u"other")
                options.caCertificates = {m_otherCa.certificate()};
            return options;
        };
        const QUrl url(m_httpsBase + u"/jwks.json"_s);
        const JwksFetchResult first = JwksClient::fetchJwksBlocking(&m_network, url, optionsWith(firstCa));
        QVERIFY2(first.error.kind == firstExpected, qPrintable(first.error.message));
        const JwksFetchResult second = JwksClient::fetchJwksBlocking(&m_network, url, optionsWith(secondCa));
        QVERIFY2(second.error.kind == secondExpected, qPrintable(second.error.message));
    }

    void refusedUrlIsReportedFromTheEventLoop()
    {
        JwksClient client(&m_network);
        QList<JwksFetchResult> results;
        connect(&client, &JwksClient::finished, this, [&results](const JwksFetchResult &r) { results << r; });
        client.fetchJwks(QUrl(u"http://example.com/jwks.json"_s));
        // Not synchronous: a caller that connects right after the call still hears about it.
        QVERIFY(results.isEmpty());
        QVERIFY(client.isRunning());
        QTRY_COMPARE(results.size(), 1);
        QCOMPARE(results.first().error.kind, Kind::InsecureUrl);
        QVERIFY(!client.isRunning());
    }

    void cancelFinishesOnceWithCancelled()
    {
        JwksClient client(&m_network);
        QList<JwksFetchResult> results;
        connect(&client, &JwksClient::finished, this, [&results](const JwksFetchResult &r) { results << r; });
        FetchOptions options;
        options.limits.timeoutMs = 500;
        client.setOptions(options);
        client.fetchJwks(QUrl(expand(u"{silent}/jwks.json"_s)));
        QVERIFY(client.isRunning());
        QTest::qWait(100);
        client.cancel();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().error.kind, Kind::Cancelled);
        QVERIFY(!client.isRunning());
        // Neither the time limit nor the aborted reply reports a second time.
        QTest::qWait(700);
        QCOMPARE(results.size(), 1);
        client.cancel(); // idle: nothing happens
        QCOMPARE(results.size(), 1);
    }

    void newFetchCancelsTheRunningOne()
    {
        JwksClient client(&m_network);
        QList<JwksFetchResult> results;
        connect(&client, &JwksClient::finished, this, [&results](const JwksFetchResult &r) { results << r; });
        QSignalSpy progress(&client, &JwksClient::progress);
        client.fetchJwks(QUrl(expand(u"{silent}/jwks.json"_s)));
        client.fetchJwks(QUrl(m_httpBase + u"/jwks.json"_s));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().error.kind, Kind::Cancelled);
        QTRY_COMPARE(results.size(), 2);
        QVERIFY2(results.last(), qPrintable(results.last().error.message));
        QCOMPARE(results.last().keys.size(), 2);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(jwksBody.size()));
    }

    void receiverMayStartTheNextFetchFromFinished()
    {
        JwksClient client(&m_network);
        QList<JwksFetchResult> results;
        connect(&client, &JwksClient::finished, this, [&](const JwksFetchResult &r) {
            results << r;
            if (results.size() == 1)
                client.fetchFromIssuer(QUrl(m_httpBase + u"/realm"_s));
        });
        client.fetchJwks(QUrl(m_httpBase + u"/missing.json"_s));
        QTRY_COMPARE(results.size(), 2);
        QCOMPARE(results.at(0).error.kind, Kind::HttpStatus);
        QVERIFY2(results.at(1), qPrintable(results.at(1).error.message));
    }

private:
    void addRoutes(QHttpServer &server, const QString *base)
    {
        server.route(u"/jwks.json"_s, [] {
            QHttpServerResponse response = json(jwksBody);
            response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("public, max-age=300"));
            return response;
        });
        server.route(u"/nocache/jwks.json"_s, [] { return json(jwksBody); });
        server.route(u"/big.json"_s, [] { return json(QByteArray(4096, ' ')); });
        server.route(u"/invalid.json"_s, [] { return json(QByteArrayLiteral(R"({"keys": [ {"kty": "EC", )")); });
        server.route(u"/empty.json"_s, [] { return json(QByteArrayLiteral(R"({"keys":[]})")); });
        server.route(u"/unusable.json"_s, [] { return json(QByteArrayLiteral(R"({"keys":[{"kty":"XYZ"}]})")); });
        server.route(u"/broken"_s, [] { return QHttpServerResponse(Status::InternalServerError); });
        server.route(u"/redirect/<arg>"_s, [](int remaining) {
            return redirect(remaining > 0 ? QByteArray("/redirect/") + QByteArray::number(remaining - 1)
                                          : QByteArrayLiteral("/jwks.json"));
        });
        server.route(u"/to-https"_s, [this] { return redirect((m_httpsBase + u"/jwks.json"_s).toUtf8()); });
        server.route(u"/to-http"_s, [this] { return redirect((m_httpBase + u"/jwks.json"_s).toUtf8()); });
        server.route(u"/to-remote"_s, [] { return redirect(QByteArrayLiteral("http://example.com/jwks.json")); });
        const auto wellKnown = [](const char *issuerPath) {
            return QString::fromLatin1(issuerPath) + u"/.well-known/openid-configuration"_s;
        };
        server.route(wellKnown("/realm"),
                     [base] { return json(discovery(*base + u"/realm"_s, *base + u"/jwks.json"_s)); });
        server.route(wellKnown("/mismatch"),
                     [base] { return json(discovery(u"https://evil.example"_s, *base + u"/jwks.json"_s)); });
        server.route(wellKnown("/nojwks"), [base] { return json(discovery(*base + u"/nojwks"_s, QString())); });
        server.route(wellKnown("/insecure"),
                     [base] { return json(discovery(*base + u"/insecure"_s, u"http://example.com/jwks.json"_s)); });
        server.route(wellKnown("/garbled"), [] { return json(QByteArrayLiteral("<html>not json</html>")); });
    }

    // The https twin of the http server, with a certificate from a test CA: a staging issuer's internal CA. A second
    // CA, which signed nothing here, stands for the wrong extra CA.
    void setUpHttps()
    {
        m_httpsSkipReason = TestCertificateAuthority::unavailableReason();
        if (!m_httpsSkipReason.isEmpty())
            return;
        const QString caFailed = m_ca.create();
        QVERIFY2(caFailed.isEmpty(), qPrintable(caFailed));
        const QString otherCaFailed = m_otherCa.create();
        QVERIFY2(otherCaFailed.isEmpty(), qPrintable(otherCaFailed));

        addRoutes(m_https, &m_httpsBase);
        m_https.sslSetup(m_ca.serverCertificate(), m_ca.serverKey());
        const quint16 port = m_https.listen(QHostAddress::LocalHost);
        QVERIFY(port != 0);
        m_httpsBase = QStringLiteral("https://127.0.0.1:%1").arg(port);
    }

    [[nodiscard]] QString expand(QString text) const
    {
        text.replace(u"{http}"_s, m_httpBase);
        text.replace(u"{silent}"_s, QStringLiteral("http://127.0.0.1:%1").arg(m_silent.serverPort()));
        text.replace(u"{endless}"_s, QStringLiteral("http://127.0.0.1:%1").arg(m_endless.serverPort()));
        text.replace(u"{refused}"_s, QStringLiteral("http://127.0.0.1:%1").arg(m_refusedPort));
        return text;
    }

    QNetworkAccessManager m_network;
    QHttpServer m_http;
    QHttpServer m_https;
    QTcpServer m_silent;
    QTcpServer m_endless;
    quint16 m_refusedPort = 0;
    QString m_httpBase;
    QString m_httpsBase;
    QString m_httpsSkipReason;
    TestCertificateAuthority m_ca {u"Tokenscope Test CA"_s};
    TestCertificateAuthority m_otherCa {u"Tokenscope Other Test CA"_s};
};

QTEST_GUILESS_MAIN(TestJwksClient)
#include "tst_jwksclient.moc"
