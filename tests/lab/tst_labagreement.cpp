// Live simulations on the lab (docs/lab.md "Live simulations on the lab"): the scenarios that teach what a check
// costs (a, b, d, g) run once against the in-memory model and once live, with the issuer's real tokens sent to a
// real lab's servers, on a real Redis, with the same seed. The event logs and the metrics must be identical, and
// the lab must have served exactly the requests the model counted. A running lab that does not fit a scenario is
// refused with a reason naming what differs.
//
// g runs with 100 of its 500 clients here (every operator event still lands on a client that exists): its 90,000
// requests per variant take about ten minutes under the sanitizers. The whole scenario agrees too:
// `tokenscope-cli simulate g-jti-blocklist --variant blocklist --live --lab new --events` against the same without
// `--live --lab new` (docs/lab.md).
#include "../sim/SimTestSupport.h"
#include "LabTestSupport.h"
#include "issuer/LocalMockIssuer.h"
#include "jose/Json.h"
#include "lab/LabForRun.h"
#include "lab/LocalLab.h"
#include "net/BlockingHttp.h"
#include "sim/LabResourceServers.h"
#include "sim/LiveIssuer.h"
#include "sim/SimEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTest>

using namespace tokenscope;

namespace {

struct RunResult
{
    QByteArray log;
    QByteArray metrics;
    qint64 labRequests = 0; // whoami requests the lab's servers served
    QString failure;
};

// The requests the lab's servers counted, from GET /lab/state.
qint64 labRequests(const QUrl &control)
{
    QNetworkAccessManager network;
    QUrl url = control;
    url.setPath(QStringLiteral("/lab/state"));
    const HttpAnswer answer = sendAndWait(network, QNetworkRequest(url));
    qint64 total = 0;
    for (const QJsonValue &server :
         QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("servers")).toArray())
        total += server.toObject().value(QStringLiteral("requests")).toInteger();
    return total;
}

RunResult runModel(const sim::Scenario &scenario)
{
    sim::SimEngine engine(scenario, test::recordingOptions());
    engine.run();
    return {engine.eventLog(), engine.metrics().toJson(), 0, {}};
}

// As `simulate --live --lab new`: an issuer and a lab started for the run.
RunResult runOnNewLab(const sim::Scenario &scenario)
{
    RunResult result;
    issuer::LocalMockIssuer issuer;
    lab::LocalLab lab;
    if (const Result<void> started = issuer.start(scenario.start); !started) {
        result.failure = started.error().message();
        return result;
    }
    sim::SimEngine engine(scenario, test::recordingOptions(), [&](const sim::Scenario &own) {
        return lab::liveIssuerOnNewLab(
            own, issuer.url(), [&issuer](qint64 time) { issuer.setTime(time); }, lab);
    });
    if (engine.failure().isEmpty())
        engine.run();
    result.failure = engine.failure();
    result.log = engine.eventLog();
    result.metrics = engine.metrics().toJson();
    result.labRequests = labRequests(lab.controlUrl());
    return result;
}

// The requests a run's clients and attackers made, from its metrics.
qint64 requestsCounted(const QByteArray &metrics)
{
    const QJsonObject requests = QJsonDocument::fromJson(metrics).object().value(QStringLiteral("requests")).toObject();
    return requests.value(QStringLiteral("legitimate")).toInteger()
        + requests.value(QStringLiteral("attacker")).toInteger();
}

lab::LabOptions labFitting(const sim::Scenario &scenario)
{
    lab::LabOptions options = lab::runLabOptions(scenario, QUrl(), nullptr);
    options.issuerUrl = QUrl(); // the lab's own issuer, whose clock its servers keep
    return options;
}

} // namespace

