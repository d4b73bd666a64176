// GUI tests of the Simulate workspace: every built-in scenario shows lanes, marks and metrics; knobs re-run the
// scenario and the metrics follow the engine; playback is driven through advance() (no sleeps); clicking a token
// bar opens a token that verifies against the run's issuer keys; exports are well-formed; bad files are refused.

#include "SimulateTestSupport.h"
#include "common/Clock.h"
#include "common/MessageBanner.h"
#include "common/Settings.h"
#include "sim/SimEngine.h"
#include "sim/WorkEstimate.h"
#include "simulate/SimulateWorkspace.h"
#include "simulate/TimelineView.h"
#include "verify/TokenVerifier.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QSvgRenderer>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;
using tokenscope::test::byAccessibleName;
using tokenscope::test::runAndWait;

namespace {

SimMetrics engineMetrics(const Scenario &scenario)
{
    SimOptions options;
    options.keepTokens = false;
    SimEngine engine(scenario, options);
    engine.run();
    return engine.metrics();
}

QString number(quint64 value)
{
    return QLocale().toString(qulonglong(value));
}

} // namespace

class TestSimulateWorkspace : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void builtInScenarioShowsLanesMarksAndMetrics_data();
    void builtInScenarioShowsLanesMarksAndMetrics();
    void rotationWithFamilyRevocationCatchesTheThief();
    void graceWindowSavesTheConcurrentRefresh();
    void presetSetsIssuerKnobs();
    void rerunKeepsPreviousRunForComparison();
    void comparisonShowsThePreviousRunSideBySide();
    void playAdvancesThePlayheadAtTheChosenSpeed();
    void scrubbingOnTheAxisAndSliderMovesThePlayhead();
    void stepJumpsBetweenNotableEvents();
    void eventLogIsLinkedToTheTimelineBothWays();
    void clickingATokenBarOpensAVerifiableToken();
    void exportsWriteValidFiles();
    void badScenarioFileShowsErrorAndKeepsThePreviousRun();
    void everyActionHasAShortcutAndEveryInputAName();
    void settingsRememberScenarioAndSpeedButNoToken();
    void longRunShowsProgressAndCanBeCancelled();
    void runOverTheEventBudgetIsNotStarted();

private:
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<SimulateWorkspace> m_workspace;
};

void TestSimulateWorkspace::init()
{
    m_settings = Settings::throwaway();
    m_workspace = std::make_unique<SimulateWorkspace>(m_settings.get());
    m_workspace->resize(1400, 900);
    m_workspace->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_workspace.get()));
    QVERIFY(runAndWait(m_workspace.get(), [] {}));
}

void TestSimulateWorkspace::cleanup()
{
    m_workspace.reset();
    m_settings.reset();
}

void TestSimulateWorkspace::builtInScenarioShowsLanesMarksAndMetrics_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : ScenarioLoader::builtInNames()) {
        if (name.startsWith(u"bench"_s)) // the 10,000-client headless benchmark: core territory
            continue;
        QTest::newRow(qPrintable(name)) << name;
    }
}

void TestSimulateWorkspace::builtInScenarioShowsLanesMarksAndMetrics()
{
    QFETCH(QString, name);
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { QVERIFY(m_workspace->loadBuiltInScenario(name)); },
        [&](const SimulationRun &run) { return run.scenario.name == name; }));
    QVERIFY(m_workspace->errorText().isEmpty());
    const SimulationRun *run = m_workspace->currentRun();
    const TimelineData &timeline = run->timeline;
    // Issuer and servers lanes, one per attacker, one per shown client.
    QCOMPARE(int(timeline.lanes.size()),
             2 + int(run->scenario.attackers.size())
                 + std::min(run->scenario.clients.count, SimulationRun::maxClientLanes));
    QVERIFY(!timeline.marks.empty());
    QVERIFY(!timeline.bars.empty());
    // The whole run is shown after loading.
    QCOMPARE(m_workspace->playhead(), timeline.duration);
    // Metrics are the engine's.
    const SimMetrics expected = engineMetrics(run->scenario);
    QCOMPARE(m_workspace->metricText(u"legit_requests"_s), number(expected.legitRequests));
    QCOMPARE(m_workspace->metricText(u"attacker_accepted"_s), number(expected.attackerAccepted));
    QCOMPARE(m_workspace->metricText(u"wrongly_logged_out"_s), number(expected.wronglyLoggedOutClients));
    for (qsizetype i = 0; i < expected.exposures.size(); ++i)
        QVERIFY2(m_workspace->metricText(u"exposure_%1"_s.arg(i))
                     .contains(TimelineView::formatOffset(expected.exposures[i].seconds())),
                 qPrintable(m_workspace->metricText(u"exposure_%1"_s.arg(i))));
    QCOMPARE(int(timeline.shades.size()), int(expected.exposures.size()));
    // The timeline paints without trouble and shows something other than the background.
    const QImage image = m_workspace->timelineView()->viewport()->grab().toImage();
    QVERIFY(!image.isNull());
}

