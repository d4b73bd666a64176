// `tokenscope-cli simulate` end to end: exit codes, the JSON report, the event log, determinism across processes,
// and errors that name the member at fault.

#include "jose/Json.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tokenscope;
using namespace Qt::StringLiterals;

namespace {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(TOKENSCOPE_CLI_PATH), QStringList {u"simulate"_s} + arguments);
    CliRun run;
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class SimulateCliTest : public QObject
{
    Q_OBJECT

private slots:
    void printsMetricsForABuiltIn();
    void jsonReportHasEveryVariant();
    void eventLogIsTheSameInEveryProcess();
    void seedChangesTheLog();
    void presetReplacesTheIssuerPolicy();
    void badScenarioExitsTwoNamingTheMember_data();
    void badScenarioExitsTwoNamingTheMember();
    void listsBuiltInsAndPresets();
};

void SimulateCliTest::printsMetricsForABuiltIn()
{
    const CliRun run = runCli({u"e-refresh-token-revoked"_s, u"--variant"_s, u"access-5m"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("exposure"));
    QVERIFY(run.out.contains("revoke_refresh_token client 0"));
    QVERIFY(run.err.isEmpty());
}

void SimulateCliTest::jsonReportHasEveryVariant()
{
    const CliRun run = runCli({u"--scenario"_s, u"a-sessions-two-servers"_s, u"--json"_s, u"--until"_s, u"30m"_s});
    QCOMPARE(run.exitCode, 0);
    const JsonParseResult parsed = Json::parse(run.out.trimmed());
    QVERIFY(parsed);
    const JsonValue *variants = parsed.value->value(u"variants");
    QVERIFY(variants && variants->isArray());
    QCOMPARE(variants->elements.size(), size_t(4));
    const JsonValue &ownStores = variants->elements[1];
    QCOMPARE(ownStores.value(u"variant")->string, u"two-servers-own-stores"_s);
    const JsonValue *metrics = ownStores.value(u"metrics");
    QCOMPARE(metrics->value(u"simulatedSeconds")->toInteger().value(), 1800);
    QVERIFY(metrics->value(u"users")->value(u"wrongfulLogouts")->toInteger().value() > 0);
    QCOMPARE(metrics->value(u"lookups")->value(u"storePerRequest")->lexeme, QByteArray("1.0000"));
}

void SimulateCliTest::eventLogIsTheSameInEveryProcess()
{
    const QStringList arguments {u"i-concurrent-refresh-race"_s,
                                 u"--variant"_s,
                                 u"no-grace"_s,
                                 u"--events"_s,
                                 u"--json"_s,
                                 u"--until"_s,
                                 u"1h"_s,
                                 u"--clients"_s,
                                 u"50"_s};
    const CliRun first = runCli(arguments);
    const CliRun second = runCli(arguments);
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(first.out, second.out);
    const QList<QByteArray> lines = first.out.trimmed().split('\n');
    QVERIFY(lines.size() > 1000);
    for (const QByteArray &line : lines)
        QVERIFY2(Json::parse(line), line.constData());
    QVERIFY(first.out.contains("\"reason\":\"reuse_detected\""));
}

void SimulateCliTest::seedChangesTheLog()
{
    const QStringList arguments {u"two-token"_s, u"--events"_s, u"--until"_s, u"1h"_s, u"--clients"_s, u"10"_s};
    const CliRun first = runCli(arguments + QStringList {u"--seed"_s, u"1"_s});
    const CliRun second = runCli(arguments + QStringList {u"--seed"_s, u"2"_s});
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(second.exitCode, 0);
    QVERIFY(first.out != second.out);
}

void SimulateCliTest::presetReplacesTheIssuerPolicy()
{
    const CliRun run = runCli({u"two-token"_s, u"--preset"_s, u"keycloak"_s, u"--until"_s, u"2h"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    const JsonParseResult parsed = Json::parse(run.out.trimmed());
    QVERIFY(parsed);
    QCOMPARE(parsed.value->value(u"variants")->elements[0].value(u"issuerPreset")->string, u"keycloak"_s);
    const CliRun unknown = runCli({u"two-token"_s, u"--preset"_s, u"acme"_s});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("auth0"));
}

void SimulateCliTest::badScenarioExitsTwoNamingTheMember_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("bad enum") << QByteArray(R"({"issuer":{"refreshToken":{"reuse":"forgive"}}})")
                              << QByteArray("issuer.refreshToken.reuse: expected one of revoke_family");
    QTest::newRow("typo") << QByteArray(R"({"clients":{"cuont":3}})") << QByteArray("clients.cuont: unknown member");
    QTest::newRow("late event") << QByteArray(R"({"duration":"1h","events":[{"at":"1d","action":"rotate_key"}]})")
                                << QByteArray("events[0].at: after the end of the run");
    QTest::newRow("not json") << QByteArray("{") << QByteArray("not valid JSON");
}

void SimulateCliTest::badScenarioExitsTwoNamingTheMember()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, message);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString path = directory.filePath(u"bad.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    const CliRun run = runCli({path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), run.err.constData());
    QVERIFY(run.out.isEmpty());

    const CliRun missing = runCli({directory.filePath(u"missing.json"_s)});
    QCOMPARE(missing.exitCode, 2);
    const CliRun unknown = runCli({u"no-such-built-in"_s});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("two-token"));
}

void SimulateCliTest::listsBuiltInsAndPresets()
{
    const CliRun run = runCli({u"--list"_s});
    QCOMPARE(run.exitCode, 0);
    for (const char *name : {"a-sessions-two-servers", "j-bytes-per-request", "auth0", "okta", "cognito", "keycloak",
                             "node-oidc-provider", "dex", "15m-7d"})
        QVERIFY2(run.out.contains(name), name);
    QCOMPARE(runCli({}).exitCode, 2);
}

QTEST_GUILESS_MAIN(SimulateCliTest)
#include "tst_simulatecli.moc"
