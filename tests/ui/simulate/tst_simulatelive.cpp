// Live runs in the Simulate workspace: "Run against" a mock issuer started for the run (alone, or with a live lab
// whose real resource servers and Redis take the API calls), or the Issuer workspace's while it runs. Real HTTP on
// 127.0.0.1 with a few hours of a small built-in scenario: the run is marked live with its issuer and HTTP exchanges,
// agrees with the model, its tokens are the issuer's and verify in Inspect through the issuer's discovery document, it
// can be cancelled, and its texts go through the translator.

#include "../../lab/LabTestSupport.h"
#include "MainWindow.h"
#include "SimulateTestSupport.h"
#include "common/Clock.h"
#include "common/PseudoTranslator.h"
#include "common/Settings.h"
#include "inspect/InspectWorkspace.h"
#include "issuer/IssuedTokensModel.h"
#include "issuer/IssuerWorkspace.h"
#include "issuer/MockIssuer.h"
#include "issuer/RequestLogModel.h"
#include "jose/Base64Url.h"
#include "sim/LiveIssuer.h"
#include "simulate/SimulateWorkspace.h"
#include "verify/VerifyPanel.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;
using tokenscope::test::byAccessibleName;
using tokenscope::test::runAndWait;
using RunAgainst = SimulateWorkspace::RunAgainst;

namespace {

// Three clients for three hours of the rotation scenario, with its thief at 1 h: about a hundred HTTP exchanges.
Scenario smallScenario()
{
    Scenario scenario = ScenarioLoader::loadBuiltIn(u"f-rotation-reuse-detection"_s).variants.first();
    scenario.clients.count = 3;
    scenario.duration = 3 * 3600;
    return scenario;
}

bool isEnabled(QComboBox *combo, RunAgainst target)
{
    const auto *model = qobject_cast<QStandardItemModel *>(combo->model());
    return model && model->item(combo->findData(int(target)))->isEnabled();
}

// Picks `target` as a user does, with the arrow keys (which skip disabled choices).
void choose(QComboBox *combo, RunAgainst target)
{
    const int wanted = combo->findData(int(target));
    const Qt::Key key = wanted > combo->currentIndex() ? Qt::Key_Down : Qt::Key_Up;
    for (int i = 0; i < combo->count() && combo->currentIndex() != wanted; ++i)
        QTest::keyClick(combo, key);
}

QJsonObject payloadOf(const QString &compact)
{
    const QStringList parts = compact.split(u'.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(Base64Url::decode(parts[1].toLatin1()).bytes).object();
}

// The "live" object of the workspace's JSON export of its current run; empty when the export fails.
QJsonObject exportedLive(SimulateWorkspace &workspace)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"run.json"_s);
    if (!workspace.exportJson(path))
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(u"live"_s).toObject();
}

} // namespace

class TestSimulateLive : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void runAgainstALocalMockIssuerIsLiveAndAgreesWithTheModel();
    void runOnANewLabIsLiveAndAgreesWithTheModel();
    void issuerWorkspaceIssuerIsOfferedOnlyWhileItRuns();
    void liveRunShowsProgressAndCanBeCancelled();
    void scenarioTooLargeForALiveRunIsNotStarted();
    void liveRunTextsGoThroughTheTranslator();

private:
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<SimulateWorkspace> m_workspace;
    QComboBox *m_runAgainst = nullptr;
};

void TestSimulateLive::init()
{
    m_settings = Settings::throwaway();
    m_workspace = std::make_unique<SimulateWorkspace>(m_settings.get());
    m_workspace->resize(1400, 900);
    m_workspace->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_workspace.get()));
    m_runAgainst = m_workspace->runAgainstComboBox();
    QVERIFY(m_runAgainst);
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->setScenario(smallScenario()); },
        [](const SimulationRun &run) { return run.scenario.duration == 3 * 3600; }));
}

void TestSimulateLive::cleanup()
{
    m_workspace.reset();
    m_settings.reset();
}

