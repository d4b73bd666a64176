// The rules a URL passes before Tokenscope fetches keys from it: https anywhere, plain http only to this machine
// (or when the user opts in), never credentials in the URL, and a message that names the URL and the reason.

#include "net/UrlPolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

Q_DECLARE_METATYPE(tokenscope::FetchError::Kind)

class TestUrlPolicy : public QObject
{
    Q_OBJECT

private slots:
    void check_data();
    void check();
    void loopbackIsOnlyThisMachine_data();
    void loopbackIsOnlyThisMachine();
    void credentialsNeverReachTheMessage();
};

using PlainHttp = UrlPolicy::PlainHttp;
Q_DECLARE_METATYPE(tokenscope::UrlPolicy::PlainHttp)

void TestUrlPolicy::check_data()
{
    using Kind = FetchError::Kind;
    QTest::addColumn<QString>("url");
    QTest::addColumn<PlainHttp>("plainHttp");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("https") << u"https://idp.example/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::None << QString();
    QTest::newRow("https, upper-case scheme")
        << u"HTTPS://idp.example/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::None << QString();
    QTest::newRow("http to 127.0.0.1") << u"http://127.0.0.1:8080/jwks"_s << PlainHttp::LoopbackOnly << Kind::None
                                       << QString();
    QTest::newRow("http to localhost") << u"http://localhost/jwks"_s << PlainHttp::LoopbackOnly << Kind::None
                                       << QString();
    QTest::newRow("http to ::1") << u"http://[::1]:9000/jwks"_s << PlainHttp::LoopbackOnly << Kind::None << QString();
    QTest::newRow("http elsewhere") << u"http://idp.example/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::InsecureUrl
                                    << u"plain http is refused"_s;
    QTest::newRow("http elsewhere, opted in")
        << u"http://idp.example/jwks.json"_s << PlainHttp::AnyHost << Kind::None << QString();
    QTest::newRow("empty") << QString() << PlainHttp::LoopbackOnly << Kind::InvalidUrl << u"no URL given"_s;
    QTest::newRow("relative") << u"/jwks.json"_s << PlainHttp::LoopbackOnly << Kind::InvalidUrl
                              << u"not an absolute URL"_s;
    QTest::newRow("ftp") << u"ftp://idp.example/jwks.json"_s << PlainHttp::AnyHost << Kind::InvalidUrl
                         << u"\"ftp\" scheme is not supported"_s;
    QTest::newRow("file") << u"file:///etc/passwd"_s << PlainHttp::AnyHost << Kind::InvalidUrl
                          << u"\"file\" scheme is not supported"_s;
    QTest::newRow("no host") << u"https:///jwks.json"_s << PlainHttp::LoopbackOnly << Kind::InvalidUrl
                             << u"has no host"_s;
    QTest::newRow("user info, even opted in") << u"https://alice:s3cret@idp.example/jwks"_s << PlainHttp::AnyHost
                                              << Kind::InsecureUrl << u"user name or password"_s;
    QTest::newRow("invalid") << u"https://idp example/jwks"_s << PlainHttp::LoopbackOnly << Kind::InvalidUrl
                             << u"not a valid URL"_s;
}

void TestUrlPolicy::check()
{
    QFETCH(QString, url);
    QFETCH(PlainHttp, plainHttp);
    QFETCH(FetchError::Kind, kind);
    QFETCH(QString, messagePart);

    const FetchError error = UrlPolicy::check(QUrl(url), plainHttp);
    QCOMPARE(error.kind, kind);
    QCOMPARE(bool(error), kind != FetchError::Kind::None);
    if (!messagePart.isEmpty())
        QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    else
        QVERIFY(error.message.isEmpty());
}

void TestUrlPolicy::loopbackIsOnlyThisMachine_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("loopback");

    QTest::newRow("127.0.0.1") << u"http://127.0.0.1/"_s << true;
    QTest::newRow("anywhere in 127/8") << u"http://127.45.6.7/"_s << true;
    QTest::newRow("::1") << u"http://[::1]/"_s << true;
    QTest::newRow("IPv4-mapped loopback") << u"http://[::ffff:127.0.0.1]/"_s << true;
    QTest::newRow("localhost") << u"http://localhost/"_s << true;
    QTest::newRow("LOCALHOST") << u"http://LOCALHOST/"_s << true;
    QTest::newRow("localhost, trailing dot") << u"http://localhost./"_s << true;
    QTest::newRow("a name that starts with localhost") << u"http://localhost.evil.example/"_s << false;
    QTest::newRow("a name that starts with 127") << u"http://127.0.0.1.evil.example/"_s << false;
    QTest::newRow("a private address") << u"http://10.0.0.1/"_s << false;
    QTest::newRow("the unspecified address") << u"http://0.0.0.0/"_s << false;
    QTest::newRow("IPv4-mapped elsewhere") << u"http://[::ffff:10.0.0.1]/"_s << false;
}

void TestUrlPolicy::loopbackIsOnlyThisMachine()
{
    QFETCH(QString, url);
    QFETCH(bool, loopback);
    QCOMPARE(UrlPolicy::isLoopback(QUrl(url)), loopback);
    // Loopback is what lets plain http through without the user's opt-in.
    QCOMPARE(bool(UrlPolicy::check(QUrl(url), PlainHttp::LoopbackOnly)), !loopback);
}

void TestUrlPolicy::credentialsNeverReachTheMessage()
{
    const FetchError error = UrlPolicy::check(QUrl(u"https://alice:s3cret@idp.example/jwks"_s), PlainHttp::AnyHost);
    QVERIFY(error);
    QVERIFY2(!error.message.contains(u"s3cret"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"idp.example"_s), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestUrlPolicy)
#include "tst_urlpolicy.moc"
