#include "sim/SimEngine.h"

#include "crypto/KeyGenerator.h"
#include "crypto/Signature.h"
#include "jose/Base64Url.h"
#include "jose/Json.h"
#include "sim/ModelIssuer.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <algorithm>
#include <array>
#include <limits>
#include <unordered_map>

namespace tokenscope::sim {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SimEngine", text);
}

constexpr qint64 never = std::numeric_limits<qint64>::max() / 4;

using policy::Reason;

enum class QueuedType : quint8 {
    ClientLogin,
    ClientRequest,
    ClientRefreshTimer,
    ClientConcurrentRefresh,
    AttackerSteal,
    AttackerRequest,
    AttackerRefresh,
    Operator,
    OutageEnd,
    ServerBack,
    KeyPublish,
    Sample,
    WatchCheck,
};

struct QueuedEvent
{
    quint64 key; // time << sequenceBits | sequence: one integer orders by (time, sequence)
    QueuedType type;
    qint32 actor;
    qint32 argument;
    qint64 argument2;
    [[nodiscard]] qint64 time() const;
};

constexpr int sequenceBits = 37; // 137 billion events; leaves 27 bits of seconds (4 years, above maxDuration)
constexpr quint64 sequenceMask = (quint64(1) << sequenceBits) - 1;
qint64 QueuedEvent::time() const
{
    return qint64(key >> sequenceBits);
}

// A radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, 1990): a monotone priority queue, which is all a discrete-event
// engine needs (nothing is scheduled before the event being processed) and several times faster than a binary
// heap for the 10,000-client runs. Keys are unique, so the order is exactly (time, sequence).
class EventQueue
{
public:
    void push(const QueuedEvent &event)
    {
        Q_ASSERT(event.key >= m_last);
        m_buckets[size_t(bucketOf(event.key))].push_back(event);
        ++m_size;
    }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    [[nodiscard]] const QueuedEvent &top()
    {
        refill();
        return m_buckets[0].back();
    }
    void pop()
    {
        refill();
        m_buckets[0].pop_back();
        --m_size;
    }

private:
    [[nodiscard]] int bucketOf(quint64 key) const { return key == m_last ? 0 : 64 - __builtin_clzll(key ^ m_last); }
    void refill()
    {
        if (!m_buckets[0].empty())
            return;
        size_t i = 1;
        while (m_buckets[i].empty())
            ++i;
        std::vector<QueuedEvent> &bucket = m_buckets[i];
        quint64 smallest = bucket.front().key;
        for (const QueuedEvent &event : bucket)
            smallest = std::min(smallest, event.key);
        m_last = smallest;
        for (const QueuedEvent &event : bucket)
            m_buckets[size_t(bucketOf(event.key))].push_back(event);
        bucket.clear();
    }

    quint64 m_last = 0;
    size_t m_size = 0;
    std::array<std::vector<QueuedEvent>, 65> m_buckets;
};

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

struct RefreshToken
{
    qint32 family = -1;
    qint32 generation = 0;
    qint64 id = 0;
    [[nodiscard]] bool isValid() const { return family >= 0; }
};

enum class RevocationCause : quint8 { None, Operator, ReuseRace, ReuseTheft };

// The engine's side of a refresh family: whose it is and what happened to it. Its lifetimes and rotation state are
// the issuer's (SimIssuer); `generation` is the newest one the issuer handed out.
struct Family
{
    qint32 user = 0;
    qint32 client = 0;
    qint32 generation = 0;
    qint64 currentTokenId = 0;
    bool revoked = false;
    bool compromised = false; // an attacker holds one of its refresh tokens
    RevocationCause cause = RevocationCause::None;
};

struct User
{
    bool admin = false;
    bool banned = false;
    qint64 revokedBeforeTokenId = 0; // access tokens with a lower id are inactive at introspection
};

struct Client
{
    qint32 user = 0;
    qint32 stickyServer = 0;
    bool loggedIn = false;
    bool stopped = false;
    bool revokedByOperator = false;
    bool everWronglyLoggedOut = false;
    quint32 requestEpoch = 0;
    quint32 timerEpoch = 0;
    qint64 stopAt = never;
    AccessToken accessToken;
    RefreshToken refreshToken;
    qint64 sessionId = 0;
};

struct Attacker
{
    AttackerConfig config;
    bool active = false;
    bool requestsStarted = false;
    qint64 stopAt = never;
    qint32 watch = -1;
    AccessToken accessToken;
    RefreshToken refreshToken;
    qint64 sessionId = 0;
};

struct IntrospectionEntry
{
    bool active = false;
    bool admin = false;
    qint64 until = 0;
};

struct Server
{
    qint64 downUntil = -1;
    bool losesData = false; // comes back restarted: caches and its own session store empty
    qint64 jwksFetchedAt = 0;
    qint64 lastCountedSnapshot = -1;
    qint64 lastUnknownKidFetch = -never;
    std::unordered_map<qint64, IntrospectionEntry> introspectionCache;
};

struct Session
{
    qint32 user = 0;
    qint32 client = 0;
    qint64 createdAt = 0;
    qint64 lastUsed = 0;
};

struct Store
{
    std::unordered_map<qint64, Session> sessions;
    qint64 downUntil = -1;
    bool losesData = false;
};

struct SigningKey
{
    QString kid;
    qint64 publishedAt = 0;
    qint64 activeFrom = 0;
    qint64 retiredAt = never;
    qint64 removedAt = never;
    qint64 maxTokenExpiry = -1;
    Key key; // generated on first use
};

struct WatchedCredential
{
    CredentialRef::Kind kind = CredentialRef::Kind::None;
    AccessToken accessToken;
    RefreshToken refreshToken;
    qint64 sessionId = 0;
    qint32 key = -1;
};

struct Watch
{
    qint32 attacker = -1; // watches the attacker's current holdings
    bool staleRole = false; // demotion: "accepted with the old role" instead of "accepted"
    std::vector<WatchedCredential> credentials;
    bool open = true;
    qint64 scheduledCheck = -1;
};

struct RefreshResult
{
    bool ok = false;
    Reason reason = Reason::None;
    AccessToken accessToken;
    RefreshToken refreshToken;
    bool grace = false;
};

qint64 base64UrlLength(qint64 bytes)
{
    return (bytes * 8 + 5) / 6;
}

// JWS signature sizes (RFC 7518 §3): no key is needed to know them.
qint64 signatureBytes(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::HS256:
        return 32;
    case Algorithm::HS384:
        return 48;
    case Algorithm::HS512:
        return 64;
    case Algorithm::RS256:
    case Algorithm::RS384:
    case Algorithm::RS512:
    case Algorithm::PS256:
    case Algorithm::PS384:
    case Algorithm::PS512:
        return 256; // 2048-bit keys
    case Algorithm::ES256:
        return 64;
    case Algorithm::ES384:
        return 96;
    case Algorithm::ES512:
        return 132;
    case Algorithm::EdDSA:
    case Algorithm::Ed25519:
        return 64;
    case Algorithm::Ed448:
        return 114;
    }
    return 0;
}

// Fixed-width identifiers keep every access token of one key and role the same length, so bytes per request can
// be measured without serialising each token.
QString userName(qint32 user)
{
    return QStringLiteral("user-%1").arg(user, 7, 10, QLatin1Char('0'));
}
QString clientName(qint32 client)
{
    return QStringLiteral("client-%1").arg(client, 7, 10, QLatin1Char('0'));
}
QString jtiOf(qint64 id)
{
    return QStringLiteral("%1").arg(quint64(id), 16, 16, QLatin1Char('0'));
}

} // namespace

QByteArray CredentialRef::name() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::AccessToken:
        return "at:" + QByteArray::number(id);
    case Kind::RefreshToken:
        return "rt:" + QByteArray::number(family) + '.' + QByteArray::number(generation);
    case Kind::SessionId:
        return "sid:" + QByteArray::number(id);
    case Kind::Key:
        return "key:" + QByteArray::number(id);
    }
    return {};
}

QByteArray SimEvent::toJsonLine() const
{
    static const char *const typeNames[] = {
        "login",          "login_denied",     "request",          "refresh",   "concurrent_refresh", "logout",
        "theft",          "attacker_request", "attacker_refresh", "operator",  "key_published",      "store_outage",
        "store_restored", "exposure_ended",   "server_down",      "server_up",
    };
    static const char *const actorNames[] = {"client", "attacker", "operator", "issuer"};
    QByteArray line;
    line.reserve(160);
    line += "{\"t\":";
    line += QByteArray::number(time);
    line += ",\"type\":\"";
    line += typeNames[int(type)];
    line += "\",\"actor\":\"";
    line += actorNames[int(actor)];
    line += '"';
    if (actorIndex >= 0) {
        line += ",\"index\":";
        line += QByteArray::number(actorIndex);
    }
    if (server >= 0) {
        line += ",\"server\":";
        line += QByteArray::number(server);
    }
    const std::pair<const char *, const CredentialRef *> credentials[]
        = {{"credential", &credential}, {"access", &issuedAccess}, {"refresh", &issuedRefresh}};
    for (const auto &[name, ref] : credentials) {
        if (ref->isNull())
            continue;
        line += ",\"";
        line += name;
        line += "\":\"";
        line += ref->name();
        line += '"';
    }
    line += ok ? ",\"ok\":true" : ",\"ok\":false";
    if (const QByteArray text = reasonText(); !text.isEmpty()) {
        line += ",\"reason\":\"";
        line += text;
        line += '"';
    }
    if (note != LogoutKind::None) {
        line += ",\"note\":\"";
        line += noteText();
        line += '"';
    }
    line += "}\n";
    return line;
}