void TestSimulateLive::runAgainstALocalMockIssuerIsLiveAndAgreesWithTheModel()
{
    // The model is the default, and says so nowhere above the timeline.
    QCOMPARE(m_workspace->runAgainst(), RunAgainst::Model);
    const SimulationRun *model = m_workspace->currentRun();
    QVERIFY(!model->isLive());
    QCOMPARE(model->httpExchanges, 0);
    QVERIFY(!m_workspace->runSourceLabel()->isVisible());
    const QByteArray modelMetrics = model->metrics().toJson();

    QVERIFY(runAndWait(
        m_workspace.get(), [&] { choose(m_runAgainst, RunAgainst::LocalIssuer); },
        [](const SimulationRun &run) { return run.isLive(); }));
    QCOMPARE(m_workspace->runAgainst(), RunAgainst::LocalIssuer);
    const SimulationRun *live = m_workspace->currentRun();
    QCOMPARE(live->target.kind, RunTarget::Kind::LocalIssuer);
    QVERIFY2(live->failure.isEmpty(), qPrintable(live->failure));
    QVERIFY(live->httpExchanges > 0);
    QCOMPARE(live->issuerUrl.host(), u"127.0.0.1"_s);
    QVERIFY(live->issuerUrl.port() > 0);
    // Same scenario, same seed: the issuer decided every refresh exactly as the model did.
    QCOMPARE(live->metrics().toJson(), modelMetrics);

    // The timeline and the status say it was live, against which issuer, with how many HTTP exchanges.
    const QString exchanges = QLocale().toString(live->httpExchanges);
    QLabel *source = m_workspace->runSourceLabel();
    QVERIFY(source->isVisible());
    QVERIFY2(source->text().startsWith(u"Live run against a mock issuer started for the run"_s),
             qPrintable(source->text()));
    QVERIFY2(source->text().contains(live->issuerUrl.toString()) && source->text().contains(exchanges + u" HTTP"_s),
             qPrintable(source->text()));
    const QLabel *status = byAccessibleName<QLabel>(m_workspace.get(), u"Run status"_s);
    QVERIFY2(status->text().contains(u"ran live in"_s) && status->text().contains(exchanges + u" HTTP exchanges"_s),
             qPrintable(status->text()));

    // Compared with the model run before it, each caption says what its run ran against.
    m_workspace->setComparing(true);
    const auto captions = m_workspace->findChildren<QLabel *>();
    QStringList captionTexts;
    for (const QLabel *label : captions) {
        if (label->isVisible() && (label->text().startsWith(u"This run:"_s) || label->text().startsWith(u"Previous"_s)))
            captionTexts << label->text();
    }
    QCOMPARE(captionTexts.size(), 2);
    captionTexts.sort(); // "Previous run: …", "This run: …"
    QVERIFY2(captionTexts[0].endsWith(u" · against the model"_s) && captionTexts[1].endsWith(u" · live"_s),
             qPrintable(captionTexts.join(u'\n')));
    m_workspace->setComparing(false);

    // Every token on the timeline is the issuer's: it names the issuer and was issued on its clock.
    qint64 tokenId = 0;
    for (const TimelineData::Bar &bar : live->timeline.bars) {
        if (bar.kind == TimelineData::BarKind::AccessToken && bar.tokenId > 0) {
            tokenId = bar.tokenId;
            break;
        }
    }
    QVERIFY(tokenId > 0);
    QSignalSpy opened(m_workspace.get(), &SimulateWorkspace::openTokenRequested);
    QVERIFY(m_workspace->openToken(tokenId));
    QCOMPARE(opened.count(), 1);
    const QString token = opened.first().at(0).toString();
    QCOMPARE(opened.first().at(1).toUrl(), live->issuerUrl);
    const qint64 issuedAt = opened.first().at(2).toLongLong();
    const QJsonObject payload = payloadOf(token);
    QCOMPARE(payload.value(u"iss"_s).toString(), live->issuerUrl.toString());
    QCOMPARE(qint64(payload.value(u"iat"_s).toDouble()), issuedAt);
    QVERIFY(issuedAt >= live->scenario.start && issuedAt < live->scenario.start + live->scenario.duration);

    // The export reports the run as live, as `tokenscope-cli simulate --live --json` does.
    const QJsonObject exported = exportedLive(*m_workspace);
    QCOMPARE(exported.value(u"issuer"_s).toString(), live->issuerUrl.toString());
    QCOMPARE(exported.value(u"httpExchanges"_s).toInteger(), live->httpExchanges);

    // Back to the model: the label goes.
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { choose(m_runAgainst, RunAgainst::Model); },
        [](const SimulationRun &run) { return !run.isLive(); }));
    QVERIFY(!m_workspace->runSourceLabel()->isVisible());
    QCOMPARE(m_workspace->currentRun()->metrics().toJson(), modelMetrics);
}

