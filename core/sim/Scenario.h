#pragma once

#include "jose/Json.h"
#include "policy/IssuerPolicy.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tokenscope::sim {

// The issuer's rulebook (core/policy), under the names scenarios have always used.
using policy::GraceMode;
using policy::IssuerPolicy;
using policy::RefreshLifetimeMode;
using policy::ReuseHandling;
using policy::RotationMode;
namespace IssuerPresets = policy::IssuerPresets;
namespace PolicyNames = policy::PolicyNames;

// How resource servers decide whether a request's credential is good.
enum class ServerMode {
    StatelessJwt, // signature (key in the cached JWKS) + exp with leeway; no lookups
    JwtBlocklist, // as stateless, plus one blocklist lookup per request by jti
    Introspection, // RFC 7662 call to the issuer, cached per token for a TTL
    Session, // an opaque session id looked up in a session store on every request
};

enum class Routing { RoundRobin, Random, Sticky };

enum class RefreshTiming {
    Ahead, // a timer refreshes `refreshAhead` seconds before the access token expires
    OnDemand, // the client checks exp before a call and refreshes if it has passed
    AfterRejection, // the client sends the expired token, gets a 401, then refreshes and retries
};

enum class StolenCredential { AccessToken, RefreshToken, SessionId };

enum class OperatorAction {
    RevokeRefreshToken, // RFC 7009 revocation of one client's refresh token (and its grant's access tokens)
    BanUser,
    DemoteUser,
    LogoutEverywhere,
    RotateKey,
    BlocklistAdd, // one client's current access token
    StoreOutage, // the shared (or one server's) session store is down for `duration`
    ServerOutage, // one server is down for `duration`; the load balancer sends its traffic elsewhere
};

// The scenario's resource servers: how they check credentials, how many, routing, caches and leeway.
struct ResourceServerConfig
{
    ServerMode mode = ServerMode::StatelessJwt;
    int servers = 1;
    Routing routing = Routing::RoundRobin;
    bool sharedStore = true; // Session: one store for every server, or one per server
    qint64 leeway = 0; // JWT modes: RFC 7519 §4.1.4 clock-skew allowance
    qint64 jwksCacheAge = 3600; // JWT modes: how long a fetched JWKS is trusted
    bool refetchOnUnknownKid = true; // JWT modes: an unknown kid triggers a fetch (rate-limited)
    qint64 unknownKidRefetchInterval = 300;
    qint64 introspectionCacheTtl = 0; // Introspection: 0 = every request asks the issuer
    bool blocklistOnRevoke = true; // JwtBlocklist: revocations also blocklist the grant's live access tokens
};

// The scenario's legitimate clients: how many, their users, their traffic, refresh habits and mishaps.
struct ClientConfig
{
    int count = 1;
    int users = 0; // 0: one user per client; else clients are spread round-robin over users
    qint64 loginSpread = 0; // logins are spread uniformly over [0, loginSpread)
    qint64 requestInterval = 60; // mean seconds between API calls
    bool exponentialIntervals = true; // Poisson traffic; false: a fixed interval
    RefreshTiming refresh = RefreshTiming::OnDemand;
    qint64 refreshAhead = 30;
    double concurrentRefreshProbability = 0.0; // a second refresh with the same token (two tabs)
    qint64 concurrentRefreshDelay = 0;
    double lostResponseProbability = 0.0; // a committed refresh whose answer never reaches the client
    qint64 lostResponseRetryDelay = 5; // the client tries the refresh again this long after losing the answer
    qint64 reloginDelay = 10; // a logged-out user signs in again after this long
    qint64 stopAfter = 0; // a client stops calling after this long; 0: runs to the end
    QList<int> adminUsers; // users holding the "admin" role at the start
};

// One attacker of the scenario: when it steals what from which client, and how it uses it.
struct AttackerConfig
{
    qint64 at = 0;
    StolenCredential steals = StolenCredential::AccessToken;
    int client = 0;
    qint64 requestInterval = 60;
    qint64 refreshDelay = 0; // refresh token thefts: first refresh this long after the theft
    qint64 stopAfter = 0; // 0: keeps trying until the end
};

// One thing the operator does during the run (a revocation, a ban, a key rotation, an outage, …) and to whom.
struct OperatorEvent
{
    qint64 at = 0;
    OperatorAction action = OperatorAction::RevokeRefreshToken;
    int client = 0; // RevokeRefreshToken, BlocklistAdd
    int user = 0; // BanUser, DemoteUser, LogoutEverywhere
    bool emergency = false; // RotateKey: withdraw the old key at once
    qint64 duration = 0; // StoreOutage
    bool losesData = false; // StoreOutage: the store comes back empty
    int server = -1; // StoreOutage with per-server stores: which one (-1: all); ServerOutage: which server
};

// One runnable scenario: a fully resolved variant of a scenario file.
struct Scenario
{
    QString name; // file or built-in name
    QString title;
    QString description;
    QString variant; // empty when the file has no variants
    qint64 start = 1767225600; // 2026-01-01T00:00:00Z
    qint64 duration = 3600;
    quint64 seed = 1;
    qint64 sampleInterval = 3600;
    IssuerPolicy issuer;
    ResourceServerConfig server;
    ClientConfig clients;
    std::vector<AttackerConfig> attackers;
    std::vector<OperatorEvent> events;
};

namespace ScenarioNames {
[[nodiscard]] QString serverMode(ServerMode mode);
[[nodiscard]] QString routing(Routing routing);
[[nodiscard]] QString refreshTiming(RefreshTiming timing);
[[nodiscard]] QString stolenCredential(StolenCredential credential);
[[nodiscard]] QString operatorAction(OperatorAction action);
} // namespace ScenarioNames

// A problem in a scenario file: where (a JSON path such as "clients.count" or "events[2].at") and what.
struct ScenarioError
{
    QString path;
    QString message;
    [[nodiscard]] QString toString() const; // "events[2].at: expected a duration such as \"15m\""
};

// What loading a scenario file gave: its variants, or the problems found, each with its JSON path.
struct ScenarioLoadResult
{
    QList<Scenario> variants; // one entry per variant, in file order (one when the file has none)
    QList<ScenarioError> errors;
    explicit operator bool() const { return errors.isEmpty() && !variants.isEmpty(); }
};

// Reads scenario files (docs/scenarios.md) and the built-in ones compiled in under :/tokenscope/scenarios/.
namespace ScenarioLoader {

inline constexpr qsizetype maxFileBytes = 1024 * 1024;
inline constexpr int maxClients = 1'000'000;
inline constexpr int maxServers = 64;
inline constexpr int maxAttackers = 1000;
inline constexpr int maxEvents = 10'000;
inline constexpr int maxVariants = 16;
inline constexpr qint64 maxDuration = 400LL * 86400;
// The work a run may take is bounded too: WorkBudget (WorkEstimate.h).

// `overrides` (a JSON object, e.g. from command-line flags) is merged into every variant after the variant's own
// overrides (RFC 7396), so its members are read and checked exactly as if the file held them.
[[nodiscard]] ScenarioLoadResult load(QByteArrayView json, const QString &name = {}, const JsonValue &overrides = {});
[[nodiscard]] QStringList builtInNames();
[[nodiscard]] ScenarioLoadResult loadBuiltIn(const QString &name, const JsonValue &overrides = {});
// "90" (seconds), "45s", "15m", "1h30m", "7d", "2w"; nullopt when malformed or negative.
[[nodiscard]] std::optional<qint64> parseDuration(QStringView text);

} // namespace ScenarioLoader

} // namespace tokenscope::sim
