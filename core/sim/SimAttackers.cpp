#include "sim/SimAttackers.h"

#include "sim/ExposureWatches.h"
#include "sim/SimAuthorizationServer.h"
#include "sim/SimClients.h"
#include "sim/SimResourceServers.h"

namespace tokenscope::sim {

using policy::Reason;

SimAttackers::SimAttackers(SimContext &context, SimAuthorizationServer &issuer, SimResourceServers &servers,
                           const SimClients &clients, ExposureWatches &watches)
    : m_context(context), m_issuer(issuer), m_servers(servers), m_clients(clients), m_watches(watches)
{ }

void SimAttackers::setUp()
{
    const std::vector<AttackerConfig> &configs = m_context.scenario.attackers;
    for (size_t a = 0; a < configs.size(); ++a) {
        Attacker attacker;
        attacker.config = configs[a];
        attacker.stopAt = attacker.config.stopAfter > 0 ? attacker.config.at + attacker.config.stopAfter : never;
        m_attackers.push_back(attacker);
        m_context.schedule(attacker.config.at, QueuedType::AttackerSteal, qint32(a));
    }
}

void SimAttackers::steal(qint32 a)
{
    Attacker &attacker = m_attackers[size_t(a)];
    const Client &victim = m_clients.client(attacker.config.client);
    SimEvent event;
    event.type = SimEventType::Theft;
    event.actor = ActorKind::Attacker;
    event.actorIndex = a;
    bool got = false;
    switch (attacker.config.steals) {
    case StolenCredential::AccessToken:
        attacker.accessToken = victim.loggedIn ? victim.accessToken : AccessToken {};
        got = attacker.accessToken.isValid();
        event.credential = credentialRef(attacker.accessToken);
        break;
    case StolenCredential::RefreshToken:
        attacker.refreshToken = victim.loggedIn ? victim.refreshToken : RefreshToken {};
        got = attacker.refreshToken.isValid();
        if (got)
            m_issuer.family(attacker.refreshToken.family).compromised = true;
        event.credential = credentialRef(attacker.refreshToken);
        break;
    case StolenCredential::SessionId:
        attacker.sessionId = victim.loggedIn ? victim.sessionId : 0;
        got = attacker.sessionId != 0;
        event.credential = sessionRef(attacker.sessionId);
        break;
    }
    event.ok = got;
    event.reason = got ? Reason::None : Reason::NothingToSteal;
    m_context.log(event);
    if (!got)
        return;
    attacker.active = true;
    Watch watch;
    watch.attacker = a;
    const QString label = simTr("steal %1 from client %2")
                              .arg(ScenarioNames::stolenCredential(attacker.config.steals))
                              .arg(attacker.config.client);
    attacker.watch = m_watches.open(std::move(watch), QStringLiteral("theft"), label,
                                    QString::fromLatin1(event.credential.name()));
    if (attacker.config.steals == StolenCredential::RefreshToken) {
        m_context.schedule(m_context.now() + attacker.config.refreshDelay, QueuedType::AttackerRefresh, a);
    } else {
        attacker.requestsStarted = true;
        m_context.schedule(m_context.now(), QueuedType::AttackerRequest, a);
    }
}

bool SimAttackers::refresh(qint32 a)
{
    Attacker &attacker = m_attackers[size_t(a)];
    if (!attacker.refreshToken.isValid())
        return false;
    const RefreshToken presented = attacker.refreshToken;
    const RefreshResult result = m_issuer.refresh(presented, true);
    m_context.logRefresh(SimEventType::AttackerRefresh, ActorKind::Attacker, a, presented, result);
    if (!result.ok) {
        attacker.refreshToken = {};
        m_context.stateChanged = true;
        return false;
    }
    attacker.accessToken = result.accessToken;
    attacker.refreshToken = result.refreshToken;
    m_context.stateChanged = true;
    return true;
}

void SimAttackers::refreshTimer(qint32 a)
{
    refresh(a);
    Attacker &attacker = m_attackers[size_t(a)];
    if (!attacker.requestsStarted) {
        attacker.requestsStarted = true;
        m_context.schedule(m_context.now(), QueuedType::AttackerRequest, a);
    }
}

void SimAttackers::request(qint32 a)
{
    Attacker &attacker = m_attackers[size_t(a)];
    if (!attacker.active)
        return;
    if (m_context.now() >= attacker.stopAt || (attacker.watch >= 0 && !m_watches.isOpen(attacker.watch))) {
        attacker.active = false; // nothing works any more, or the attacker stops
        return;
    }
    const qint32 server = m_servers.route(m_clients.client(attacker.config.client).stickyServer);
    Reason reason = Reason::None;
    CredentialRef credential;
    if (m_context.serverConfig.mode == ServerMode::Session) {
        credential = sessionRef(attacker.sessionId);
        reason = m_servers.checkSession(server, attacker.sessionId);
    } else {
        if ((!attacker.accessToken.isValid() || m_context.now() >= attacker.accessToken.expiresAt)
            && attacker.refreshToken.isValid())
            refresh(a);
        credential = credentialRef(attacker.accessToken);
        reason = attacker.accessToken.isValid() ? m_servers.checkAccessToken(server, attacker.accessToken, true)
                                                : Reason::NoRefreshToken;
        if (reason != Reason::None && reason != Reason::UnknownKid && attacker.refreshToken.isValid() && refresh(a)) {
            credential = credentialRef(attacker.accessToken);
            reason = m_servers.checkAccessToken(server, attacker.accessToken, true);
        }
    }
    ++m_context.metrics.attackerRequests;
    if (reason == Reason::None)
        ++m_context.metrics.attackerAccepted;
    m_context.logRequest(ActorKind::Attacker, a, server, credential, reason);
    m_context.schedule(m_context.now() + attacker.config.requestInterval, QueuedType::AttackerRequest, a);
}

} // namespace tokenscope::sim