void TestSimulateWorkspace::rotationWithFamilyRevocationCatchesTheThief()
{
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->loadBuiltInScenario(u"f-rotation-reuse-detection"_s, 0); },
        [](const SimulationRun &run) { return run.scenario.name == u"f-rotation-reuse-detection"; }));
    const SimMetrics &caught = m_workspace->currentRun()->metrics();
    QVERIFY(caught.reuseDetections > 0);
    QVERIFY(caught.familiesRevoked > 0);
    const QString caughtAccepted = m_workspace->metricText(u"attacker_accepted"_s);

    // Turn rotation off in the panel: the thief keeps refreshing.
    auto *rotation = byAccessibleName<QComboBox>(m_workspace.get(), u"Rotation"_s);
    QVERIFY(rotation);
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { rotation->setCurrentIndex(rotation->findData(int(RotationMode::Never))); },
        [](const SimulationRun &run) { return run.scenario.issuer.rotation == RotationMode::Never; }));
    const SimMetrics expected = engineMetrics(m_workspace->currentRun()->scenario);
    QCOMPARE(m_workspace->metricText(u"reuse_detections"_s), u"0"_s);
    QCOMPARE(m_workspace->metricText(u"attacker_accepted"_s), number(expected.attackerAccepted));
    QVERIFY(expected.attackerAccepted > caught.attackerAccepted);
    // The previous run is in the comparison column, and the change is flagged.
    QCOMPARE(m_workspace->metricText(u"attacker_accepted"_s, 2), caughtAccepted);
    QCOMPARE(m_workspace->metricText(u"attacker_accepted"_s, 3), u"▲"_s);
}

void TestSimulateWorkspace::graceWindowSavesTheConcurrentRefresh()
{
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->loadBuiltInScenario(u"i-concurrent-refresh-race"_s, 0); },
        [](const SimulationRun &run) { return run.scenario.name == u"i-concurrent-refresh-race"; }));
    QVERIFY(m_workspace->currentRun()->metrics().wronglyLoggedOutClients > 0);
    QVERIFY(m_workspace->metricText(u"wrongly_logged_out"_s) != u"0"_s);

    auto *grace = byAccessibleName<QComboBox>(m_workspace.get(), u"Grace window"_s);
    auto *graceSeconds = byAccessibleName<QSpinBox>(m_workspace.get(), u"Grace seconds"_s);
    QVERIFY(grace && graceSeconds);
    QVERIFY(runAndWait(
        m_workspace.get(),
        [&] {
            grace->setCurrentIndex(grace->findData(int(GraceMode::NewToken)));
            QVERIFY(graceSeconds->isEnabled());
            graceSeconds->setValue(30);
        },
        [](const SimulationRun &run) {
            return run.scenario.issuer.grace == GraceMode::NewToken && run.scenario.issuer.graceSeconds == 30;
        }));
    const SimMetrics expected = engineMetrics(m_workspace->currentRun()->scenario);
    QCOMPARE(expected.wronglyLoggedOutClients, quint64(0));
    QCOMPARE(m_workspace->metricText(u"wrongly_logged_out"_s), u"0"_s);
    QVERIFY(m_workspace->metricText(u"grace_honoured"_s) != u"0"_s);
    QCOMPARE(m_workspace->metricText(u"wrongly_logged_out"_s, 3), u"▼"_s);
}

