// The Simulate panel's "Measured here" box: what it says for an empty store and for stored numbers, that it follows
// the scenario's resource-server mode, the mode mapping, what Settings keeps (numbers only), and a failure shown as
// text. No real load here: records are written into a throwaway settings file (tests/lab/tst_costprobe runs a lab).

#include "SimulateTestSupport.h"
#include "common/Settings.h"
#include "simulate/LabCostBox.h"
#include "simulate/SimulateWorkspace.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using tokenscope::test::byAccessibleName;

namespace {

lab::CostMeasurement measurement(lab::CheckMode mode, double meanMicroseconds, double store, double issuer)
{
    lab::CostMeasurement m;
    m.mode = mode;
    m.requests = 14100;
    m.requestsPerSecond = 4700;
    m.meanMicroseconds = meanMicroseconds;
    m.p50Microseconds = meanMicroseconds - 20;
    m.p99Microseconds = 480;
    m.storeRoundTripsPerRequest = store;
    m.issuerRoundTripsPerRequest = issuer;
    m.durationMs = 3000;
    m.inFlight = 4;
    m.measuredAt = QDateTime(QDate(2026, 12, 5), QTime(12, 0), Qt::UTC);
    return m;
}

} // namespace

class TestLabCostBox : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void showsNotMeasuredForAnEmptyStore()
    {
        const auto settings = Settings::throwaway();
        LabCostBox box(settings.get());
        box.setServerMode(sim::ServerMode::Session);
        QCOMPARE(box.summaryText(), u"Not measured on this machine yet"_s);
        QVERIFY(box.errorText().isEmpty());
        auto *button = byAccessibleName<QPushButton>(&box, u"Measure here"_s);
        QVERIFY(button);
        QVERIFY(button->isEnabled());
        QVERIFY(button->focusPolicy() & Qt::TabFocus);
        QVERIFY(button->toolTip().contains(u"few seconds of real load on loopback"_s));
        QVERIFY(!box.measureAction()->shortcut().isEmpty());
        QVERIFY(!box.isMeasuring());
    }

    void showsStoredNumbersForTheMode()
    {
        const auto settings = Settings::throwaway();
        settings->setLabCost(measurement(lab::CheckMode::Session, 210, 1.0, 0));
        LabCostBox box(settings.get());
        box.setServerMode(sim::ServerMode::Session);
        QCOMPARE(box.summaryText(),
                 u"Measured here: 0.21 ms per request (p99 0.48 ms), 4,700 req/s, 1 store round "
                 "trip per request — 5 Dec 2026"_s);
        QVERIFY(byAccessibleName<QLabel>(&box, u"Measured cost per request"_s)->toolTip().contains(u"p50 0.19 ms"_s));
    }

    void switchesWhenTheModeChanges()
    {
        const auto settings = Settings::throwaway();
        settings->setLabCost(measurement(lab::CheckMode::Stateless, 150, 0, 0));
        settings->setLabCost(measurement(lab::CheckMode::Introspection, 900, 0, 1.0));
        LabCostBox box(settings.get());
        box.setServerMode(sim::ServerMode::Session);
        QCOMPARE(box.summaryText(), u"Not measured on this machine yet"_s);
        box.setServerMode(sim::ServerMode::StatelessJwt);
        QVERIFY2(box.summaryText().startsWith(u"Measured here: 0.15 ms per request"_s), qPrintable(box.summaryText()));
        QVERIFY(box.summaryText().contains(u"no store or issuer round trips"_s));
        box.setServerMode(sim::ServerMode::Introspection);
        QVERIFY2(box.summaryText().contains(u"0.90 ms per request"_s), qPrintable(box.summaryText()));
        QVERIFY(box.summaryText().contains(u"1 issuer round trip per request"_s));
        QVERIFY(!box.summaryText().contains(u"store"_s));
        box.setServerMode(sim::ServerMode::JwtBlocklist);
        QCOMPARE(box.summaryText(), u"Not measured on this machine yet"_s);
    }

    void mapsSimulatorModesToLabModes_data()
    {
        QTest::addColumn<int>("serverMode");
        QTest::addColumn<int>("labMode");
        QTest::newRow("stateless_jwt") << int(sim::ServerMode::StatelessJwt) << int(lab::CheckMode::Stateless);
        QTest::newRow("jwt_blocklist") << int(sim::ServerMode::JwtBlocklist) << int(lab::CheckMode::Blocklist);
        QTest::newRow("introspection") << int(sim::ServerMode::Introspection) << int(lab::CheckMode::Introspection);
        QTest::newRow("session") << int(sim::ServerMode::Session) << int(lab::CheckMode::Session);
    }

    void mapsSimulatorModesToLabModes()
    {
        QFETCH(int, serverMode);
        QFETCH(int, labMode);
        QCOMPARE(LabCostBox::labModeFor(sim::ServerMode(serverMode)), lab::CheckMode(labMode));
    }

    void settingsKeepNumbersOnlyPerMode()
    {
        const auto settings = Settings::throwaway();
        const lab::CostMeasurement stored = measurement(lab::CheckMode::Blocklist, 260, 1.0, 0);
        settings->setLabCost(stored);
        const std::optional<lab::CostMeasurement> read = settings->labCost(lab::CheckMode::Blocklist);
        QVERIFY(read);
        QCOMPARE(read->requests, stored.requests);
        QCOMPARE(read->meanMicroseconds, stored.meanMicroseconds);
        QCOMPARE(read->p99Microseconds, stored.p99Microseconds);
        QCOMPARE(read->storeRoundTripsPerRequest, 1.0);
        QCOMPARE(read->measuredAt, stored.measuredAt);
        QVERIFY(!settings->labCost(lab::CheckMode::Session));
        const QStringList keys = settings->store().allKeys();
        QVERIFY(!keys.isEmpty());
        for (const QString &key : keys) {
            QVERIFY2(key.startsWith(u"simulate/labCost/blocklist/"_s), qPrintable(key));
            const QVariant value = settings->store().value(key);
            bool number = false;
            value.toDouble(&number);
            QVERIFY2(number || key.endsWith(u"measuredAt"_s), qPrintable(key));
        }
    }

    void refusedMeasurementShowsItsErrorAsText()
    {
        const auto settings = Settings::throwaway();
        LabCostBox box(settings.get());
        box.setMeasureDurationMs(1); // out of range: the probe refuses before starting anything
        box.measureAction()->trigger();
        QVERIFY(!box.isMeasuring());
        QVERIFY2(box.errorText().startsWith(u"Measuring failed: "_s), qPrintable(box.errorText()));
        QCOMPARE(box.summaryText(), u"Not measured on this machine yet"_s);
        box.setServerMode(sim::ServerMode::Session); // another mode: the old error goes
        QVERIFY(box.errorText().isEmpty());
    }

    void workspaceBoxFollowsTheScenarioMode()
    {
        const auto settings = Settings::throwaway();
        settings->setLabCost(measurement(lab::CheckMode::Session, 330, 1.0, 0));
        SimulateWorkspace workspace(settings.get());
        LabCostBox *box = workspace.labCostBox();
        QVERIFY(box);
        QVERIFY(workspace.actions().contains(box->measureAction()));
        auto *mode = byAccessibleName<QComboBox>(&workspace, u"Mode"_s);
        QVERIFY(mode);
        mode->setCurrentIndex(mode->findText(u"server sessions"_s));
        QCOMPARE(box->labMode(), lab::CheckMode::Session);
        QVERIFY2(box->summaryText().contains(u"0.33 ms per request"_s), qPrintable(box->summaryText()));
        mode->setCurrentIndex(mode->findText(u"introspection"_s));
        QCOMPARE(box->labMode(), lab::CheckMode::Introspection);
        QCOMPARE(box->summaryText(), u"Not measured on this machine yet"_s);
        QVERIFY(workspace.loadBuiltInScenario(u"a-sessions-two-servers"_s));
        QCOMPARE(box->labMode(), LabCostBox::labModeFor(workspace.scenario().server.mode));
        workspace.cancelRun();
    }
};

QTEST_MAIN(TestLabCostBox)
#include "tst_labcostbox.moc"
