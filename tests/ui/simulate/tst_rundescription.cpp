// RunDescription: the Simulate workspace's one-line texts about a run: the issuer policy of the comparison
// captions, what a run ran against (the model, a mock issuer started for it, the Issuer workspace's), and the
// status line under the timeline.

#include "sim/Scenario.h"
#include "simulate/RunDescription.h"
#include "simulate/SimulationRun.h"

#include <QLocale>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;

class TestRunDescription : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void policySummaryNamesWhatDiffers_data();
    void policySummaryNamesWhatDiffers();
    void sourceSaysWhichIssuer_data();
    void sourceSaysWhichIssuer();
    void statusCountsAndSaysWhatIsLeftOut();
    void refusalNamesWhatIsTooMuch();
    void notShownSaysWhyARunIsNotShown();
};

namespace {

// The scenarios of policySummaryNamesWhatDiffers, by row.
Scenario policyCase(const QString &name)
{
    Scenario scenario;
    if (name == u"rotation with a grace window") {
        scenario.issuer.rotation = RotationMode::Always;
        scenario.issuer.grace = GraceMode::NewToken;
        scenario.issuer.graceSeconds = 90;
        scenario.issuer.accessTokenTtl = 3600 + 1800;
    } else if (name != u"defaults") {
        scenario.issuer.refreshTokensEnabled = false;
        scenario.server.mode = ServerMode::Session;
        if (name == u"a preset comes first")
            scenario.issuer.presetName = u"auth0"_s;
    }
    return scenario;
}

} // namespace

void TestRunDescription::policySummaryNamesWhatDiffers_data()
{
    QTest::addColumn<QString>("summary");
    QTest::newRow("defaults") << u"AT 15m · RT 7d absolute · rotation never · reuse revoke_family · no grace · "
                                 "stateless_jwt"_s;
    QTest::newRow("rotation with a grace window")
        << u"AT 1h 30m · RT 7d absolute · rotation always · reuse revoke_family · grace %1 1m 30s · stateless_jwt"_s
               .arg(PolicyNames::grace(GraceMode::NewToken));
    QTest::newRow("no refresh tokens") << u"AT 15m · no refresh tokens · %1"_s.arg(
        ScenarioNames::serverMode(ServerMode::Session));
    QTest::newRow("a preset comes first")
        << u"auth0 · AT 15m · no refresh tokens · %1"_s.arg(ScenarioNames::serverMode(ServerMode::Session));
}

void TestRunDescription::policySummaryNamesWhatDiffers()
{
    QFETCH(QString, summary);
    QCOMPARE(RunDescription::policySummary(policyCase(QString::fromUtf8(QTest::currentDataTag()))), summary);
}

void TestRunDescription::sourceSaysWhichIssuer_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("detail");
    QTest::addColumn<QString>("text");
    const int brief = int(RunDescription::Detail::Brief);
    const int full = int(RunDescription::Detail::Full);
    QTest::newRow("the model") << int(RunTarget::Kind::Model) << full << u"against the model"_s;
    QTest::newRow("the model, brief") << int(RunTarget::Kind::Model) << brief << u"against the model"_s;
    QTest::newRow("live, brief") << int(RunTarget::Kind::LocalIssuer) << brief << u"live"_s;
    QTest::newRow("a mock issuer started for the run")
        << int(RunTarget::Kind::LocalIssuer) << full
        << u"Live run against a mock issuer started for the run at http://127.0.0.1:8443: 1,204 HTTP exchanges, and "
           "every token on the timeline is one the issuer returned"_s;
    QTest::newRow("a mock issuer and a lab started for the run")
        << int(RunTarget::Kind::LocalIssuerOnLab) << full
        << u"Live run against a mock issuer at http://127.0.0.1:8443, its API calls on a live lab at "
           "http://127.0.0.1:9000 (real resource servers and Redis), both started for the run: 1,204 HTTP exchanges "
           "with the issuer; every token on the timeline is one it returned"_s;
    QTest::newRow("the Issuer workspace's")
        << int(RunTarget::Kind::RunningIssuer) << full
        << u"Live run against the Issuer workspace's mock issuer at http://127.0.0.1:8443: 1,204 HTTP exchanges, and "
           "every token on the timeline is one the issuer returned"_s;
}