void TestSimulateWorkspace::presetSetsIssuerKnobs()
{
    const auto okta = IssuerPresets::byName(u"okta");
    QVERIFY(okta);
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { QVERIFY(m_workspace->applyPreset(u"okta"_s)); },
        [](const SimulationRun &run) { return run.scenario.issuer.presetName == u"okta"; }));
    auto *ttl = byAccessibleName<QSpinBox>(m_workspace.get(), u"Access token TTL"_s);
    QVERIFY(ttl);
    QCOMPARE(ttl->value(), int(okta->accessTokenTtl));
    QCOMPARE(m_workspace->currentRun()->scenario.issuer.graceSeconds, okta->graceSeconds);
    auto *preset = byAccessibleName<QComboBox>(m_workspace.get(), u"Provider preset"_s);
    QCOMPARE(preset->currentData().toString(), u"okta"_s);
}

void TestSimulateWorkspace::rerunKeepsPreviousRunForComparison()
{
    const SimulationRun *first = m_workspace->currentRun();
    const QByteArray firstJson = first->metrics().toJson();
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->rerun(); }, [first](const SimulationRun &run) { return &run != first; }));
    QCOMPARE(m_workspace->previousRun(), first);
    // Deterministic: the same scenario and seed give the same metrics.
    QCOMPARE(m_workspace->currentRun()->metrics().toJson(), firstJson);
    QCOMPARE(m_workspace->metricText(u"legit_requests"_s, 3), u"="_s);
}

void TestSimulateWorkspace::comparisonShowsThePreviousRunSideBySide()
{
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->loadBuiltInScenario(u"f-rotation-reuse-detection"_s, 1); },
        [](const SimulationRun &run) { return run.scenario.variant == u"no-rotation"; }));
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->selectVariant(0); },
        [](const SimulationRun &run) { return run.scenario.variant == u"rotation-family-revocation"; }));
    QAction *compare = nullptr;
    for (QAction *action : m_workspace->actions()) {
        if (action->isCheckable())
            compare = action;
    }
    QVERIFY(compare);
    compare->trigger();
    QVERIFY(m_workspace->isComparing());
    TimelineView *lower = m_workspace->comparisonView();
    QVERIFY(lower->isVisible());
    QCOMPARE(lower->run(), m_workspace->previousRun());
    QCOMPARE(lower->run()->scenario.issuer.rotation, RotationMode::Never);
    QVERIFY(SimulateWorkspace::policySummary(lower->run()->scenario).contains(u"rotation never"_s));
    // Same event script (theft at 1 h), different outcome.
    QVERIFY(lower->run()->metrics().attackerAccepted > m_workspace->currentRun()->metrics().attackerAccepted);
    // One playhead and one time axis for both.
    m_workspace->setPlayhead(5000);
    QCOMPARE(lower->playhead(), 5000);
    m_workspace->timelineView()->setVisibleRange(3000, 9000);
    QCOMPARE(lower->visibleFrom(), 3000.0);
    QCOMPARE(lower->visibleTo(), 9000.0);
    compare->trigger();
    QVERIFY(!lower->isVisible());
}

void TestSimulateWorkspace::playAdvancesThePlayheadAtTheChosenSpeed()
{
    QSignalSpy playheadSpy(m_workspace.get(), &SimulateWorkspace::playheadChanged);
    m_workspace->setPlayhead(0);
    m_workspace->setSpeed(600);
    m_workspace->play();
    QVERIFY(m_workspace->isPlaying());
    m_workspace->advance(1000); // one wall second at 600× = ten simulated minutes
    QCOMPARE(m_workspace->playhead(), 600);
    m_workspace->advance(250);
    QCOMPARE(m_workspace->playhead(), 750);
    m_workspace->advance(1); // 0.6 s: accumulated, not lost
    m_workspace->advance(1);
    QCOMPARE(m_workspace->playhead(), 751);
    m_workspace->pause();
    QVERIFY(!m_workspace->isPlaying());
    // The Space action toggles playback.
    QAction *playAction = m_workspace->actions().at(2);
    QCOMPARE(playAction->shortcut(), QKeySequence(Qt::Key_Space));
    playAction->trigger();
    QVERIFY(m_workspace->isPlaying());
    playAction->trigger();
    QVERIFY(!m_workspace->isPlaying());
    // 10,000× for a long stretch stops at the end.
    m_workspace->setSpeed(10000);
    QCOMPARE(m_workspace->speed(), 10000.0);
    m_workspace->play();
    m_workspace->advance(24 * 3600 * 1000);
    QCOMPARE(m_workspace->playhead(), m_workspace->timelineView()->duration());
    QVERIFY(!m_workspace->isPlaying());
    QVERIFY(playheadSpy.count() >= 4);
    // The slider follows.
    auto *slider = byAccessibleName<QSlider>(m_workspace.get(), u"Playhead position"_s);
    QCOMPARE(qint64(slider->value()), m_workspace->playhead());
}

