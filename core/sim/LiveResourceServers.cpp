#include "sim/LiveResourceServers.h"

#include "policy/VerifierVerdict.h"
#include "sim/LiveIssuer.h"
#include "verify/TokenVerifier.h"

namespace tokenscope::sim {

struct LiveResourceServers::Server
{
    explicit Server(QNetworkAccessManager *network, const Clock *clock) : cache(network, clock)
    {
        // The model decides when a server fetches; the cache only keeps what was fetched.
        cache.setCooldownSeconds(0);
    }
    JwksCache cache;
    qint64 snapshot = -1; // the run second the cached copy stands for; -1: none
};

LiveResourceServers::LiveResourceServers(SimContext &context, LiveIssuer &issuer, int servers)
    : m_context(context), m_issuer(issuer)
{
    m_servers.reserve(size_t(servers));
    for (int s = 0; s < servers; ++s)
        m_servers.push_back(std::make_unique<Server>(issuer.network(), &m_clock));
}

LiveResourceServers::~LiveResourceServers() = default;

void LiveResourceServers::holdSnapshot(qint32 serverIndex, qint64 snapshot, JwksCache::Trigger trigger)
{
    Server &server = *m_servers[size_t(serverIndex)];
    if (server.snapshot == snapshot)
        return;
    m_clock.setNowSeconds(m_issuer.runStart() + m_context.now());
    if (m_issuer.fetchJwks(m_context.now(), server.cache, trigger))
        server.snapshot = snapshot;
}

void LiveResourceServers::forget(qint32 serverIndex)
{
    m_servers[size_t(serverIndex)]->snapshot = -1;
}

policy::Reason LiveResourceServers::verify(qint32 serverIndex, const QByteArray &accessToken)
{
    Server &server = *m_servers[size_t(serverIndex)];
    const std::optional<JwksCache::Entry> copy = server.cache.entry(JwksCache::SourceKind::JwksUrl, m_issuer.jwksUri());
    if (!copy)
        return policy::Reason::UnknownKid;
    m_clock.setNowSeconds(m_issuer.runStart() + m_context.now());
    VerificationPolicy policy;
    policy.allowedAlgorithms = {m_context.policy.signingAlgorithm};
    policy.expectedIssuer = m_issuer.issuerIdentifier();
    policy.expectedAudience = m_context.policy.audience;
    policy.leewaySeconds = m_context.serverConfig.leeway;
    policy.clock = &m_clock;
    return policy::verifierVerdict(TokenVerifier::verify(accessToken, copy->fetched.keys, policy).reason);
}

} // namespace tokenscope::sim
