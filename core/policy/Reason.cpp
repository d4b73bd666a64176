#include "policy/Reason.h"

#include <array>
#include <utility>

namespace tokenscope::policy {

namespace {

constexpr std::array<std::pair<Reason, const char *>, 21> codes {{
    {Reason::None, ""},
    {Reason::FamilyRevoked, "family_revoked"},
    {Reason::UserBanned, "user_banned"},
    {Reason::Expired, "expired"},
    {Reason::UnknownGeneration, "unknown_generation"},
    {Reason::ReuseDetected, "reuse_detected"},
    {Reason::ReplayRejected, "replay_rejected"},
    {Reason::Grace, "grace"},
    {Reason::NoRefreshToken, "no_refresh_token"},
    {Reason::ResponseLost, "response_lost"},
    {Reason::NothingToSteal, "nothing_to_steal"},
    {Reason::UnknownKid, "unknown_kid"},
    {Reason::Blocklisted, "blocklisted"},
    {Reason::Inactive, "inactive"},
    {Reason::NoSession, "no_session"},
    {Reason::SessionExpired, "session_expired"},
    {Reason::StoreUnavailable, "store_unavailable"},
    {Reason::ServerUnavailable, "server_unavailable"},
    {Reason::TokenInvalid, "token_invalid"},
    {Reason::DataLost, "data_lost"},
    {Reason::Restarted, "restarted"},
}};

} // namespace

const char *reasonCode(Reason reason)
{
    // The table is in enum order, so the common case is one index.
    const auto index = size_t(reason);
    if (index < codes.size() && codes[index].first == reason)
        return codes[index].second;
    return "";
}

std::optional<Reason> reasonFromCode(QByteArrayView code)
{
    for (const auto &[reason, spelling] : codes) {
        if (code == QByteArrayView(spelling))
            return reason;
    }
    return std::nullopt;
}

} // namespace tokenscope::policy