void TestSimulateWorkspace::scrubbingOnTheAxisAndSliderMovesThePlayhead()
{
    TimelineView *view = m_workspace->timelineView();
    m_workspace->setPlayhead(0);
    const qint64 target = view->duration() / 2;
    const int x = int(std::lround(view->xForTime(double(target))));
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, QPoint(x, TimelineView::axisHeight / 2));
    QVERIFY(std::abs(view->playhead() - target) <= qint64((view->visibleTo() - view->visibleFrom()) / 500 + 1));
    const int x2 = int(std::lround(view->xForTime(double(target / 2))));
    QTest::mouseMove(view->viewport(), QPoint(x2, TimelineView::axisHeight / 2));
    QMouseEvent move(QEvent::MouseMove, QPointF(x2, TimelineView::axisHeight / 2),
                     view->viewport()->mapToGlobal(QPointF(x2, 5)), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view->viewport(), &move);
    QVERIFY(std::abs(view->playhead() - target / 2) <= qint64((view->visibleTo() - view->visibleFrom()) / 500 + 1));
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, QPoint(x2, TimelineView::axisHeight / 2));

    auto *slider = byAccessibleName<QSlider>(m_workspace.get(), u"Playhead position"_s);
    slider->setValue(123);
    QCOMPARE(m_workspace->playhead(), 123);

    // Zoom keeps the playhead's neighbourhood and fit restores the whole run.
    view->zoomIn();
    QVERIFY(view->visibleTo() - view->visibleFrom() < double(view->duration()));
    view->zoomToFit();
    QCOMPARE(view->visibleFrom(), 0.0);
    QCOMPARE(view->visibleTo(), double(view->duration()));
}

void TestSimulateWorkspace::stepJumpsBetweenNotableEvents()
{
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->loadBuiltInScenario(u"f-rotation-reuse-detection"_s, 0); },
        [](const SimulationRun &run) { return run.scenario.name == u"f-rotation-reuse-detection"; }));
    m_workspace->setPlayhead(3600 - 1);
    m_workspace->stepForward();
    QCOMPARE(m_workspace->playhead(), 3600); // the theft at 1 h
    m_workspace->stepBackward();
    QVERIFY(m_workspace->playhead() < 3600);
}

void TestSimulateWorkspace::eventLogIsLinkedToTheTimelineBothWays()
{
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->loadBuiltInScenario(u"f-rotation-reuse-detection"_s, 0); },
        [](const SimulationRun &run) { return run.scenario.name == u"f-rotation-reuse-detection"; }));
    QTableView *table = m_workspace->eventTable();
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const SimulationRun *run = m_workspace->currentRun();
    QCOMPARE(table->model()->rowCount(), int(run->events.size()));

    // Row → playhead.
    int theft = -1;
    for (size_t i = 0; i < run->events.size(); ++i) {
        if (run->events[i].type == SimEventType::Theft) {
            theft = int(i);
            break;
        }
    }
    QVERIFY(theft >= 0);
    QVERIFY(table->model()->index(theft, 1).data().toString().startsWith(u"theft"_s));
    table->selectionModel()->setCurrentIndex(table->model()->index(theft, 0), QItemSelectionModel::ClearAndSelect);
    QCOMPARE(m_workspace->playhead(), run->events[size_t(theft)].time);

    // Mark → row: click the theft diamond on the attacker lane.
    m_workspace->setPlayhead(m_workspace->timelineView()->duration());
    table->selectionModel()->clearCurrentIndex();
    TimelineView *view = m_workspace->timelineView();
    view->setVisibleRange(0, 4 * 3600);
    const auto &marks = run->timeline.marks;
    const auto mark = std::find_if(marks.begin(), marks.end(), [](const TimelineData::Mark &m) {
        return m.kind == TimelineData::MarkKind::Theft
            && m.lane == 2; // the attacker's lane comes after the issuer and server lanes
    });
    QVERIFY(mark != marks.end());
    const QPoint pos(int(std::lround(view->xForTime(double(mark->time)))), view->laneRect(mark->lane).center().y());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, pos);
    QCOMPARE(table->currentIndex().row(), mark->event);
    QVERIFY(view->toolTipAt(pos).contains(u"Theft"_s));
}

