// IssuerAdminClient against a real mock issuer on 127.0.0.1 (a fixed clock, a temporary database): every admin
// action it sends changes what the issuer does, refusals carry the issuer's error, and answers arrive through the
// event loop, never a nested one.

#include "../../issuer/IssuerTestSupport.h"
#include "issuer/IssuerAdminClient.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

// Named apart from tokenscope::Result, which the mock issuer's headers bring in.
using AdminResult = IssuerAdminClient::Result;

// Waits for the result of request `id`.
AdminResult waitFor(IssuerAdminClient &client, quint64 id)
{
    QSignalSpy finished(&client, &IssuerAdminClient::finished);
    for (int round = 0; round < 100; ++round) {
        for (const QList<QVariant> &arguments : std::as_const(finished)) {
            const auto result = arguments.constFirst().value<AdminResult>();
            if (result.requestId == id)
                return result;
        }
        finished.wait(100);
    }
    return {};
}

QStringList kidsOf(const HttpResult &jwks)
{
    QStringList kids;
    for (const QJsonValue &key : jwks.json().value(u"keys"_s).toArray())
        kids << key.toObject().value(u"kid"_s).toString();
    return kids;
}

} // namespace

class TestIssuerAdminClient : public QObject
{
    Q_OBJECT

private slots:
    void fetchStateReadsTheIssuersState();
    void revokeTokenMakesItInactive_data();
    void revokeTokenMakesItInactive();
    void revokeFamilyEndsTheSession();
    void banAndLiftBanChangeWhetherTheUserCanLogIn();
    void rotateKeysPublishesTheAnsweredKid();
    void advanceClockMovesTheIssuersClock();
    void refusalsCarryTheIssuersError_data();
    void refusalsCarryTheIssuersError();
    void unreachableIssuerIsANetworkError();
    void withoutAnIssuerNothingIsSent();
    void changingTheIssuerDropsTheAnswersAwaited();
    void stateAsksFoldWhileOneIsOnItsWay();
};

void TestIssuerAdminClient::fetchStateReadsTheIssuersState()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    IssuerAdminClient client(fixture.http.network());
    client.setIssuerUrl(fixture.issuer.issuerUrl());
    QSignalSpy available(&client, &IssuerAdminClient::stateAvailable);
    const quint64 id = client.fetchState();
    QVERIFY(id != 0);
    // Asynchronous: nothing is reported before the event loop runs.
    QCOMPARE(available.size(), 0);
    const AdminResult result = waitFor(client, id);
    QVERIFY2(result, qPrintable(result.errorMessage()));
    QCOMPARE(result.action, IssuerAdminClient::Action::FetchState);
    QCOMPARE(available.size(), 1);
    const auto state = available.constFirst().constFirst().value<IssuerAdminState>();
    QCOMPARE(state.now, fixture.issuer.now());
    QCOMPARE(state.clients.size(), 2);
    QCOMPARE(state.users.size(), 1);
    QCOMPARE(state.users.constFirst().username, u"alice"_s);
    QCOMPARE(state.keys.size(), 1);
    QVERIFY(state.keys.constFirst().signing);
    QVERIFY(state.families.isEmpty());
    QVERIFY(result.errorMessage().isEmpty());
}

void TestIssuerAdminClient::revokeTokenMakesItInactive_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("access token") << u"access_token"_s;
    QTest::newRow("refresh token") << u"refresh_token"_s;
}

void TestIssuerAdminClient::revokeTokenMakesItInactive()
{
    QFETCH(QString, kind);
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const HttpResult login = fixture.login();
    QCOMPARE(login.status, 200);
    const QString token = login.string(kind.toLatin1().constData());
    QCOMPARE(fixture.introspect(token).json().value(u"active"_s).toBool(), true);

    IssuerAdminClient client(fixture.http.network());
    client.setIssuerUrl(fixture.issuer.issuerUrl());
    const AdminResult result = waitFor(client, client.revokeToken(token.toLatin1()));
    QVERIFY2(result, qPrintable(result.errorMessage()));
    QCOMPARE(result.action, IssuerAdminClient::Action::RevokeToken);
    QVERIFY(!result.target.contains(token)); // a token never travels in the result
    QCOMPARE(result.body.value(u"revoked"_s).toInt(), 1);
    QCOMPARE(fixture.introspect(token).json().value(u"active"_s).toBool(), false);
}

void TestIssuerAdminClient::revokeFamilyEndsTheSession()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const HttpResult login = fixture.login();
    const QString family = sidOf(login.string("access_token"));
    QVERIFY(!family.isEmpty());
    IssuerAdminClient client(fixture.http.network());
    client.setIssuerUrl(fixture.issuer.issuerUrl());
    const AdminResult result = waitFor(client, client.revokeFamily(family));
    QVERIFY2(result, qPrintable(result.errorMessage()));
    QCOMPARE(result.target, family);
    QCOMPARE(fixture.refresh(login.string("refresh_token")).error(), u"invalid_grant"_s);
}

void TestIssuerAdminClient::banAndLiftBanChangeWhetherTheUserCanLogIn()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    IssuerAdminClient client(fixture.http.network());
    client.setIssuerUrl(fixture.issuer.issuerUrl());
    AdminResult result = waitFor(client, client.banUser(u"alice"_s));
    QVERIFY2(result, qPrintable(result.errorMessage()));
    QCOMPARE(result.action, IssuerAdminClient::Action::BanUser);
    QCOMPARE(result.target, u"alice"_s);
    QCOMPARE(fixture.login().error(), u"invalid_grant"_s);

    result = waitFor(client, client.liftBan(u"alice"_s));
    QVERIFY2(result, qPrintable(result.errorMessage()));
    QCOMPARE(result.action, IssuerAdminClient::Action::LiftBan);
    QCOMPARE(fixture.login().status, 200);
}

