// A large headless run: 10,000 clients for a simulated day (or --days N), access tokens of 5 minutes with rotation.
// Reports events per second. Not a CTest test: run build/…/tests/sim/bench_simengine [-days N] [-clients N].

#include "sim/SimEngine.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace tokenscope::sim;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int clients = 10000;
    qint64 days = 1;
    qint64 interval = 300;
    const QStringList arguments = QCoreApplication::arguments();
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        if (arguments[i] == u"-clients")
            clients = arguments[i + 1].toInt();
        else if (arguments[i] == u"-days")
            days = arguments[i + 1].toLongLong();
        else if (arguments[i] == u"-interval")
            interval = arguments[i + 1].toLongLong();
    }
    Scenario scenario;
    scenario.name = QStringLiteral("bench");
    scenario.duration = days * 86400;
    scenario.issuer.accessTokenTtl = 300;
    scenario.issuer.refreshTokenLifetime = 30 * 86400;
    scenario.issuer.rotation = RotationMode::Always;
    scenario.issuer.reuse = ReuseHandling::RevokeFamily;
    scenario.clients.count = clients;
    scenario.clients.loginSpread = 3600;
    scenario.clients.requestInterval = interval;
    scenario.clients.concurrentRefreshProbability = 0.001;
    scenario.sampleInterval = 3600;
    SimOptions options;
    options.keepTokens = false;

    QElapsedTimer timer;
    timer.start();
    SimEngine engine(scenario, options);
    engine.run();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const SimMetrics &metrics = engine.metrics();
    std::printf("clients %d, %lld simulated days, request interval %lld s, AT 5 min with rotation\n", clients,
                static_cast<long long>(days), static_cast<long long>(interval));
    std::printf("events %llu, requests %llu, refreshes %llu in %.2f s: %.0f events/s\n",
                static_cast<unsigned long long>(metrics.eventsProcessed),
                static_cast<unsigned long long>(metrics.legitRequests),
                static_cast<unsigned long long>(metrics.refreshes), seconds, double(metrics.eventsProcessed) / seconds);
    return 0;
}
