#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <optional>

namespace tokenscope::policy {

// Every stable reason code Tokenscope prints for a refused (or specially honoured) credential: the issuer's
// refresh decisions, the resource servers' verdicts, and the few notes of the simulator's event log. The codes are
// part of the output contract (event logs, `--json`, the mock issuer's error descriptions); reasonCode() is the
// only place that spells them.
enum class Reason : quint8 {
    None,
    // The issuer's refresh_token grant (RFC 6749 §6, RFC 9700 §4.14.2), decided by RefreshRules::decide().
    FamilyRevoked,
    UserBanned,
    Expired, // also a resource server's verdict: the access token's exp has passed (RFC 7519 §4.1.4)
    UnknownGeneration,
    ReuseDetected,
    ReplayRejected,
    Grace, // accepted because it came within the grace window after a rotation
    // The client side.
    NoRefreshToken,
    ResponseLost, // the issuer answered, the client never got it
    NothingToSteal,
    // Resource servers.
    UnknownKid,
    Blocklisted,
    Inactive, // RFC 7662 §2.2 "active": false
    NoSession,
    SessionExpired,
    StoreUnavailable,
    ServerUnavailable,
    TokenInvalid, // a live run's verifier refused the issuer's real token for another cause (bad signature, iss, aud)
    // Infrastructure notes.
    DataLost,
    Restarted,
};

// The stable code ("reuse_detected"); "" for Reason::None. Static storage, so it can go into logs as is.
[[nodiscard]] const char *reasonCode(Reason reason);
// The reason a code names; nullopt for an unknown code ("" gives Reason::None).
[[nodiscard]] std::optional<Reason> reasonFromCode(QByteArrayView code);

} // namespace tokenscope::policy
