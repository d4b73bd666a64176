// `tokenscope-cli simulate` end to end: exit codes, the JSON report, the event log, determinism across processes,
// and errors that name the member at fault.

#include "jose/Json.h"

#include <QElapsedTimer>
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
    void refusedBeforeRunning_data();
    void refusedBeforeRunning();
    void overridesWithinTheLimitsRun();
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
    // The sticky variant's server outage is at 1h: --until is checked as the duration member, so it must reach it.
    const CliRun run = runCli({u"--scenario"_s, u"a-sessions-two-servers"_s, u"--json"_s, u"--until"_s, u"90m"_s});
    QCOMPARE(run.exitCode, 0);
    const JsonParseResult parsed = Json::parse(run.out.trimmed());
    QVERIFY(parsed);
    const JsonValue *variants = parsed.value->value(u"variants");
    QVERIFY(variants && variants->isArray());
    QCOMPARE(variants->elements.size(), size_t(4));
    const JsonValue &ownStores = variants->elements[1];
    QCOMPARE(ownStores.value(u"variant")->string, u"two-servers-own-stores"_s);
    const JsonValue *metrics = ownStores.value(u"metrics");
    QCOMPARE(metrics->value(u"simulatedSeconds")->toInteger().value(), 5400);
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

namespace {

QString writeScenario(const QTemporaryDir &directory, const QByteArray &json)
{
    const QString path = directory.filePath(u"scenario.json"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size())
        return {};
    return path;
}

const QByteArray smallScenario = R"({"duration":"1h","clients":{"count":2},
    "events":[{"at":"40m","action":"revoke_refresh_token","client":1}]})";

} // namespace

void SimulateCliTest::refusedBeforeRunning_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QByteArray>("message");
    // Command-line overrides, checked as the members they stand for.
    QTest::newRow("a million clients for 400 days")
        << smallScenario << QStringList {u"--clients"_s, u"1000000"_s, u"--until"_s, u"400d"_s}
        << QByteArray(
               "the run would take about 5.76e+11 events (5.76e+11 client requests); a run may take at most 2e+08");
    QTest::newRow("no clients") << smallScenario << QStringList {u"--clients"_s, u"0"_s}
                                << QByteArray("clients.count: 0 is out of range (1 to 1000000)");
    QTest::newRow("clients not a number")
        << smallScenario << QStringList {u"--clients"_s, u"many"_s} << QByteArray("clients.count: expected an integer");
    QTest::newRow("the event's client removed") << smallScenario << QStringList {u"--clients"_s, u"1"_s}
                                                << QByteArray("events[0].client: client 1 does not exist");
    QTest::newRow("longer than 400 days") << smallScenario << QStringList {u"--until"_s, u"401d"_s}
                                          << QByteArray("duration: 34646400 s is out of range (1 to 34560000 s)");
    QTest::newRow("not a duration") << smallScenario << QStringList {u"--until"_s, u"5x"_s}
                                    << QByteArray("duration: expected a duration such as 90");
    QTest::newRow("ends before the event") << smallScenario << QStringList {u"--until"_s, u"30m"_s}
                                           << QByteArray("events[0].at: after the end of the run");
    QTest::newRow("negative seed") << smallScenario << QStringList {u"--seed"_s, u"-1"_s}
                                   << QByteArray("seed: -1 is out of range");
    // Files within every other limit, over the event budget.
    QTest::newRow("a million clients refreshing 1-minute tokens ahead of expiry for 400 days")
        << QByteArray(R"({"duration":"400d","issuer":{"accessTokenTtl":"1m"},
            "clients":{"count":1000000,"requestInterval":"1h","refresh":"ahead","refreshAhead":"1m"}})")
        << QStringList() << QByteArray("about 3.46e+13 events (3.46e+13 refresh-ahead refreshes)");
    QByteArray thieves = R"({"duration":"400d","clients":{"count":1000,"requestInterval":"1h"},
        "issuer":{"refreshToken":{"lifetime":0}},"attackers":[)";
    for (int a = 0; a < 1000; ++a)
        thieves += (a ? "," : "") + QByteArray(R"({"steals":"refresh_token","requestInterval":1,"client":)")
            + QByteArray::number(a) + '}';
    thieves += "]}";
    QTest::newRow("a thousand thieves calling every second for 400 days")
        << thieves << QStringList() << QByteArray("about 3.46e+10 events (3.46e+10 attacker calls)");
    QTest::newRow("a preset's short tokens refreshed ahead")
        << QByteArray(R"({"duration":"400d","issuer":{"accessTokenTtl":"1h"},
            "clients":{"count":10000,"requestInterval":"1d","refresh":"ahead","refreshAhead":"5m"}})")
        << QStringList {u"--preset"_s, u"15m-7d"_s}
        << QByteArray("scenario.json: the run would take about 5.81e+08 events (5.76e+08 refresh-ahead refreshes)");
}

void SimulateCliTest::refusedBeforeRunning()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, flags);
    QFETCH(QByteArray, message);
    QTemporaryDir directory;
    const QString path = writeScenario(directory, json);
    QVERIFY(!path.isEmpty());
    QElapsedTimer timer;
    timer.start();
    const CliRun run = runCli(QStringList {path} + flags);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), run.err.constData());
    const bool overridden
        = flags.contains(u"--until"_s) || flags.contains(u"--clients"_s) || flags.contains(u"--seed"_s);
    QCOMPARE(run.err.contains("--until, --clients and --seed are checked as the members"), overridden);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(timer.elapsed() < 10'000, "refused only after running");
}

void SimulateCliTest::overridesWithinTheLimitsRun()
{
    QTemporaryDir directory;
    const QString path = writeScenario(directory, smallScenario);
    QVERIFY(!path.isEmpty());
    const CliRun run = runCli({path, u"--clients"_s, u"2"_s, u"--until"_s, u"50m"_s, u"--seed"_s, u"3"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    const JsonParseResult parsed = Json::parse(run.out.trimmed());
    QVERIFY(parsed);
    const JsonValue &variant = parsed.value->value(u"variants")->elements[0];
    QCOMPARE(variant.value(u"seed")->toInteger().value(), 3);
    QCOMPARE(variant.value(u"metrics")->value(u"simulatedSeconds")->toInteger().value(), 3000);
}

QTEST_GUILESS_MAIN(SimulateCliTest)
#include "tst_simulatecli.moc"
