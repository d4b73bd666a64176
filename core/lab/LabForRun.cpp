#include "lab/LabForRun.h"

#include "lab/LocalLab.h"
#include "sim/LabResourceServers.h"
#include "sim/LiveIssuer.h"

#include <QCoreApplication>

namespace tokenscope::lab {

LabOptions runLabOptions(const sim::Scenario &scenario, const QUrl &issuerUrl, const Clock *runClock)
{
    const sim::ResourceServerConfig &config = scenario.server;
    LabOptions options;
    options.mode
        = LabNames::checkModeFromName(sim::LabResourceServers::labModeName(config.mode)).value_or(CheckMode::Stateless);
    options.servers = config.servers;
    // The run routes each request itself, as the model does; the balancer only stands by.
    options.routing = Routing::RoundRobin;
    options.sessionStore = config.mode == sim::ServerMode::Session && !config.sharedStore ? SessionStoreKind::PerServer
                                                                                          : SessionStoreKind::Shared;
    options.issuerUrl = issuerUrl;
    options.audience = scenario.issuer.audience;
    options.leewaySeconds = config.leeway;
    options.jwksCacheAgeSeconds = config.jwksCacheAge;
    options.introspectionCacheTtlSeconds = config.introspectionCacheTtl;
    options.sessionTtlSeconds = sim::LabResourceServers::sessionLifetime(scenario);
    options.storeTimeoutMs = runStoreTimeoutMs;
    options.issuerTimeoutMs = runIssuerTimeoutMs;
    // A run routes each request of an outage to the next server in simulated time, microseconds apart in real
    // time: with the usual window every request would wait out the timeout. The run's restore ends the window.
    options.storeFailFastMs = 3600 * 1000;
    options.clock = runClock;
    return options;
}

sim::LabTarget labClient()
{
    const LabOptions defaults;
    return {{}, {}, defaults.clientId, defaults.clientSecret};
}

std::unique_ptr<sim::LiveIssuer> liveIssuerOnNewLab(const sim::Scenario &scenario, const QUrl &issuerUrl,
                                                    std::function<void(qint64)> clockDriver, LocalLab &lab)
{
    auto issuer = std::make_unique<sim::LiveIssuer>(scenario);
    if (clockDriver)
        issuer->setClockDriver(std::move(clockDriver));
    sim::LabTarget target = labClient();
    issuer->setLab(target); // its client joins the run's configuration
    if (!issuer->connectTo(issuerUrl))
        return issuer;
    if (const Result<void> started = lab.start(runLabOptions(scenario, issuerUrl, &issuer->runClock())); !started) {
        issuer->fail(sim::LiveIssuer::FailureKind::Network,
                     QCoreApplication::translate("LabForRun", "cannot start a lab for the live run: %1")
                         .arg(started.error().message()));
        return issuer;
    }
    target.control = lab.controlUrl();
    target.servers = lab.serverUrls();
    issuer->setLab(target);
    return issuer;
}

} // namespace tokenscope::lab