QByteArray SimEvent::reasonText() const
{
    if (actor == ActorKind::Operator) // operator events, and the outages they start
        return ScenarioNames::operatorAction(action).toLatin1();
    return QByteArray(policy::reasonCode(reason));
}

const char *SimEvent::noteText() const
{
    switch (note) {
    case LogoutKind::None:
        return "";
    case LogoutKind::Intended:
        return "intended";
    case LogoutKind::Wrongful:
        return "wrongful";
    case LogoutKind::Collateral:
        return "collateral";
    }
    return "";
}

struct SimEngine::Impl
{
    SimEngine &q;
    const Scenario &scenario;
    const IssuerPolicy &policy;
    const ResourceServerConfig &serverConfig;
    SimRandom random;
    EventQueue queue;
    quint64 sequence = 0;
    quint64 roundRobin = 0;

    std::vector<User> users;
    std::vector<Client> clients;
    std::vector<std::vector<qint32>> clientsOfUser;
    std::vector<Attacker> attackers;
    std::vector<Family> families;
    std::vector<Server> servers;
    bool anyServerDown = false;
    std::vector<Store> stores;
    std::vector<SigningKey> keys;
    std::unordered_map<qint64, qint64> blocklist; // jti (token id) → when the entry may go (run time)
    std::unordered_map<qint64, qint64> revokedAccessTokens; // introspection: revoked access token → its exp
    std::vector<Watch> watches;
    std::vector<qint32> openWatchList;
    int openWatches = 0;
    bool stateChanged = false;

    std::vector<SimToken> tokens; // when keepTokens
    QHash<qint64, QByteArray> texts;
    std::vector<qint64> accessTokenLengths; // [key * 2 + admin] → characters; 0 until measured

    std::unique_ptr<SimIssuer> issuer;
    bool liveIssuer = false; // not the in-memory model: it can fail, and the run then stops

    Impl(SimEngine &engine, std::unique_ptr<SimIssuer> chosenIssuer)
        : q(engine), scenario(engine.m_scenario), policy(engine.m_scenario.issuer),
          serverConfig(engine.m_scenario.server), random(engine.m_scenario.seed), issuer(std::move(chosenIssuer))
    {
        liveIssuer = issuer != nullptr;
        if (!issuer)
            issuer = std::make_unique<ModelIssuer>(policy, userCount());
    }

    int userCount() const
    {
        const ClientConfig &config = scenario.clients;
        return config.users > 0 ? config.users : config.count;
    }

    bool jwtMode() const
    {
        return serverConfig.mode == ServerMode::StatelessJwt || serverConfig.mode == ServerMode::JwtBlocklist;
    }
    qint64 now() const { return q.m_now; }
    SimMetrics &metrics() { return q.m_metrics; }

    void schedule(qint64 time, QueuedType type, qint32 actor = -1, qint32 argument = 0, qint64 argument2 = 0)
    {
        if (time >= q.m_end)
            return;
        queue.push({(quint64(time) << sequenceBits) | (sequence++ & sequenceMask), type, actor, argument, argument2});
    }

    void log(SimEvent event)
    {
        event.time = now();
        if (q.m_options.recordEvents)
            q.m_events.push_back(event);
        if (q.m_sink)
            q.m_sink(event);
    }

    bool logging() const { return q.m_options.recordEvents || q.m_sink; }

    // --- setup -----------------------------------------------------------------------------------------------

    void setUp()
    {
        const ClientConfig &config = scenario.clients;
        const int userCount = this->userCount();
        users.resize(size_t(userCount));
        for (const int admin : config.adminUsers)
            users[size_t(admin)].admin = true;
        clients.resize(size_t(config.count));
        clientsOfUser.resize(users.size());
        for (int c = 0; c < config.count; ++c) {
            Client &client = clients[size_t(c)];
            client.user = c % userCount;
            client.stickyServer = c % serverConfig.servers;
            client.stopAt = config.stopAfter > 0 ? config.stopAfter : never;
            clientsOfUser[size_t(client.user)].push_back(c);
            const qint64 loginAt = config.loginSpread > 0 ? qint64(random.below(quint64(config.loginSpread))) : 0;
            schedule(loginAt, QueuedType::ClientLogin, c);
        }
        servers.resize(size_t(serverConfig.servers));
        stores.resize(serverConfig.sharedStore ? 1 : size_t(serverConfig.servers));

        SigningKey first;
        first.kid = QStringLiteral("sim-key-1");
        keys.push_back(first);
        if (policy.keyRotationInterval > 0) {
            for (qint64 at = policy.keyRotationInterval; at < q.m_end; at += policy.keyRotationInterval)
                schedule(std::max<qint64>(0, at - policy.keyOverlap), QueuedType::KeyPublish);
        }
        for (size_t a = 0; a < scenario.attackers.size(); ++a) {
            Attacker attacker;
            attacker.config = scenario.attackers[a];
            attacker.stopAt = attacker.config.stopAfter > 0 ? attacker.config.at + attacker.config.stopAfter : never;
            attackers.push_back(attacker);
            schedule(attacker.config.at, QueuedType::AttackerSteal, qint32(a));
        }
        for (size_t e = 0; e < scenario.events.size(); ++e)
            schedule(scenario.events[e].at, QueuedType::Operator, qint32(e));
        schedule(0, QueuedType::Sample);
    }

    // --- tokens ----------------------------------------------------------------------------------------------

    qint64 newTokenId(CredentialRef::Kind kind, qint32 user, qint32 client, qint32 family, qint32 generation,
                      qint64 expiresAt, qint32 key, bool admin)
    {
        const qint64 id = q.m_nextTokenId++;
        if (q.m_options.keepTokens) {
            SimToken token;
            token.id = id;
            token.kind = kind;
            token.user = user;
            token.client = client;
            token.family = family;
            token.generation = generation;
            token.issuedAt = scenario.start + now();
            token.expiresAt = expiresAt >= never ? 0 : scenario.start + expiresAt;
            token.key = key;
            token.admin = admin;
            tokens.push_back(token);
        }
        return id;
    }

    qint32 signingKeyIndex() const
    {
        for (qint32 k = qint32(keys.size()) - 1; k >= 0; --k) {
            const SigningKey &key = keys[size_t(k)];
            if (key.activeFrom <= now() && now() < key.retiredAt)
                return k;
        }
        return qint32(keys.size()) - 1;
    }

    AccessToken issueAccessToken(qint32 client, qint32 family)
    {
        AccessToken token;
        token.user = clients[size_t(client)].user;
        token.client = client;
        token.family = family;
        token.issuedAt = now();
        token.expiresAt = now() + policy.accessTokenTtl;
        token.key = signingKeyIndex();
        token.admin = users[size_t(token.user)].admin;
        token.id = newTokenId(CredentialRef::Kind::AccessToken, token.user, client, family, 0, token.expiresAt,
                              token.key, token.admin);
        SigningKey &key = keys[size_t(token.key)];
        key.maxTokenExpiry = std::max(key.maxTokenExpiry, token.expiresAt);
        ++metrics().accessTokensIssued;
        return token;
    }

    RefreshToken issueRefreshToken(qint32 familyIndex)
    {
        Family &family = families[size_t(familyIndex)];
        RefreshToken token;
        token.family = familyIndex;
        token.generation = family.generation;
        const qint64 expiresAt = issuer->familyTimes(now(), familyIndex).expiresAt;
        token.id = newTokenId(CredentialRef::Kind::RefreshToken, family.user, family.client, familyIndex,
                              family.generation, expiresAt >= never ? never : expiresAt, signingKeyIndex(), false);
        family.currentTokenId = token.id;
        ++metrics().refreshTokensIssued;
        return token;
    }

    RefreshToken currentRefreshToken(qint32 familyIndex) const
    {
        const Family &family = families[size_t(familyIndex)];
        return {familyIndex, family.generation, family.currentTokenId};
    }

    qint32 createFamily(qint32 client)
    {
        Family family;
        family.client = client;
        family.user = clients[size_t(client)].user;
        families.push_back(family);
        return qint32(families.size()) - 1;
    }

