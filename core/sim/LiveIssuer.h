#pragma once

#include "common/Clock.h"
#include "net/JwksCache.h"
#include "sim/LabTarget.h"
#include "sim/Scenario.h"
#include "sim/SimIssuer.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace tokenscope::sim {

// The simulator's issuer as real HTTP (docs/scenarios.md "Live runs"): each login is a password grant, each
// refresh a refresh_token grant (RFC 6749 §6), each revocation an RFC 7009 request, each "would this refresh
// token work" an RFC 7662 introspection, and bans, key rotations and the clock go through the mock issuer's admin
// API (docs/issuer.md). Before the run it sets the issuer's policy to the scenario's, creates the run's users and
// client, and moves its clock to the run's start; before every call it moves the clock to the simulated time.
//
// The engine's questions are answered from the HTTP responses alone: a refresh's outcome is what came back (the
// same token, a new one, or invalid_grant with the reason code the mock issuer ends its error_description with).
// Calls are synchronous: each waits in a short local event loop, so the issuer must not be served from the same
// thread (LocalMockIssuer runs it in a thread of its own).
class LiveIssuer final : public SimIssuer
{
public:
    enum class FailureKind {
        None,
        Network, // no answer: connection refused, timeout (exit 3 in the CLI)
        NotAnIssuer, // no OpenID Connect discovery document
        NoAdminApi, // a real issuer, but no Tokenscope admin API to set its policy and clock
        Protocol, // an answer the run cannot use
    };

    // Live runs stay small: every login and refresh is an HTTP exchange, and every user an account in the one
    // admin request that sets the run up (which must stay under the issuer's 64 KiB body limit).
    static constexpr int maxClients = 500;
    static constexpr int maxUsers = 500;
    static constexpr qint64 timeoutMs = 10'000;

    explicit LiveIssuer(const Scenario &scenario);
    ~LiveIssuer() override;

    // Why a scenario is too large for a live run, or empty when it fits.
    [[nodiscard]] static QString tooLargeReason(const Scenario &scenario);

    // An issuer in this process (LocalMockIssuer) has its injected clock moved directly, `driver(NumericDate)`,
    // instead of through POST /admin/set-clock. Set before connectTo().
    void setClockDriver(std::function<void(qint64)> driver) { m_clockDriver = std::move(driver); }

    // The run's resource servers are a live lab's (LabResourceServers): its client joins the run's configuration.
    // Set before connectTo().
    void setLab(const LabTarget &lab) { m_lab = lab; }
    [[nodiscard]] const std::optional<LabTarget> &lab() const { return m_lab; }

    // Checks discovery and the admin API at `issuerUrl`, then sets up the run. False: failure()/failureKind().
    [[nodiscard]] bool connectTo(const QUrl &issuerUrl);

    bool login(qint64 now, qint32 user, qint32 client, qint32 family) override;
    SimRefreshAnswer refresh(qint64 now, qint32 family, qint32 generation) override;
    bool wouldAccept(qint64 now, qint32 family, qint32 generation) override;
    SimFamilyTimes familyTimes(qint64 now, qint32 family) override;
    void revokeFamily(qint64 now, qint32 family) override;
    void banUser(qint64 now, qint32 user) override;
    void demoteUser(qint64 now, qint32 user) override;
    void rotateKeys(qint64 now) override;
    [[nodiscard]] QString failure() const override { return m_failure; }
    [[nodiscard]] qint64 exchanges() const override { return m_exchanges; }
    [[nodiscard]] QByteArray issuedAccessToken() const override { return m_lastAccessToken; }
    [[nodiscard]] QByteArray issuedRefreshToken() const override { return m_lastRefreshToken; }
    [[nodiscard]] LiveIssuer *live() override { return this; }

