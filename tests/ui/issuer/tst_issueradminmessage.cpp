// IssuerAdminMessage: what the workspace says for each admin answer, success or refusal, with the issuer's own
// error carried into the text.

#include "issuer/IssuerAdminMessage.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

using Action = IssuerAdminClient::Action;
using Result = IssuerAdminClient::Result;

namespace {

Result answered(Action action, int status, const QJsonObject &body = {}, const QString &target = {})
{
    Result result;
    result.action = action;
    result.httpStatus = status;
    result.body = body;
    result.target = target;
    if (status != 200 && status != 0) {
        result.errorCode = body.value(u"error"_s).toString();
        result.errorDescription = body.value(u"error_description"_s).toString();
    }
    if (status == 0)
        result.networkError = u"Connection refused"_s;
    return result;
}

const QJsonObject refusal {{u"error"_s, u"invalid_request"_s}, {u"error_description"_s, u"no user \"bob\""_s}};

} // namespace

class TestIssuerAdminMessage : public QObject
{
    Q_OBJECT

private slots:
    void saysWhatHappened_data();
    void saysWhatHappened();
};

void TestIssuerAdminMessage::saysWhatHappened_data()
{
    QTest::addColumn<Result>("result");
    QTest::addColumn<QString>("revoked");
    QTest::addColumn<bool>("error");
    QTest::addColumn<QStringList>("said");
    QTest::newRow("revoked") << answered(Action::RevokeToken, 200, {{u"revoked"_s, 1}}) << u"the access token"_s
                             << false << QStringList {u"Revoked the access token."_s};
    QTest::newRow("nothing to revoke") << answered(Action::RevokeFamily, 404, refusal) << u"the session abc"_s << true
                                       << QStringList {u"Nothing to revoke"_s, u"the session abc"_s};
    QTest::newRow("revocation refused") << answered(Action::RevokeToken, 500, {{u"error"_s, u"server_error"_s}})
                                        << u"the refresh token"_s << true
                                        << QStringList {u"refused to revoke the refresh token"_s,
                                                        u"HTTP 500 server_error"_s};
    QTest::newRow("issuer gone") << answered(Action::RevokeToken, 0) << u"the ID token"_s << true
                                 << QStringList {u"Cannot reach the issuer"_s, u"Connection refused"_s};
    QTest::newRow("banned") << answered(Action::BanUser, 200, {}, u"alice"_s) << QString() << false
                            << QStringList {u"Banned alice"_s};
    QTest::newRow("ban lifted") << answered(Action::LiftBan, 200, {}, u"alice"_s) << QString() << false
                                << QStringList {u"Lifted the ban of alice"_s};
    QTest::newRow("ban refused") << answered(Action::BanUser, 400, refusal, u"bob"_s) << QString() << true
                                 << QStringList {u"Cannot change the ban of bob"_s, u"HTTP 400 invalid_request"_s,
                                                 u"no user \"bob\""_s};
    QTest::newRow("keys rotated") << answered(Action::RotateKeys, 200,
                                              {{u"kid"_s, u"k-2"_s}, {u"signs_from"_s, 1'900'000'000}})
                                  << QString() << false << QStringList {u"new key k-2"_s, u"2030-03-17 17:46:40 UTC"_s};
    QTest::newRow("clock moved") << answered(Action::AdvanceClock, 200) << QString() << false << QStringList();
    QTest::newRow("clock refused") << answered(Action::AdvanceClock, 400, refusal) << QString() << true
                                   << QStringList {u"Cannot advance the clock"_s};
    QTest::newRow("state unreadable") << answered(Action::FetchState, 0) << QString() << true
                                      << QStringList {u"Cannot read the issuer's state"_s};
}

void TestIssuerAdminMessage::saysWhatHappened()
{
    QFETCH(Result, result);
    QFETCH(QString, revoked);
    QFETCH(bool, error);
    QFETCH(QStringList, said);
    const IssuerAdminMessage message = IssuerAdminMessage::forResult(result, revoked);
    QCOMPARE(message.kind == MessageKind::Error, error);
    QCOMPARE(message.text.isEmpty(), said.isEmpty());
    for (const QString &part : std::as_const(said))
        QVERIFY2(message.text.contains(part), qPrintable(message.text));
}

QTEST_GUILESS_MAIN(TestIssuerAdminMessage)
#include "tst_issueradminmessage.moc"
