// The mock issuer's HTTP handling, byte by byte over raw sockets on loopback: methods a path does not take, the
// Content-Type as a media type, the request-smuggling shapes, garbage, "Connection: close", idle and slow
// connections, too many connections, and header sections and bodies over the limits. Qt HTTP Server 6.4 alone gets
// each of these wrong; the front door in core/issuer (GuardedTcpServer, HttpConnectionGuard) puts them right.
#include "IssuerTestSupport.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <vector>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

const QByteArray demoBasic = basic(QStringLiteral("demo"), QStringLiteral("demo-secret"));
const QByteArray clientCredentials = "grant_type=client_credentials";

// A request with {HOST} replaced by 127.0.0.1:PORT.
QByteArray withHost(QByteArray request, quint16 port)
{
    return request.replace("{HOST}", "127.0.0.1:" + QByteArray::number(port));
}

QByteArray tokenRequest(const QByteArray &contentTypeLines)
{
    return "POST /token HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: " + demoBasic + "\r\n" + contentTypeLines
        + "Content-Length: " + QByteArray::number(clientCredentials.size()) + "\r\n\r\n" + clientCredentials;
}

HttpLimits shortTimeouts()
{
    HttpLimits limits;
    limits.idleTimeout = std::chrono::milliseconds(300);
    limits.requestTimeout = std::chrono::milliseconds(800);
    limits.maxConnections = 400;
    return limits;
}

} // namespace

