#include "sim/ExposureWatches.h"

#include "sim/SimAttackers.h"
#include "sim/SimAuthorizationServer.h"
#include "sim/SimResourceServers.h"
#include "sim/TokenMinter.h"

#include <QStringList>

#include <algorithm>

namespace tokenscope::sim {

using policy::Reason;

ExposureWatches::ExposureWatches(SimContext &context, SimResourceServers &servers, const TokenMinter &minter,
                                 const SimAuthorizationServer &issuer, const SimAttackers &attackers)
    : m_context(context), m_servers(servers), m_minter(minter), m_issuer(issuer), m_attackers(attackers)
{ }

qint32 ExposureWatches::open(Watch watch, const QString &kind, const QString &label, const QString &credential)
{
    Exposure exposure;
    exposure.kind = kind;
    exposure.label = label;
    exposure.credential = credential;
    exposure.start = m_context.now();
    exposure.end = m_context.now();
    exposure.open = true; // until the credential stops working (or the run ends)
    m_context.metrics.exposures.append(exposure);
    m_watches.push_back(std::move(watch));
    const qint32 index = qint32(m_watches.size()) - 1;
    m_openWatches.push_back(index);
    evaluate(index);
    return index;
}

std::vector<WatchedCredential> ExposureWatches::credentialsOf(const Watch &watch) const
{
    if (watch.attacker < 0)
        return watch.credentials;
    const Attacker &attacker = m_attackers.attacker(watch.attacker);
    std::vector<WatchedCredential> held;
    appendHeld(&held, attacker.accessToken, attacker.refreshToken, attacker.sessionId);
    return held;
}

void ExposureWatches::appendHeld(std::vector<WatchedCredential> *out, const AccessToken &accessToken,
                                 const RefreshToken &refreshToken, qint64 sessionId)
{
    if (accessToken.isValid())
        out->push_back({CredentialRef::Kind::AccessToken, accessToken, {}, 0, -1});
    if (refreshToken.isValid())
        out->push_back({CredentialRef::Kind::RefreshToken, {}, refreshToken, 0, -1});
    if (sessionId != 0)
        out->push_back({CredentialRef::Kind::SessionId, {}, {}, sessionId, -1});
}

// Is the credential accepted by at least one server right now (side-effect free)? Store outages do not count: a
// credential that works again when the store is back has not been revoked.
bool ExposureWatches::accepted(const WatchedCredential &credential, bool staleRole)
{
    const ResourceServerConfig &config = m_context.serverConfig;
    const qint64 now = m_context.now();
    switch (credential.kind) {
    case CredentialRef::Kind::AccessToken:
        for (qint32 s = 0; s < qint32(m_servers.servers().size()); ++s) {
            if (config.mode == ServerMode::Introspection) {
                bool admin = false;
                if (m_servers.checkIntrospection(s, credential.accessToken, false, &admin) == Reason::None
                    && (!staleRole || admin))
                    return true;
            } else if (config.mode != ServerMode::Session
                       && m_servers.checkJwt(s, credential.accessToken, false) == Reason::None
                       && (!staleRole || m_servers.carriesAdminRole(credential.accessToken))) {
                return true; // JWT modes read the role from the token itself
            }
        }
        return false;
    case CredentialRef::Kind::RefreshToken:
        return !staleRole && m_issuer.refreshWouldSucceed(credential.refreshToken);
    case CredentialRef::Kind::SessionId:
        if (staleRole)
            return false; // the server reads the role from its store on every request
        for (const Store &store : m_servers.stores()) {
            const auto found = store.sessions.find(credential.sessionId);
            if (found != store.sessions.end() && !m_servers.sessionExpired(found->second))
                return true;
        }
        return false;
    case CredentialRef::Kind::Key: {
        const SigningKey &key = m_minter.key(credential.key);
        if (key.maxTokenExpiry < 0 || now >= key.maxTokenExpiry + config.leeway)
            return false;
        for (const Server &server : m_servers.servers()) {
            if (m_minter.keyPublishedAt(credential.key, m_servers.jwksSnapshot(server, now)))
                return true;
        }
        return false;
    }
    case CredentialRef::Kind::None:
        break;
    }
    return false;
}

// The next moment after now at which the credential's acceptance can change without any event.
qint64 ExposureWatches::nextBoundary(const WatchedCredential &credential) const
{
    const ResourceServerConfig &config = m_context.serverConfig;
    const IssuerPolicy &policy = m_context.policy;
    const qint64 now = m_context.now();
    qint64 next = never;
    const auto consider = [&](qint64 time) {
        if (time > now)
            next = std::min(next, time);
    };
    const auto considerSnapshots = [&] {
        for (const Server &server : m_servers.servers())
            consider(m_servers.jwksSnapshot(server, now) + config.jwksCacheAge);
    };
    switch (credential.kind) {
    case CredentialRef::Kind::AccessToken:
        consider(credential.accessToken.expiresAt + (m_servers.jwtMode() ? config.leeway : 0));
        if (m_servers.jwtMode() && m_minter.key(credential.accessToken.key).removedAt < never)
            considerSnapshots();
        if (config.mode == ServerMode::Introspection) {
            for (const Server &server : m_servers.servers()) {
                const auto found = server.introspectionCache.find(credential.accessToken.id);
                if (found != server.introspectionCache.end())
                    consider(found->second.until);
            }
        }
        break;
    case CredentialRef::Kind::RefreshToken: {
        const SimFamilyTimes times = m_issuer.familyTimes(credential.refreshToken.family);
        consider(times.expiresAt);
        if (times.lastRotatedAt >= 0)
            consider(times.lastRotatedAt + policy.graceSeconds + 1);
        break;
    }
    case CredentialRef::Kind::SessionId:
        for (const Store &store : m_servers.stores()) {
            const auto found = store.sessions.find(credential.sessionId);
            if (found == store.sessions.end())
                continue;
            if (policy.sessionIdle > 0)
                consider(found->second.lastUsed + policy.sessionIdle);
            if (policy.sessionMaxLifetime > 0)
                consider(found->second.createdAt + policy.sessionMaxLifetime);
        }
        break;
    case CredentialRef::Kind::Key:
        consider(m_minter.key(credential.key).maxTokenExpiry + config.leeway);
        considerSnapshots();
        break;
    case CredentialRef::Kind::None:
        break;
    }
    return next;
}

void ExposureWatches::evaluate(qint32 index)
{
    Watch &watch = m_watches[size_t(index)];
    if (!watch.open)
        return;
    const std::vector<WatchedCredential> credentials = credentialsOf(watch);
    bool any = false;
    qint64 next = never;
    for (const WatchedCredential &credential : credentials) {
        if (accepted(credential, watch.staleRole)) {
            any = true;
            next = std::min(next, nextBoundary(credential));
        }
    }
    if (!any) {
        close(index, m_context.now(), false);
        return;
    }
    if (next < never && next != watch.scheduledCheck) {
        watch.scheduledCheck = next;
        m_context.schedule(next, QueuedType::WatchCheck, index);
    }
}

void ExposureWatches::close(qint32 index, qint64 end, bool open)
{
    Watch &watch = m_watches[size_t(index)];
    watch.open = false;
    m_openWatches.erase(std::find(m_openWatches.begin(), m_openWatches.end(), index));
    Exposure &exposure = m_context.metrics.exposures[index];
    exposure.end = end;
    exposure.open = open;
    if (!open) {
        SimEvent event;
        event.type = SimEventType::ExposureEnded;
        event.actor = ActorKind::Issuer;
        event.actorIndex = index;
        m_context.log(event);
    }
}

void ExposureWatches::check(qint32 index, qint64 scheduledFor)
{
    if (m_watches[size_t(index)].scheduledCheck == scheduledFor)
        m_watches[size_t(index)].scheduledCheck = -1;
    evaluate(index);
}

void ExposureWatches::checkOpen()
{
    // Usually a handful are open while thousands may have closed: walk only the open ones.
    const std::vector<qint32> open = m_openWatches;
    for (const qint32 index : open)
        evaluate(index);
}

void ExposureWatches::closeAllAt(qint64 end)
{
    const std::vector<qint32> open = m_openWatches;
    for (const qint32 index : open)
        close(index, end, true);
}

QString ExposureWatches::describe(const std::vector<WatchedCredential> &credentials)
{
    QStringList names;
    for (const WatchedCredential &credential : credentials) {
        CredentialRef r;
        switch (credential.kind) {
        case CredentialRef::Kind::AccessToken:
            r = credentialRef(credential.accessToken);
            break;
        case CredentialRef::Kind::RefreshToken:
            r = credentialRef(credential.refreshToken);
            break;
        case CredentialRef::Kind::SessionId:
            r = sessionRef(credential.sessionId);
            break;
        case CredentialRef::Kind::Key:
            r.kind = credential.kind;
            r.id = credential.key;
            break;
        case CredentialRef::Kind::None:
            break;
        }
        names << QString::fromLatin1(r.name());
    }
    return names.join(u' ');
}

} // namespace tokenscope::sim
