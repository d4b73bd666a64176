#include "policy/RefreshRules.h"

#include <algorithm>

namespace tokenscope::policy::RefreshRules {

qint64 cappedExpiry(const IssuerPolicy &policy, const RefreshFamilyState &family, qint64 expiry)
{
    if (policy.refreshTokenMaxLifetime > 0)
        expiry = std::min(expiry, family.createdAt + policy.refreshTokenMaxLifetime);
    return expiry;
}

bool withinGrace(const IssuerPolicy &policy, const RefreshFamilyState &family, int presentedGeneration, qint64 now)
{
    return policy.grace != GraceMode::None && presentedGeneration == family.generation - 1 && family.lastRotatedAt >= 0
        && now - family.lastRotatedAt <= policy.graceSeconds;
}

namespace {

qint64 lifetimeFrom(const IssuerPolicy &policy, const RefreshFamilyState &family, qint64 now)
{
    return cappedExpiry(policy, family,
                        policy.refreshTokenLifetime > 0 ? now + policy.refreshTokenLifetime
                                                        : RefreshFamilyState::never);
}

void rotate(const IssuerPolicy &policy, RefreshFamilyState &family, qint64 now)
{
    ++family.generation;
    family.generationIssuedAt = now;
    family.lastRotatedAt = now;
    switch (policy.lifetimeMode) {
    case RefreshLifetimeMode::Absolute:
    case RefreshLifetimeMode::SlidingIdle:
        family.expiresAt = lifetimeFrom(policy, family, now);
        break;
    case RefreshLifetimeMode::InheritRemaining:
        break; // the new generation keeps the family's expiry
    }
}

} // namespace

RefreshFamilyState newFamily(const IssuerPolicy &policy, qint64 now)
{
    RefreshFamilyState family;
    family.createdAt = now;
    family.generationIssuedAt = now;
    family.expiresAt = lifetimeFrom(policy, family, now);
    return family;
}

RefreshDecision decide(const IssuerPolicy &policy, const RefreshFamilyState &family, int presentedGeneration,
                       bool userBanned, qint64 now)
{
    RefreshDecision decision;
    decision.next = family;
    RefreshFamilyState &next = decision.next;

    if (family.revoked) {
        decision.reason = Reason::FamilyRevoked;
        return decision;
    }
    if (userBanned) {
        decision.reason = Reason::UserBanned;
        return decision;
    }
    if (now >= family.expiresAt) {
        decision.reason = Reason::Expired;
        return decision;
    }
    if (presentedGeneration > family.generation) {
        // Cannot happen with tokens this issuer made; treated as unknown.
        decision.reason = Reason::UnknownGeneration;
        return decision;
    }

    if (presentedGeneration < family.generation) {
        // A generation that was already rotated (RFC 9700 §4.14.2 refresh token reuse).
        if (withinGrace(policy, family, presentedGeneration, now)) {
            decision.grace = true;
            if (policy.grace == GraceMode::NewToken) {
                rotate(policy, next, now);
                decision.outcome = RefreshDecision::Outcome::IssueNewGeneration;
            } else {
                decision.outcome = RefreshDecision::Outcome::ReturnCurrentToken;
            }
        } else if (policy.reuse == ReuseHandling::RevokeFamily) {
            decision.reason = Reason::ReuseDetected;
            decision.revokeFamily = true;
            next.revoked = true;
            return decision;
        } else if (policy.reuse == ReuseHandling::RejectReplay) {
            decision.reason = Reason::ReplayRejected;
            return decision;
        } else {
            decision.reuseAccepted = true; // ReuseHandling::Accept: judged as the current generation below
        }
    }

    if (!decision.accepted()) {
        bool rotateNow = false;
        switch (policy.rotation) {
        case RotationMode::Never:
            break;
        case RotationMode::Always:
            rotateNow = true;
            break;
        case RotationMode::AfterPercent: {
            const qint64 lifetime = next.expiresAt < RefreshFamilyState::never
                ? next.expiresAt - next.generationIssuedAt
                : policy.refreshTokenLifetime;
            rotateNow
                = lifetime > 0 && (now - next.generationIssuedAt) * 100 >= qint64(policy.rotateAfterPercent) * lifetime;
            break;
        }
        }
        if (rotateNow) {
            rotate(policy, next, now);
            decision.outcome = RefreshDecision::Outcome::IssueNewGeneration;
        } else {
            decision.outcome = RefreshDecision::Outcome::ReturnCurrentToken;
        }
    }
    if (policy.lifetimeMode == RefreshLifetimeMode::SlidingIdle && policy.refreshTokenLifetime > 0)
        next.expiresAt = cappedExpiry(policy, next, now + policy.refreshTokenLifetime);
    return decision;
}

bool wouldAccept(const IssuerPolicy &policy, const RefreshFamilyState &family, int presentedGeneration, bool userBanned,
                 qint64 now)
{
    if (family.revoked || userBanned || now >= family.expiresAt || presentedGeneration > family.generation)
        return false;
    return presentedGeneration == family.generation || policy.reuse == ReuseHandling::Accept
        || withinGrace(policy, family, presentedGeneration, now);
}

} // namespace tokenscope::policy::RefreshRules