class TestIssuerHttp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_fixture = std::make_unique<IssuerFixture>();
        QVERIFY2(m_fixture->started, qPrintable(m_fixture->error));
    }

    // RFC 9110 §15.5.6: 405 with the methods the resource takes, also for methods Qt HTTP Server does not route.
    void methodsAPathDoesNotTakeGet405WithAllow_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("TRACE /token") << QByteArray("TRACE") << QByteArray("/token") << QByteArray("POST");
        QTest::newRow("TRACE /jwks") << QByteArray("TRACE") << QByteArray("/jwks") << QByteArray("GET, HEAD");
        QTest::newRow("PUT /userinfo") << QByteArray("PUT") << QByteArray("/userinfo") << QByteArray("GET, HEAD, POST");
        QTest::newRow("DELETE /admin/state")
            << QByteArray("DELETE") << QByteArray("/admin/state") << QByteArray("GET, HEAD");
        QTest::newRow("PATCH /introspect") << QByteArray("PATCH") << QByteArray("/introspect") << QByteArray("POST");
        QTest::newRow("GET /revoke") << QByteArray("GET") << QByteArray("/revoke") << QByteArray("POST");
        QTest::newRow("TRACE /admin/ban") << QByteArray("TRACE") << QByteArray("/admin/ban") << QByteArray("POST");
    }
    void methodsAPathDoesNotTakeGet405WithAllow()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, allow);
        const RawResponse response = exchange(method + ' ' + path + " HTTP/1.1\r\nHost: {HOST}\r\n\r\n");
        QCOMPARE(response.status, 405);
        QCOMPARE(response.header("Allow"), allow);
        QCOMPARE(response.error(), QStringLiteral("invalid_request"));
    }

    void aMethodNobodyImplementsGets501()
    {
        const RawResponse response = exchange("BREW /token HTTP/1.1\r\nHost: {HOST}\r\n\r\n");
        QCOMPARE(response.status, 501);
        QVERIFY(response.closedByServer || response.header("Connection") == "close");
    }

    void contentTypeIsTheMediaTypeItself_data()
    {
        QTest::addColumn<QByteArray>("contentTypeLines");
        QTest::addColumn<int>("status");
        QTest::newRow("exact") << QByteArray("Content-Type: application/x-www-form-urlencoded\r\n") << 200;
        QTest::newRow("any case") << QByteArray("Content-Type: Application/X-WWW-Form-URLEncoded\r\n") << 200;
        QTest::newRow("charset=utf-8") << QByteArray(
            "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n")
                                       << 200;
        QTest::newRow("quoted charset") << QByteArray(
            "Content-Type: application/x-www-form-urlencoded;charset=\"utf-8\"\r\n")
                                        << 200;
        QTest::newRow("a longer subtype")
            << QByteArray("Content-Type: application/x-www-form-urlencodedXYZ\r\n") << 400;
        QTest::newRow("another charset") << QByteArray(
            "Content-Type: application/x-www-form-urlencoded; charset=iso-8859-1\r\n")
                                         << 400;
        QTest::newRow("a list") << QByteArray("Content-Type: application/x-www-form-urlencoded, text/plain\r\n") << 400;
        QTest::newRow("garbage after the type")
            << QByteArray("Content-Type: application/x-www-form-urlencoded garbage\r\n") << 400;
        QTest::newRow("two Content-Type fields")
            << QByteArray("Content-Type: application/x-www-form-urlencoded\r\nContent-Type: text/plain\r\n") << 400;
        QTest::newRow("JSON") << QByteArray("Content-Type: application/json\r\n") << 400;
        QTest::newRow("none") << QByteArray() << 400;
    }
    void contentTypeIsTheMediaTypeItself()
    {
        QFETCH(QByteArray, contentTypeLines);
        QFETCH(int, status);
        const RawResponse response = exchange(tokenRequest(contentTypeLines));
        QCOMPARE(response.status, status);
        if (status == 400)
            QCOMPARE(response.error(), QStringLiteral("invalid_request"));
    }

    // RFC 9112 §6.3 and §11.2: where a request ends must never be ambiguous. Each request below hides a second one
    // (an admin call) that a different reading would run; the issuer answers 400 or 411, closes, and runs nothing.
    void requestSmugglingShapesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("framing");
        QTest::addColumn<int>("status");
        QTest::newRow("two different Content-Length")
            << QByteArray("Content-Length: 0\r\nContent-Length: 29\r\n") << 400;
        QTest::newRow("a Content-Length list") << QByteArray("Content-Length: 0, 29\r\n") << 400;
        QTest::newRow("a signed Content-Length") << QByteArray("Content-Length: +0\r\n") << 400;
        QTest::newRow("Content-Length with Transfer-Encoding")
            << QByteArray("Content-Length: 0\r\nTransfer-Encoding: chunked\r\n") << 400;
        QTest::newRow("Transfer-Encoding with Content-Length")
            << QByteArray("Transfer-Encoding: chunked\r\nContent-Length: 0\r\n") << 400;
        QTest::newRow("chunked alone") << QByteArray("Transfer-Encoding: chunked\r\n") << 411;
        QTest::newRow("a space before the colon") << QByteArray("Content-Length : 0\r\n") << 400;
        QTest::newRow("obs-fold") << QByteArray("Content-Length: 0\r\n X-Folded: yes\r\n") << 400;
    }
    void requestSmugglingShapesAreRefused()
    {
        QFETCH(QByteArray, framing);
        QFETCH(int, status);
        const qint64 before = m_fixture->issuer.now();
        const QByteArray hidden = "POST /admin/advance-clock HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: "
                                  "application/x-www-form-urlencoded\r\nContent-Length: 12\r\n\r\nseconds=3600";
        QSignalSpy logged(&m_fixture->issuer, &MockIssuer::requestHandled);
        RawHttpConnection connection(m_fixture->issuer.port());
        QVERIFY(connection.waitConnected());
        connection.write(
            withHost("POST /jwks HTTP/1.1\r\nHost: {HOST}\r\n" + framing + "\r\n" + hidden, m_fixture->issuer.port()));
        const RawResponse response = connection.readResponse(2000);
        QCOMPARE(response.status, status);
        QCOMPARE(response.error(), QStringLiteral("invalid_request"));
        QCOMPARE(response.header("Connection"), QByteArray("close"));
        QVERIFY(response.closedByServer);
        QCOMPARE(connection.readResponse().status, 0); // nothing else came
        QCOMPARE(m_fixture->issuer.now(), before);
        QCOMPARE(logged.size(), 1);
        QCOMPARE(logged.constFirst().constFirst().value<IssuerLogEntry>().status, status);
    }

    // A request the issuer cannot or will not read still gets an answer (a 1 MB header: 431, not a misleading
    // error about a header Qt dropped), and the connection closes.
    void malformedRequestsGetAnAnswer_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("a word") << QByteArray("HELLO\r\n\r\n") << 400;
        QTest::newRow("TLS ClientHello") << QByteArray::fromHex("160301020001000001fc0303") + "\r\n\r\n" << 400;
        QTest::newRow("HTTP/0.9") << QByteArray("GET /jwks\r\n\r\n") << 400;
        QTest::newRow("HTTP/2.0") << QByteArray("GET /jwks HTTP/2.0\r\nHost: {HOST}\r\n\r\n") << 505;
        QTest::newRow("a bad version") << QByteArray("GET /jwks HTTP/1.x\r\nHost: {HOST}\r\n\r\n") << 400;
        QTest::newRow("two spaces") << QByteArray("GET  /jwks HTTP/1.1\r\nHost: {HOST}\r\n\r\n") << 400;
        QTest::newRow("a control character in the target")
            << QByteArray("GET /jw\x01ks HTTP/1.1\r\nHost: {HOST}\r\n\r\n") << 400;
        QTest::newRow("absolute-form") << QByteArray("GET http://evil.example/jwks HTTP/1.1\r\nHost: {HOST}\r\n\r\n")
                                       << 400;
        QTest::newRow("no Host") << QByteArray("GET /jwks HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two Host fields") << QByteArray("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\nHost: {HOST}\r\n\r\n")
                                         << 400;
        QTest::newRow("a bare CR in a value")
            << QByteArray("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\nX: a\rb\r\n\r\n") << 400;
        QTest::newRow("a WebSocket opening")
            << QByteArray("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
            << 400;
        QTest::newRow("an expectation other than 100-continue")
            << QByteArray("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\nExpect: 200-ok\r\n\r\n") << 417;
        QTest::newRow("a 1 MB header field")
            << QByteArray("POST /token HTTP/1.1\r\nHost: {HOST}\r\nX-Big: " + QByteArray(1024 * 1024, 'a')
                          + "\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n")
            << 431;
        QTest::newRow("a 100 KB request target")
            << QByteArray("GET /jwks?" + QByteArray(100 * 1024, 'a') + " HTTP/1.1\r\nHost: {HOST}\r\n\r\n") << 414;
        QByteArray manyFields = "GET /jwks HTTP/1.1\r\nHost: {HOST}\r\n";
        for (int i = 0; i < 200; ++i)
            manyFields += "X-Field-" + QByteArray::number(i) + ": 1\r\n";
        QTest::newRow("200 header fields") << manyFields + "\r\n" << 431;
    }
    void malformedRequestsGetAnAnswer()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const RawResponse response = exchange(request, 2000);
        QCOMPARE(response.status, status);
        QCOMPARE(response.error(), QStringLiteral("invalid_request"));
        QVERIFY(response.closedByServer);
        // The issuer still serves.
        QCOMPARE(m_fixture->http.get(m_fixture->url(QStringLiteral("/jwks"))).status, 200);
    }

    // RFC 9112 §9.6: after answering a request with "Connection: close" the server closes; HTTP/1.0 closes unless
    // keep-alive; HTTP/1.1 otherwise stays open, also for requests sent back to back.
    void connectionCloseIsHonoured_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<bool>("closes");
        QTest::newRow("HTTP/1.1") << QByteArray("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\n\r\n") << false;
        QTest::newRow("Connection: close")
            << QByteArray("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n") << true;
        QTest::newRow("close among other options")
            << QByteArray("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\nConnection: keep-alive, Close\r\n\r\n") << true;
        QTest::newRow("HTTP/1.0") << QByteArray("GET /jwks HTTP/1.0\r\n\r\n") << true;
        QTest::newRow("HTTP/1.0 keep-alive")
            << QByteArray("GET /jwks HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false;
        QTest::newRow("a POST with a body")
            << tokenRequest("Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n") << true;
        QTest::newRow("HEAD") << QByteArray("HEAD /jwks HTTP/1.1\r\nHost: {HOST}\r\n\r\n") << true;
    }
    void connectionCloseIsHonoured()
    {
        QFETCH(QByteArray, request);
        QFETCH(bool, closes);
        const RawResponse response = exchange(request, 1500);
        QCOMPARE(response.status, 200);
        QCOMPARE(response.closedByServer, closes);
        if (request.contains("Connection: close"))
            QCOMPARE(response.header("Connection"), QByteArray("close"));
    }

    void requestsBackToBackOnOneConnectionAreAllAnswered()
    {
        RawHttpConnection connection(m_fixture->issuer.port());
        QVERIFY(connection.waitConnected());
        const QByteArray one = withHost("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\n\r\n", m_fixture->issuer.port());
        const QByteArray two
            = withHost(tokenRequest("Content-Type: application/x-www-form-urlencoded\r\n"), m_fixture->issuer.port());
        connection.write(one + two + one);
        QCOMPARE(connection.readResponse().status, 200);
        const RawResponse token = connection.readResponse();
        QCOMPARE(token.status, 200);
        QVERIFY(token.body.contains("access_token"));
        QCOMPARE(connection.readResponse().status, 200);
        // Then one at a time, and a smuggling shape after good requests is still refused.
        connection.write(one);
        QCOMPARE(connection.readResponse().status, 200);
        connection.write(
            withHost("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                     m_fixture->issuer.port()));
        const RawResponse refused = connection.readResponse(2000);
        QCOMPARE(refused.status, 400);
        QVERIFY(refused.closedByServer);
    }

    // RFC 9110 §10.1.1: a client that waits for "100 Continue" gets it, then sends the body.
    void expectContinueIsAnswered()
    {
        RawHttpConnection connection(m_fixture->issuer.port());
        QVERIFY(connection.waitConnected());
        connection.write(
            withHost("POST /token HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: " + demoBasic
                         + "\r\nContent-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n"
                           "Content-Length: "
                         + QByteArray::number(clientCredentials.size()) + "\r\n\r\n",
                     m_fixture->issuer.port()));
        QCOMPARE(connection.readResponse(0, 3000).status, 100);
        connection.write(clientCredentials);
        QCOMPARE(connection.readResponse().status, 200);
    }

    // A larger Content-Length is refused from the head alone: the client need not send (and the issuer need not
    // read) the body first.
    void anOversizedBodyIsRefusedBeforeItArrives()
    {
        const RawResponse response
            = exchange("POST /token HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                       "Content-Length: 100000000\r\n\r\ngrant_type=",
                       1000);
        QCOMPARE(response.status, 413);
        QCOMPARE(response.error(), QStringLiteral("invalid_request"));
        QVERIFY(response.closedByServer);
    }

    // Connections with nothing to do are closed after the idle time-out; a request left half sent gets 408.
    void idleConnectionsAreClosed()
    {
        IssuerFixture fixture(IssuerConfig::demo(), 1'700'000'000, {}, shortTimeouts());
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        std::vector<std::unique_ptr<RawHttpConnection>> idle;
        for (int i = 0; i < 300; ++i)
            idle.push_back(std::make_unique<RawHttpConnection>(fixture.issuer.port()));
        for (const auto &connection : idle)
            QVERIFY(connection->waitConnected());
        RawHttpConnection halfSent(fixture.issuer.port());
        QVERIFY(halfSent.waitConnected());
        halfSent.write(withHost("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\n", fixture.issuer.port()));
        const RawResponse timedOut = halfSent.readResponse(1000, 3000);
        QCOMPARE(timedOut.status, 408);
        QVERIFY(timedOut.closedByServer);
        QTRY_VERIFY_WITH_TIMEOUT(std::none_of(idle.begin(), idle.end(), [](const auto &c) { return c->isConnected(); }),
                                 5000);
        QCOMPARE(fixture.http.get(fixture.url(QStringLiteral("/jwks"))).status, 200);
    }

    // A client that sends a byte at a time keeps the connection from going idle, but not the request from timing out.
    void aTrickledRequestTimesOut()
    {
        IssuerFixture fixture(IssuerConfig::demo(), 1'700'000'000, {}, shortTimeouts());
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        RawHttpConnection connection(fixture.issuer.port());
        QVERIFY(connection.waitConnected());
        const QByteArray request
            = withHost("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: ", fixture.issuer.port()) + QByteArray(100, 'a');
        QElapsedTimer timer;
        timer.start();
        for (const char c : request) {
            if (!connection.isConnected())
                break;
            connection.write(QByteArray(1, c));
            connection.spin(20);
        }
        const RawResponse response = connection.readResponse(1000);
        QCOMPARE(response.status, 408);
        QVERIFY(response.closedByServer);
        QVERIFY(timer.elapsed() < 5000);
    }

    void connectionsPastTheLimitGet503()
    {
        HttpLimits limits = shortTimeouts();
        limits.idleTimeout = std::chrono::milliseconds(10'000);
        limits.maxConnections = 3;
        IssuerFixture fixture(IssuerConfig::demo(), 1'700'000'000, {}, limits);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        std::vector<std::unique_ptr<RawHttpConnection>> open;
        for (int i = 0; i < 3; ++i) {
            open.push_back(std::make_unique<RawHttpConnection>(fixture.issuer.port()));
            QVERIFY(open.back()->waitConnected());
            open.back()->spin(50); // let the issuer accept it
        }
        RawHttpConnection extra(fixture.issuer.port());
        QVERIFY(extra.waitConnected());
        const RawResponse response = extra.readResponse(1000);
        QCOMPARE(response.status, 503);
        QCOMPARE(response.error(), QStringLiteral("temporarily_unavailable"));
        QVERIFY(response.closedByServer);
        // A connection that closes frees its place.
        open.pop_back();
        QTest::qWait(200);
        RawHttpConnection next(fixture.issuer.port());
        QVERIFY(next.waitConnected());
        next.write(withHost("GET /jwks HTTP/1.1\r\nHost: {HOST}\r\n\r\n", fixture.issuer.port()));
        QCOMPARE(next.readResponse().status, 200);
    }

    void cleanupTestCase() { m_fixture.reset(); }

private:
    RawResponse exchange(const QByteArray &request, int closeWait = 0)
    {
        RawHttpConnection connection(m_fixture->issuer.port());
        if (!connection.waitConnected())
            return {};
        connection.write(withHost(request, m_fixture->issuer.port()));
        return connection.readResponse(closeWait);
    }

    std::unique_ptr<IssuerFixture> m_fixture;
};

QTEST_GUILESS_MAIN(TestIssuerHttp)
#include "tst_issuerhttp.moc"