void TestRunDescription::sourceSaysWhichIssuer()
{
    QFETCH(int, kind);
    QFETCH(int, detail);
    QFETCH(QString, text);
    SimulationRun run;
    run.target.kind = RunTarget::Kind(kind);
    run.issuerUrl = QUrl(u"http://127.0.0.1:8443"_s);
    run.httpExchanges = 1204;
    run.labUrl = QUrl(u"http://127.0.0.1:9000"_s);
    QCOMPARE(RunDescription::source(run, RunDescription::Detail(detail)), text);
}

void TestRunDescription::statusCountsAndSaysWhatIsLeftOut()
{
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(u"f-rotation-reuse-detection"_s);
    QVERIFY(loaded);
    const std::shared_ptr<SimulationRun> run = SimulationRun::execute(loaded.variants.first());
    QVERIFY(run);
    const QString status = RunDescription::status(*run);
    QVERIFY2(status.startsWith(u"%1 clients · %2 events · "_s.arg(run->scenario.clients.count)
                                   .arg(QLocale().toString(qulonglong(run->metrics().eventsProcessed)))),
             qPrintable(status));
    QVERIFY2(status.endsWith(u"ran headless in %1 ms · seed %2"_s.arg(run->elapsedMs).arg(run->scenario.seed)),
             qPrintable(status));

    run->timeline.clientsTotal = run->timeline.clientLanesShown + 10;
    run->tokensKept = false;
    run->eventsTruncated = true;
    QVERIFY2(
        RunDescription::status(*run).endsWith(
            u" · timeline shows the first %1 clients · too many tokens to keep for opening · event list truncated"_s
                .arg(run->timeline.clientLanesShown)),
        qPrintable(RunDescription::status(*run)));
}

void TestRunDescription::refusalNamesWhatIsTooMuch()
{
    Scenario scenario;
    QVERIFY(RunDescription::refusal(scenario, RunTarget {}).isEmpty());
    QCOMPARE(RunDescription::running(scenario, RunTarget {}), u"Running “%1” headless…"_s.arg(scenario.title));
    Scenario huge = scenario;
    huge.clients.count = 100000;
    huge.duration = 400 * 86400;
    const QString refusal = RunDescription::refusal(huge, RunTarget {});
    QVERIFY2(refusal.startsWith(u"Not run: "_s) && refusal.endsWith(u". The previous run is kept."_s),
             qPrintable(refusal));

    // A store outage with a store per server runs on the model and a mock issuer, not on a lab (its Redis is the
    // only store it can take down).
    Scenario perServerOutage = scenario;
    perServerOutage.server.mode = ServerMode::Session;
    perServerOutage.server.sharedStore = false;
    OperatorEvent outage;
    outage.action = OperatorAction::StoreOutage;
    perServerOutage.events.push_back(outage);
    QVERIFY(RunDescription::refusal(perServerOutage, RunTarget {RunTarget::Kind::LocalIssuer, {}}).isEmpty());
    const QString onLab = RunDescription::refusal(perServerOutage, RunTarget {RunTarget::Kind::LocalIssuerOnLab, {}});
    QVERIFY2(onLab.startsWith(u"Not run: a store outage with a store per server cannot run on a lab"_s),
             qPrintable(onLab));
    QCOMPARE(RunDescription::running(scenario, RunTarget {RunTarget::Kind::LocalIssuerOnLab, {}}),
             u"Running “%1” live against a mock issuer, on a live lab…"_s.arg(scenario.title));
}

void TestRunDescription::notShownSaysWhyARunIsNotShown()
{
    SimulationRun run;
    run.outcome = RunOutcome::Finished;
    QVERIFY(!RunDescription::notShown(run));

    run.outcome = RunOutcome::Cancelled;
    run.stoppedAt = 3600;
    run.endTime = 86400;
    std::optional<RunDescription::NotShown> notShown = RunDescription::notShown(run);
    QVERIFY(notShown);
    QVERIFY(notShown->error.isEmpty()); // the user cancelled it: nothing went wrong
    QVERIFY2(notShown->status.startsWith(u"Run stopped at "_s), qPrintable(notShown->status));

    run.outcome = RunOutcome::Finished;
    run.failure = u"HTTP 413 <too large>"_s;
    notShown = RunDescription::notShown(run);
    QVERIFY(notShown);
    QCOMPARE(notShown->error, u"The live run failed: HTTP 413 &lt;too large&gt;. The previous run is kept."_s);
    QCOMPARE(notShown->status, u"Live run failed; showing the previous run."_s);
}

QTEST_GUILESS_MAIN(TestRunDescription)
#include "tst_rundescription.moc"
