#pragma once

#include "common/Result.h"
#include "crypto/Key.h"
#include "policy/Reason.h"
#include "sim/Scenario.h"
#include "sim/SimIssuer.h"
#include "sim/SimMetrics.h"
#include "sim/SimRandom.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace tokenscope::sim {

// A credential as the event log names it: "at:12", "rt:4.2" (family 4, generation 2), "sid:7", "key:1".
struct CredentialRef
{
    enum class Kind : quint8 { None, AccessToken, RefreshToken, SessionId, Key };
    Kind kind = Kind::None;
    qint32 family = -1; // refresh tokens
    qint32 generation = 0; // refresh tokens: a counter, never a timestamp
    qint64 id = 0; // token id (tokenText), session id, or key index
    [[nodiscard]] bool isNull() const { return kind == Kind::None; }
    [[nodiscard]] QByteArray name() const;
};

enum class SimEventType : quint8 {
    Login,
    LoginDenied,
    Request,
    Refresh,
    ConcurrentRefresh,
    Logout,
    Theft,
    AttackerRequest,
    AttackerRefresh,
    Operator,
    KeyPublished,
    StoreOutage,
    StoreRestored,
    ExposureEnded,
    ServerDown,
    ServerUp,
};

enum class ActorKind : quint8 { Client, Attacker, Operator, Issuer };

// Whose fault a logout was, noted on logout events: meant (expiry, a revocation, a ban), the system's (a legitimate
// user thrown out), or collateral (the victim of a theft, caught by the theft defence).
enum class LogoutKind : quint8 { None, Intended, Wrongful, Collateral };

// One entry of the event log. `reason` prints as its stable code ("expired", "reuse_detected", …); an operator
// event prints its action there instead.
struct SimEvent
{
    qint64 time = 0; // seconds since the start of the run
    SimEventType type = SimEventType::Request;
    ActorKind actor = ActorKind::Client;
    bool ok = true; // accepted / succeeded
    qint32 actorIndex = -1;
    qint32 server = -1;
    CredentialRef credential; // presented (requests, refreshes) or affected
    CredentialRef issuedAccess;
    CredentialRef issuedRefresh;
    policy::Reason reason = policy::Reason::None;
    OperatorAction action = OperatorAction::RevokeRefreshToken; // events of the operator actor
    LogoutKind note = LogoutKind::None; // logouts
    [[nodiscard]] QByteArray toJsonLine() const; // one JSON object, members in a fixed order, with '\n'
    // The log's "reason": the reason's code, or an operator event's action ("rotate_key"); empty when none.
    [[nodiscard]] QByteArray reasonText() const;
    // The log's "note": "intended", "wrongful", "collateral"; empty when none.
    [[nodiscard]] const char *noteText() const;
};

// What the issuer knows about a token it issued (kept when SimOptions::keepTokens is set).
struct SimToken
{
    qint64 id = 0;
    CredentialRef::Kind kind = CredentialRef::Kind::AccessToken;
    qint32 user = 0;
    qint32 client = 0;
    qint32 family = -1;
    qint32 generation = 0;
    qint64 issuedAt = 0; // seconds since the epoch
    qint64 expiresAt = 0; // seconds since the epoch; 0: never
    qint32 key = 0; // signing key index
    bool admin = false;
};

// How a SimEngine run is made: what it records, when it stops, and a backstop on the number of events.
struct SimOptions
{
    bool recordEvents = false; // keep the full event log (memory grows with the run)
    bool keepTokens = true; // remember every issued token so tokenText() can sign it later
    qint64 until = -1; // stop earlier (seconds since the start); -1: the scenario's duration
    // A backstop behind the work estimate (WorkEstimate.h): however wrong an estimate is, a run stops after this
    // many events (about two minutes in a release build) with RunOutcome::EventLimitReached.
    quint64 maxEvents = 1'000'000'000;
};

// Lets another thread follow a run and stop it (a GUI's progress bar and Cancel button). The engine checks it
// every `progressEvery` events: it stops when cancellation was requested, and otherwise calls `progress` on the
// thread that runs it.
struct RunControl
{
    std::atomic<bool> cancelRequested {false};
    quint64 progressEvery = 1 << 16;
    std::function<void(qint64 simulatedSeconds, qint64 endSeconds)> progress;
};

