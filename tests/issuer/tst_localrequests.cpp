// The admin API and the login page's POST answer only requests addressed to the issuer itself: the Host must be the
// loopback address (or localhost) and port it listens on, so DNS rebinding cannot reach them from a web page, and a
// browser request from any other origin is refused, so a page cannot drive them as a cross-site request.
#include "IssuerTestSupport.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

// Header lines with {PORT} replaced by the issuer's port.
QByteArray headerLines(const QStringList &lines, quint16 port)
{
    QByteArray out;
    for (const QString &line : lines)
        out += QString(line).replace(QStringLiteral("{PORT}"), QString::number(port)).toLatin1() + "\r\n";
    return out;
}

RawResponse exchange(quint16 port, const QByteArray &request)
{
    RawHttpConnection connection(port);
    if (!connection.waitConnected())
        return {};
    connection.write(request);
    return connection.readResponse();
}

} // namespace

class TestLocalRequests : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_fixture = std::make_unique<IssuerFixture>();
        QVERIFY2(m_fixture->started, qPrintable(m_fixture->error));
    }

    void adminAnswersOnlyRequestsAddressedToTheIssuer_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<int>("status");
        QTest::newRow("own address and port") << QStringList {QStringLiteral("Host: 127.0.0.1:{PORT}")} << 200;
        QTest::newRow("localhost and port") << QStringList {QStringLiteral("Host: LocalHost:{PORT}")} << 200;
        QTest::newRow("DNS rebinding: a foreign name")
            << QStringList {QStringLiteral("Host: attacker.example:{PORT}")} << 403;
        QTest::newRow("a name that ends in localhost")
            << QStringList {QStringLiteral("Host: evil.localhost.example:{PORT}")} << 403;
        QTest::newRow("another port") << QStringList {QStringLiteral("Host: 127.0.0.1:1")} << 403;
        QTest::newRow("no port") << QStringList {QStringLiteral("Host: 127.0.0.1")} << 403;
        QTest::newRow("same origin") << QStringList {QStringLiteral("Host: 127.0.0.1:{PORT}"),
                                                     QStringLiteral("Origin: http://127.0.0.1:{PORT}")}
                                     << 200;
        QTest::newRow("a foreign origin") << QStringList {QStringLiteral("Host: 127.0.0.1:{PORT}"),
                                                          QStringLiteral("Origin: https://attacker.example")}
                                          << 403;
        QTest::newRow("another program on loopback")
            << QStringList {QStringLiteral("Host: 127.0.0.1:{PORT}"), QStringLiteral("Origin: http://127.0.0.1:1")}
            << 403;
        QTest::newRow("opaque origin (sandboxed frame, file:)")
            << QStringList {QStringLiteral("Host: 127.0.0.1:{PORT}"), QStringLiteral("Origin: null")} << 403;
        QTest::newRow("a cross-site fetch without Origin")
            << QStringList {QStringLiteral("Host: 127.0.0.1:{PORT}"), QStringLiteral("Sec-Fetch-Site: cross-site")}
            << 403;
        QTest::newRow("a user typing the URL")
            << QStringList {QStringLiteral("Host: 127.0.0.1:{PORT}"), QStringLiteral("Sec-Fetch-Site: none")} << 200;
    }
    void adminAnswersOnlyRequestsAddressedToTheIssuer()
    {
        QFETCH(QStringList, headers);
        QFETCH(int, status);
        const quint16 port = m_fixture->issuer.port();
        const RawResponse response
            = exchange(port, "GET /admin/state HTTP/1.1\r\n" + headerLines(headers, port) + "\r\n");
        QCOMPARE(response.status, status);
        if (status == 403) {
            QCOMPARE(response.error(), QStringLiteral("access_denied"));
            QVERIFY(!response.body.contains("families"));
        }
    }

    // A page in the user's browser posts a simple form (no preflight) to the admin API: nothing changes.
    void crossSiteAdminPostChangesNothing_data()
    {
        QTest::addColumn<QString>("hostHeader");
        QTest::addColumn<QString>("originHeader");
        QTest::newRow("foreign origin") << QStringLiteral("127.0.0.1:{PORT}") << QStringLiteral("http://evil.example");
        QTest::newRow("rebound name") << QStringLiteral("evil.example:{PORT}")
                                      << QStringLiteral("http://evil.example:{PORT}");
    }
    void crossSiteAdminPostChangesNothing()
    {
        QFETCH(QString, hostHeader);
        QFETCH(QString, originHeader);
        const quint16 port = m_fixture->issuer.port();
        const qint64 before = m_fixture->issuer.now();
        const QByteArray body = "seconds=3600";
        const RawResponse response = exchange(
            port,
            "POST /admin/advance-clock HTTP/1.1\r\n"
                + headerLines({QStringLiteral("Host: ") + hostHeader, QStringLiteral("Origin: ") + originHeader,
                               QStringLiteral("Content-Type: application/x-www-form-urlencoded"),
                               QStringLiteral("Content-Length: %1").arg(body.size())},
                              port)
                + "\r\n" + body);
        QCOMPARE(response.status, 403);
        QCOMPARE(m_fixture->issuer.now(), before);
    }

    // The login page's POST: a rebound name or a foreign page cannot sign a user in and receive a code.
    void loginPostAnswersOnlyRequestsAddressedToTheIssuer_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<int>("status");
        QTest::newRow("own address") << QStringList {QStringLiteral("Host: 127.0.0.1:{PORT}"),
                                                     QStringLiteral("Origin: http://127.0.0.1:{PORT}")}
                                     << 302;
        QTest::newRow("DNS rebinding") << QStringList {QStringLiteral("Host: attacker.example:{PORT}")} << 403;
        QTest::newRow("a foreign origin") << QStringList {QStringLiteral("Host: 127.0.0.1:{PORT}"),
                                                          QStringLiteral("Origin: https://attacker.example")}
                                          << 403;
    }
    void loginPostAnswersOnlyRequestsAddressedToTheIssuer()
    {
        QFETCH(QStringList, headers);
        QFETCH(int, status);
        const quint16 port = m_fixture->issuer.port();
        const QByteArray body = form({{QStringLiteral("response_type"), QStringLiteral("code")},
                                      {QStringLiteral("client_id"), QStringLiteral("demo")},
                                      {QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1/callback")},
                                      {QStringLiteral("username"), QStringLiteral("alice")},
                                      {QStringLiteral("password"), QStringLiteral("alice")}});
        headers << QStringLiteral("Content-Type: application/x-www-form-urlencoded")
                << QStringLiteral("Content-Length: %1").arg(body.size());
        const RawResponse response
            = exchange(port, "POST /authorize HTTP/1.1\r\n" + headerLines(headers, port) + "\r\n" + body);
        QCOMPARE(response.status, status);
        QCOMPARE(response.header("Location").contains("code="), status == 302);
    }

    void cleanupTestCase() { m_fixture.reset(); }

private:
    std::unique_ptr<IssuerFixture> m_fixture;
};

QTEST_GUILESS_MAIN(TestLocalRequests)
#include "tst_localrequests.moc"
