#pragma once

#include "sim/SimContext.h"
#include "sim/SimIssuer.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace tokenscope::sim {

class SimAttackers;
class SimClients;
class TokenMinter;

// A user as the simulated issuer knows them: admin role, ban, and the access tokens a ban or logout-everywhere revoked.
struct User
{
    bool admin = false;
    bool banned = false;
    qint64 revokedBeforeTokenId = 0; // access tokens with a lower id are inactive at introspection
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

// The authorization server as the run sees it: asks the SimIssuer (the in-memory model or a live mock issuer) and
// applies its answers — metrics, the revocation's cause, the tokens handed out — and keeps what the issuer's
// neighbours know: users, refresh families, the JWT blocklist and the introspection endpoint's revocations.
class SimAuthorizationServer
{
public:
    // `liveIssuer` null: the in-memory ModelIssuer. The clients and attackers are read when a revocation blocklists
    // the access tokens of the same grant.
    SimAuthorizationServer(SimContext &context, TokenMinter &minter, std::unique_ptr<SimIssuer> liveIssuer,
                           const SimClients &clients, const SimAttackers &attackers);
    ~SimAuthorizationServer();

    [[nodiscard]] int userCount() const;
    [[nodiscard]] SimIssuer &issuer() const { return *m_issuer; }
    [[nodiscard]] bool live() const { return m_live; }
    [[nodiscard]] User &user(qint32 index) { return m_users[size_t(index)]; }
    [[nodiscard]] const User &user(qint32 index) const { return m_users[size_t(index)]; }
    [[nodiscard]] Family &family(qint32 index) { return m_families[size_t(index)]; }
    [[nodiscard]] const Family &family(qint32 index) const { return m_families[size_t(index)]; }
    // The index the next refresh family gets (families are numbered in login order).
    [[nodiscard]] qint32 nextFamily() const { return qint32(m_families.size()); }

    // A login at the issuer; false when it refused (a banned user).
    [[nodiscard]] bool login(qint32 user, qint32 client, qint32 family);
    qint32 createFamily(qint32 user, qint32 client);
    // The tokens of a login or refresh: minted, and with a live issuer's real text.
    AccessToken handOutAccessToken(qint32 user, qint32 client, qint32 family);
    RefreshToken handOutRefreshToken(qint32 family);
    // Asks the issuer and applies what it answered.
    RefreshResult refresh(const RefreshToken &presented, bool byAttacker);
    // Would presenting `token` now give new tokens? (No side effects: exposure watches ask this.)
    [[nodiscard]] bool refreshWouldSucceed(const RefreshToken &token) const;
    [[nodiscard]] SimFamilyTimes familyTimes(qint32 family) const;

    // A family stops working: by an operator (the issuer is told, RFC 7009) or by the issuer's own reuse detection.
    void revokeFamily(qint32 family, RevocationCause cause);
    void banUser(qint32 user);
    void demoteUser(qint32 user);
    void blocklistAdd(const AccessToken &token);
    [[nodiscard]] bool blocklisted(qint64 tokenId) const
    {
        const auto entry = m_blocklist.find(tokenId);
        return entry != m_blocklist.end() && entry->second > m_context.now();
    }
    // A live issuer's real access token for `id` (until exp + leeway), for the resource servers' real checks;
    // empty in a model run.
    [[nodiscard]] QByteArray liveAccessToken(qint64 id) const
    {
        const auto found = m_liveAccessTokens.find(id);
        return found == m_liveAccessTokens.end() ? QByteArray() : found->second.text;
    }
    // RFC 7662 "active", as the issuer's introspection endpoint answers it.
    [[nodiscard]] bool issuerSaysActive(const AccessToken &token) const;
    // Drops entries that have outlived their tokens and samples the blocklist's size.
    void expireEntries();

private:
    SimContext &m_context;
    TokenMinter &m_minter;
    const SimClients &m_clients;
    const SimAttackers &m_attackers;
    std::unique_ptr<SimIssuer> m_issuer;
    bool m_live = false; // not the in-memory model: it can fail, and the run then stops
    std::vector<User> m_users;
    std::vector<Family> m_families;
    std::unordered_map<qint64, qint64> m_blocklist; // jti (token id) → when the entry may go (run time)
    std::unordered_map<qint64, qint64> m_revokedAccessTokens; // introspection: revoked access token → its exp
    // The text of an access token the live issuer returned, kept while some verifier might still accept it.
    struct LiveText
    {
        QByteArray text;
        qint64 until = 0; // run time: exp + leeway, after which every verifier refuses it anyway
    };
    std::unordered_map<qint64, LiveText> m_liveAccessTokens; // token id → what the live issuer returned
};

} // namespace tokenscope::sim