enum class RunOutcome : quint8 {
    Running,
    Finished, // reached the end
    Cancelled, // RunControl::cancelRequested
    EventLimitReached, // SimOptions::maxEvents
};

// The discrete-event engine (docs/scenarios.md): one scenario, one seed, one simulated clock. Events are
// ordered by (time, sequence number), all randomness comes from one seeded SimRandom drawn in event order, so the
// same scenario and seed give the same event log byte for byte. Tokens are tracked as identities and lifetimes;
// a compact JWS is produced only when asked (tokenText), signed by the issuer's real keys.
class SimEngine
{
public:
    explicit SimEngine(Scenario scenario, SimOptions options = {});
    // Runs against another issuer than the in-memory model (a LiveIssuer); made by `issuerFactory` from the
    // engine's own copy of the scenario, which outlives it.
    using IssuerFactory = std::function<std::unique_ptr<SimIssuer>(const Scenario &)>;
    SimEngine(Scenario scenario, SimOptions options, const IssuerFactory &issuerFactory);
    ~SimEngine();
    SimEngine(const SimEngine &) = delete;
    SimEngine &operator=(const SimEngine &) = delete;

    // Processes the next event; false when the run is over.
    bool step();
    // Processes every event up to and including `time` (seconds since the start) and sets the clock there.
    void runUntil(qint64 time);
    // Runs to the end and closes the metrics (exposures still open end at the end of the run).
    void run();
    // Checked by step(), runUntil() and run(); the control must outlive the run (nullptr: none).
    void setRunControl(RunControl *control)
    {
        m_control = control;
        m_nextCheckpoint = 0;
    }
    // Finished when the run reached its end; Cancelled or EventLimitReached when it stopped early at now().
    [[nodiscard]] RunOutcome outcome() const { return m_outcome; }

    [[nodiscard]] qint64 now() const { return m_now; }
    [[nodiscard]] qint64 endTime() const { return m_end; }
    [[nodiscard]] bool finished() const { return m_finished; }
    // Why the run ended early (a live issuer stopped answering); empty when it ran to its end.
    [[nodiscard]] QString failure() const;
    [[nodiscard]] const SimIssuer &issuer() const;
    [[nodiscard]] const Scenario &scenario() const { return m_scenario; }
    [[nodiscard]] const SimMetrics &metrics() const { return m_metrics; }
    [[nodiscard]] const std::vector<SimEvent> &events() const { return m_events; }
    [[nodiscard]] QByteArray eventLog() const; // JSON lines
    // Called for every event as it happens (e.g. a view that animates), whether or not events are recorded.
    void setEventSink(std::function<void(const SimEvent &)> sink) { m_sink = std::move(sink); }

    // Issued tokens (needs keepTokens). Ids start at 1.
    [[nodiscard]] const SimToken *token(qint64 id) const;
    [[nodiscard]] qint64 tokenCount() const { return m_nextTokenId - 1; }
    // The compact JWS (access and refresh tokens) or opaque value (session ids) of a token, signed on first request.
    // The codes of TokenMinter::tokenText.
    [[nodiscard]] Result<QByteArray> tokenText(qint64 id);
    // Public keys of every signing key so far, with their kids: a JWKS to verify tokenText() output against.
    [[nodiscard]] KeySet verificationKeys();

private:
    bool checkpoint(); // false: the run stops here (cancelled, or the event limit reached)

    struct Impl;
    Scenario m_scenario;
    SimOptions m_options;
    qint64 m_now = 0;
    qint64 m_end = 0;
    bool m_finished = false;
    RunOutcome m_outcome = RunOutcome::Running;
    RunControl *m_control = nullptr;
    quint64 m_nextCheckpoint = 0; // eventsProcessed at which checkpoint() runs next
    qint64 m_nextTokenId = 1;
    SimMetrics m_metrics;
    std::vector<SimEvent> m_events;
    std::function<void(const SimEvent &)> m_sink;
    std::unique_ptr<Impl> d;
    friend struct Impl;
};

} // namespace tokenscope::sim
