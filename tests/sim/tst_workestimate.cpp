// WorkEstimate and WorkBudget: the estimate made before a run stays within a factor of 2 of the events the engine
// then processes, for every built-in scenario and for the shapes that make runs long (refresh-ahead with short
// tokens, thieves calling every second, sessions, no refresh tokens); scenarios over the budget are refused with
// the estimate and the budget, and the largest built-in run fits.

#include "SimTestSupport.h"
#include "sim/WorkEstimate.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::sim;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(tokenscope::sim::Scenario)

namespace {

constexpr double allowedFactor = 2.0;

// Long and large built-ins (the 10,000-client benchmark) are estimated and counted over at most six hours and 1,000
// clients: the shape of the work is the same, and the test stays fast under the sanitizers.
constexpr qint64 longestRunCounted = 6 * 3600;
constexpr int mostClientsCounted = 1000;

Scenario refreshAheadEverySecond(int clients, qint64 duration)
{
    Scenario scenario = test::simpleScenario();
    scenario.clients.count = clients;
    scenario.clients.requestInterval = 3600;
    scenario.clients.refresh = RefreshTiming::Ahead;
    scenario.clients.refreshAhead = 60; // as long as the token: a refresh every second
    scenario.issuer.accessTokenTtl = 60;
    scenario.duration = duration;
    return scenario;
}

Scenario thievesEverySecond(int thieves, qint64 duration)
{
    Scenario scenario = test::simpleScenario();
    scenario.clients.count = thieves;
    scenario.clients.requestInterval = 600;
    scenario.issuer.refreshTokenLifetime = 0; // the stolen refresh tokens keep working to the end
    scenario.duration = duration;
    for (int a = 0; a < thieves; ++a) {
        AttackerConfig thief = test::attacker(StolenCredential::RefreshToken, 60, 1);
        thief.client = a;
        scenario.attackers.push_back(thief);
    }
    return scenario;
}

} // namespace

class TestWorkEstimate : public QObject
{
    Q_OBJECT

private slots:
    void estimateIsWithinAFactorOfTheEventsCounted_data();
    void estimateIsWithinAFactorOfTheEventsCounted();
    void refusesRunsOverTheBudgetWithTheEstimate_data();
    void refusesRunsOverTheBudgetWithTheEstimate();
    void largestBuiltInRunFitsTheBudget();
    void budgetIsBelowTheEngineBackstop();
};

void TestWorkEstimate::estimateIsWithinAFactorOfTheEventsCounted_data()
{
    QTest::addColumn<Scenario>("scenario");
    for (const QString &name : ScenarioLoader::builtInNames()) {
        const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(name);
        QVERIFY2(loaded, qPrintable(name));
        for (Scenario scenario : loaded.variants) {
            scenario.duration = std::min(scenario.duration, longestRunCounted);
            if (scenario.clients.count > mostClientsCounted) {
                QVERIFY(scenario.attackers.empty() && scenario.events.empty() && scenario.clients.users == 0);
                scenario.clients.count = mostClientsCounted;
            }
            const QString row = scenario.variant.isEmpty() ? name : name + u'/' + scenario.variant;
            QTest::newRow(qPrintable(row)) << scenario;
        }
    }
    QTest::newRow("refresh ahead of 1-minute tokens, every second") << refreshAheadEverySecond(50, 3600);
    QTest::newRow("thieves calling every second") << thievesEverySecond(20, 3600);
    Scenario noRefresh = test::simpleScenario(30);
    noRefresh.clients.count = 100;
    noRefresh.issuer.refreshTokensEnabled = false;
    noRefresh.issuer.accessTokenTtl = 300;
    QTest::newRow("no refresh tokens: a sign-in per access token") << noRefresh;
    Scenario sessions = test::simpleScenario(600);
    sessions.clients.count = 100;
    sessions.clients.exponentialIntervals = true;
    sessions.server.mode = ServerMode::Session;
    sessions.issuer.sessionIdle = 900;
    sessions.duration = 86400;
    QTest::newRow("sessions lapsing when idle") << sessions;
    Scenario keys = test::simpleScenario(60);
    keys.clients.count = 20;
    keys.issuer.keyRotationInterval = 3600;
    keys.issuer.keyOverlap = 600;
    keys.duration = 2 * 86400;
    QTest::newRow("scheduled key rotation") << keys;
}

