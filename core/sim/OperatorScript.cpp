#include "sim/OperatorScript.h"

#include "sim/ExposureWatches.h"
#include "sim/SimAuthorizationServer.h"
#include "sim/SimClients.h"
#include "sim/SimResourceServers.h"
#include "sim/TokenMinter.h"

namespace tokenscope::sim {

OperatorScript::OperatorScript(SimContext &context, SimAuthorizationServer &issuer, SimClients &clients,
                               SimResourceServers &servers, TokenMinter &minter, ExposureWatches &watches)
    : m_context(context), m_issuer(issuer), m_clients(clients), m_servers(servers), m_minter(minter), m_watches(watches)
{ }

void OperatorScript::setUp()
{
    const std::vector<OperatorEvent> &events = m_context.scenario.events;
    for (size_t e = 0; e < events.size(); ++e)
        m_context.schedule(events[e].at, QueuedType::Operator, qint32(e));
}

void OperatorScript::collectCredentials(qint32 c, std::vector<WatchedCredential> *out) const
{
    const Client &client = m_clients.client(c);
    if (client.loggedIn)
        ExposureWatches::appendHeld(out, client.accessToken, client.refreshToken, client.sessionId);
}

void OperatorScript::revokeClient(qint32 c)
{
    Client &client = m_clients.client(c);
    client.revokedByOperator = true;
    if (client.refreshToken.isValid())
        m_issuer.revokeFamily(client.refreshToken.family, RevocationCause::Operator);
    else if (m_context.serverConfig.blocklistOnRevoke)
        m_issuer.blocklistAdd(client.accessToken);
    if (client.sessionId != 0) {
        m_servers.deleteSession(client.sessionId);
        m_context.stateChanged = true;
    }
}

void OperatorScript::run(qint32 index)
{
    const OperatorEvent &event = m_context.scenario.events[size_t(index)];
    const qint64 now = m_context.now();
    SimEvent logged;
    logged.type = SimEventType::Operator;
    logged.actor = ActorKind::Operator;
    logged.actorIndex = index;
    logged.action = event.action;
    Watch watch;
    QString label;
    bool watchIt = true;
    switch (event.action) {
    case OperatorAction::RevokeRefreshToken:
        collectCredentials(event.client, &watch.credentials);
        logged.credential = credentialRef(m_clients.client(event.client).refreshToken);
        revokeClient(event.client);
        label = simTr("revoke_refresh_token client %1").arg(event.client);
        break;
    case OperatorAction::BanUser:
    case OperatorAction::LogoutEverywhere: {
        if (event.action == OperatorAction::BanUser)
            m_issuer.banUser(event.user);
        m_issuer.user(event.user).revokedBeforeTokenId = m_minter.nextTokenId();
        for (const qint32 c : m_clients.clientsOf(event.user)) {
            collectCredentials(c, &watch.credentials);
            revokeClient(c);
        }
        m_context.stateChanged = true;
        label = simTr("%1 user %2").arg(ScenarioNames::operatorAction(event.action)).arg(event.user);
        break;
    }
    case OperatorAction::DemoteUser:
        m_issuer.demoteUser(event.user);
        watch.staleRole = true;
        for (const qint32 c : m_clients.clientsOf(event.user)) {
            const Client &client = m_clients.client(c);
            if (client.loggedIn && client.accessToken.isValid() && client.accessToken.admin) {
                watch.credentials.push_back({CredentialRef::Kind::AccessToken, client.accessToken, {}, 0, -1});
                if (m_context.serverConfig.blocklistOnRevoke)
                    m_issuer.blocklistAdd(client.accessToken);
            }
            if (client.loggedIn && client.sessionId != 0)
                watch.credentials.push_back({CredentialRef::Kind::SessionId, {}, {}, client.sessionId, -1});
        }
        m_context.stateChanged = true;
        label = simTr("demote_user user %1").arg(event.user);
        break;
    case OperatorAction::RotateKey: {
        m_issuer.issuer().rotateKeys(now);
        const qint32 old = m_minter.rotateNow(event.emergency);
        label
            = simTr("rotate_key%1 %2").arg(event.emergency ? simTr(" (emergency)") : QString(), m_minter.key(old).kid);
        logged.credential.kind = CredentialRef::Kind::Key;
        logged.credential.id = old;
        watchIt = event.emergency;
        watch.credentials.push_back({CredentialRef::Kind::Key, {}, {}, 0, old});
        break;
    }
    case OperatorAction::BlocklistAdd: {
        const Client &client = m_clients.client(event.client);
        if (client.loggedIn && client.accessToken.isValid()) {
            watch.credentials.push_back({CredentialRef::Kind::AccessToken, client.accessToken, {}, 0, -1});
            logged.credential = credentialRef(client.accessToken);
            m_issuer.blocklistAdd(client.accessToken);
        }
        label = simTr("blocklist_add client %1").arg(event.client);
        break;
    }
    case OperatorAction::StoreOutage:
        watchIt = false;
        m_servers.storeOutage(event);
        logged.type = SimEventType::StoreOutage;
        logged.server = event.server;
        break;
    case OperatorAction::ServerOutage:
        watchIt = false;
        m_servers.serverOutage(event);
        logged.type = SimEventType::ServerDown;
        logged.server = event.server;
        break;
    }
    m_context.log(logged);
    if (watchIt && !watch.credentials.empty()) {
        const QString names = ExposureWatches::describe(watch.credentials);
        m_watches.open(std::move(watch), QStringLiteral("revocation"), label, names);
    }
}

} // namespace tokenscope::sim
