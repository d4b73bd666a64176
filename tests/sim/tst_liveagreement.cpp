// Model and issuer agree (docs/scenarios.md "Live runs"): every built-in scenario and variant except the
// 10,000-client benchmark runs once against the in-memory model and once over HTTP against a real MockIssuer on
// 127.0.0.1 with the same seed. The metrics and the event logs must be identical (the logs name tokens by id, so
// token text never enters the comparison).
#include "SimTestSupport.h"
#include "issuer/LocalMockIssuer.h"
#include "sim/LiveIssuer.h"
#include "sim/SimEngine.h"

#include <QTest>

using namespace tokenscope;

namespace {

struct RunResult
{
    QByteArray log;
    QByteArray metrics;
    qint64 exchanges = 0;
    QString failure;
};

RunResult runModel(const sim::Scenario &scenario)
{
    sim::SimEngine engine(scenario, test::recordingOptions());
    engine.run();
    return {engine.eventLog(), engine.metrics().toJson(), 0, {}};
}

RunResult runLive(const sim::Scenario &scenario)
{
    RunResult result;
    issuer::LocalMockIssuer local;
    if (const Result<void> started = local.start(scenario.start); !started) {
        result.failure = started.error().message();
        return result;
    }
    sim::SimEngine engine(scenario, test::recordingOptions(), [&](const sim::Scenario &own) {
        auto live = std::make_unique<sim::LiveIssuer>(own);
        live->setClockDriver([&local](qint64 time) { local.setTime(time); });
        (void)live->connectTo(local.url());
        return live;
    });
    if (engine.failure().isEmpty())
        engine.run();
    result.failure = engine.failure();
    result.log = engine.eventLog();
    result.metrics = engine.metrics().toJson();
    result.exchanges = engine.issuer().exchanges();
    return result;
}

} // namespace

class TestLiveAgreement : public QObject
{
    Q_OBJECT

private slots:
    void modelAndIssuerAgree_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("variant");
        for (const QString &name : sim::ScenarioLoader::builtInNames()) {
            const sim::ScenarioLoadResult loaded = sim::ScenarioLoader::loadBuiltIn(name);
            QVERIFY2(loaded, qPrintable(name));
            for (int v = 0; v < loaded.variants.size(); ++v) {
                const sim::Scenario &scenario = loaded.variants[v];
                if (!sim::LiveIssuer::tooLargeReason(scenario).isEmpty())
                    continue; // the benchmark: refused for live runs, and checked to be below
                const QString row = scenario.variant.isEmpty() ? name : name + u'/' + scenario.variant;
                QTest::newRow(qPrintable(row)) << name << v;
            }
        }
    }

    void modelAndIssuerAgree()
    {
        QFETCH(QString, name);
        QFETCH(int, variant);
        const sim::Scenario scenario = sim::ScenarioLoader::loadBuiltIn(name).variants.at(variant);
        const RunResult model = runModel(scenario);
        const RunResult live = runLive(scenario);
        QVERIFY2(live.failure.isEmpty(), qPrintable(live.failure));
        QVERIFY(live.exchanges > 0);
        QVERIFY(!model.log.isEmpty());
        QVERIFY2(model.log == live.log, qPrintable(test::firstDifference(model.log, live.log)));
        QCOMPARE(live.metrics, model.metrics);
    }

    void benchmarkIsRefusedForLiveRuns()
    {
        const sim::ScenarioLoadResult loaded
            = sim::ScenarioLoader::loadBuiltIn(QStringLiteral("bench-10k-clients-30d"));
        QVERIFY(loaded);
        const QString reason = sim::LiveIssuer::tooLargeReason(loaded.variants.first());
        QVERIFY(reason.contains(QStringLiteral("10000 clients")));
        QVERIFY(reason.contains(QStringLiteral("model")));
    }
};

QTEST_GUILESS_MAIN(TestLiveAgreement)
#include "tst_liveagreement.moc"
