#include "ScanTestSupport.h"
#include "cli/CliProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace ScanTestSupport;

// tokenscope-cli scan end to end, through the real binary: exit codes, JSON Lines, CSV, HAR errors and progress.
class TestScanCli : public QObject
{
    Q_OBJECT

private:
    // The JSON Lines of standard output.
    static QList<QJsonObject> jsonLines(const CliRun &run)
    {
        QList<QJsonObject> objects;
        for (const QByteArray &line : run.out.split('\n')) {
            if (!line.isEmpty())
                objects << QJsonDocument::fromJson(line).object();
        }
        return objects;
    }

    static CliRun cli(const QStringList &arguments, const QByteArray &input = {})
    {
        return runCli(QStringLiteral(TOKENSCOPE_CLI_PATH), QStringList {QStringLiteral("scan")} + arguments,
                      input.isEmpty() ? QList<QByteArray> {} : QList<QByteArray> {input}, 0, 120000);
    }

    QString write(const QString &name, const QByteArray &bytes) const
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return file.fileName();
    }

    static QString capture() { return QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/scan/capture.har"); }

    QTemporaryDir m_dir;
    const QByteArray m_alice = tokenFor("alice", 1800000600);
    const QByteArray m_bob = tokenFor("bob", 1799990000, "https://other.example");
    const QString m_now = QStringLiteral("1800000000");

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void printsOneJsonObjectPerTokenThenTheSummary()
    {
        const QByteArray log = "10:00 login ok\n10:01 GET /api Authorization: Bearer " + m_alice + "\n10:02 refresh "
            + m_bob + "\n10:03 GET /api Authorization: Bearer " + m_alice + "\n10:04 cursor eyJfoo.bar.baz\n";
        const CliRun run = cli({QStringLiteral("--json"), QStringLiteral("--now"), m_now, write(u"app.log"_qs, log)});
        QCOMPARE(run.exitCode, 0);
        const QList<QJsonObject> lines = jsonLines(run);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0][u"type"_qs].toString(), u"token"_qs);
        QCOMPARE(lines[0][u"sub"_qs].toString(), u"alice"_qs);
        QCOMPARE(lines[0][u"count"_qs].toInt(), 2);
        QCOMPARE(lines[0][u"status"_qs].toString(), u"still_valid"_qs);
        QCOMPARE(lines[0][u"first_seen"_qs][u"line"_qs].toInt(), 2);
        QCOMPARE(lines[0][u"first_seen"_qs][u"context"_qs].toString(), u"Authorization header"_qs);
        QVERIFY(!lines[0].contains(u"verification"_qs));
        QVERIFY(!run.out.contains(m_alice)); // fingerprints only, unless --show-tokens
        QCOMPARE(lines[1][u"status"_qs].toString(), u"expired"_qs);
        QCOMPARE(lines[1][u"iss"_qs].toString(), u"https://other.example"_qs);
        const QJsonObject summary = lines[2];
        QCOMPARE(summary[u"type"_qs].toString(), u"summary"_qs);
        QCOMPARE(summary[u"occurrences"_qs].toInt(), 3);
        QCOMPARE(summary[u"distinct_tokens"_qs].toInt(), 2);
        QCOMPARE(summary[u"distinct_subjects"_qs].toInt(), 2);
        QCOMPARE(summary[u"by_status"_qs][u"still_valid"_qs].toInt(), 1);
        QCOMPARE(summary[u"by_status"_qs][u"expired"_qs].toInt(), 1);
        QCOMPARE(summary[u"bytes"_qs].toInt(), log.size());
    }

    void readsStandardInputAndPrintsText()
    {
        const CliRun run = cli({QStringLiteral("--now"), m_now}, "x " + m_alice + "\n");
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("#1  1×  JWS  alg HS256  kid -\n    iss https://issuer.example  sub alice\n"
                                  "    still valid, expires in 10m\n    first seen: standard input line 1 (byte 2)\n"),
                 run.out.constData());
        QVERIFY(run.out.contains("  still valid now: 1\n"));
    }

    void verifiesTokensInAHarWithAKeySource()
    {
        const CliRun run = cli({QStringLiteral("--json"), QStringLiteral("--now"), QStringLiteral("1764800100"),
                                QStringLiteral("--secret"), QString::fromLatin1(kSecret), capture()});
        QCOMPARE(run.exitCode, 0);
        const QList<QJsonObject> lines = jsonLines(run);
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines[0][u"verification"_qs].toString(), u"valid"_qs);
        QCOMPARE(lines[0][u"count"_qs].toInt(), 3);
        QCOMPARE(lines[0][u"first_seen"_qs][u"path"_qs].toString(), u"log.entries[0].response.content.text"_qs);
        QCOMPARE(lines[0][u"first_seen"_qs][u"entry"_qs][u"method"_qs].toString(), u"POST"_qs);
        QCOMPARE(lines[4][u"verification"_qs].toString(), u"iat_in_future"_qs); // bob's token is issued later
        QCOMPARE(lines[5][u"by_verification"_qs][u"valid"_qs].toInt(), 4);
        QCOMPARE(lines[5][u"by_kid"_qs][u"k1"_qs].toInt(), 4);
    }

    void namesTheJsonPathOfAMalformedHar()
    {
        QByteArray har;
        {
            QFile file(capture());
            QVERIFY(file.open(QIODevice::ReadOnly));
            har = file.readAll();
        }
        // The fourth header of entry 2 loses its value.
        const qsizetype entry2 = har.indexOf("\"startedDateTime\": \"2025-12-03T22:13:22");
        const qsizetype value = har.indexOf("\"value\": \"theme=dark", entry2);
        QVERIFY(entry2 > 0 && value > entry2);
        har.replace(value, 8, "\"other\":");
        const QString path = write(u"broken.har"_qs, har);
        const CliRun text = cli({path});
        QCOMPARE(text.exitCode, 2);
        QVERIFY2(text.err.contains("broken.har: log.entries[2].request.headers[0]: expected an object with string "
                                   "\"name\" and \"value\""),
                 text.err.constData());
        const CliRun json = cli({QStringLiteral("--json"), path});
        QCOMPARE(json.exitCode, 2);
        // The error is the one JSON object every command prints on failure.
        const QJsonObject error = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(error[u"error"_qs][u"code"_qs].toString(), u"usage_error"_qs);
        QVERIFY(error[u"error"_qs][u"message"_qs].toString().contains(u"log.entries[2].request.headers[0]"_qs));
        // --text reads it as a log instead: the tokens in plain sight are still found, but not the refresh token,
        // which only the base64-encoded response body holds.
        const CliRun asText = cli({QStringLiteral("--text"), QStringLiteral("--csv"), path});
        QCOMPARE(asText.exitCode, 0);
        QCOMPARE(asText.out.count("\r\n"), 1 + 4);
    }

    void writesCsv()
    {
        const CliRun run = cli({QStringLiteral("--csv"), QStringLiteral("--now"), m_now}, m_alice + " " + m_bob);
        QCOMPARE(run.exitCode, 0);
        const QList<QByteArray> rows = run.out.split('\n');
        QVERIFY(rows[0].startsWith("index,count,kind,alg,kid,iss,sub,"));
        QVERIFY(rows[1].startsWith("1,1,JWS,HS256,,https://issuer.example,alice,1700000000,,1800000600,still_valid,"));
        QVERIFY(rows[2].startsWith("2,1,JWS,HS256,,https://other.example,bob,"));
    }

    void findsTokensInBinaryInput()
    {
        QRandomGenerator random(15);
        QByteArray bytes(4 * 1024 * 1024, Qt::Uninitialized);
        random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        bytes.replace(1'000'000, m_alice.size() + 2, '\0' + m_alice + '\0');
        bytes.replace(3'000'000, m_bob.size() + 2, '\xff' + m_bob + '\x80');
        const CliRun run = cli({QStringLiteral("--json"), write(u"core.bin"_qs, bytes)});
        QCOMPARE(run.exitCode, 0);
        const QList<QJsonObject> lines = jsonLines(run);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0][u"first_seen"_qs][u"offset"_qs].toInt(), 1'000'001);
        QCOMPARE(lines[1][u"first_seen"_qs][u"offset"_qs].toInt(), 3'000'001);
    }

    // The same report with one and with three scanning threads, over an input of many chunks; a large input shows
    // its progress on standard error.
    void givesTheSameReportWithThreadsAndShowsProgress()
    {
        QByteArray block;
        for (int line = 0; line < 4000; ++line)
            block += "2026-12-04T10:00:00Z INFO request served in 12 ms by they key worker " + QByteArray::number(line)
                + '\n';
        QFile file(m_dir.filePath(u"big.log"_qs));
        QVERIFY(file.open(QIODevice::WriteOnly));
        qint64 planted = 0;
        while (file.size() < 101'000'000) {
            file.write(block);
            file.write("Authorization: Bearer " + tokenFor(QByteArray::number(planted % 50)) + '\n');
            ++planted;
        }
        file.close();
        const CliRun one = cli({QStringLiteral("--json"), QStringLiteral("--now"), m_now, file.fileName()});
        const CliRun three = cli({QStringLiteral("--json"), QStringLiteral("--threads"), QStringLiteral("3"),
                                  QStringLiteral("--now"), m_now, file.fileName()});
        QCOMPARE(one.exitCode, 0);
        QCOMPARE(three.exitCode, 0);
        QCOMPARE(three.out, one.out);
        const QList<QJsonObject> lines = jsonLines(one);
        QCOMPARE(lines.size(), 51);
        QCOMPARE(lines.last()[u"occurrences"_qs].toInteger(), planted);
        QCOMPARE(lines[1][u"first_seen"_qs][u"line"_qs].toInteger(), 2 * 4001);
        QVERIFY2(one.err.contains("tokenscope-cli: scanning " + file.fileName().toUtf8() + ": "), one.err.constData());
        QVERIFY(one.err.contains(" of 101 MB ("));
        QFile::remove(file.fileName());
    }

    void refusesBadUsage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("json and csv") << QStringList {u"--json"_qs, u"--csv"_qs} << QByteArray("--json or --csv");
        QTest::newRow("no threads") << QStringList {u"--threads"_qs, u"0"_qs}
                                    << QByteArray("--threads expects 1 to 64");
        QTest::newRow("missing file") << QStringList {u"/nonexistent/x.log"_qs}
                                      << QByteArray("cannot read /nonexistent/x.log");
        QTest::newRow("two key sources") << QStringList {u"--secret"_qs, u"a"_qs, u"--secret-b64"_qs, u"YQ"_qs}
                                         << QByteArray("give one key source");
    }

    void refusesBadUsage()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const CliRun run = cli(arguments, "x");
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestScanCli)
#include "tst_scancli.moc"
