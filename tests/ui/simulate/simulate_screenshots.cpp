// Renders the Simulate workspace offscreen at 1400×900 in the light and dark palettes, for docs/screenshots and
// for looking at the layout: simulate_screenshots [OUTPUT_DIR] (default /tmp) writes simulate-light.png and
// simulate-dark.png, simulate-live-light.png and simulate-live-dark.png (the same run against a mock issuer started
// for it, compared with the model's), simulate-lab-light.png and simulate-lab-dark.png (on a live lab started for
// it), and simulate-running-light.png and simulate-running-dark.png (a long run in
// progress, with its progress bar and Cancel button). Not a test: it asserts nothing.

#include "common/Settings.h"
#include "common/Theme.h"
#include "simulate/SimulateWorkspace.h"
#include "simulate/TimelineView.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QString outputDir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"/tmp"_s;
    const QString scenario = argc > 2 ? QString::fromLocal8Bit(argv[2]) : u"f-rotation-reuse-detection"_s;
    const int variant = argc > 3 ? QString::fromLocal8Bit(argv[3]).toInt() : 0;
    for (const bool dark : {false, true}) {
        Theme::apply(dark ? Settings::ThemeChoice::Dark : Settings::ThemeChoice::Light);
        auto settings = Settings::throwaway();
        SimulateWorkspace workspace(settings.get());
        workspace.resize(1400, 900);
        workspace.show();
        // A moment worth looking at: the first hours, with the playhead past the theft; NAME-light.png or -dark.png.
        const auto shootFirstHours = [&](SimulateWorkspace &shown, const QString &name) {
            shown.timelineView()->setVisibleRange(0, 6 * 3600);
            shown.setPlayhead(4 * 3600 + 1800);
            QCoreApplication::processEvents();
            const QString path = QDir(outputDir).filePath(name + (dark ? u"-dark.png"_s : u"-light.png"_s));
            if (!shown.grab().save(path))
                return false;
            qInfo("wrote %s", qPrintable(path));
            return true;
        };
        QSignalSpy spy(&workspace, &SimulateWorkspace::runFinished);
        auto waitFor = [&](const QString &variantName) {
            while (workspace.isRunning() || !workspace.currentRun() || workspace.currentRun()->scenario.name != scenario
                   || (!variantName.isNull() && workspace.currentRun()->scenario.variant != variantName))
                if (!spy.wait(30000))
                    return false;
            return true;
        };
        // Compare: the no-rotation variant below, rotation with family revocation above.
        workspace.loadBuiltInScenario(scenario, variant + 1);
        if (!waitFor(QString()))
            return 1;
        const QString previousVariant = workspace.currentRun()->scenario.variant;
        workspace.selectVariant(variant);
        if (!waitFor(workspace.scenario().variant) || workspace.currentRun()->scenario.variant == previousVariant)
            return 1;
        workspace.setComparing(true);
        if (!shootFirstHours(workspace, u"simulate"_s))
            return 1;

        // The same variant live, against a mock issuer started for the run, compared with the model's run.
        workspace.setRunAgainst(SimulateWorkspace::RunAgainst::LocalIssuer);
        while (workspace.isRunning() || !workspace.currentRun()->isLive())
            if (!spy.wait(60000))
                return 1;
        if (!shootFirstHours(workspace, u"simulate-live"_s))
            return 1;

        // And on a live lab started for the run (needs redis-server and haproxy).
        workspace.setRunAgainst(SimulateWorkspace::RunAgainst::LocalIssuerOnLab);
        while (workspace.isRunning() || !workspace.currentRun()->target.isOnLab())
            if (!spy.wait(60000))
                return 1;
        if (!shootFirstHours(workspace, u"simulate-lab"_s))
            return 1;
        workspace.setRunAgainst(SimulateWorkspace::RunAgainst::Model);
        while (workspace.isRunning() || workspace.currentRun()->isLive())
            if (!spy.wait(30000))
                return 1;

        // A long run in progress: the progress bar and the Cancel button appear after a second.
        sim::Scenario large = workspace.scenario();
        large.clients.count = 20000;
        large.duration = 86400;
        QSignalSpy stopped(&workspace, &SimulateWorkspace::runStopped);
        workspace.setScenario(large);
        auto *progress = workspace.findChild<QProgressBar *>();
        QElapsedTimer waited;
        waited.start();
        while (!(progress->isVisible() && progress->value() > 0) && waited.elapsed() < 30000)
            QTest::qWait(50);
        const QString runningPath
            = QDir(outputDir).filePath(dark ? u"simulate-running-dark.png"_s : u"simulate-running-light.png"_s);
        if (!workspace.grab().save(runningPath))
            return 1;
        qInfo("wrote %s", qPrintable(runningPath));
        workspace.cancelRun();
        if (!stopped.wait(30000))
            return 1;
    }
    return 0;
}
