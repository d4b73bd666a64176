// `tokenscope-cli simulate` end to end: exit codes, the JSON report, the event log, determinism across processes,
// and errors that name the member at fault.

#include "jose/Json.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
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

// Serving: keep this thread's event loop running while the CLI runs (a test server in this process answers it).
enum class EventLoop { Blocked, Serving };

CliRun runCli(const QStringList &arguments, EventLoop loop = EventLoop::Blocked)
{
    QProcess process;
    process.start(QStringLiteral(TOKENSCOPE_CLI_PATH), QStringList {u"simulate"_s} + arguments);
    CliRun run;
    const bool finished = loop == EventLoop::Serving
        ? QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 60000)
        : process.waitForFinished(60000);
    if (!finished) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// A real HTTP server on 127.0.0.1 that is not a Tokenscope mock issuer: it answers `status` to every path, except
// discovery when `discovery` is set (an OIDC issuer without the admin API).
class FakeHttpServer : public QObject
{
public:
    FakeHttpServer(int status, bool discovery) : m_status(status), m_discovery(discovery)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
        });
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
    }
    [[nodiscard]] QString url() const { return u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()); }

private:
    void answer(QTcpSocket *socket)
    {
        m_pending += socket->readAll();
        if (!m_pending.contains("\r\n\r\n"))
            return;
        const bool isDiscovery = m_pending.contains("/.well-known/openid-configuration");
        m_pending.clear();
        QByteArray body = "{}";
        int status = m_status;
        if (m_discovery && isDiscovery) {
            status = 200;
            body = "{\"issuer\":\"" + url().toLatin1() + "\",\"token_endpoint\":\"" + url().toLatin1()
                + "/token\",\"jwks_uri\":\"" + url().toLatin1() + "/jwks\",\"revocation_endpoint\":\""
                + url().toLatin1() + "/revoke\",\"introspection_endpoint\":\"" + url().toLatin1() + "/introspect\"}";
        }
        socket->write("HTTP/1.1 " + QByteArray::number(status)
                      + " X\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                      + "\r\n\r\n" + body);
    }

    QTcpServer m_server;
    int m_status;
    bool m_discovery;
    QByteArray m_pending;
};

} // namespace

class TestSimulateCli : public QObject
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
    void tableHasOneColumnPerVariant();
    void liveRunGivesTheModelsMetricsAndCountsExchanges();
    void liveRunFailuresExitWithTheirCode_data();
    void liveRunFailuresExitWithTheirCode();
};