class TestLabAgreement : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (const QString missing = lab::testing::missingPrograms(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void modelAndLabAgree_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("variant");
        for (const char *name :
             {"a-sessions-two-servers", "b-session-store-outage", "d-ban-or-demote", "g-jti-blocklist"}) {
            const sim::ScenarioLoadResult loaded = sim::ScenarioLoader::loadBuiltIn(QString::fromLatin1(name));
            QVERIFY2(loaded, name);
            for (int v = 0; v < loaded.variants.size(); ++v) {
                const QString row = QString::fromLatin1(name) + u'/' + loaded.variants[v].variant;
                QTest::newRow(qPrintable(row)) << QString::fromLatin1(name) << v;
            }
        }
    }

    void modelAndLabAgree()
    {
        QFETCH(QString, name);
        QFETCH(int, variant);
        JsonValue overrides;
        if (name.startsWith(u"g-"))
            overrides = *Json::parse(R"({"clients": {"count": 100}})").value;
        const sim::ScenarioLoadResult loaded = sim::ScenarioLoader::loadBuiltIn(name, overrides);
        QVERIFY2(loaded, qPrintable(name));
        const sim::Scenario &scenario = loaded.variants.at(variant);
        QVERIFY(sim::LabResourceServers::unsupportedReason(scenario).isEmpty());
        const RunResult model = runModel(scenario);
        const RunResult onLab = runOnNewLab(scenario);
        QVERIFY2(onLab.failure.isEmpty(), qPrintable(onLab.failure));
        QVERIFY(!model.log.isEmpty());
        QVERIFY2(model.log == onLab.log, qPrintable(test::firstDifference(model.log, onLab.log)));
        QCOMPARE(onLab.metrics, model.metrics);
        // Every request was a real one at the lab, and nothing else was.
        QCOMPARE(onLab.labRequests, requestsCounted(model.metrics));
    }

    // `simulate --live --lab URL`: a running lab with its own issuer, reached only over HTTP; the run sets that
    // issuer's policy and clock through its admin API, and the lab's servers keep the issuer's time.
    void runningLabWithItsOwnIssuer()
    {
        const sim::Scenario scenario
            = sim::ScenarioLoader::loadBuiltIn(QStringLiteral("d-ban-or-demote")).variants.at(1); // jwt-blocklist
        QCOMPARE(scenario.variant, QStringLiteral("jwt-blocklist"));
        lab::LocalLab running;
        const Result<void> started = running.start(labFitting(scenario));
        QVERIFY2(started, qPrintable(started.errorMessage()));
        const sim::LabResourceServers::Connection connection
            = sim::LabResourceServers::connect(running.controlUrl(), scenario);
        QVERIFY2(connection.error.isEmpty(), qPrintable(connection.error));
        QCOMPARE(connection.target.servers.size(), scenario.server.servers);
        sim::SimEngine engine(scenario, test::recordingOptions(), [&](const sim::Scenario &own) {
            auto issuer = std::make_unique<sim::LiveIssuer>(own);
            issuer->setLab(connection.target);
            (void)issuer->connectTo(connection.issuerUrl);
            return issuer;
        });
        QVERIFY2(engine.failure().isEmpty(), qPrintable(engine.failure()));
        engine.run();
        QVERIFY2(engine.failure().isEmpty(), qPrintable(engine.failure()));
        const RunResult model = runModel(scenario);
        QVERIFY2(engine.eventLog() == model.log, qPrintable(test::firstDifference(model.log, engine.eventLog())));
        QCOMPARE(labRequests(running.controlUrl()), requestsCounted(model.metrics));
    }

    void runningLabThatDoesNotFitIsRefused_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("named");
        QTest::newRow("mode") << QStringLiteral("mode") << QStringLiteral("mode is session");
        QTest::newRow("servers") << QStringLiteral("servers") << QStringLiteral("it has 3 servers");
        QTest::newRow("leeway") << QStringLiteral("leeway") << QStringLiteral("leeway_s is 30");
        QTest::newRow("audience") << QStringLiteral("audience") << QStringLiteral("audience is another-api");
        QTest::newRow("clock") << QStringLiteral("clock") << QStringLiteral("not its own issuer's");
    }

    void runningLabThatDoesNotFitIsRefused()
    {
        QFETCH(QString, change);
        QFETCH(QString, named);
        const sim::Scenario scenario
            = sim::ScenarioLoader::loadBuiltIn(QStringLiteral("d-ban-or-demote")).variants.at(0); // stateless-jwt
        lab::LabOptions options = labFitting(scenario);
        issuer::LocalMockIssuer otherIssuer;
        if (change == u"mode")
            options.mode = lab::CheckMode::Session;
        else if (change == u"servers")
            options.servers = 3;
        else if (change == u"leeway")
            options.leewaySeconds = 30;
        else if (change == u"audience")
            options.audience = QStringLiteral("another-api");
        if (change == u"clock") { // an issuer in another process: the servers keep the system clock
            const Result<void> issuerStarted = otherIssuer.start(scenario.start);
            QVERIFY2(issuerStarted, qPrintable(issuerStarted.errorMessage()));
            options.issuerUrl = otherIssuer.url();
        }
        lab::LocalLab running;
        const Result<void> started = running.start(options);
        QVERIFY2(started, qPrintable(started.errorMessage()));
        const sim::LabResourceServers::Connection connection
            = sim::LabResourceServers::connect(running.controlUrl(), scenario);
        QVERIFY(!connection.unreachable);
        QVERIFY2(connection.error.contains(named), qPrintable(connection.error));
        QVERIFY(connection.target.servers.isEmpty());
    }

    void noLabIsUnreachable()
    {
        const sim::Scenario scenario
            = sim::ScenarioLoader::loadBuiltIn(QStringLiteral("d-ban-or-demote")).variants.at(0);
        // A port nothing listens on: the lab's control port after it stopped.
        QUrl gone;
        {
            lab::LocalLab stopped;
            const Result<void> started = stopped.start(labFitting(scenario));
            QVERIFY2(started, qPrintable(started.errorMessage()));
            gone = stopped.controlUrl();
        }
        const sim::LabResourceServers::Connection connection = sim::LabResourceServers::connect(gone, scenario);
        QVERIFY(connection.unreachable);
        QVERIFY2(connection.error.contains(QStringLiteral("no answer")), qPrintable(connection.error));
    }

    void storeOutageWithStoresPerServerIsRefused()
    {
        sim::Scenario scenario = test::simpleScenario();
        scenario.server.mode = sim::ServerMode::Session;
        scenario.server.servers = 2;
        scenario.server.sharedStore = false;
        QVERIFY(sim::LabResourceServers::unsupportedReason(scenario).isEmpty());
        sim::OperatorEvent outage = test::operatorEvent(sim::OperatorAction::StoreOutage, 600);
        outage.duration = 60;
        scenario.events.push_back(outage);
        QVERIFY(sim::LabResourceServers::unsupportedReason(scenario).contains(QStringLiteral("store per server")));
    }
};

QTEST_GUILESS_MAIN(TestLabAgreement)
#include "tst_labagreement.moc"
