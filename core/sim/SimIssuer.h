#pragma once

#include "policy/Reason.h"
#include "policy/RefreshRules.h"

#include <QByteArray>
#include <QString>

namespace tokenscope::sim {

class LiveIssuer;

// The issuer's answer to one refresh_token grant (RFC 6749 §6), as the engine applies it.
struct SimRefreshAnswer
{
    policy::RefreshDecision::Outcome outcome = policy::RefreshDecision::Outcome::Rejected;
    policy::Reason reason = policy::Reason::None; // why a refusal
    bool grace = false; // honoured within the grace window after a rotation
    bool familyRevoked = false; // the refusal revoked the family (reuse detection, RFC 9700 §4.14.2)
    qint32 generation = 0; // the generation of the refresh token handed back
    [[nodiscard]] bool accepted() const { return outcome != policy::RefreshDecision::Outcome::Rejected; }
};

// When a family's acceptance can next change by itself: its expiry and its last rotation (the grace window).
struct SimFamilyTimes
{
    qint64 expiresAt = policy::RefreshFamilyState::never; // run seconds
    qint64 lastRotatedAt = -1; // run seconds; -1: never rotated
};

// The simulator's issuer (docs/scenarios.md "Live runs"): what the engine asks whenever a client or an attacker
// talks to the authorization server. ModelIssuer decides in memory with the rulebook; LiveIssuer sends each call as
// a real HTTP request to a mock issuer. Times are run seconds (0 = the scenario's start); families and users are the
// engine's indexes. The engine keeps everything that is not the issuer's: tokens' identities, clients, resource
// servers, exposure watches.
class SimIssuer
{
public:
    virtual ~SimIssuer() = default;

    // A login of `user` through `client`'s app. `family` is the index the engine gives the refresh family the login
    // starts (families are numbered in login order), or -1 when the policy issues no refresh tokens.
    // False: the issuer refused (a banned user).
    [[nodiscard]] virtual bool login(qint64 now, qint32 user, qint32 client, qint32 family) = 0;
    // Presents generation `generation` of refresh family `family`.
    [[nodiscard]] virtual SimRefreshAnswer refresh(qint64 now, qint32 family, qint32 generation) = 0;
    // Whether presenting it now would be accepted, without deciding (RFC 7662 introspection of a refresh token).
    [[nodiscard]] virtual bool wouldAccept(qint64 now, qint32 family, qint32 generation) = 0;
    [[nodiscard]] virtual SimFamilyTimes familyTimes(qint64 now, qint32 family) = 0;
    // RFC 7009: revokes the family (and, per RFC 7009 §2.1, its grant).
    virtual void revokeFamily(qint64 now, qint32 family) = 0;
    virtual void banUser(qint64 now, qint32 user) = 0;
    // An operator takes the admin role from `user`: tokens issued afterwards carry no admin role, and introspection
    // answers without it at once (tokens already issued keep the role they were signed with).
    virtual void demoteUser(qint64 now, qint32 user) = 0;
    // An operator's key rotation (the engine models which key signs and which keys the JWKS publishes).
    virtual void rotateKeys(qint64 now) = 0;

    // A live issuer that stopped answering; the engine ends the run there. Empty while all is well.
    [[nodiscard]] virtual QString failure() const { return {}; }
    // The token texts the last login or refresh handed out, when the issuer makes real ones (empty for the model,
    // whose tokens the engine signs on demand).
    [[nodiscard]] virtual QByteArray issuedAccessToken() const { return {}; }
    [[nodiscard]] virtual QByteArray issuedRefreshToken() const { return {}; }
    // HTTP exchanges so far (0 for the model).
    [[nodiscard]] virtual qint64 exchanges() const { return 0; }
    // The issuer over HTTP, whose real tokens the resource servers then verify for real (LiveResourceServers);
    // nullptr for the model, whose resource servers decide in memory.
    [[nodiscard]] virtual LiveIssuer *live() { return nullptr; }
};

} // namespace tokenscope::sim