void TestSimulateWorkspace::clickingATokenBarOpensAVerifiableToken()
{
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->loadBuiltInScenario(u"f-rotation-reuse-detection"_s, 0); },
        [](const SimulationRun &run) { return run.scenario.name == u"f-rotation-reuse-detection"; }));
    TimelineView *view = m_workspace->timelineView();
    view->setVisibleRange(0, 2 * 3600); // wide enough bars to aim at
    const auto &bars = m_workspace->currentRun()->timeline.bars;
    int index = -1;
    for (size_t i = 0; i < bars.size(); ++i) {
        if (bars[i].kind == TimelineData::BarKind::AccessToken && bars[i].from >= 1800 && bars[i].from < 3600) {
            index = int(i);
            break;
        }
    }
    QVERIFY(index >= 0);
    const QRect rect = view->barRect(index);
    QVERIFY(view->viewport()->rect().contains(rect.center()));
    QCOMPARE(view->barAt(rect.center()), index);
    // Hovering shows the token's lifetime and its claims (signed on demand).
    const QString tip = view->toolTipAt(QPoint(rect.left() + 2, rect.center().y()));
    QVERIFY2(tip.contains(u"Access token"_s) && tip.contains(u"<tt>exp</tt>"_s) && tip.contains(u"<tt>sub</tt>"_s),
             qPrintable(tip));

    QSignalSpy spy(m_workspace.get(), &SimulateWorkspace::openTokenRequested);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(spy.count(), 1);
    const QString token = spy.first().first().toString();
    QCOMPARE(token.count(u'.'), 2);

    // It verifies against the run's issuer keys, at a time inside its lifetime.
    SimulationRun *run = const_cast<SimulationRun *>(m_workspace->currentRun());
    const SimToken *simToken = run->engine->token(bars[size_t(index)].tokenId);
    QVERIFY(simToken);
    FixedClock clock(simToken->issuedAt + 1);
    VerificationPolicy policy;
    policy.clock = &clock;
    const VerificationResult result = TokenVerifier::verify(token.toLatin1(), run->engine->verificationKeys(), policy);
    QVERIFY2(result.isValid(), qPrintable(result.message));
}

void TestSimulateWorkspace::exportsWriteValidFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(u"timeline.png"_s);
    {
        const Result<void> written = m_workspace->exportPng(png);
        QVERIFY2(written, qPrintable(written.errorMessage()));
    }
    QImage image;
    QVERIFY(image.load(png, "PNG"));
    QVERIFY(image.width() >= 1200);

    const QString svg = dir.filePath(u"timeline.svg"_s);
    {
        const Result<void> written = m_workspace->exportSvg(svg);
        QVERIFY2(written, qPrintable(written.errorMessage()));
    }
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());

    const QString csv = dir.filePath(u"events.csv"_s);
    {
        const Result<void> written = m_workspace->exportEventsCsv(csv);
        QVERIFY2(written, qPrintable(written.errorMessage()));
    }
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().split('\n');
    QVERIFY(lines.first().startsWith("time_s,time_utc,type,actor"));
    QCOMPARE(lines.size() - 2, qsizetype(m_workspace->currentRun()->events.size())); // header, trailing newline
    for (const QByteArray &line : lines.mid(1, lines.size() - 2))
        QCOMPARE(line.count(','), 11);

    const QString metricsCsv = dir.filePath(u"metrics.csv"_s);
    {
        const Result<void> written = m_workspace->exportMetricsCsv(metricsCsv);
        QVERIFY2(written, qPrintable(written.errorMessage()));
    }
    QFile metricsFile(metricsCsv);
    QVERIFY(metricsFile.open(QIODevice::ReadOnly));
    QVERIFY(metricsFile.readAll().contains("attacker_accepted,"));

    const QString json = dir.filePath(u"run.json"_s);
    {
        const Result<void> written = m_workspace->exportJson(json);
        QVERIFY2(written, qPrintable(written.errorMessage()));
    }
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(jsonFile.readAll(), &parseError);
    QVERIFY2(!document.isNull(), qPrintable(parseError.errorString()));
    const QJsonObject object = document.object();
    QCOMPARE(object.value(u"events"_s).toArray().size(), qsizetype(m_workspace->currentRun()->events.size()));
    QVERIFY(object.value(u"metrics"_s).isObject());
    QCOMPARE(object.value(u"seed"_s).toInteger(), qint64(m_workspace->currentRun()->scenario.seed));

    // An unwritable path is an error, not a crash.
    const Result<void> unwritable = m_workspace->exportEventsCsv(dir.filePath(u"missing/dir/events.csv"_s));
    QVERIFY(!unwritable);
    QVERIFY(unwritable.error().code() == ErrorCode("export.not_written"));
    QVERIFY(!unwritable.error().message().isEmpty());
}