    static CredentialRef ref(const AccessToken &token)
    {
        CredentialRef r;
        if (token.isValid()) {
            r.kind = CredentialRef::Kind::AccessToken;
            r.id = token.id;
        }
        return r;
    }
    static CredentialRef ref(const RefreshToken &token)
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
    static CredentialRef sessionRef(qint64 sessionId)
    {
        CredentialRef r;
        if (sessionId != 0) {
            r.kind = CredentialRef::Kind::SessionId;
            r.id = sessionId;
        }
        return r;
    }

    // --- the issuer ------------------------------------------------------------------------------------------

    void blocklistAdd(const AccessToken &token)
    {
        if (!token.isValid())
            return;
        if (serverConfig.mode == ServerMode::Introspection) {
            revokedAccessTokens.emplace(token.id, token.expiresAt);
            stateChanged = true;
            return;
        }
        if (serverConfig.mode != ServerMode::JwtBlocklist)
            return;
        // The entry only has to outlive the token: after exp (+ leeway) signature checks reject it anyway.
        const qint64 until = token.expiresAt + serverConfig.leeway;
        if (until <= now())
            return;
        blocklist[token.id] = until;
        metrics().blocklistMaxSize = std::max(metrics().blocklistMaxSize, qint64(blocklist.size()));
        stateChanged = true;
    }

    // A family stops working: by an operator (the issuer is told, RFC 7009) or by the issuer's own reuse detection.
    void revokeFamily(qint32 familyIndex, RevocationCause cause)
    {
        Family &family = families[size_t(familyIndex)];
        if (family.revoked)
            return;
        if (cause == RevocationCause::Operator)
            issuer->revokeFamily(now(), familyIndex);
        family.revoked = true;
        family.cause = cause;
        ++metrics().familiesRevoked;
        stateChanged = true;
        // RFC 7009 §2.1: revoking a refresh token should also invalidate the access tokens of the same grant.
        if (serverConfig.blocklistOnRevoke) {
            const Client &client = clients[size_t(family.client)];
            if (client.accessToken.family == familyIndex)
                blocklistAdd(client.accessToken);
            for (const Attacker &attacker : attackers) {
                if (attacker.accessToken.isValid() && attacker.accessToken.family == familyIndex)
                    blocklistAdd(attacker.accessToken);
            }
        }
    }

    // A live issuer's real tokens are the ones the timeline shows (tokenText), not ones the engine signs.
    void adoptIssuedText(qint64 id, const QByteArray &text)
    {
        if (liveIssuer && q.m_options.keepTokens && !text.isEmpty())
            texts.insert(id, text);
    }

    // Would presenting `token` now give new tokens? (No side effects: exposure watches ask this.)
    [[nodiscard]] bool refreshWouldSucceed(const RefreshToken &token) const
    {
        return token.isValid() && issuer->wouldAccept(now(), token.family, token.generation);
    }

    // Asks the issuer and applies what it answered: metrics, the revocation's cause, the tokens handed back.
    RefreshResult refresh(const RefreshToken &presented, bool byAttacker)
    {
        RefreshResult result;
        if (!presented.isValid()) {
            result.reason = Reason::NoRefreshToken;
            return result;
        }
        Family &family = families[size_t(presented.family)];
        const SimRefreshAnswer answer = issuer->refresh(now(), presented.family, presented.generation);
        result.reason = answer.reason;
        result.grace = answer.grace;
        if (answer.grace)
            ++metrics().graceHonoured;
        if (answer.reason == Reason::ReuseDetected || answer.reason == Reason::ReplayRejected)
            ++metrics().reuseDetections;
        if (answer.familyRevoked)
            revokeFamily(presented.family,
                         byAttacker || family.compromised ? RevocationCause::ReuseTheft : RevocationCause::ReuseRace);
        if (!answer.accepted()) {
            ++metrics().refreshFailures;
            return result;
        }
        if (answer.outcome == policy::RefreshDecision::Outcome::IssueNewGeneration) {
            family.generation = answer.generation;
            stateChanged = true; // the previous generation stops working (outside grace)
            result.refreshToken = issueRefreshToken(presented.family);
            adoptIssuedText(result.refreshToken.id, issuer->issuedRefreshToken());
        } else {
            result.refreshToken = currentRefreshToken(presented.family);
        }
        result.ok = true;
        result.accessToken = issueAccessToken(family.client, presented.family);
        adoptIssuedText(result.accessToken.id, issuer->issuedAccessToken());
        ++metrics().refreshes;
        return result;
    }

    [[nodiscard]] bool issuerSaysActive(const AccessToken &token) const
    {
        const User &user = users[size_t(token.user)];
        return now() < token.expiresAt && !user.banned && token.id >= user.revokedBeforeTokenId
            && !(token.family >= 0 && families[size_t(token.family)].revoked)
            && !revokedAccessTokens.contains(token.id);
    }

    // --- resource servers ------------------------------------------------------------------------------------

    // The server a request lands on. A server that is down is skipped: the load balancer sends the request to the
    // next one up (sticky sessions break exactly like this). When every server is down the chosen one is returned
    // and the request fails there.
    qint32 route(qint32 stickyServer)
    {
        const int count = serverConfig.servers;
        if (count == 1)
            return 0;
        qint32 chosen = 0;
        switch (serverConfig.routing) {
        case Routing::RoundRobin:
            chosen = qint32(roundRobin++ % quint64(count));
            break;
        case Routing::Random:
            chosen = qint32(random.below(quint64(count)));
            break;
        case Routing::Sticky:
            chosen = stickyServer;
            break;
        }
        if (!anyServerDown)
            return chosen;
        for (qint32 step = 0; step < count; ++step) {
            const qint32 candidate = (chosen + step) % count;
            if (servers[size_t(candidate)].downUntil <= now())
                return candidate;
        }
        return chosen;
    }

    [[nodiscard]] bool serverDown(qint32 serverIndex) const
    {
        return anyServerDown && servers[size_t(serverIndex)].downUntil > now();
    }

    // The JWKS a verifier holds at `time`: fetched at jwksFetchedAt and refreshed every jwksCacheAge after that.
    [[nodiscard]] qint64 jwksSnapshot(const Server &server, qint64 time) const
    {
        const qint64 age = serverConfig.jwksCacheAge;
        return server.jwksFetchedAt + ((time - server.jwksFetchedAt) / age) * age;
    }

    [[nodiscard]] bool keyPublishedAt(qint32 key, qint64 time) const
    {
        const SigningKey &k = keys[size_t(key)];
        return k.publishedAt <= time && time < k.removedAt;
    }

    // Reason::None: accepted. `mutate` false asks without side effects (no lookups counted, no caches filled).
    Reason checkJwt(qint32 serverIndex, const AccessToken &token, bool mutate)
    {
        Server &server = servers[size_t(serverIndex)];
        const qint64 snapshot = jwksSnapshot(server, now());
        if (mutate && snapshot != server.lastCountedSnapshot) {
            server.lastCountedSnapshot = snapshot;
            ++metrics().jwksFetches;
        }
        bool known = keyPublishedAt(token.key, snapshot);
        if (!known && serverConfig.refetchOnUnknownKid && keyPublishedAt(token.key, now())
            && now() - server.lastUnknownKidFetch >= serverConfig.unknownKidRefetchInterval) {
            known = true;
            if (mutate) {
                server.lastUnknownKidFetch = now();
                server.jwksFetchedAt = now();
                server.lastCountedSnapshot = now();
                ++metrics().jwksFetches;
            }
        }
        if (!known)
            return Reason::UnknownKid;
        // RFC 7519 §4.1.4: the current time must be before exp, give or take the leeway.
        if (now() >= token.expiresAt + serverConfig.leeway)
            return Reason::Expired;
        if (serverConfig.mode == ServerMode::JwtBlocklist) {
            if (mutate)
                ++metrics().blocklistLookups;
            const auto entry = blocklist.find(token.id);
            if (entry != blocklist.end() && entry->second > now())
                return Reason::Blocklisted;
        }
        return Reason::None;
    }

    // RFC 7662: the resource server asks the issuer, caching the answer for introspectionCacheTtl.
    Reason checkIntrospection(qint32 serverIndex, const AccessToken &token, bool mutate, bool *admin)
    {
        Server &server = servers[size_t(serverIndex)];
        IntrospectionEntry entry;
        const auto cached = server.introspectionCache.find(token.id);
        if (cached != server.introspectionCache.end() && cached->second.until > now()) {
            entry = cached->second;
        } else {
            entry = {issuerSaysActive(token), users[size_t(token.user)].admin,
                     now() + serverConfig.introspectionCacheTtl};
            if (mutate) {
                ++metrics().introspectionLookups;
                if (serverConfig.introspectionCacheTtl > 0)
                    server.introspectionCache[token.id] = entry;
            }
        }
        if (admin)
            *admin = entry.admin;
        if (!entry.active || now() >= token.expiresAt)
            return Reason::Inactive;
        return Reason::None;
    }

    Reason checkAccessToken(qint32 serverIndex, const AccessToken &token, bool mutate)
    {
        if (mutate && serverDown(serverIndex))
            return Reason::ServerUnavailable;
        if (serverConfig.mode == ServerMode::Introspection)
            return checkIntrospection(serverIndex, token, mutate, nullptr);
        return checkJwt(serverIndex, token, mutate);
    }

