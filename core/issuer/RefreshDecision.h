#pragma once

#include "sim/IssuerPolicy.h"

#include <QString>

#include <limits>

namespace tokenscope::issuer {

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
    // Stable codes, the simulator's: "family_revoked", "user_banned", "expired", "reuse_detected", "replay_rejected".
    QString reason;
    bool revokeFamily = false; // reuse under ReuseHandling::RevokeFamily
    bool grace = false; // honoured because it came within the grace window after a rotation
    bool reuseAccepted = false; // an already rotated generation accepted under ReuseHandling::Accept
    RefreshFamilyState next; // the family after the decision (unchanged on rejection, except `revoked`)

    [[nodiscard]] bool accepted() const { return outcome != Outcome::Rejected; }
};

namespace RefreshRules {

// The family a login starts: generation 0, expiry per the policy's lifetime and cap.
[[nodiscard]] RefreshFamilyState newFamily(const sim::IssuerPolicy &policy, qint64 now);

// Decides a refresh_token grant for generation `presentedGeneration` of `family` at `now`. Pure: exactly the
// simulator's issuer semantics (core/sim/SimEngine.cpp refresh()), so the mock issuer and the simulator agree:
//  - revoked family, banned user, or now >= expiry: rejected;
//  - an older generation: within the grace window (only the previous generation, `graceSeconds` after the
//    rotation) honoured (NewToken rotates again, SameToken returns the current token); otherwise per reuse
//    handling: RevokeFamily rejects and revokes, RejectReplay rejects, Accept carries on as for the current one;
//  - the current generation: rotation Never / Always / AfterPercent (age ≥ percent of the generation's lifetime);
//    a rotation re-arms the expiry (Absolute, SlidingIdle) or keeps it (InheritRemaining); SlidingIdle slides the
//    expiry on every accepted use; refreshTokenMaxLifetime caps every expiry from the login.
[[nodiscard]] RefreshDecision decide(const sim::IssuerPolicy &policy, const RefreshFamilyState &family,
                                     int presentedGeneration, bool userBanned, qint64 now);

// Whether presenting `presentedGeneration` now would be accepted, without deciding (introspection, RFC 7662).
[[nodiscard]] bool wouldAccept(const sim::IssuerPolicy &policy, const RefreshFamilyState &family,
                               int presentedGeneration, bool userBanned, qint64 now);

// The expiry a refresh token of this generation reports (introspection "exp"): the family's, or nothing (never).
[[nodiscard]] qint64 cappedExpiry(const sim::IssuerPolicy &policy, const RefreshFamilyState &family, qint64 expiry);

} // namespace RefreshRules
} // namespace tokenscope::issuer