void TestIssuerAdminClient::rotateKeysPublishesTheAnsweredKid()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    IssuerAdminClient client(fixture.http.network());
    client.setIssuerUrl(fixture.issuer.issuerUrl());
    const AdminResult result = waitFor(client, client.rotateKeys());
    QVERIFY2(result, qPrintable(result.errorMessage()));
    const QString kid = result.body.value(u"kid"_s).toString();
    QVERIFY(!kid.isEmpty());
    QCOMPARE(result.body.value(u"signs_from"_s).toInteger(),
             fixture.issuer.now() + fixture.issuer.config().policy.keyOverlap);
    const QStringList kids = kidsOf(fixture.http.get(fixture.url(u"/jwks"_s)));
    QCOMPARE(kids.size(), 2);
    QVERIFY(kids.contains(kid));
}

void TestIssuerAdminClient::advanceClockMovesTheIssuersClock()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const qint64 before = fixture.issuer.now();
    IssuerAdminClient client(fixture.http.network());
    client.setIssuerUrl(fixture.issuer.issuerUrl());
    const AdminResult result = waitFor(client, client.advanceClock(3600));
    QVERIFY2(result, qPrintable(result.errorMessage()));
    QCOMPARE(result.body.value(u"now"_s).toInteger(), before + 3600);
    QCOMPARE(fixture.issuer.now(), before + 3600);
}

void TestIssuerAdminClient::refusalsCarryTheIssuersError_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("said");
    QTest::newRow("unknown user") << u"ban"_s << 400 << u"invalid_request"_s << u"mallory"_s;
    QTest::newRow("unknown family") << u"family"_s << 404 << u"invalid_request"_s << u"nothing to revoke"_s;
    QTest::newRow("clock backwards") << u"clock"_s << 400 << u"invalid_request"_s << u"only moves forward"_s;
}

void TestIssuerAdminClient::refusalsCarryTheIssuersError()
{
    QFETCH(QString, request);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, said);
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const qint64 before = fixture.issuer.now();
    IssuerAdminClient client(fixture.http.network());
    client.setIssuerUrl(fixture.issuer.issuerUrl());
    const quint64 id = request == u"ban" ? client.banUser(u"mallory"_s)
        : request == u"family"           ? client.revokeFamily(u"no-such-family"_s)
                                         : client.advanceClock(-60);
    const AdminResult result = waitFor(client, id);
    QVERIFY(!result);
    QCOMPARE(result.httpStatus, status);
    QCOMPARE(result.errorCode, code);
    QVERIFY2(result.errorDescription.contains(said), qPrintable(result.errorDescription));
    const QString message = result.errorMessage();
    QVERIFY2(message.contains(u"HTTP %1"_s.arg(status)) && message.contains(code) && message.contains(said),
             qPrintable(message));
    QCOMPARE(fixture.issuer.now(), before);
}

void TestIssuerAdminClient::unreachableIssuerIsANetworkError()
{
    // A port that was free a moment ago: nobody listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    QNetworkAccessManager network;
    IssuerAdminClient client(&network);
    client.setIssuerUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    const AdminResult result = waitFor(client, client.rotateKeys());
    QVERIFY(!result);
    QCOMPARE(result.httpStatus, 0);
    QVERIFY(!result.networkError.isEmpty());
    QVERIFY2(result.errorMessage().contains(u"cannot reach the issuer"_s), qPrintable(result.errorMessage()));
}

void TestIssuerAdminClient::withoutAnIssuerNothingIsSent()
{
    QNetworkAccessManager network;
    IssuerAdminClient client(&network);
    QSignalSpy finished(&client, &IssuerAdminClient::finished);
    QCOMPARE(client.rotateKeys(), quint64(0));
    QCOMPARE(client.fetchState(), quint64(0));
    QCOMPARE(client.banUser(u"alice"_s), quint64(0));
    QVERIFY(!client.isBusy());
    QTest::qWait(50);
    QCOMPARE(finished.size(), 0);
}

void TestIssuerAdminClient::changingTheIssuerDropsTheAnswersAwaited()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    IssuerAdminClient client(fixture.http.network());
    client.setIssuerUrl(fixture.issuer.issuerUrl());
    QSignalSpy finished(&client, &IssuerAdminClient::finished);
    QVERIFY(client.advanceClock(60) != 0);
    QVERIFY(client.isBusy());
    client.setIssuerUrl({});
    QVERIFY(!client.isBusy());
    QTest::qWait(300);
    QCOMPARE(finished.size(), 0);
}

void TestIssuerAdminClient::stateAsksFoldWhileOneIsOnItsWay()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    IssuerAdminClient client(fixture.http.network());
    client.setIssuerUrl(fixture.issuer.issuerUrl());
    QSignalSpy available(&client, &IssuerAdminClient::stateAvailable);
    const quint64 first = client.fetchState();
    QVERIFY(client.isFetchingState());
    const quint64 second = client.fetchState();
    const quint64 third = client.fetchState();
    QVERIFY(first != 0 && second != 0);
    QVERIFY(second != first);
    QCOMPARE(third, second); // one more read answers both later asks
    QVERIFY(waitFor(client, second));
    QCOMPARE(available.size(), 2);
    QVERIFY(!client.isFetchingState());
}

QTEST_GUILESS_MAIN(TestIssuerAdminClient)
#include "tst_issueradminclient.moc"
