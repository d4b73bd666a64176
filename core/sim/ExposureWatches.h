#pragma once

#include "sim/SimContext.h"

#include <QString>

#include <vector>

namespace tokenscope::sim {

class SimAttackers;
class SimAuthorizationServer;
class SimResourceServers;
class TokenMinter;

// One credential an exposure watch follows: an access or refresh token, a session, or a signing key.
struct WatchedCredential
{
    CredentialRef::Kind kind = CredentialRef::Kind::None;
    AccessToken accessToken;
    RefreshToken refreshToken;
    qint64 sessionId = 0;
    qint32 key = -1;
};

// One exposure watch: the credentials it follows (or an attacker's holdings), and when it is checked next.
struct Watch
{
    qint32 attacker = -1; // watches the attacker's current holdings
    bool staleRole = false; // demotion: "accepted with the old role" instead of "accepted"
    std::vector<WatchedCredential> credentials;
    bool open = true;
    qint64 scheduledCheck = -1;
};

// Exposure watches: after a theft or a revocation, how long the credentials concerned keep working somewhere. Each
// watch is one Exposure of the metrics, closed at the first moment no resource server (or the issuer, for refresh
// tokens) would accept any of them. Between events a watch wakes only at the next moment its answer can change.
class ExposureWatches
{
public:
    ExposureWatches(SimContext &context, SimResourceServers &servers, const TokenMinter &minter,
                    const SimAuthorizationServer &issuer, const SimAttackers &attackers);

    // Starts a watch and its Exposure ("theft" or "revocation"); returns its index.
    qint32 open(Watch watch, const QString &kind, const QString &label, const QString &credential);
    [[nodiscard]] bool isOpen(qint32 index) const { return m_watches[size_t(index)].open; }
    [[nodiscard]] bool anyOpen() const { return !m_openWatches.empty(); }
    // A scheduled check of one watch.
    void check(qint32 index, qint64 scheduledFor);
    // Something changed that may end an exposure: re-checks every open watch.
    void checkOpen();
    // The end of the run: exposures still open end there, and stay marked open.
    void closeAllAt(qint64 end);
    // The credentials' names for an exposure's label: "at:12 rt:4.2".
    [[nodiscard]] static QString describe(const std::vector<WatchedCredential> &credentials);
    // Appends what someone holds (the invalid and absent ones left out).
    static void appendHeld(std::vector<WatchedCredential> *out, const AccessToken &accessToken,
                           const RefreshToken &refreshToken, qint64 sessionId);

private:
    [[nodiscard]] std::vector<WatchedCredential> credentialsOf(const Watch &watch) const;
    [[nodiscard]] bool accepted(const WatchedCredential &credential, bool staleRole);
    [[nodiscard]] qint64 nextBoundary(const WatchedCredential &credential) const;
    void evaluate(qint32 index);
    void close(qint32 index, qint64 end, bool open);

    SimContext &m_context;
    // Non-const: the watches use the servers' checks without side effects (mutate false).
    SimResourceServers &m_servers;
    const TokenMinter &m_minter;
    const SimAuthorizationServer &m_issuer;
    const SimAttackers &m_attackers;
    std::vector<Watch> m_watches;
    std::vector<qint32> m_openWatches;
};

} // namespace tokenscope::sim