    [[nodiscard]] bool sessionExpired(const Session &session) const
    {
        return (policy.sessionIdle > 0 && now() >= session.lastUsed + policy.sessionIdle)
            || (policy.sessionMaxLifetime > 0 && now() >= session.createdAt + policy.sessionMaxLifetime);
    }

    qint32 storeOf(qint32 serverIndex) const { return serverConfig.sharedStore ? 0 : serverIndex; }

    Reason checkSession(qint32 serverIndex, qint64 sessionId)
    {
        if (serverDown(serverIndex))
            return Reason::ServerUnavailable;
        Store &store = stores[size_t(storeOf(serverIndex))];
        ++metrics().storeLookups;
        if (store.downUntil > now())
            return Reason::StoreUnavailable;
        const auto found = store.sessions.find(sessionId);
        if (found == store.sessions.end())
            return Reason::NoSession;
        if (sessionExpired(found->second)) {
            store.sessions.erase(found);
            return Reason::SessionExpired;
        }
        found->second.lastUsed = now();
        return Reason::None;
    }

    qint64 credentialBytes(const AccessToken &token)
    {
        const size_t shape = size_t(token.key) * 2 + (token.admin ? 1 : 0);
        if (shape >= accessTokenLengths.size())
            accessTokenLengths.resize(shape + 1, 0);
        qint64 &length = accessTokenLengths[shape];
        if (length == 0) {
            SimToken sample;
            sample.kind = CredentialRef::Kind::AccessToken;
            sample.user = token.user;
            sample.client = token.client;
            sample.issuedAt = scenario.start + token.issuedAt;
            sample.expiresAt = scenario.start + token.expiresAt;
            sample.key = token.key;
            sample.admin = token.admin;
            sample.id = token.id;
            length = signingInput(sample).size() + 1 + base64UrlLength(signatureBytes(policy.signingAlgorithm));
        }
        return qint64(sizeof("Authorization: Bearer ") - 1) + length;
    }

    static constexpr qint64 sessionCredentialBytes = qint64(sizeof("Cookie: sid=") - 1) + 43; // 256 bits, base64url

    // --- clients ---------------------------------------------------------------------------------------------

    qint64 nextRequestDelay(qint64 mean)
    {
        return scenario.clients.exponentialIntervals ? random.exponentialSeconds(mean) : mean;
    }

    void scheduleRequest(qint32 c, qint64 at)
    {
        schedule(at, QueuedType::ClientRequest, c, 0, clients[size_t(c)].requestEpoch);
    }

    void scheduleRefreshTimer(qint32 c)
    {
        Client &client = clients[size_t(c)];
        ++client.timerEpoch;
        if (scenario.clients.refresh != RefreshTiming::Ahead || !client.refreshToken.isValid())
            return;
        const qint64 at = std::max(now() + 1, client.accessToken.expiresAt - scenario.clients.refreshAhead);
        schedule(at, QueuedType::ClientRefreshTimer, c, 0, client.timerEpoch);
    }

    void login(qint32 c)
    {
        Client &client = clients[size_t(c)];
        if (client.loggedIn || client.stopped)
            return;
        if (now() >= client.stopAt) {
            client.stopped = true;
            return;
        }
        SimEvent event;
        event.type = SimEventType::Login;
        event.actorIndex = c;
        // The user signs in at the issuer even when the app then keeps a server session of its own.
        const bool tokenMode = serverConfig.mode != ServerMode::Session;
        const qint32 family = tokenMode && policy.refreshTokensEnabled ? qint32(families.size()) : -1;
        if (!issuer->login(now(), client.user, c, family)) {
            ++metrics().loginsDenied;
            client.stopped = true;
            event.type = SimEventType::LoginDenied;
            event.ok = false;
            event.reason = Reason::UserBanned;
            log(event);
            return;
        }
        ++metrics().logins;
        client.loggedIn = true;
        client.revokedByOperator = false;
        ++client.requestEpoch;
        if (!tokenMode) {
            const qint32 server = route(client.stickyServer);
            client.sessionId = newTokenId(CredentialRef::Kind::SessionId, client.user, c, -1, 0, never, 0, false);
            stores[size_t(storeOf(server))].sessions[client.sessionId] = {client.user, c, now(), now()};
            ++metrics().sessionsCreated;
            event.server = server;
            event.issuedAccess = sessionRef(client.sessionId);
        } else {
            client.refreshToken = {};
            if (family >= 0) {
                createFamily(c);
                client.refreshToken = issueRefreshToken(family);
                adoptIssuedText(client.refreshToken.id, issuer->issuedRefreshToken());
            }
            client.accessToken = issueAccessToken(c, family);
            adoptIssuedText(client.accessToken.id, issuer->issuedAccessToken());
            scheduleRefreshTimer(c);
            event.issuedAccess = ref(client.accessToken);
            event.issuedRefresh = ref(client.refreshToken);
        }
        if (logging())
            log(event);
        scheduleRequest(c, now());
    }

    void logout(qint32 c, Reason reason, LogoutKind kind)
    {
        Client &client = clients[size_t(c)];
        if (!client.loggedIn)
            return;
        client.loggedIn = false;
        ++client.requestEpoch;
        ++client.timerEpoch;
        ++metrics().logouts;
        if (kind == LogoutKind::Wrongful) {
            ++metrics().wrongfulLogouts;
            if (!client.everWronglyLoggedOut) {
                client.everWronglyLoggedOut = true;
                ++metrics().wronglyLoggedOutClients;
            }
        } else if (kind == LogoutKind::Collateral) {
            ++metrics().collateralLogouts;
        }
        if (logging()) {
            SimEvent event;
            event.type = SimEventType::Logout;
            event.actorIndex = c;
            event.ok = false;
            event.reason = reason;
            event.note = kind;
            event.credential
                = serverConfig.mode == ServerMode::Session ? sessionRef(client.sessionId) : ref(client.refreshToken);
            log(event);
        }
        client.accessToken = {};
        client.refreshToken = {};
        client.sessionId = 0;
        if (!users[size_t(client.user)].banned)
            schedule(now() + scenario.clients.reloginDelay, QueuedType::ClientLogin, c);
    }

    LogoutKind logoutKindAfterRefreshFailure(const Client &client, const RefreshToken &presented, Reason reason) const
    {
        if (reason == Reason::Expired || reason == Reason::UserBanned || reason == Reason::NoRefreshToken
            || client.revokedByOperator)
            return LogoutKind::Intended;
        const Family &family = families[size_t(presented.family)];
        if (reason == Reason::ReplayRejected)
            return family.compromised ? LogoutKind::Collateral : LogoutKind::Wrongful;
        switch (family.cause) {
        case RevocationCause::ReuseRace:
            return LogoutKind::Wrongful;
        case RevocationCause::ReuseTheft:
            return LogoutKind::Collateral;
        case RevocationCause::Operator:
        case RevocationCause::None:
            return LogoutKind::Intended;
        }
        return LogoutKind::Intended;
    }

    // One refresh attempt in the event log: what was presented and what came back (a grace answer says so).
    void logRefresh(SimEventType type, ActorKind actor, qint32 index, const RefreshToken &presented,
                    const RefreshResult &result)
    {
        if (!logging())
            return;
        SimEvent event;
        event.type = type;
        event.actor = actor;
        event.actorIndex = index;
        event.ok = result.ok;
        event.reason = result.grace ? Reason::Grace : result.reason;
        event.credential = ref(presented);
        event.issuedAccess = ref(result.accessToken);
        event.issuedRefresh = ref(result.refreshToken);
        log(event);
    }

    // Refreshes the client's tokens. False when the client has no fresh tokens: the refresh failed and the client
    // was logged out, or the answer was lost and a retry is scheduled.
    bool clientRefresh(qint32 c)
    {
        Client &client = clients[size_t(c)];
        if (!policy.refreshTokensEnabled || !client.refreshToken.isValid()) {
            // Without refresh tokens an expired access token means signing in again.
            logout(c, Reason::Expired, LogoutKind::Intended);
            return false;
        }
        const RefreshToken presented = client.refreshToken;
        const RefreshResult result = refresh(presented, false);
        if (result.ok && random.chance(scenario.clients.lostResponseProbability)) {
            // The issuer committed the refresh, but its answer never reached the client (a dropped connection, a
            // proxy timeout). The client still holds `presented` and tries again: under rotation that is a replay
            // of a rotated token, which reuse detection punishes unless a grace window honours it.
            ++metrics().lostResponses;
            RefreshResult lost = result;
            lost.ok = false;
            lost.grace = false;
            lost.reason = Reason::ResponseLost;
            logRefresh(SimEventType::Refresh, ActorKind::Client, c, presented, lost);
            ++client.timerEpoch;
            schedule(now() + scenario.clients.lostResponseRetryDelay, QueuedType::ClientRefreshTimer, c, 0,
                     client.timerEpoch);
            return false;
        }
        logRefresh(SimEventType::Refresh, ActorKind::Client, c, presented, result);
        if (!result.ok) {
            logout(c, result.reason, logoutKindAfterRefreshFailure(client, presented, result.reason));
            return false;
        }
        client.accessToken = result.accessToken;
        client.refreshToken = result.refreshToken;
        scheduleRefreshTimer(c);
        // Two tabs (or a retry) send the same refresh token at once: the race of DESIGN "Simulator model".
        if (random.chance(scenario.clients.concurrentRefreshProbability)) {
            ++metrics().concurrentRefreshes;
            schedule(now() + scenario.clients.concurrentRefreshDelay, QueuedType::ClientConcurrentRefresh, c,
                     presented.family, (qint64(client.requestEpoch) << 32) | quint32(presented.generation));
        }
        return true;
    }

