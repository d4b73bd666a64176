#include "sim/SimAuthorizationServer.h"

#include "sim/LiveIssuer.h"
#include "sim/ModelIssuer.h"
#include "sim/SimAttackers.h"
#include "sim/SimClients.h"
#include "sim/TokenMinter.h"

#include <algorithm>

namespace tokenscope::sim {

using policy::Reason;

SimAuthorizationServer::SimAuthorizationServer(SimContext &context, TokenMinter &minter,
                                               std::unique_ptr<SimIssuer> liveIssuer, const SimClients &clients,
                                               const SimAttackers &attackers)
    : m_context(context), m_minter(minter), m_clients(clients), m_attackers(attackers), m_issuer(std::move(liveIssuer))
{
    m_live = m_issuer != nullptr;
    if (!m_issuer)
        m_issuer = std::make_unique<ModelIssuer>(context.policy, userCount());
    m_users.resize(size_t(userCount()));
    for (const int admin : context.scenario.clients.adminUsers)
        m_users[size_t(admin)].admin = true;
}

SimAuthorizationServer::~SimAuthorizationServer() = default;

int SimAuthorizationServer::userCount() const
{
    const ClientConfig &config = m_context.scenario.clients;
    return config.users > 0 ? config.users : config.count;
}

bool SimAuthorizationServer::login(qint32 user, qint32 client, qint32 family)
{
    return m_issuer->login(m_context.now(), user, client, family);
}

qint32 SimAuthorizationServer::createFamily(qint32 user, qint32 client)
{
    Family family;
    family.client = client;
    family.user = user;
    m_families.push_back(family);
    return qint32(m_families.size()) - 1;
}

AccessToken SimAuthorizationServer::handOutAccessToken(qint32 user, qint32 client, qint32 family)
{
    const AccessToken token = m_minter.issueAccessToken(user, client, family, m_users[size_t(user)].admin);
    // A live issuer's real tokens are the ones the timeline shows (tokenText), not ones the engine signs.
    if (m_live) {
        const QByteArray text = m_issuer->issuedAccessToken();
        m_minter.adoptText(token.id, text);
        m_liveAccessTokens[token.id] = {text, token.expiresAt + m_context.serverConfig.leeway};
    }
    return token;
}

RefreshToken SimAuthorizationServer::handOutRefreshToken(qint32 familyIndex)
{
    Family &family = m_families[size_t(familyIndex)];
    RefreshToken token;
    token.family = familyIndex;
    token.generation = family.generation;
    const qint64 expiresAt = m_issuer->familyTimes(m_context.now(), familyIndex).expiresAt;
    token.id = m_minter.newTokenId(CredentialRef::Kind::RefreshToken, family.user, family.client, familyIndex,
                                   family.generation, expiresAt >= never ? never : expiresAt,
                                   m_minter.signingKeyIndex(), false);
    family.currentTokenId = token.id;
    ++m_context.metrics.refreshTokensIssued;
    if (m_live)
        m_minter.adoptText(token.id, m_issuer->issuedRefreshToken());
    return token;
}

RefreshResult SimAuthorizationServer::refresh(const RefreshToken &presented, bool byAttacker)
{
    RefreshResult result;
    if (!presented.isValid()) {
        result.reason = Reason::NoRefreshToken;
        return result;
    }
    SimMetrics &metrics = m_context.metrics;
    Family &family = m_families[size_t(presented.family)];
    const SimRefreshAnswer answer = m_issuer->refresh(m_context.now(), presented.family, presented.generation);
    result.reason = answer.reason;
    result.grace = answer.grace;
    if (answer.grace)
        ++metrics.graceHonoured;
    if (answer.reason == Reason::ReuseDetected || answer.reason == Reason::ReplayRejected)
        ++metrics.reuseDetections;
    if (answer.familyRevoked)
        revokeFamily(presented.family,
                     byAttacker || family.compromised ? RevocationCause::ReuseTheft : RevocationCause::ReuseRace);
    if (!answer.accepted()) {
        ++metrics.refreshFailures;
        return result;
    }
    if (answer.outcome == policy::RefreshDecision::Outcome::IssueNewGeneration) {
        family.generation = answer.generation;
        m_context.stateChanged = true; // the previous generation stops working (outside grace)
        result.refreshToken = handOutRefreshToken(presented.family);
    } else {
        result.refreshToken = {presented.family, family.generation, family.currentTokenId};
    }
    result.ok = true;
    result.accessToken = handOutAccessToken(family.user, family.client, presented.family);
    ++metrics.refreshes;
    return result;
}

bool SimAuthorizationServer::refreshWouldSucceed(const RefreshToken &token) const
{
    return token.isValid() && m_issuer->wouldAccept(m_context.now(), token.family, token.generation);
}

SimFamilyTimes SimAuthorizationServer::familyTimes(qint32 family) const
{
    return m_issuer->familyTimes(m_context.now(), family);
}

void SimAuthorizationServer::revokeFamily(qint32 familyIndex, RevocationCause cause)
{
    Family &family = m_families[size_t(familyIndex)];
    if (family.revoked)
        return;
    if (cause == RevocationCause::Operator)
        m_issuer->revokeFamily(m_context.now(), familyIndex);
    family.revoked = true;
    family.cause = cause;
    ++m_context.metrics.familiesRevoked;
    m_context.stateChanged = true;
    // RFC 7009 §2.1: revoking a refresh token should also invalidate the access tokens of the same grant.
    if (m_context.serverConfig.blocklistOnRevoke) {
        const Client &client = m_clients.client(family.client);
        if (client.accessToken.family == familyIndex)
            blocklistAdd(client.accessToken);
        for (const Attacker &attacker : m_attackers.all()) {
            if (attacker.accessToken.isValid() && attacker.accessToken.family == familyIndex)
                blocklistAdd(attacker.accessToken);
        }
    }
}

void SimAuthorizationServer::banUser(qint32 user)
{
    m_users[size_t(user)].banned = true;
    m_issuer->banUser(m_context.now(), user);
}

void SimAuthorizationServer::demoteUser(qint32 user)
{
    m_users[size_t(user)].admin = false;
    m_issuer->demoteUser(m_context.now(), user);
}

void SimAuthorizationServer::blocklistAdd(const AccessToken &token)
{
    if (!token.isValid())
        return;
    const ResourceServerConfig &serverConfig = m_context.serverConfig;
    if (serverConfig.mode != ServerMode::Introspection && serverConfig.mode != ServerMode::JwtBlocklist)
        return;
    // RFC 7009 §2.1 at the live issuer: its introspection endpoint then answers inactive, and a lab's revocation
    // feed puts the token's jti on the lab's blocklist.
    const QByteArray text = liveAccessToken(token.id);
    if (LiveIssuer *live = m_issuer->live(); live && !text.isEmpty() && token.expiresAt > m_context.now())
        live->revokeAccessToken(m_context.now(), text);
    if (serverConfig.mode == ServerMode::Introspection) {
        m_revokedAccessTokens.emplace(token.id, token.expiresAt);
        m_context.stateChanged = true;
        return;
    }
    // The entry only has to outlive the token: after exp (+ leeway) signature checks reject it anyway.
    const qint64 until = token.expiresAt + serverConfig.leeway;
    if (until <= m_context.now())
        return;
    m_blocklist[token.id] = until;
    m_context.metrics.blocklistMaxSize = std::max(m_context.metrics.blocklistMaxSize, qint64(m_blocklist.size()));
    m_context.stateChanged = true;
}

bool SimAuthorizationServer::issuerSaysActive(const AccessToken &token) const
{
    const User &user = m_users[size_t(token.user)];
    return m_context.now() < token.expiresAt && !user.banned && token.id >= user.revokedBeforeTokenId
        && !(token.family >= 0 && m_families[size_t(token.family)].revoked)
        && !m_revokedAccessTokens.contains(token.id);
}

void SimAuthorizationServer::expireEntries()
{
    const qint64 now = m_context.now();
    for (auto it = m_blocklist.begin(); it != m_blocklist.end();) {
        if (it->second <= now)
            it = m_blocklist.erase(it);
        else
            ++it;
    }
    m_context.metrics.blocklistSeries.append({now, qint64(m_blocklist.size())});
    for (auto it = m_revokedAccessTokens.begin(); it != m_revokedAccessTokens.end();) {
        if (it->second <= now)
            it = m_revokedAccessTokens.erase(it);
        else
            ++it;
    }
    for (auto it = m_liveAccessTokens.begin(); it != m_liveAccessTokens.end();) {
        if (it->second.until < now)
            it = m_liveAccessTokens.erase(it);
        else
            ++it;
    }
}

} // namespace tokenscope::sim
