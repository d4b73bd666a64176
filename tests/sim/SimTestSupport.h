#pragma once

#include "sim/SimEngine.h"

#include <algorithm>

namespace tokenscope::test {

// A small scenario with no randomness in it: one client that logs in at 0 and calls every `interval` seconds, a
// 15-minute access token, refresh tokens without rotation, one stateless verifier. Tests change what they study.
inline sim::Scenario simpleScenario(qint64 interval = 100)
{
    sim::Scenario scenario;
    scenario.name = QStringLiteral("test");
    scenario.duration = 4 * 3600;
    scenario.seed = 7;
    scenario.issuer.accessTokenTtl = 900;
    scenario.issuer.refreshTokenLifetime = 7 * 86400;
    scenario.issuer.rotation = sim::RotationMode::Never;
    scenario.server.mode = sim::ServerMode::StatelessJwt;
    scenario.server.jwksCacheAge = 600;
    scenario.clients.count = 1;
    scenario.clients.requestInterval = interval;
    scenario.clients.exponentialIntervals = false;
    return scenario;
}

// A run that keeps its whole event log and names tokens by id only, as the agreement tests compare runs.
inline sim::SimOptions recordingOptions()
{
    sim::SimOptions options;
    options.recordEvents = true;
    options.keepTokens = false;
    return options;
}

inline sim::OperatorEvent operatorEvent(sim::OperatorAction action, qint64 at, int clientOrUser = 0)
{
    sim::OperatorEvent event;
    event.action = action;
    event.at = at;
    event.client = clientOrUser;
    event.user = clientOrUser;
    return event;
}

inline sim::AttackerConfig attacker(sim::StolenCredential steals, qint64 at, qint64 interval = 60)
{
    sim::AttackerConfig config;
    config.steals = steals;
    config.at = at;
    config.requestInterval = interval;
    return config;
}

inline sim::SimMetrics runScenario(const sim::Scenario &scenario, bool recordEvents = false)
{
    sim::SimOptions options;
    options.recordEvents = recordEvents;
    sim::SimEngine engine(scenario, options);
    engine.run();
    return engine.metrics();
}

// The first line where two event logs part (model against a live run, in-process or on the lab), for a message
// a reader can act on. Shared by the agreement tests so they report a difference the same way.
inline QString firstDifference(const QByteArray &model, const QByteArray &other)
{
    const QList<QByteArray> a = model.split('\n');
    const QList<QByteArray> b = other.split('\n');
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
        const QByteArray left = a.value(i);
        const QByteArray right = b.value(i);
        if (left != right)
            return QStringLiteral("line %1\n  model: %2\n  other: %3")
                .arg(i + 1)
                .arg(QString::fromUtf8(left), QString::fromUtf8(right));
    }
    return {};
}

} // namespace tokenscope::test