    void concurrentRefresh(qint32 c, qint32 familyIndex, qint64 packed)
    {
        Client &client = clients[size_t(c)];
        if (!client.loggedIn || client.requestEpoch != quint32(quint64(packed) >> 32))
            return;
        RefreshToken presented;
        presented.family = familyIndex;
        presented.generation = qint32(quint32(packed & 0xffffffff));
        const RefreshResult result = refresh(presented, false);
        if (logging()) {
            SimEvent event;
            event.type = SimEventType::ConcurrentRefresh;
            event.actorIndex = c;
            event.ok = result.ok;
            event.reason = result.grace ? Reason::Grace : result.reason;
            event.credential = ref(presented);
            event.issuedAccess = ref(result.accessToken);
            event.issuedRefresh = ref(result.refreshToken);
            log(event);
        }
        if (result.ok) {
            // Both tabs share storage: the last answer wins.
            if (client.refreshToken.family == familyIndex) {
                client.accessToken = result.accessToken;
                client.refreshToken = result.refreshToken;
                scheduleRefreshTimer(c);
            }
        } else if (families[size_t(familyIndex)].revoked && client.refreshToken.family == familyIndex) {
            logout(c, result.reason, logoutKindAfterRefreshFailure(client, presented, result.reason));
        }
    }

    void clientRequest(qint32 c, quint32 epoch)
    {
        Client &client = clients[size_t(c)];
        if (!client.loggedIn || client.requestEpoch != epoch)
            return;
        if (now() >= client.stopAt) {
            client.stopped = true;
            return;
        }
        if (serverConfig.mode == ServerMode::Session)
            sessionRequest(c);
        else
            tokenRequest(c);
        if (client.loggedIn && client.requestEpoch == epoch)
            scheduleRequest(c, now() + nextRequestDelay(scenario.clients.requestInterval));
    }

    void logRequest(ActorKind actor, qint32 index, qint32 server, CredentialRef credential, Reason reason)
    {
        if (!logging())
            return;
        SimEvent event;
        event.type = actor == ActorKind::Client ? SimEventType::Request : SimEventType::AttackerRequest;
        event.actor = actor;
        event.actorIndex = index;
        event.server = server;
        event.credential = credential;
        event.ok = reason == Reason::None;
        event.reason = reason;
        log(event);
    }

    void tokenRequest(qint32 c)
    {
        Client &client = clients[size_t(c)];
        if (now() >= client.accessToken.expiresAt && scenario.clients.refresh != RefreshTiming::AfterRejection) {
            if (!clientRefresh(c))
                return;
        }
        for (int attempt = 0; attempt < 2; ++attempt) {
            const qint32 server = route(client.stickyServer);
            const Reason reason = checkAccessToken(server, client.accessToken, true);
            ++metrics().legitRequests;
            metrics().credentialBytes += quint64(credentialBytes(client.accessToken));
            logRequest(ActorKind::Client, c, server, ref(client.accessToken), reason);
            if (reason == Reason::None) {
                ++metrics().legitAccepted;
                return;
            }
            ++metrics().legitRejected;
            if (reason == Reason::ServerUnavailable) {
                ++metrics().legitRejectedServerDown;
                return;
            }
            if (reason == Reason::UnknownKid)
                ++metrics().legitRejectedUnknownKey;
            // RFC 6750 §3.1 invalid_token: the client cannot tell why, so it refreshes and tries once more.
            if (attempt == 1 || !clientRefresh(c))
                return;
        }
    }

    void sessionRequest(qint32 c)
    {
        Client &client = clients[size_t(c)];
        const qint32 server = route(client.stickyServer);
        const Reason reason = checkSession(server, client.sessionId);
        ++metrics().legitRequests;
        metrics().credentialBytes += quint64(sessionCredentialBytes);
        logRequest(ActorKind::Client, c, server, sessionRef(client.sessionId), reason);
        if (reason == Reason::None) {
            ++metrics().legitAccepted;
            return;
        }
        ++metrics().legitRejected;
        if (reason == Reason::StoreUnavailable) {
            ++metrics().legitRejectedStoreDown;
            return;
        }
        if (reason == Reason::ServerUnavailable) {
            ++metrics().legitRejectedServerDown;
            return;
        }
        if (reason == Reason::SessionExpired) {
            logout(c, reason, LogoutKind::Intended);
            return;
        }
        // The session is not there: deleted on purpose, lost with the store, or living on another server.
        const bool intended = client.revokedByOperator || users[size_t(client.user)].banned;
        logout(c, reason, intended ? LogoutKind::Intended : LogoutKind::Wrongful);
    }

    // --- attackers -------------------------------------------------------------------------------------------

    void steal(qint32 a)
    {
        Attacker &attacker = attackers[size_t(a)];
        const Client &victim = clients[size_t(attacker.config.client)];
        SimEvent event;
        event.type = SimEventType::Theft;
        event.actor = ActorKind::Attacker;
        event.actorIndex = a;
        bool got = false;
        switch (attacker.config.steals) {
        case StolenCredential::AccessToken:
            attacker.accessToken = victim.loggedIn ? victim.accessToken : AccessToken {};
            got = attacker.accessToken.isValid();
            event.credential = ref(attacker.accessToken);
            break;
        case StolenCredential::RefreshToken:
            attacker.refreshToken = victim.loggedIn ? victim.refreshToken : RefreshToken {};
            got = attacker.refreshToken.isValid();
            if (got)
                families[size_t(attacker.refreshToken.family)].compromised = true;
            event.credential = ref(attacker.refreshToken);
            break;
        case StolenCredential::SessionId:
            attacker.sessionId = victim.loggedIn ? victim.sessionId : 0;
            got = attacker.sessionId != 0;
            event.credential = sessionRef(attacker.sessionId);
            break;
        }
        event.ok = got;
        event.reason = got ? Reason::None : Reason::NothingToSteal;
        log(event);
        if (!got)
            return;
        attacker.active = true;
        Watch watch;
        watch.attacker = a;
        const QString label = tr("steal %1 from client %2")
                                  .arg(ScenarioNames::stolenCredential(attacker.config.steals))
                                  .arg(attacker.config.client);
        attacker.watch
            = openWatch(std::move(watch), QStringLiteral("theft"), label, QString::fromLatin1(event.credential.name()));
        if (attacker.config.steals == StolenCredential::RefreshToken) {
            schedule(now() + attacker.config.refreshDelay, QueuedType::AttackerRefresh, a);
        } else {
            attacker.requestsStarted = true;
            schedule(now(), QueuedType::AttackerRequest, a);
        }
    }

    bool attackerRefresh(qint32 a)
    {
        Attacker &attacker = attackers[size_t(a)];
        if (!attacker.refreshToken.isValid())
            return false;
        const RefreshToken presented = attacker.refreshToken;
        const RefreshResult result = refresh(presented, true);
        logRefresh(SimEventType::AttackerRefresh, ActorKind::Attacker, a, presented, result);
        if (!result.ok) {
            attacker.refreshToken = {};
            stateChanged = true;
            return false;
        }
        attacker.accessToken = result.accessToken;
        attacker.refreshToken = result.refreshToken;
        stateChanged = true;
        return true;
    }

    void attackerRequest(qint32 a)
    {
        Attacker &attacker = attackers[size_t(a)];
        if (!attacker.active)
            return;
        if (now() >= attacker.stopAt || (attacker.watch >= 0 && !watches[size_t(attacker.watch)].open)) {
            attacker.active = false; // nothing works any more, or the attacker stops
            return;
        }
        const qint32 server = route(clients[size_t(attacker.config.client)].stickyServer);
        Reason reason = Reason::None;
        CredentialRef credential;
        if (serverConfig.mode == ServerMode::Session) {
            credential = sessionRef(attacker.sessionId);
            reason = checkSession(server, attacker.sessionId);
        } else {
            if ((!attacker.accessToken.isValid() || now() >= attacker.accessToken.expiresAt)
                && attacker.refreshToken.isValid())
                attackerRefresh(a);
            credential = ref(attacker.accessToken);
            reason = attacker.accessToken.isValid() ? checkAccessToken(server, attacker.accessToken, true)
                                                    : Reason::NoRefreshToken;
            if (reason != Reason::None && reason != Reason::UnknownKid && attacker.refreshToken.isValid()
                && attackerRefresh(a)) {
                credential = ref(attacker.accessToken);
                reason = checkAccessToken(server, attacker.accessToken, true);
            }
        }
        ++metrics().attackerRequests;
        if (reason == Reason::None)
            ++metrics().attackerAccepted;
        logRequest(ActorKind::Attacker, a, server, credential, reason);
        schedule(now() + attacker.config.requestInterval, QueuedType::AttackerRequest, a);
    }

