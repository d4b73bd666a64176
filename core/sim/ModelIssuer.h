#pragma once

#include "policy/IssuerPolicy.h"
#include "sim/SimIssuer.h"

#include <vector>

namespace tokenscope::sim {

// The in-memory issuer, the simulator's default: every decision is the rulebook's (policy::RefreshRules) over
// families kept in vectors. Deterministic and allocation-light, so 10,000-client runs stay fast.
class ModelIssuer final : public SimIssuer
{
public:
    ModelIssuer(const policy::IssuerPolicy &policy, int userCount);

    bool login(qint64 now, qint32 user, qint32 client, qint32 family) override;
    SimRefreshAnswer refresh(qint64 now, qint32 family, qint32 generation) override;
    bool wouldAccept(qint64 now, qint32 family, qint32 generation) override;
    SimFamilyTimes familyTimes(qint64 now, qint32 family) override;
    void revokeFamily(qint64 now, qint32 family) override;
    void banUser(qint64 now, qint32 user) override;
    void demoteUser(qint64 now, qint32 user) override;
    void rotateKeys(qint64 now) override;

    // Takes over a family in a given state (a decision table starts from any state); returns its index.
    qint32 adoptFamily(qint32 user, const policy::RefreshFamilyState &state);
    [[nodiscard]] const policy::RefreshFamilyState &family(qint32 index) const { return m_families[size_t(index)]; }

private:
    const policy::IssuerPolicy &m_policy;
    std::vector<policy::RefreshFamilyState> m_families;
    std::vector<qint32> m_familyUser;
    std::vector<bool> m_banned;
};

} // namespace tokenscope::sim