void TestSimulateWorkspace::badScenarioFileShowsErrorAndKeepsThePreviousRun()
{
    const SimulationRun *before = m_workspace->currentRun();
    const QString title = m_workspace->scenario().title;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"bad.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"schema": "tokenscope-scenario/1", "title": "bad", "duration": "1h",
                 "clients": {"count": -3}, "issuer": {"accessTokenTtl": "fifteen minutes"}})");
    file.close();
    QVERIFY(!m_workspace->openScenarioFile(path));
    const QString error = m_workspace->errorText();
    QVERIFY2(error.contains(u"bad.json"_s), qPrintable(error));
    QVERIFY2(error.contains(u"clients.count"_s) || error.contains(u"accessTokenTtl"_s), qPrintable(error));
    QVERIFY(!m_workspace->isRunning());
    QCOMPARE(m_workspace->currentRun(), before);
    QCOMPARE(m_workspace->scenario().title, title);
    auto *banner = m_workspace->findChild<MessageBanner *>(u"simulateError"_s);
    QVERIFY(banner && banner->isVisible());

    // Not JSON at all, and a missing file.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("not json");
    file.close();
    QVERIFY(!m_workspace->openScenarioFile(path));
    QVERIFY(!m_workspace->errorText().isEmpty());
    QVERIFY(!m_workspace->openScenarioFile(dir.filePath(u"missing.json"_s)));
    QCOMPARE(m_workspace->currentRun(), before);

    // A good file clears the error and runs.
    const QString good = dir.filePath(u"good.json"_s);
    QFile goodFile(good);
    QVERIFY(goodFile.open(QIODevice::WriteOnly));
    goodFile.write(R"({"schema": "tokenscope-scenario/1", "title": "good one", "duration": "2h",
                     "clients": {"count": 2}})");
    goodFile.close();
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { QVERIFY(m_workspace->openScenarioFile(good)); },
        [](const SimulationRun &run) { return run.scenario.title == u"good one"; }));
    QVERIFY(m_workspace->errorText().isEmpty());
}

void TestSimulateWorkspace::everyActionHasAShortcutAndEveryInputAName()
{
    QSet<QKeySequence> seen;
    for (QAction *action : m_workspace->actions()) {
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        QVERIFY2(!seen.contains(action->shortcut()), qPrintable(action->text()));
        seen.insert(action->shortcut());
    }
    const auto inputs = m_workspace->findChildren<QAbstractSpinBox *>();
    QVERIFY(inputs.size() >= 20);
    for (QAbstractSpinBox *input : inputs)
        QVERIFY2(!input->accessibleName().isEmpty(), qPrintable(input->toolTip()));
    for (QComboBox *combo : m_workspace->findChildren<QComboBox *>())
        QVERIFY2(!combo->accessibleName().isEmpty(), qPrintable(combo->toolTip()));
}

