#include "DiffTestSupport.h"
#include "cli/CliProcess.h"

#include <QTest>

using DiffTestSupport::compact;

// tokenscope-cli diff end to end: the text and JSON forms and the exit codes.
class TestDiffCli : public QObject
{
    Q_OBJECT

private:
    static CliRun diff(const QStringList &arguments, const QByteArray &input = {})
    {
        return runCli(QStringLiteral(TOKENSCOPE_CLI_PATH), QStringList {QStringLiteral("diff")} + arguments,
                      input.isEmpty() ? QList<QByteArray> {} : QList<QByteArray> {input}, 0);
    }

    const QByteArray m_before
        = compact("{\"alg\":\"HS256\",\"kid\":\"k1\"}",
                  "{\"iss\":\"https://a\",\"iat\":1764800000,\"exp\":1764800900,\"email\":\"a@x\"}");
    const QByteArray m_after = compact("{\"alg\":\"HS256\",\"kid\":\"k2\"}",
                                       "{\"iss\":\"https://a\",\"iat\":1764800000,\"exp\":1764801800}", "other");

private slots:
    void printsTheDifferencesAsText()
    {
        // B from standard input, as a pasted Authorization header.
        const CliRun run = diff({QString::fromLatin1(m_before), u"-"_qs}, "Authorization: Bearer " + m_after);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out,
                 QByteArray("Header\n"
                            "  ~ kid: \"k1\" → \"k2\"\n"
                            "Payload\n"
                            "  ~ exp: 1764800900 → 1764801800 (exp +15m)\n"
                            "  - email: \"a@x\"\n"
                            "Lifetime (iat to exp): 15m → 30m\n"
                            "Signature: alg HS256 (same); kid k1 → k2; iss https://a (same); signatures differ\n"));
    }

    void printsOneJsonObject()
    {
        const CliRun run = diff({u"--json"_qs, QString::fromLatin1(m_before), QString::fromLatin1(m_before)});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json()[u"identical"_qs].toBool(), true);
        QCOMPARE(run.json()[u"lifetime_seconds"_qs][u"first"_qs].toInt(), 900);
    }

    void refusesWhatIsNotATokenPair_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("one token") << QStringList {u"a.b.c"_qs} << 2 << QByteArray("expected two tokens");
        QTest::newRow("B is not a token")
            << QStringList {u"eyJhbGciOiJIUzI1NiJ9.e30.c2ln"_qs, u"hello"_qs} << 1 << QByteArray("B: ");
    }

    void refusesWhatIsNotATokenPair()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const CliRun run = diff(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestDiffCli)
#include "tst_diffcli.moc"