    // What the run's resource servers ask of the issuer (LiveResourceServers), each as a real request at run
    // second `now`:
    // Fetches the issuer's JWKS (RFC 7517 §5) into a resource server's cache, waiting for the answer. False: failure().
    [[nodiscard]] bool fetchJwks(qint64 now, JwksCache &cache, JwksCache::Trigger trigger);
    // RFC 7662 introspection of an access token; nullopt when the issuer failed (failure()).
    struct AccessTokenStatus
    {
        bool active = false;
        bool admin = false; // the user's roles now include "admin" (the mock issuer's "roles" member)
    };
    [[nodiscard]] std::optional<AccessTokenStatus> introspectAccessToken(qint64 now, const QByteArray &accessToken);
    // RFC 7009 revocation of one access token (token_type_hint access_token).
    void revokeAccessToken(qint64 now, const QByteArray &accessToken);
    // The network the issuer is reached through (no proxy on loopback), for the resource servers' JWKS caches.
    [[nodiscard]] QNetworkAccessManager *network() const { return m_network.get(); }
    [[nodiscard]] QUrl jwksUri() const { return m_jwksUri; }
    // The discovery document's "issuer": what the access tokens' iss must be (RFC 9068 §4).
    [[nodiscard]] QString issuerIdentifier() const { return m_issuerIdentifier; }

    // The first failure ends the run; the lab's calls report theirs here too.
    void fail(FailureKind kind, const QString &message);
    [[nodiscard]] FailureKind failureKind() const { return m_failureKind; }
    // The issuer's time of the run second its clock was last set to; safe to read from other threads (a lab started
    // for the run keeps this time).
    [[nodiscard]] const Clock &runClock() const { return m_runClock; }
    // Requests that may have revoked something at the issuer (revocations, bans, refused refreshes), so a lab's
    // blocklist knows when it must catch up.
    [[nodiscard]] quint64 revocationsSent() const { return m_revocationsSent; }
    // A run user's account at the issuer, for the lab's session logins; the password is never printed.
    [[nodiscard]] QString userName(qint32 user) const;
    [[nodiscard]] QString password(qint32 user) const;
    [[nodiscard]] QUrl issuerUrl() const { return m_issuerUrl; }
    // The issuer's time of run second 0: the scenario's start, or later when the issuer's clock was already past it.
    [[nodiscard]] qint64 runStart() const { return m_runStart; }

private:
    struct Response;
    // A refresh family at the live issuer: whose it is, each generation's refresh token, and whether it is revoked.
    struct Family
    {
        qint32 user = 0;
        std::vector<QByteArray> generations; // the refresh token of each generation, as the issuer returned them
        qint64 lastRotatedAt = -1;
        bool revoked = false;
    };

    Response post(const QString &path, const QList<std::pair<QString, QString>> &form, bool clientAuth);
    Response get(const QString &path);
    Response exchange(const QString &path, const QByteArray *body, bool clientAuth);
    bool syncClock(qint64 now);
    // Keeps the tokens a successful token-endpoint answer handed out; false (and failure()) when it has none.
    bool takeIssuedTokens(const QJsonObject &answer);
    [[nodiscard]] std::optional<QJsonObject> introspect(const QByteArray &token, qint64 now, const QString &typeHint);

    const Scenario &m_scenario;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QUrl m_issuerUrl;
    QUrl m_jwksUri;
    QString m_issuerIdentifier;
    QString m_clientId;
    QString m_clientSecret; // made for the run; never printed
    QByteArray m_passwordSeed; // users' passwords derive from it; never printed
    qint64 m_runStart = 0;
    qint64 m_clockAt = -1; // the run second the issuer's clock was last set to
    // runStart + m_clockAt, read by a lab's server threads.
    class RunClock final : public Clock
    {
    public:
        [[nodiscard]] qint64 nowSeconds() const override { return seconds; }
        std::atomic<qint64> seconds {0};
    };
    RunClock m_runClock;
    std::optional<LabTarget> m_lab;
    quint64 m_revocationsSent = 0;
    std::function<void(qint64)> m_clockDriver;
    std::vector<Family> m_families;
    std::vector<bool> m_banned;
    QByteArray m_lastAccessToken;
    QByteArray m_lastRefreshToken;
    qint64 m_exchanges = 0;
    QString m_failure;
    FailureKind m_failureKind = FailureKind::None;
};

} // namespace tokenscope::sim
