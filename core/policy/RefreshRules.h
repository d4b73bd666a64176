#pragma once

#include "policy/IssuerPolicy.h"
#include "policy/Reason.h"

#include <QString>

#include <limits>

namespace tokenscope::policy {

// A refresh family as the decision needs it: one login's chain of refresh-token generations (RFC 9700 §4.14.2).
struct RefreshFamilyState
{
    static constexpr qint64 never = std::numeric_limits<qint64>::max();

    qint64 createdAt = 0; // the login
    qint64 expiresAt = never; // the family's current expiry (never: refresh tokens do not expire)
    int generation = 0; // the current generation (0 at login)
    qint64 generationIssuedAt = 0; // when the current generation was issued
    qint64 lastRotatedAt = -1; // when the family last rotated; -1: never rotated
    bool revoked = false;

    friend bool operator==(const RefreshFamilyState &, const RefreshFamilyState &) = default;
};

// What the issuer does with one presented refresh token.
struct RefreshDecision
{
    enum class Outcome {
        Rejected, // invalid_grant (RFC 6749 §5.2); `reason` says why, `revokeFamily` may be set
        IssueNewGeneration, // rotate: a new refresh token (generation `next.generation`)
        ReturnCurrentToken, // no rotation, or same-token grace: the family's current generation is returned
    };

    Outcome outcome = Outcome::Rejected;
    // Why a refusal: FamilyRevoked, UserBanned, Expired, UnknownGeneration, ReuseDetected or ReplayRejected.
    Reason reason = Reason::None;
    bool revokeFamily = false; // reuse under ReuseHandling::RevokeFamily
    bool grace = false; // honoured because it came within the grace window after a rotation
    bool reuseAccepted = false; // an already rotated generation accepted under ReuseHandling::Accept
    RefreshFamilyState next; // the family after the decision (unchanged on rejection, except `revoked`)

    [[nodiscard]] bool accepted() const { return outcome != Outcome::Rejected; }
};

namespace RefreshRules {

// The family a login starts: generation 0, expiry per the policy's lifetime and cap.
[[nodiscard]] RefreshFamilyState newFamily(const IssuerPolicy &policy, qint64 now);

// Decides a refresh_token grant for generation `presentedGeneration` of `family` at `now`. Pure, and the only copy
// of these rules: the simulator's in-memory issuer (core/sim/ModelIssuer) and the mock issuer both call it.
//  - revoked family, banned user, or now >= expiry: rejected;
//  - a generation newer than the family's: rejected as unknown (only a forged or foreign token can be one);
//  - an older generation: within the grace window (only the previous generation, `graceSeconds` after the
//    rotation) honoured (NewToken rotates again, SameToken returns the current token); otherwise per reuse
//    handling: RevokeFamily rejects and revokes, RejectReplay rejects, Accept carries on as for the current one;
//  - the current generation: rotation Never / Always / AfterPercent (age ≥ percent of the generation's lifetime);
//    a rotation re-arms the expiry (Absolute, SlidingIdle) or keeps it (InheritRemaining); SlidingIdle slides the
//    expiry on every accepted use; refreshTokenMaxLifetime caps every expiry from the login.
[[nodiscard]] RefreshDecision decide(const IssuerPolicy &policy, const RefreshFamilyState &family,
                                     int presentedGeneration, bool userBanned, qint64 now);

// Whether `presentedGeneration` is the generation just rotated away from and the rotation is younger than the
// policy's grace window (the concurrent-refresh race, RFC 9700 §4.14.2).
[[nodiscard]] bool withinGrace(const IssuerPolicy &policy, const RefreshFamilyState &family, int presentedGeneration,
                               qint64 now);

// Whether presenting `presentedGeneration` now would be accepted, without deciding (introspection, RFC 7662).
[[nodiscard]] bool wouldAccept(const IssuerPolicy &policy, const RefreshFamilyState &family, int presentedGeneration,
                               bool userBanned, qint64 now);

// The expiry a refresh token of this generation reports (introspection "exp"): the family's, or nothing (never).
[[nodiscard]] qint64 cappedExpiry(const IssuerPolicy &policy, const RefreshFamilyState &family, qint64 expiry);

} // namespace RefreshRules
} // namespace tokenscope::policy
