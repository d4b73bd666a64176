#pragma once

#include "policy/Reason.h"
#include "sim/LabTarget.h"
#include "sim/Scenario.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace tokenscope::sim {

class LiveIssuer;
struct SimContext;

// A live run's resource servers on a real lab (docs/lab.md "Live simulations on the lab"): every request the model
// routes to server N becomes GET /api/whoami on the lab's server N, with the issuer's real access token as a Bearer
// credential (RFC 6750 §2.1) or the `sid` cookie of a real POST /login, and the verdict is what that server answered:
// 200, or the rulebook reason its 401 or 503 names. Outages and restores go to the lab's control endpoint
// (POST /lab/outage, /lab/restore) at the moments the model schedules them; after anything that may have revoked a
// token at the issuer, the lab's revocation feed is made to catch up (POST /lab/sync) before the next request.
//
// The model keeps the books (lookups, fetches, cache fills), so the metrics mean the same in both runs; only the
// verdicts come from the lab. Calls are synchronous and the first failure ends the run (LiveIssuer::fail).
class LabResourceServers
{
public:
    LabResourceServers(SimContext &context, LiveIssuer &issuer, const LabTarget &lab);
    ~LabResourceServers();

    // The lab's name of a server mode ("stateless", "blocklist", "introspection", "session"; docs/lab.md).
    [[nodiscard]] static QString labModeName(ServerMode mode);
    // Why a scenario cannot run on a lab (an outage of per-server stores, which live in the servers' memory), or
    // empty when it can.
    [[nodiscard]] static QString unsupportedReason(const Scenario &scenario);
    // How long the lab's sessions must live to stand for the scenario's: its absolute lifetime, else the whole run.
    [[nodiscard]] static qint64 sessionLifetime(const Scenario &scenario);

    // A running lab, read from GET /lab/state and checked against the scenario: its mode, server count, session
    // store, leeway, introspection cache and session lifetime must be the scenario's, and its servers must keep its
    // own issuer's clock (which the run moves). `issuerUrl` is that issuer.
    struct Connection
    {
        LabTarget target;
        QUrl issuerUrl;
        QString error; // empty when the lab fits
        bool unreachable = false; // no answer at all (exit 3 in the CLI) rather than a lab that does not fit
    };
    [[nodiscard]] static Connection connect(const QUrl &control, const Scenario &scenario);
    // What differs between a lab's state and the scenario, or empty.
    [[nodiscard]] static QString mismatch(const QJsonObject &state, const Scenario &scenario);

    // A request with an access token (the issuer's real one) at server `server` (0-based, the model's index).
    [[nodiscard]] policy::Reason bearerRequest(qint32 server, const QByteArray &accessToken);
    // A request with the session `sessionId` (the model's id) at server `server`.
    [[nodiscard]] policy::Reason sessionRequest(qint32 server, qint64 sessionId);
    // POST /login at `server` as the run's user; the session the lab hands out stands for `sessionId`.
    void login(qint32 server, qint64 sessionId, qint32 user);
    // POST /logout with the session: the operator ends it.
    void logout(qint64 sessionId);

    void storeOutage(bool losesData);
    void serverOutage(qint32 server, bool losesData);
    void restoreStore();
    void restoreServer(qint32 server);

private:
    struct Answer;
    // The lab session that stands for a model session: the cookie the lab handed out, and the server that did.
    struct LabSession
    {
        QByteArray cookie; // "sid=…"; empty when the lab refused the login
        qint32 server = 0;
    };

    Answer call(const QUrl &url, const QByteArray *body, const QByteArray &credentialHeader,
                const QByteArray &credential);
    Answer control(const QString &action, const QByteArray *form);
    [[nodiscard]] policy::Reason verdict(const Answer &answer, policy::Reason refusedWithoutCode);
    // Waits until GET /lab/state says `done`, polling briefly; false (and the run fails) after `what` times out.
    bool waitForState(const std::function<bool(const QJsonObject &)> &done, const QString &what);
    void controlAndWait(const QString &action, const QByteArray &form,
                        const std::function<bool(const QJsonObject &)> &done, const QString &what);
    void syncRevocations();
    static void pause(int milliseconds);
    [[nodiscard]] QUrl serverUrl(qint32 server, const QString &path) const;

    SimContext &m_context;
    LiveIssuer &m_issuer;
    LabTarget m_lab;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unordered_map<qint64, LabSession> m_sessions;
    quint64 m_syncedRevocations = 0;
};

} // namespace tokenscope::sim