void TestWorkEstimate::estimateIsWithinAFactorOfTheEventsCounted()
{
    QFETCH(Scenario, scenario);
    const WorkEstimate estimate = WorkEstimate::of(scenario);
    SimOptions options;
    options.keepTokens = false;
    SimEngine engine(scenario, options);
    engine.run();
    QCOMPARE(engine.outcome(), RunOutcome::Finished);
    const double counted = double(engine.metrics().eventsProcessed);
    const QByteArray detail = QStringLiteral("estimated %1 (%2), counted %3")
                                  .arg(estimate.total(), 0, 'f', 0)
                                  .arg(estimate.breakdown())
                                  .arg(counted, 0, 'f', 0)
                                  .toUtf8();
    QVERIFY2(estimate.total() <= counted * allowedFactor, detail.constData());
    QVERIFY2(estimate.total() * allowedFactor >= counted, detail.constData());
}

void TestWorkEstimate::refusesRunsOverTheBudgetWithTheEstimate_data()
{
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<QString>("estimate");
    QTest::addColumn<QString>("largestPart");

    Scenario manyClients = test::simpleScenario(60);
    manyClients.clients.count = ScenarioLoader::maxClients;
    manyClients.duration = ScenarioLoader::maxDuration;
    QTest::newRow("a million clients for 400 days") << manyClients << u"5.76e+11"_s << u"client requests"_s;
    QTest::newRow("a million clients refreshing 1-minute tokens ahead for 400 days")
        << refreshAheadEverySecond(ScenarioLoader::maxClients, ScenarioLoader::maxDuration) << u"3.46e+13"_s
        << u"refresh-ahead refreshes"_s;
    QTest::newRow("a thousand thieves calling every second for 400 days")
        << thievesEverySecond(ScenarioLoader::maxAttackers, ScenarioLoader::maxDuration) << u"3.47e+10"_s
        << u"attacker calls"_s;
}

void TestWorkEstimate::refusesRunsOverTheBudgetWithTheEstimate()
{
    QFETCH(Scenario, scenario);
    QFETCH(QString, estimate);
    QFETCH(QString, largestPart);
    const std::optional<ScenarioError> error = WorkBudget::check(scenario);
    QVERIFY(error);
    QVERIFY2(error->message.contains(u"about "_s + estimate + u" events"_s), qPrintable(error->message));
    QVERIFY2(error->message.contains(largestPart), qPrintable(error->message));
    QVERIFY2(error->message.contains(u"at most 2e+08"_s), qPrintable(error->message));
}

void TestWorkEstimate::largestBuiltInRunFitsTheBudget()
{
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(u"bench-10k-clients-30d"_s);
    QVERIFY2(loaded, loaded.errors.isEmpty() ? "" : qPrintable(loaded.errors.first().toString()));
    const double estimate = WorkEstimate::of(loaded.variants.first()).total();
    // 86.6 million events counted by tests/sim/bench_simengine -clients 10000 -days 30 -interval 300.
    QVERIFY2(estimate > 86.6e6 / allowedFactor && estimate < 86.6e6 * allowedFactor,
             qPrintable(QString::number(estimate)));
    QVERIFY(!WorkBudget::check(loaded.variants.first()));
}

void TestWorkEstimate::budgetIsBelowTheEngineBackstop()
{
    // An estimate may be off by the factor above and still run to the end; only a far worse one meets the backstop.
    QVERIFY(double(SimOptions().maxEvents) >= WorkBudget::maxEstimatedEvents * allowedFactor * 2);
}

QTEST_GUILESS_MAIN(TestWorkEstimate)
#include "tst_workestimate.moc"