// The same story with its API calls on a lab started for the run: the issuer's tokens go to real resource servers
// behind HAProxy, which judge them as the model's servers do; the run says where it ran, and the lab is gone after.
void TestSimulateLive::runOnANewLabIsLiveAndAgreesWithTheModel()
{
    if (const QString missing = lab::testing::missingPrograms(); !missing.isEmpty())
        QFAIL(qPrintable(missing));
    const QByteArray modelMetrics = m_workspace->currentRun()->metrics().toJson();

    QVERIFY(runAndWait(
        m_workspace.get(), [&] { choose(m_runAgainst, RunAgainst::LocalIssuerOnLab); },
        [](const SimulationRun &run) { return run.isLive() || !run.failure.isEmpty(); }));
    QCOMPARE(m_workspace->runAgainst(), RunAgainst::LocalIssuerOnLab);
    const SimulationRun *live = m_workspace->currentRun();
    QVERIFY2(live->failure.isEmpty(), qPrintable(live->failure));
    QCOMPARE(live->target.kind, RunTarget::Kind::LocalIssuerOnLab);
    QCOMPARE(live->labUrl.host(), u"127.0.0.1"_s);
    QVERIFY(live->labUrl.port() > 0);
    QVERIFY(live->httpExchanges > 0);
    QCOMPARE(live->metrics().toJson(), modelMetrics);

    const QString source = m_workspace->runSourceLabel()->text();
    QVERIFY2(source.contains(u"live lab"_s) && source.contains(live->labUrl.toString()), qPrintable(source));
    const QJsonObject exported = exportedLive(*m_workspace);
    QCOMPARE(exported.value(u"lab"_s).toString(), live->labUrl.toString());

    // The lab stopped with the run (its servers, HAProxy and Redis): nothing answers on its control port.
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, quint16(live->labUrl.port()));
    QVERIFY(!probe.waitForConnected(2000));
}

void TestSimulateLive::issuerWorkspaceIssuerIsOfferedOnlyWhileItRuns()
{
    cleanup(); // this one drives the main window, where the two workspaces meet
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    QNetworkAccessManager network;
    FixedClock clock(1'795'000'600);
    MainWindow window(settings.get(), &clock, &network);
    window.resize(1400, 900);
    window.show();
    SimulateWorkspace *simulate = window.simulateWorkspace();
    IssuerWorkspace *issuer = window.issuerWorkspace();
    QComboBox *runAgainst = simulate->runAgainstComboBox();
    QVERIFY(runAndWait(
        simulate, [&] { simulate->setScenario(smallScenario()); },
        [](const SimulationRun &run) { return run.scenario.duration == 3 * 3600; }));

    // Stopped: offered, but not choosable, and the tooltip says what to do.
    QVERIFY(!isEnabled(runAgainst, RunAgainst::IssuerWorkspace));
    QVERIFY(runAgainst->itemData(runAgainst->findData(int(RunAgainst::IssuerWorkspace)), Qt::ToolTipRole)
                .toString()
                .startsWith(u"Start the mock issuer"_s));

    issuer->setPort(0);
    QVERIFY(issuer->startIssuer());
    const QUrl issuerUrl = issuer->issuer()->issuerUrl();
    QVERIFY(isEnabled(runAgainst, RunAgainst::IssuerWorkspace));
    QVERIFY(runAndWait(
        simulate, [&] { choose(runAgainst, RunAgainst::IssuerWorkspace); },
        [](const SimulationRun &run) { return run.isLive(); }));
    const SimulationRun *live = simulate->currentRun();
    QCOMPARE(live->target.kind, RunTarget::Kind::RunningIssuer);
    QVERIFY2(live->failure.isEmpty(), qPrintable(live->failure));
    QCOMPARE(live->issuerUrl, issuerUrl);
    QVERIFY(live->httpExchanges > 0);
    QVERIFY2(simulate->runSourceLabel()->text().startsWith(u"Live run against the Issuer workspace's mock issuer at "_s
                                                           + issuerUrl.toString()),
             qPrintable(simulate->runSourceLabel()->text()));
    // That workspace's request log and issued-tokens list filled with the run's traffic.
    QVERIFY(issuer->logModel()->rowCount() >= 10);
    QVERIFY(issuer->tokensModel()->rowCount() >= 3);

    // A token from the timeline opens in Inspect and verifies through the issuer's discovery document, judged
    // when it was issued on the issuer's clock.
    qint64 tokenId = 0;
    for (const TimelineData::Bar &bar : live->timeline.bars) {
        if (bar.kind == TimelineData::BarKind::AccessToken && bar.tokenId > 0)
            tokenId = bar.tokenId; // the last one: issued furthest into the issuer's simulated future
    }
    QVERIFY(simulate->openToken(tokenId));
    QCOMPARE(window.currentWorkspace(), MainWindow::Workspace::Inspect);
    InspectWorkspace *inspect = window.inspectWorkspace();
    QVERIFY(inspect->nowOverride().has_value());
    VerifyPanel *panel = inspect->verifyPanel();
    QCOMPARE(panel->keySourceKind(), VerifyPanel::KeySourceKind::Issuer);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isFetching() && panel->result() && panel->result()->isValid(), 15000);
    QVERIFY(panel->result()->verifiedBy.has_value());
    QVERIFY2(panel->result()->verifiedBy->source().contains(issuerUrl.authority()),
             qPrintable(panel->result()->verifiedBy->source()));

    // Stopped again: the choice falls back to the model, which runs at once.
    window.setCurrentWorkspace(MainWindow::Workspace::Simulate);
    QVERIFY(runAndWait(
        simulate, [&] { issuer->stopIssuer(); }, [](const SimulationRun &run) { return !run.isLive(); }));
    QCOMPARE(simulate->runAgainst(), RunAgainst::Model);
    QVERIFY(!isEnabled(runAgainst, RunAgainst::IssuerWorkspace));
    QVERIFY(!simulate->runSourceLabel()->isVisible());
}