void TestSimulateCli::printsMetricsForABuiltIn()
{
    const CliRun run = runCli({u"e-refresh-token-revoked"_s, u"--variant"_s, u"access-5m"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("exposure"));
    QVERIFY(run.out.contains("revoke_refresh_token client 0"));
    QVERIFY(run.err.isEmpty());
}

void TestSimulateCli::jsonReportHasEveryVariant()
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

void TestSimulateCli::eventLogIsTheSameInEveryProcess()
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

void TestSimulateCli::seedChangesTheLog()
{
    const QStringList arguments {u"two-token"_s, u"--events"_s, u"--until"_s, u"1h"_s, u"--clients"_s, u"10"_s};
    const CliRun first = runCli(arguments + QStringList {u"--seed"_s, u"1"_s});
    const CliRun second = runCli(arguments + QStringList {u"--seed"_s, u"2"_s});
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(second.exitCode, 0);
    QVERIFY(first.out != second.out);
}

void TestSimulateCli::presetReplacesTheIssuerPolicy()
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

void TestSimulateCli::badScenarioExitsTwoNamingTheMember_data()
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

void TestSimulateCli::badScenarioExitsTwoNamingTheMember()
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

void TestSimulateCli::listsBuiltInsAndPresets()
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

void TestSimulateCli::refusedBeforeRunning_data()
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

void TestSimulateCli::refusedBeforeRunning()
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

void TestSimulateCli::overridesWithinTheLimitsRun()
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

void TestSimulateCli::tableHasOneColumnPerVariant()
{
    const CliRun run = runCli({u"c-stolen-access-token"_s, u"--table"_s});
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.split('\n');
    QVERIFY(lines.size() > 10);
    // Line 2 is the heading row: one column per variant, in file order.
    const QList<QByteArray> headings = lines[1].simplified().split(' ');
    QCOMPARE(headings.size(), 3);
    QVERIFY(lines[1].indexOf(headings[0]) < lines[1].indexOf(headings[1]));
    QByteArray exposureRow;
    for (const QByteArray &line : lines) {
        if (line.startsWith("exposure 1"))
            exposureRow = line;
    }
    QVERIFY2(!exposureRow.isEmpty(), run.out.constData());
    // "exposure 1 (theft)" then one duration per variant.
    QCOMPARE(exposureRow.mid(exposureRow.indexOf(')') + 1).simplified().split(' ').size() >= 3, true);
    QCOMPARE(runCli({u"c-stolen-access-token"_s, u"--table"_s, u"--json"_s}).exitCode, 2);
}

void TestSimulateCli::liveRunGivesTheModelsMetricsAndCountsExchanges()
{
    const QStringList arguments {u"f-rotation-reuse-detection"_s, u"--variant"_s, u"rotation-family-revocation"_s,
                                 u"--json"_s};
    const CliRun model = runCli(arguments);
    const CliRun live = runCli(arguments + QStringList {u"--live"_s});
    QCOMPARE(model.exitCode, 0);
    QCOMPARE(live.exitCode, 0);
    const JsonParseResult modelJson = Json::parse(model.out.trimmed());
    const JsonParseResult liveJson = Json::parse(live.out.trimmed());
    QVERIFY(modelJson && liveJson);
    const JsonValue &modelVariant = modelJson.value->value(u"variants")->elements.at(0);
    const JsonValue &liveVariant = liveJson.value->value(u"variants")->elements.at(0);
    QCOMPARE(Json::write(*liveVariant.value(u"metrics"), Json::Style::Compact),
             Json::write(*modelVariant.value(u"metrics"), Json::Style::Compact));
    QVERIFY(!modelVariant.value(u"live"));
    const JsonValue *exchanges = liveVariant.value(u"live")->value(u"httpExchanges");
    QVERIFY(exchanges && exchanges->toInteger().value() > 10);
    QVERIFY(liveVariant.value(u"live")->value(u"issuer")->string.startsWith(u"http://127.0.0.1:"_s));
}

void TestSimulateCli::liveRunFailuresExitWithTheirCode_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("nothing listens") << u"closed-port"_s << 3 << u"no answer from"_s;
    QTest::newRow("not an OIDC issuer") << u"not-an-issuer"_s << 2 << u"is not an OpenID Connect issuer"_s;
    QTest::newRow("an issuer without the admin API") << u"no-admin"_s << 2 << u"has no Tokenscope admin API"_s;
    QTest::newRow("too large for a live run") << u"benchmark"_s << 2 << u"run it against the model"_s;
    QTest::newRow("--issuer-url without --live") << u"url-without-live"_s << 2 << u"--issuer-url needs --live"_s;
}

void TestSimulateCli::liveRunFailuresExitWithTheirCode()
{
    QFETCH(QString, what);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QString url;
    std::unique_ptr<FakeHttpServer> server;
    if (what == u"closed-port") {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        url = u"http://127.0.0.1:%1"_s.arg(probe.serverPort());
        probe.close(); // the port is free again: nothing answers there
    } else if (what == u"not-an-issuer" || what == u"no-admin") {
        server = std::make_unique<FakeHttpServer>(404, what == u"no-admin");
        url = server->url();
    }
    QStringList arguments {u"two-token"_s};
    if (what == u"benchmark")
        arguments = {u"bench-10k-clients-30d"_s, u"--live"_s};
    else if (what == u"url-without-live")
        arguments << u"--issuer-url"_s << u"http://127.0.0.1:1"_s;
    else
        arguments << u"--live"_s << u"--issuer-url"_s << url;
    const CliRun run = runCli(arguments, EventLoop::Serving);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestSimulateCli)
#include "tst_simulatecli.moc"
