// "Measure here" on a real lab (redis-server and HAProxy started and stopped by the probe): a short load per mode
// gives requests, ordered percentiles and the mode's round trips per request from the server's counters, and
// neither the end of a run nor a cancel midway leaves a process behind (checked by PID).
#include "LabTestSupport.h"
#include "lab/CostProbe.h"

#include <QSignalSpy>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::lab;

class TestCostProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString missing = testing::missingPrograms();
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
    }

    void measuresRequestsLatencyAndRoundTrips_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<double>("storeRoundTrips");
        QTest::addColumn<bool>("usesRedis");
        QTest::newRow("stateless") << int(CheckMode::Stateless) << 0.0 << false;
        QTest::newRow("session") << int(CheckMode::Session) << 1.0 << true;
    }

    void measuresRequestsLatencyAndRoundTrips()
    {
        QFETCH(int, mode);
        QFETCH(double, storeRoundTrips);
        QFETCH(bool, usesRedis);
        CostProbe probe;
        QSignalSpy finished(&probe, &CostProbe::finished);
        QSignalSpy failed(&probe, &CostProbe::failed);
        QSignalSpy progressed(&probe, &CostProbe::progressed);
        CostProbeOptions options;
        options.mode = CheckMode(mode);
        options.durationMs = 1000;
        const Result<void> started = probe.start(options);
        QVERIFY2(started, qPrintable(started.errorMessage()));
        QVERIFY(probe.isRunning());
        const Result<void> second = probe.start(options);
        QVERIFY(!second); // one at a time
        QVERIFY(second.error().code() == ErrorCode("cost.already_running"));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(finished.size(), 1);
        QVERIFY(!probe.isRunning());

        const auto measured = finished.first().first().value<CostMeasurement>();
        qInfo("%s: %lld requests, %.0f/s, mean %.0f us, p50 %.0f us, p99 %.0f us, %.2f store round trips per request",
              qPrintable(LabNames::checkMode(measured.mode)), measured.requests, measured.requestsPerSecond,
              measured.meanMicroseconds, measured.p50Microseconds, measured.p99Microseconds,
              measured.storeRoundTripsPerRequest);
        QCOMPARE(measured.mode, CheckMode(mode));
        QVERIFY(measured.requests > 0);
        QCOMPARE(measured.failedRequests, 0);
        QVERIFY(measured.requestsPerSecond > 0);
        QVERIFY(measured.p50Microseconds > 0);
        QVERIFY(measured.p50Microseconds <= measured.p99Microseconds);
        QVERIFY(measured.meanMicroseconds > 0);
        // Stateless: no store and no issuer per request; shared sessions: one Redis GET per request (docs/lab.md).
        QVERIFY2(qAbs(measured.storeRoundTripsPerRequest - storeRoundTrips) < 0.01,
                 qPrintable(QString::number(measured.storeRoundTripsPerRequest)));
        QCOMPARE(measured.issuerRoundTripsPerRequest, 0.0);
        QCOMPARE(measured.durationMs, 1000);
        QVERIFY(qAbs(measured.measuredAt.secsTo(QDateTime::currentDateTimeUtc())) < 120);
        // Progress while sending (ticks of 100 ms over 1 s), then 1 at the end.
        QVERIFY(std::any_of(progressed.cbegin(), progressed.cend(), [](const QList<QVariant> &args) {
            return args.first().toDouble() > 0 && args.first().toDouble() < 1;
        }));
        QCOMPARE(progressed.last().first().toDouble(), 1.0);

        // Stopped before finished() came: nothing left.
        QVERIFY(probe.balancerPid() > 0);
        QVERIFY(testing::processGone(probe.balancerPid()));
        QCOMPARE(probe.redisPid() > 0, usesRedis);
        if (usesRedis)
            QVERIFY(testing::processGone(probe.redisPid()));
    }

    void cancelMidwayStopsTheLab()
    {
        CostProbe probe;
        QSignalSpy phases(&probe, &CostProbe::phaseChanged);
        QSignalSpy cancelled(&probe, &CostProbe::cancelled);
        QSignalSpy finished(&probe, &CostProbe::finished);
        CostProbeOptions options;
        options.mode = CheckMode::Session;
        options.durationMs = 30000;
        QVERIFY(probe.start(options));
        // Wait until requests are being sent, then cancel well before the 30 s are up.
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(phases.cbegin(), phases.cend(),
                                             [](const QList<QVariant> &args) {
                                                 return args.first().value<CostProbe::Phase>()
                                                     == CostProbe::Phase::SendingRequests;
                                             }),
                                 60000);
        QTest::qWait(300);
        QVERIFY(probe.redisPid() > 0 && !testing::processGone(probe.redisPid()));
        probe.cancel();
        QVERIFY(cancelled.wait(20000));
        QVERIFY(finished.isEmpty());
        QVERIFY(!probe.isRunning());
        QVERIFY(testing::processGone(probe.redisPid()));
        QVERIFY(testing::processGone(probe.balancerPid()));
    }

    void destroyingARunningProbeStopsTheLab()
    {
        qint64 redisPid = 0;
        qint64 balancerPid = 0;
        {
            CostProbe probe;
            QSignalSpy phases(&probe, &CostProbe::phaseChanged);
            CostProbeOptions options;
            options.mode = CheckMode::Blocklist;
            options.durationMs = 30000;
            QVERIFY(probe.start(options));
            QTRY_VERIFY_WITH_TIMEOUT(probe.balancerPid() > 0, 60000);
            redisPid = probe.redisPid();
            balancerPid = probe.balancerPid();
        }
        QVERIFY(redisPid > 0);
        QVERIFY(testing::processGone(redisPid));
        QVERIFY(testing::processGone(balancerPid));
    }

    void refusesOptionsOutOfRange()
    {
        CostProbe probe;
        CostProbeOptions options;
        options.durationMs = 10;
        const Result<void> tooShort = probe.start(options);
        QVERIFY(!tooShort);
        QVERIFY(tooShort.error().code() == ErrorCode("cost.bad_duration"));
        QVERIFY(tooShort.error().message().contains(u"duration"));
        options.durationMs = 1000;
        options.inFlight = 0;
        const Result<void> noneInFlight = probe.start(options);
        QVERIFY(!noneInFlight);
        QVERIFY(noneInFlight.error().code() == ErrorCode("cost.bad_in_flight"));
        QVERIFY(!probe.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestCostProbe)
#include "tst_costprobe.moc"