void TestSimulateWorkspace::settingsRememberScenarioAndSpeedButNoToken()
{
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->loadBuiltInScenario(u"i-concurrent-refresh-race"_s, 2); },
        [](const SimulationRun &run) { return run.scenario.name == u"i-concurrent-refresh-race"; }));
    m_workspace->setSpeed(3600);
    QSignalSpy opened(m_workspace.get(), &SimulateWorkspace::openTokenRequested);
    QVERIFY(m_workspace->openToken(1));
    QCOMPARE(opened.count(), 1);
    const QString token = opened.first().first().toString();
    m_workspace->saveSettings();
    m_settings->sync();
    QCOMPARE(m_settings->simulateScenario(), u"i-concurrent-refresh-race"_s);
    QCOMPARE(m_settings->simulateVariant(), 2);
    QCOMPARE(m_settings->simulateSpeed(), 3600.0);
    for (const QString &key : m_settings->store().allKeys())
        QVERIFY(!m_settings->store().value(key).toString().contains(token.left(40)));

    SimulateWorkspace restored(m_settings.get());
    QVERIFY(runAndWait(&restored, [] {}));
    QCOMPARE(restored.scenario().name, u"i-concurrent-refresh-race"_s);
    QCOMPARE(restored.currentRun()->scenario.variant, u"grace-3s-same-token"_s);
    QCOMPARE(restored.speed(), 3600.0);
}

void TestSimulateWorkspace::longRunShowsProgressAndCanBeCancelled()
{
    const SimulationRun *before = m_workspace->currentRun();
    QVERIFY(before);
    auto *progress = byAccessibleName<QProgressBar>(m_workspace.get(), u"Run progress"_s);
    auto *cancel = m_workspace->findChild<QToolButton *>(u"cancelRunButton"_s);
    QVERIFY(progress && cancel);
    QVERIFY(!progress->isVisible()); // the short run at start-up showed none
    Scenario large = m_workspace->scenario();
    large.clients.count = 20000; // about 29 million events: far longer than a second, well within the budget
    large.clients.requestInterval = 60;
    large.duration = 86400;
    QVERIFY(!WorkBudget::check(large));

    // Cancelled with the button, once the progress bar shows how far the run got.
    QSignalSpy stopped(m_workspace.get(), &SimulateWorkspace::runStopped);
    QSignalSpy finished(m_workspace.get(), &SimulateWorkspace::runFinished);
    m_workspace->setScenario(large);
    QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible() && progress->value() > 0, 20000);
    QVERIFY2(progress->text().contains(u"of 1d simulated"_s), qPrintable(progress->text()));
    QVERIFY(cancel->isVisible() && cancel->isEnabled());
    QElapsedTimer timer;
    timer.start();
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(stopped.wait(10000));
    QVERIFY2(timer.elapsed() < 5000, "the engine stops at its next checkpoint");
    QVERIFY(!m_workspace->isRunning());
    QCOMPARE(finished.count(), 0);
    QCOMPARE(m_workspace->currentRun(), before); // the previous run stays shown
    QVERIFY(!progress->isVisible());
    QVERIFY(!cancel->isEnabled());
    const QLabel *status = byAccessibleName<QLabel>(m_workspace.get(), u"Run status"_s);
    QVERIFY2(status->text().startsWith(u"Run stopped at "_s), qPrintable(status->text()));

    // And with Esc.
    m_workspace->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_workspace.get()));
    m_workspace->rerun();
    QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 20000);
    QTest::keyClick(m_workspace.get(), Qt::Key_Escape);
    QVERIFY(stopped.wait(10000));
    QCOMPARE(stopped.count(), 2);
    QCOMPARE(m_workspace->currentRun(), before);
}

void TestSimulateWorkspace::runOverTheEventBudgetIsNotStarted()
{
    const SimulationRun *before = m_workspace->currentRun();
    Scenario huge = m_workspace->scenario();
    huge.clients.count = 100000; // the panel's largest
    huge.duration = ScenarioLoader::maxDuration;
    m_workspace->setScenario(huge);
    QVERIFY2(m_workspace->errorText().contains(u"a run may take at most 2e+08"_s),
             qPrintable(m_workspace->errorText()));
    QVERIFY(m_workspace->errorText().contains(u"client requests"_s));
    QVERIFY(!m_workspace->isRunning());
    QCOMPARE(m_workspace->currentRun(), before);

    // Back within the budget, the message goes and the scenario runs.
    huge.clients.count = 10;
    huge.duration = 3600;
    QVERIFY(runAndWait(
        m_workspace.get(), [&] { m_workspace->setScenario(huge); },
        [](const SimulationRun &run) { return run.scenario.duration == 3600; }));
    QVERIFY(m_workspace->errorText().isEmpty());
}

QTEST_MAIN(TestSimulateWorkspace)
#include "tst_simulateworkspace.moc"