    // --- operator --------------------------------------------------------------------------------------------

    void collectCredentials(qint32 c, std::vector<WatchedCredential> *out) const
    {
        const Client &client = clients[size_t(c)];
        if (!client.loggedIn)
            return;
        if (client.accessToken.isValid())
            out->push_back({CredentialRef::Kind::AccessToken, client.accessToken, {}, 0, -1});
        if (client.refreshToken.isValid())
            out->push_back({CredentialRef::Kind::RefreshToken, {}, client.refreshToken, 0, -1});
        if (client.sessionId != 0)
            out->push_back({CredentialRef::Kind::SessionId, {}, {}, client.sessionId, -1});
    }

    void deleteSessions(qint32 c)
    {
        const Client &client = clients[size_t(c)];
        if (client.sessionId == 0)
            return;
        for (Store &store : stores)
            store.sessions.erase(client.sessionId);
        stateChanged = true;
    }

    void revokeClient(qint32 c)
    {
        Client &client = clients[size_t(c)];
        client.revokedByOperator = true;
        if (client.refreshToken.isValid())
            revokeFamily(client.refreshToken.family, RevocationCause::Operator);
        else if (serverConfig.blocklistOnRevoke)
            blocklistAdd(client.accessToken);
        deleteSessions(c);
    }

    static QString describe(const std::vector<WatchedCredential> &credentials)
    {
        QStringList names;
        for (const WatchedCredential &credential : credentials) {
            CredentialRef r;
            switch (credential.kind) {
            case CredentialRef::Kind::AccessToken:
                r = ref(credential.accessToken);
                break;
            case CredentialRef::Kind::RefreshToken:
                r = ref(credential.refreshToken);
                break;
            case CredentialRef::Kind::SessionId:
                r = sessionRef(credential.sessionId);
                break;
            case CredentialRef::Kind::Key:
                r.kind = credential.kind;
                r.id = credential.key;
                break;
            case CredentialRef::Kind::None:
                break;
            }
            names << QString::fromLatin1(r.name());
        }
        return names.join(u' ');
    }

    void operatorEvent(qint32 index)
    {
        const OperatorEvent &event = scenario.events[size_t(index)];
        SimEvent logged;
        logged.type = SimEventType::Operator;
        logged.actor = ActorKind::Operator;
        logged.actorIndex = index;
        logged.action = event.action;
        Watch watch;
        QString label;
        bool watchIt = true;
        switch (event.action) {
        case OperatorAction::RevokeRefreshToken:
            collectCredentials(event.client, &watch.credentials);
            logged.credential = ref(clients[size_t(event.client)].refreshToken);
            revokeClient(event.client);
            label = tr("revoke_refresh_token client %1").arg(event.client);
            break;
        case OperatorAction::BanUser:
        case OperatorAction::LogoutEverywhere: {
            User &user = users[size_t(event.user)];
            if (event.action == OperatorAction::BanUser) {
                user.banned = true;
                issuer->banUser(now(), event.user);
            }
            user.revokedBeforeTokenId = q.m_nextTokenId;
            for (const qint32 c : clientsOfUser[size_t(event.user)]) {
                collectCredentials(c, &watch.credentials);
                revokeClient(c);
            }
            stateChanged = true;
            label = tr("%1 user %2").arg(ScenarioNames::operatorAction(event.action)).arg(event.user);
            break;
        }
        case OperatorAction::DemoteUser:
            users[size_t(event.user)].admin = false;
            watch.staleRole = true;
            for (const qint32 c : clientsOfUser[size_t(event.user)]) {
                const Client &client = clients[size_t(c)];
                if (client.loggedIn && client.accessToken.isValid() && client.accessToken.admin) {
                    watch.credentials.push_back({CredentialRef::Kind::AccessToken, client.accessToken, {}, 0, -1});
                    if (serverConfig.blocklistOnRevoke)
                        blocklistAdd(client.accessToken);
                }
                if (client.loggedIn && client.sessionId != 0)
                    watch.credentials.push_back({CredentialRef::Kind::SessionId, {}, {}, client.sessionId, -1});
            }
            stateChanged = true;
            label = tr("demote_user user %1").arg(event.user);
            break;
        case OperatorAction::RotateKey: {
            issuer->rotateKeys(now());
            const qint32 old = signingKeyIndex();
            SigningKey &oldKey = keys[size_t(old)];
            oldKey.retiredAt = now();
            oldKey.removedAt = event.emergency ? now() : now() + policy.keyOverlap;
            label = tr("rotate_key%1 %2").arg(event.emergency ? tr(" (emergency)") : QString(), oldKey.kid);
            SigningKey fresh;
            fresh.kid = QStringLiteral("sim-key-%1").arg(keys.size() + 1);
            fresh.publishedAt = now();
            fresh.activeFrom = now();
            keys.push_back(fresh);
            logged.credential.kind = CredentialRef::Kind::Key;
            logged.credential.id = old;
            stateChanged = true;
            watchIt = event.emergency;
            watch.credentials.push_back({CredentialRef::Kind::Key, {}, {}, 0, old});
            break;
        }
        case OperatorAction::BlocklistAdd: {
            const Client &client = clients[size_t(event.client)];
            if (client.loggedIn && client.accessToken.isValid()) {
                watch.credentials.push_back({CredentialRef::Kind::AccessToken, client.accessToken, {}, 0, -1});
                logged.credential = ref(client.accessToken);
                blocklistAdd(client.accessToken);
            }
            label = tr("blocklist_add client %1").arg(event.client);
            break;
        }
        case OperatorAction::StoreOutage: {
            watchIt = false;
            for (qint32 s = 0; s < qint32(stores.size()); ++s) {
                if (!serverConfig.sharedStore && event.server >= 0 && event.server != s)
                    continue;
                stores[size_t(s)].downUntil = now() + event.duration;
                stores[size_t(s)].losesData = event.losesData;
                schedule(now() + event.duration, QueuedType::OutageEnd, s);
            }
            logged.type = SimEventType::StoreOutage;
            logged.server = event.server;
            break;
        }
        case OperatorAction::ServerOutage: {
            watchIt = false;
            Server &server = servers[size_t(event.server)];
            server.downUntil = now() + event.duration;
            server.losesData = event.losesData;
            anyServerDown = true;
            schedule(now() + event.duration, QueuedType::ServerBack, event.server);
            logged.type = SimEventType::ServerDown;
            logged.server = event.server;
            break;
        }
        }
        log(logged);
        if (watchIt && !watch.credentials.empty()) {
            const QString names = describe(watch.credentials);
            openWatch(std::move(watch), QStringLiteral("revocation"), label, names);
        }
    }

    void outageEnd(qint32 storeIndex)
    {
        Store &store = stores[size_t(storeIndex)];
        if (store.losesData) {
            store.sessions.clear();
            stateChanged = true;
        }
        SimEvent event;
        event.type = SimEventType::StoreRestored;
        event.actor = ActorKind::Issuer;
        event.server = serverConfig.sharedStore ? -1 : storeIndex;
        event.reason = store.losesData ? Reason::DataLost : Reason::None;
        log(event);
    }

    void serverBack(qint32 serverIndex)
    {
        Server &server = servers[size_t(serverIndex)];
        if (server.losesData) {
            // A restarted process: its in-memory caches are gone, and with a store per server its sessions too.
            server.jwksFetchedAt = now();
            server.lastCountedSnapshot = -1;
            server.lastUnknownKidFetch = -never;
            server.introspectionCache.clear();
            if (!serverConfig.sharedStore)
                stores[size_t(serverIndex)].sessions.clear();
            stateChanged = true;
        }
        anyServerDown
            = std::any_of(servers.begin(), servers.end(), [this](const Server &s) { return s.downUntil > now(); });
        SimEvent event;
        event.type = SimEventType::ServerUp;
        event.actor = ActorKind::Issuer;
        event.server = serverIndex;
        event.reason = server.losesData ? Reason::Restarted : Reason::None;
        log(event);
    }

    void publishKey()
    {
        // Scheduled rotation: the next key is published `keyOverlap` before it signs; the current one stops signing
        // then and leaves the JWKS `keyOverlap` later, so tokens it signed keep verifying.
        SigningKey &current = keys.back();
        SigningKey next;
        next.kid = QStringLiteral("sim-key-%1").arg(keys.size() + 1);
        next.publishedAt = now();
        next.activeFrom = now() + policy.keyOverlap;
        current.retiredAt = next.activeFrom;
        current.removedAt = next.activeFrom + policy.keyOverlap;
        keys.push_back(next);
        stateChanged = true;
        SimEvent event;
        event.type = SimEventType::KeyPublished;
        event.actor = ActorKind::Issuer;
        event.credential.kind = CredentialRef::Kind::Key;
        event.credential.id = qint64(keys.size()) - 1;
        log(event);
    }