void TestSimulateLive::liveRunShowsProgressAndCanBeCancelled()
{
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { choose(m_runAgainst, RunAgainst::LocalIssuer); },
        [](const SimulationRun &run) { return run.isLive(); }));
    const SimulationRun *before = m_workspace->currentRun();
    auto *progress = byAccessibleName<QProgressBar>(m_workspace.get(), u"Run progress"_s);
    auto *cancel = m_workspace->findChild<QToolButton *>(u"cancelRunButton"_s);
    QVERIFY(progress && cancel);

    // Forty clients for a week: thousands of HTTP exchanges, far longer than the second before progress shows.
    Scenario longer = smallScenario();
    longer.clients.count = 40;
    longer.duration = 7 * 86400;
    QSignalSpy stopped(m_workspace.get(), &SimulateWorkspace::runStopped);
    QSignalSpy finished(m_workspace.get(), &SimulateWorkspace::runFinished);
    m_workspace->setScenario(longer);
    const QLabel *status = byAccessibleName<QLabel>(m_workspace.get(), u"Run status"_s);
    QTRY_VERIFY(status->text().contains(u"live against a mock issuer"_s));
    QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible() && progress->value() > 0, 20000);
    QVERIFY2(progress->text().contains(u"of 7d simulated"_s), qPrintable(progress->text()));
    QElapsedTimer timer;
    timer.start();
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(stopped.wait(10000));
    QVERIFY2(timer.elapsed() < 5000, "a live run stops within a few HTTP exchanges");
    QCOMPARE(finished.count(), 0);
    QVERIFY(!m_workspace->isRunning());
    QCOMPARE(m_workspace->currentRun(), before); // the previous live run stays shown
    QVERIFY(m_workspace->errorText().isEmpty()); // cancelled is not failed
    QVERIFY2(status->text().startsWith(u"Run stopped at "_s), qPrintable(status->text()));
    QVERIFY(!progress->isVisible());
}

void TestSimulateLive::scenarioTooLargeForALiveRunIsNotStarted()
{
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { choose(m_runAgainst, RunAgainst::LocalIssuer); },
        [](const SimulationRun &run) { return run.isLive(); }));
    const SimulationRun *before = m_workspace->currentRun();
    Scenario large = smallScenario();
    large.clients.count = LiveIssuer::maxClients + 1;
    m_workspace->setScenario(large);
    QTRY_VERIFY(!m_workspace->isRunning());
    QVERIFY2(m_workspace->errorText().contains(u"too many for a live run"_s)
                 && m_workspace->errorText().contains(u"against the model"_s),
             qPrintable(m_workspace->errorText()));
    QCOMPARE(m_workspace->currentRun(), before);

    // The model takes it.
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { choose(m_runAgainst, RunAgainst::Model); },
        [&](const SimulationRun &run) { return !run.isLive() && run.scenario.clients.count == large.clients.count; }));
    QVERIFY(m_workspace->errorText().isEmpty());
}

void TestSimulateLive::liveRunTextsGoThroughTheTranslator()
{
    cleanup();
    test::PseudoTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    {
        const std::unique_ptr<Settings> settings = Settings::throwaway();
        SimulateWorkspace workspace(settings.get());
        workspace.show();
        QVERIFY(runAndWait(
            &workspace, [&] { workspace.setScenario(smallScenario()); },
            [](const SimulationRun &run) { return run.scenario.duration == 3 * 3600; }));
        QComboBox *combo = workspace.runAgainstComboBox();
        QVERIFY(runAndWait(
            &workspace, [&] { choose(combo, RunAgainst::LocalIssuer); },
            [](const SimulationRun &run) { return run.isLive(); }));
        QStringList shown {workspace.runSourceLabel()->text(), combo->accessibleName(), combo->toolTip()};
        for (int i = 0; i < combo->count(); ++i)
            shown << combo->itemText(i) << combo->itemData(i, Qt::ToolTipRole).toString();
        shown << byAccessibleName<QLabel>(&workspace, test::pseudoOpenMark + u"Run status"_s + test::pseudoCloseMark)
                     ->text();
        for (const QString &text : std::as_const(shown))
            QVERIFY2(text.startsWith(test::pseudoOpenMark) && test::isPseudoTranslated(text),
                     qPrintable(u"not translatable: "_s + text));
    }
    QCoreApplication::removeTranslator(&translator);
}

QTEST_MAIN(TestSimulateLive)
#include "tst_simulatelive.moc"
