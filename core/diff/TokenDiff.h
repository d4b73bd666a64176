#pragma once

#include "jose/CompactToken.h"
#include "jose/Json.h"

#include <QString>

#include <optional>
#include <vector>

namespace tokenscope {

// What differs between two tokens, for "before and after a refresh" or "staging against production": header and
// claims member by member (in source order, values as written, so numbers keep their lexemes), time claims as moves
// ("exp +15m"), each token's iat-to-exp lifetime, and the signature and key differences (alg, kid, issuer).
struct MemberChange
{
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    QString name;
    QByteArray before; // compact JSON as written; empty when added
    QByteArray after; // empty when removed
    std::optional<qint64> moveSeconds; // a NumericDate claim (exp, nbf, iat, auth_time) that changed: after - before
};

// The signature and key facts of one side of a diff: alg, kid, iss and its iat-to-exp lifetime.
struct SideFacts
{
    QString alg, kid, iss;
    std::optional<qint64> lifetimeSeconds; // exp - iat
};

// What TokenDiffer::compare() found: header and payload member changes, and each side's facts.
struct TokenDiff
{
    std::vector<MemberChange> header;
    std::vector<MemberChange> payload; // empty for a JWE (its claims are encrypted)
    SideFacts first, second;
    bool sameSignature = false;
    [[nodiscard]] bool identical() const;
};

namespace TokenDiffer {
[[nodiscard]] TokenDiff compare(const DecodedToken &first, const DecodedToken &second);
[[nodiscard]] QString kindName(MemberChange::Kind kind); // "added", "removed", "changed"
// "exp +15m", "iat -2h"
[[nodiscard]] QString move(const MemberChange &change);
[[nodiscard]] JsonValue toJson(const TokenDiff &diff);
} // namespace TokenDiffer

} // namespace tokenscope