    void sample()
    {
        for (auto it = blocklist.begin(); it != blocklist.end();) {
            if (it->second <= now())
                it = blocklist.erase(it);
            else
                ++it;
        }
        metrics().blocklistSeries.append({now(), qint64(blocklist.size())});
        for (auto it = revokedAccessTokens.begin(); it != revokedAccessTokens.end();) {
            if (it->second <= now())
                it = revokedAccessTokens.erase(it);
            else
                ++it;
        }
        for (Server &server : servers) {
            for (auto it = server.introspectionCache.begin(); it != server.introspectionCache.end();) {
                if (it->second.until <= now())
                    it = server.introspectionCache.erase(it);
                else
                    ++it;
            }
        }
        for (Store &store : stores) {
            for (auto it = store.sessions.begin(); it != store.sessions.end();) {
                if (sessionExpired(it->second))
                    it = store.sessions.erase(it);
                else
                    ++it;
            }
        }
        schedule(now() + scenario.sampleInterval, QueuedType::Sample);
    }

    // --- exposure watches ------------------------------------------------------------------------------------

    qint32 openWatch(Watch watch, const QString &kind, const QString &label, const QString &credential)
    {
        Exposure exposure;
        exposure.kind = kind;
        exposure.label = label;
        exposure.credential = credential;
        exposure.start = now();
        exposure.end = now();
        exposure.open = true; // until the credential stops working (or the run ends)
        metrics().exposures.append(exposure);
        watches.push_back(std::move(watch));
        ++openWatches;
        const qint32 index = qint32(watches.size()) - 1;
        openWatchList.push_back(index);
        evaluateWatch(index);
        return index;
    }

    std::vector<WatchedCredential> credentialsOf(const Watch &watch) const
    {
        if (watch.attacker < 0)
            return watch.credentials;
        const Attacker &attacker = attackers[size_t(watch.attacker)];
        std::vector<WatchedCredential> held;
        if (attacker.accessToken.isValid())
            held.push_back({CredentialRef::Kind::AccessToken, attacker.accessToken, {}, 0, -1});
        if (attacker.refreshToken.isValid())
            held.push_back({CredentialRef::Kind::RefreshToken, {}, attacker.refreshToken, 0, -1});
        if (attacker.sessionId != 0)
            held.push_back({CredentialRef::Kind::SessionId, {}, {}, attacker.sessionId, -1});
        return held;
    }

    // Is the credential accepted by at least one server right now (side-effect free)? Store outages do not count:
    // a credential that works again when the store is back has not been revoked.
    bool accepted(const WatchedCredential &credential, bool staleRole)
    {
        switch (credential.kind) {
        case CredentialRef::Kind::AccessToken:
            for (qint32 s = 0; s < qint32(servers.size()); ++s) {
                if (serverConfig.mode == ServerMode::Introspection) {
                    bool admin = false;
                    if (checkIntrospection(s, credential.accessToken, false, &admin) == Reason::None
                        && (!staleRole || admin))
                        return true;
                } else if (serverConfig.mode != ServerMode::Session
                           && checkJwt(s, credential.accessToken, false) == Reason::None) {
                    return true; // JWT modes read the role from the token itself
                }
            }
            return false;
        case CredentialRef::Kind::RefreshToken:
            return !staleRole && refreshWouldSucceed(credential.refreshToken);
        case CredentialRef::Kind::SessionId:
            if (staleRole)
                return false; // the server reads the role from its store on every request
            for (const Store &store : stores) {
                const auto found = store.sessions.find(credential.sessionId);
                if (found != store.sessions.end() && !sessionExpired(found->second))
                    return true;
            }
            return false;
        case CredentialRef::Kind::Key: {
            const SigningKey &key = keys[size_t(credential.key)];
            if (key.maxTokenExpiry < 0 || now() >= key.maxTokenExpiry + serverConfig.leeway)
                return false;
            for (const Server &server : servers) {
                if (keyPublishedAt(credential.key, jwksSnapshot(server, now())))
                    return true;
            }
            return false;
        }
        case CredentialRef::Kind::None:
            break;
        }
        return false;
    }

    // The next moment after now at which the credential's acceptance can change without any event.
    qint64 nextBoundary(const WatchedCredential &credential) const
    {
        qint64 next = never;
        const auto consider = [&](qint64 time) {
            if (time > now())
                next = std::min(next, time);
        };
        const auto considerSnapshots = [&] {
            for (const Server &server : servers)
                consider(jwksSnapshot(server, now()) + serverConfig.jwksCacheAge);
        };
        switch (credential.kind) {
        case CredentialRef::Kind::AccessToken:
            consider(credential.accessToken.expiresAt + (jwtMode() ? serverConfig.leeway : 0));
            if (jwtMode() && keys[size_t(credential.accessToken.key)].removedAt < never)
                considerSnapshots();
            if (serverConfig.mode == ServerMode::Introspection) {
                for (const Server &server : servers) {
                    const auto found = server.introspectionCache.find(credential.accessToken.id);
                    if (found != server.introspectionCache.end())
                        consider(found->second.until);
                }
            }
            break;
        case CredentialRef::Kind::RefreshToken: {
            const SimFamilyTimes times = issuer->familyTimes(now(), credential.refreshToken.family);
            consider(times.expiresAt);
            if (times.lastRotatedAt >= 0)
                consider(times.lastRotatedAt + policy.graceSeconds + 1);
            break;
        }
        case CredentialRef::Kind::SessionId:
            for (const Store &store : stores) {
                const auto found = store.sessions.find(credential.sessionId);
                if (found == store.sessions.end())
                    continue;
                if (policy.sessionIdle > 0)
                    consider(found->second.lastUsed + policy.sessionIdle);
                if (policy.sessionMaxLifetime > 0)
                    consider(found->second.createdAt + policy.sessionMaxLifetime);
            }
            break;
        case CredentialRef::Kind::Key:
            consider(keys[size_t(credential.key)].maxTokenExpiry + serverConfig.leeway);
            considerSnapshots();
            break;
        case CredentialRef::Kind::None:
            break;
        }
        return next;
    }

    void evaluateWatch(qint32 index)
    {
        Watch &watch = watches[size_t(index)];
        if (!watch.open)
            return;
        const std::vector<WatchedCredential> credentials = credentialsOf(watch);
        bool any = false;
        qint64 next = never;
        for (const WatchedCredential &credential : credentials) {
            if (accepted(credential, watch.staleRole)) {
                any = true;
                next = std::min(next, nextBoundary(credential));
            }
        }
        if (!any) {
            closeWatch(index, now(), false);
            return;
        }
        if (next < never && next != watch.scheduledCheck) {
            watch.scheduledCheck = next;
            schedule(next, QueuedType::WatchCheck, index);
        }
    }

    void closeWatch(qint32 index, qint64 end, bool open)
    {
        Watch &watch = watches[size_t(index)];
        watch.open = false;
        --openWatches;
        openWatchList.erase(std::find(openWatchList.begin(), openWatchList.end(), index));
        Exposure &exposure = metrics().exposures[index];
        exposure.end = end;
        exposure.open = open;
        if (!open) {
            SimEvent event;
            event.type = SimEventType::ExposureEnded;
            event.actor = ActorKind::Issuer;
            event.actorIndex = index;
            log(event);
        }
    }

    void evaluateOpenWatches()
    {
        // Usually a handful are open while thousands may have closed: walk only the open ones.
        const std::vector<qint32> open = openWatchList;
        for (const qint32 index : open)
            evaluateWatch(index);
    }

    // --- dispatch --------------------------------------------------------------------------------------------

    void dispatch(const QueuedEvent &event)
    {
        switch (event.type) {
        case QueuedType::ClientLogin:
            login(event.actor);
            break;
        case QueuedType::ClientRequest:
            clientRequest(event.actor, quint32(event.argument2));
            break;
        case QueuedType::ClientRefreshTimer: {
            Client &client = clients[size_t(event.actor)];
            if (client.loggedIn && client.timerEpoch == quint32(event.argument2) && now() < client.stopAt)
                clientRefresh(event.actor);
            break;
        }
        case QueuedType::ClientConcurrentRefresh:
            concurrentRefresh(event.actor, event.argument, event.argument2);
            break;
        case QueuedType::AttackerSteal:
            steal(event.actor);
            break;
        case QueuedType::AttackerRequest:
            attackerRequest(event.actor);
            break;
        case QueuedType::AttackerRefresh: {
            Attacker &attacker = attackers[size_t(event.actor)];
            attackerRefresh(event.actor);
            if (!attacker.requestsStarted) {
                attacker.requestsStarted = true;
                schedule(now(), QueuedType::AttackerRequest, event.actor);
            }
            break;
        }
        case QueuedType::Operator:
            operatorEvent(event.actor);
            break;
        case QueuedType::ServerBack:
            serverBack(event.actor);
            break;
        case QueuedType::OutageEnd:
            outageEnd(event.actor);
            break;
        case QueuedType::KeyPublish:
            publishKey();
            break;
        case QueuedType::Sample:
            sample();
            break;
        case QueuedType::WatchCheck:
            if (watches[size_t(event.actor)].scheduledCheck == event.time())
                watches[size_t(event.actor)].scheduledCheck = -1;
            evaluateWatch(event.actor);
            break;
        }
        if (stateChanged && openWatches > 0)
            evaluateOpenWatches();
        stateChanged = false;
    }

