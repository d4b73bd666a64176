#pragma once

#include "policy/Reason.h"
#include "sim/SimEngine.h"

#include <QtGlobal>

#include <limits>

namespace tokenscope::sim {

// "Never" on the simulated clock: far beyond any run, yet far from overflowing when a lifetime is added to it.
inline constexpr qint64 never = std::numeric_limits<qint64>::max() / 4;

// An access token as the engine tracks it: identity and lifetime, never its text (SimEngine::tokenText signs it).
struct AccessToken
{
    qint64 id = 0;
    qint64 issuedAt = 0; // run time
    qint64 expiresAt = 0; // run time
    qint32 user = 0;
    qint32 client = 0;
    qint32 family = -1;
    qint32 key = 0;
    bool admin = false;
    [[nodiscard]] bool isValid() const { return id != 0; }
};

// One generation of a refresh family (RFC 9700 §4.14.2 rotation).
struct RefreshToken
{
    qint32 family = -1;
    qint32 generation = 0;
    qint64 id = 0;
    [[nodiscard]] bool isValid() const { return family >= 0; }
};

// What a refresh_token grant (RFC 6749 §6) gave the one who presented it.
struct RefreshResult
{
    bool ok = false;
    policy::Reason reason = policy::Reason::None;
    AccessToken accessToken;
    RefreshToken refreshToken;
    bool grace = false;
};

// How the event log names a credential; a null reference when there is none.
inline CredentialRef credentialRef(const AccessToken &token)
{
    CredentialRef r;
    if (token.isValid()) {
        r.kind = CredentialRef::Kind::AccessToken;
        r.id = token.id;
    }
    return r;
}

inline CredentialRef credentialRef(const RefreshToken &token)
{
    CredentialRef r;
    if (token.isValid()) {
        r.kind = CredentialRef::Kind::RefreshToken;
        r.family = token.family;
        r.generation = token.generation;
        r.id = token.id;
    }
    return r;
}

inline CredentialRef sessionRef(qint64 sessionId)
{
    CredentialRef r;
    if (sessionId != 0) {
        r.kind = CredentialRef::Kind::SessionId;
        r.id = sessionId;
    }
    return r;
}

} // namespace tokenscope::sim
