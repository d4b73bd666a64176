#include "sim/ModelIssuer.h"

namespace tokenscope::sim {

using policy::RefreshDecision;
using policy::RefreshFamilyState;
namespace RefreshRules = policy::RefreshRules;

ModelIssuer::ModelIssuer(const policy::IssuerPolicy &policy, int userCount)
    : m_policy(policy), m_banned(size_t(userCount), false)
{ }

bool ModelIssuer::login(qint64 now, qint32 user, qint32, qint32 family)
{
    if (m_banned[size_t(user)])
        return false;
    if (family >= 0) {
        Q_ASSERT(size_t(family) == m_families.size());
        adoptFamily(user, RefreshRules::newFamily(m_policy, now));
    }
    return true;
}

qint32 ModelIssuer::adoptFamily(qint32 user, const RefreshFamilyState &state)
{
    m_families.push_back(state);
    m_familyUser.push_back(user);
    return qint32(m_families.size()) - 1;
}

SimRefreshAnswer ModelIssuer::refresh(qint64 now, qint32 family, qint32 generation)
{
    RefreshFamilyState &state = m_families[size_t(family)];
    const RefreshDecision decision
        = RefreshRules::decide(m_policy, state, generation, m_banned[size_t(m_familyUser[size_t(family)])], now);
    state = decision.next;
    SimRefreshAnswer answer;
    answer.outcome = decision.outcome;
    answer.reason = decision.reason;
    answer.grace = decision.grace;
    answer.familyRevoked = decision.revokeFamily;
    answer.generation = decision.next.generation;
    return answer;
}

bool ModelIssuer::wouldAccept(qint64 now, qint32 family, qint32 generation)
{
    return RefreshRules::wouldAccept(m_policy, m_families[size_t(family)], generation,
                                     m_banned[size_t(m_familyUser[size_t(family)])], now);
}

SimFamilyTimes ModelIssuer::familyTimes(qint64, qint32 family)
{
    const RefreshFamilyState &state = m_families[size_t(family)];
    return {state.expiresAt, state.lastRotatedAt};
}

void ModelIssuer::revokeFamily(qint64, qint32 family)
{
    m_families[size_t(family)].revoked = true;
}

void ModelIssuer::banUser(qint64, qint32 user)
{
    m_banned[size_t(user)] = true;
}

void ModelIssuer::demoteUser(qint64, qint32)
{
    // The engine keeps the users' roles (SimAuthorizationServer): nothing more to decide here.
}

void ModelIssuer::rotateKeys(qint64)
{
    // The engine's key actor is the model of the issuer's keys: nothing more to decide here.
}

} // namespace tokenscope::sim