    // --- lazy signing ----------------------------------------------------------------------------------------

    Key &signingKey(qint32 index)
    {
        SigningKey &key = keys[size_t(index)];
        if (key.key.isNull()) {
            const KeyGenerationResult generated = KeyGenerator::generate(policy.signingAlgorithm, key.kid);
            key.key = generated.key;
            key.key.setKid(key.kid);
        }
        return key.key;
    }

    QByteArray signingInput(const SimToken &token)
    {
        JsonValue header = JsonValue::makeObject();
        header.append(QStringLiteral("alg"), JsonValue::makeString(Algorithms::name(policy.signingAlgorithm)));
        // RFC 9068 §2.1: access tokens say so in typ; refresh tokens are plain JWTs here.
        header.append(QStringLiteral("typ"),
                      JsonValue::makeString(token.kind == CredentialRef::Kind::AccessToken ? QStringLiteral("at+jwt")
                                                                                           : QStringLiteral("JWT")));
        header.append(QStringLiteral("kid"), JsonValue::makeString(keys[size_t(token.key)].kid));
        JsonValue payload = JsonValue::makeObject();
        payload.append(QStringLiteral("iss"), JsonValue::makeString(policy.issuerUrl));
        payload.append(QStringLiteral("sub"), JsonValue::makeString(userName(token.user)));
        payload.append(
            QStringLiteral("aud"),
            JsonValue::makeString(token.kind == CredentialRef::Kind::AccessToken ? policy.audience : policy.issuerUrl));
        payload.append(QStringLiteral("iat"), JsonValue::makeNumber(token.issuedAt));
        if (token.expiresAt > 0)
            payload.append(QStringLiteral("exp"), JsonValue::makeNumber(token.expiresAt));
        payload.append(QStringLiteral("jti"), JsonValue::makeString(jtiOf(token.id)));
        payload.append(QStringLiteral("client_id"), JsonValue::makeString(clientName(token.client)));
        if (token.kind == CredentialRef::Kind::AccessToken) {
            payload.append(QStringLiteral("role"),
                           JsonValue::makeString(token.admin ? QStringLiteral("admin") : QStringLiteral("user")));
        } else {
            payload.append(QStringLiteral("token_use"), JsonValue::makeString(QStringLiteral("refresh")));
            payload.append(QStringLiteral("fam"), JsonValue::makeNumber(token.family));
            payload.append(QStringLiteral("gen"), JsonValue::makeNumber(token.generation));
        }
        return Base64Url::encode(Json::write(header, Json::Style::Compact)) + '.'
            + Base64Url::encode(Json::write(payload, Json::Style::Compact));
    }
};

SimEngine::SimEngine(Scenario scenario, SimOptions options) : SimEngine(std::move(scenario), options, IssuerFactory())
{ }

SimEngine::SimEngine(Scenario scenario, SimOptions options, const IssuerFactory &issuerFactory)
    : m_scenario(std::move(scenario)), m_options(options)
{
    m_end = m_options.until >= 0 ? std::min(m_options.until, ScenarioLoader::maxDuration) : m_scenario.duration;
    d = std::make_unique<Impl>(*this, issuerFactory ? issuerFactory(m_scenario) : nullptr);
    d->setUp();
}

QString SimEngine::failure() const
{
    return d->issuer->failure();
}

const SimIssuer &SimEngine::issuer() const
{
    return *d->issuer;
}

SimEngine::~SimEngine() = default;

bool SimEngine::step()
{
    if (m_finished)
        return false;
    if (d->queue.empty() || d->queue.top().time() >= m_end) {
        runUntil(m_end);
        return false;
    }
    if (m_metrics.eventsProcessed >= m_nextCheckpoint && !checkpoint())
        return false;
    const QueuedEvent event = d->queue.top();
    d->queue.pop();
    m_now = event.time();
    ++m_metrics.eventsProcessed;
    d->dispatch(event);
    if (d->liveIssuer && !d->issuer->failure().isEmpty()) {
        m_finished = true;
        return false;
    }
    return true;
}

void SimEngine::runUntil(qint64 time)
{
    if (m_finished)
        return;
    const qint64 limit = std::min(time, m_end);
    while (!d->queue.empty() && d->queue.top().time() <= limit && d->queue.top().time() < m_end) {
        if (m_metrics.eventsProcessed >= m_nextCheckpoint && !checkpoint())
            return;
        const QueuedEvent event = d->queue.top();
        d->queue.pop();
        m_now = event.time();
        ++m_metrics.eventsProcessed;
        d->dispatch(event);
        if (d->liveIssuer && !d->issuer->failure().isEmpty()) {
            m_finished = true; // a live issuer stopped answering: nothing after this point is its answer
            return;
        }
    }
    m_now = std::max(m_now, limit);
    m_metrics.simulatedSeconds = m_now;
    if (limit >= m_end) {
        m_finished = true;
        m_outcome = RunOutcome::Finished;
        const std::vector<qint32> open = d->openWatchList;
        for (const qint32 index : open)
            d->closeWatch(index, m_end, true);
    }
}

void SimEngine::run()
{
    runUntil(m_end);
}

bool SimEngine::checkpoint()
{
    const quint64 processed = m_metrics.eventsProcessed;
    RunOutcome stop = RunOutcome::Running;
    if (processed >= m_options.maxEvents)
        stop = RunOutcome::EventLimitReached;
    else if (m_control && m_control->cancelRequested.load(std::memory_order_relaxed))
        stop = RunOutcome::Cancelled;
    if (stop != RunOutcome::Running) {
        // Stopped at now(): the metrics cover the run so far, and exposures still open stay open.
        m_finished = true;
        m_outcome = stop;
        m_metrics.simulatedSeconds = m_now;
        return false;
    }
    if (m_control && m_control->progress)
        m_control->progress(m_now, m_end);
    // One comparison per event in the loops: the next stop is the next progress call or the event limit.
    const quint64 untilLimit = m_options.maxEvents - processed;
    m_nextCheckpoint
        = processed + (m_control ? std::clamp<quint64>(m_control->progressEvery, 1, untilLimit) : untilLimit);
    return true;
}

QByteArray SimEngine::eventLog() const
{
    QByteArray log;
    log.reserve(qsizetype(m_events.size()) * 100);
    for (const SimEvent &event : m_events)
        log += event.toJsonLine();
    return log;
}

const SimToken *SimEngine::token(qint64 id) const
{
    if (id < 1 || id > qint64(d->tokens.size()))
        return nullptr;
    return &d->tokens[size_t(id - 1)];
}

QByteArray SimEngine::tokenText(qint64 id, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QByteArray();
    };
    if (const auto cached = d->texts.constFind(id); cached != d->texts.constEnd())
        return *cached;
    const SimToken *record = token(id);
    if (!record)
        return fail(m_options.keepTokens ? tr("no token %1").arg(id)
                                         : tr("tokens are not kept in this run (keepTokens is off)"));
    QByteArray text;
    if (record->kind == CredentialRef::Kind::SessionId) {
        // An opaque 256-bit session id, derived from the seed so the same run shows the same ids.
        const QByteArray material
            = "tokenscope-sim-session|" + QByteArray::number(m_scenario.seed) + '|' + QByteArray::number(id);
        text = Base64Url::encode(QCryptographicHash::hash(material, QCryptographicHash::Sha256));
    } else {
        const Key &key = d->signingKey(record->key);
        if (key.isNull())
            return fail(tr("could not generate the simulator's signing key"));
        text = d->signingInput(*record);
        const Signature::SignResult signature = Signature::sign(m_scenario.issuer.signingAlgorithm, key, text);
        if (!signature)
            return fail(signature.error);
        text += '.' + Base64Url::encode(signature.signature);
        ++m_metrics.signaturesMade;
    }
    d->texts.insert(id, text);
    return text;
}

KeySet SimEngine::verificationKeys()
{
    KeySet set;
    for (qint32 k = 0; k < qint32(d->keys.size()); ++k) {
        Key publicKey = d->signingKey(k).publicKey();
        publicKey.setKid(d->keys[size_t(k)].kid);
        set.append(publicKey);
    }
    return set;
}

} // namespace tokenscope::sim
