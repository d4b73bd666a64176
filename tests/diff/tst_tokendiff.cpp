#include "DiffTestSupport.h"
#include "diff/TokenDiff.h"

#include <QTest>

using namespace tokenscope;
using DiffTestSupport::compact;

namespace {

DecodedToken decoded(const QByteArray &token)
{
    DecodeResult result = CompactToken::decode(token);
    return result ? *result.token : DecodedToken {};
}

// "~ exp 1 → 2 (exp +15m)", "+ scope \"admin\"", "- email \"a\"" for a compact comparison.
QStringList describe(const std::vector<MemberChange> &changes)
{
    QStringList lines;
    for (const MemberChange &change : changes) {
        QString line = TokenDiffer::kindName(change.kind) + u' ' + change.name;
        if (!change.before.isEmpty())
            line += u' ' + QString::fromUtf8(change.before);
        if (!change.after.isEmpty())
            line += u" → "_qs + QString::fromUtf8(change.after);
        if (change.moveSeconds)
            line += u" ("_qs + TokenDiffer::move(change) + u')';
        lines << line;
    }
    return lines;
}

const QByteArray kHeader = R"({"alg":"HS256","kid":"k1"})";

} // namespace

class TestTokenDiff : public QObject
{
    Q_OBJECT

private slots:
    void diffsClaimsInSourceOrder_data();
    void diffsClaimsInSourceOrder();
    void reportsLifetimesAndKeyDifferences();
    void findsIdenticalTokensIdentical();
};

void TestTokenDiff::diffsClaimsInSourceOrder_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QStringList>("changes");
    QTest::newRow("exp moves later") << QByteArray(R"({"sub":"a","exp":1764800900})")
                                     << QByteArray(R"({"sub":"a","exp":1764801800})")
                                     << QStringList {u"changed exp 1764800900 → 1764801800 (exp +15m)"_qs};
    QTest::newRow("iat moves earlier") << QByteArray(R"({"iat":1764800000})") << QByteArray(R"({"iat":1764792800})")
                                       << QStringList {u"changed iat 1764800000 → 1764792800 (iat -2h)"_qs};
    QTest::newRow("numbers as written") << QByteArray(R"({"n":12345678901234567890,"f":1.50})")
                                        << QByteArray(R"({"n":12345678901234567891,"f":1.5})")
                                        << QStringList {u"changed n 12345678901234567890 → 12345678901234567891"_qs,
                                                        u"changed f 1.50 → 1.5"_qs};
    QTest::newRow("removed in the first token's order, added in the second's")
        << QByteArray(R"({"email":"a@x","sub":"a","name":"A"})")
        << QByteArray(R"({"sub":"a","scope":"admin","amr":["pwd"]})")
        << QStringList {u"removed email \"a@x\""_qs, u"removed name \"A\""_qs, u"added scope → \"admin\""_qs,
                        u"added amr → [\"pwd\"]"_qs};
    QTest::newRow("a nested value") << QByteArray(R"({"cnf":{"jkt":"a"}})") << QByteArray(R"({"cnf":{"jkt":"b"}})")
                                    << QStringList {u"changed cnf {\"jkt\":\"a\"} → {\"jkt\":\"b\"}"_qs};
    QTest::newRow("member order alone is no change")
        << QByteArray(R"({"a":1,"b":2})") << QByteArray(R"({"b":2,"a":1})") << QStringList {};
}

void TestTokenDiff::diffsClaimsInSourceOrder()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QStringList, changes);
    const TokenDiff diff = TokenDiffer::compare(decoded(compact(kHeader, before)), decoded(compact(kHeader, after)));
    QCOMPARE(describe(diff.payload), changes);
    QVERIFY(diff.header.empty());
}

void TestTokenDiff::reportsLifetimesAndKeyDifferences()
{
    const TokenDiff diff
        = TokenDiffer::compare(decoded(compact(kHeader, R"({"iss":"https://a","iat":1764800000,"exp":1764800900})")),
                               decoded(compact(R"({"alg":"RS256","kid":"k2"})",
                                               R"({"iss":"https://b","iat":1764800000,"exp":1764803600})", "other")));
    QCOMPARE(describe(diff.header),
             (QStringList {u"changed alg \"HS256\" → \"RS256\""_qs, u"changed kid \"k1\" → \"k2\""_qs}));
    QCOMPARE(diff.first.lifetimeSeconds, 900);
    QCOMPARE(diff.second.lifetimeSeconds, 3600);
    QCOMPARE(diff.first.iss, u"https://a"_qs);
    QCOMPARE(diff.second.iss, u"https://b"_qs);
    QVERIFY(!diff.sameSignature);
    QVERIFY(!diff.identical());
    const QByteArray json = Json::write(TokenDiffer::toJson(diff), Json::Style::Compact);
    QVERIFY2(
        json.contains(
            R"("lifetime_seconds":{"first":900,"second":3600},"signature":{"alg":{"first":"HS256","second":"RS256","same":false})"),
        json.constData());
}

void TestTokenDiff::findsIdenticalTokensIdentical()
{
    const QByteArray token = compact(kHeader, R"({"sub":"a"})");
    const TokenDiff diff = TokenDiffer::compare(decoded(token), decoded(token));
    QVERIFY(diff.identical());
    QVERIFY(!diff.first.lifetimeSeconds);
}

QTEST_GUILESS_MAIN(TestTokenDiff)
#include "tst_tokendiff.moc"
