#pragma once

#include "sim/SimEngine.h"

#include <QHash>
#include <QString>
#include <QUrl>

#include <memory>
#include <vector>

namespace tokenscope {

namespace issuer {
class LocalMockIssuer;
}

// What a run's issuer is (the Simulate workspace's "Run against" choice): the in-memory model, a mock issuer started
// for the run on 127.0.0.1 (alone, or with a live lab whose real resource servers and Redis take the run's API
// calls), or a mock issuer already running (the Issuer workspace's). Live runs go through core/sim's LiveIssuer,
// exactly as `tokenscope-cli simulate --live [--issuer-url URL] [--lab new]` does.
struct RunTarget
{
    enum class Kind : quint8 { Model, LocalIssuer, LocalIssuerOnLab, RunningIssuer };
    Kind kind = Kind::Model;
    QUrl issuerUrl; // RunningIssuer: where it listens
    [[nodiscard]] bool isLive() const { return kind != Kind::Model; }
    [[nodiscard]] bool isOnLab() const { return kind == Kind::LocalIssuerOnLab; }
    // Why `scenario` cannot run live against `target` (too large for HTTP, or a story a lab cannot play); empty
    // when it can, and for the model.
    [[nodiscard]] static QString liveRefusal(const sim::Scenario &scenario, const RunTarget &target);
};

// What the timeline draws, derived once from a finished run off the UI thread (plain values, cheap to paint).
// Times are seconds since the start of the run.
struct TimelineData
{
    enum class LaneKind : quint8 { Issuer, Store, Attacker, Client };
    // One lane of the timeline: the issuer, the store, an attacker or a client.
    struct Lane
    {
        LaneKind kind = LaneKind::Client;
        qint32 index = -1; // client or attacker index
        QString label;
    };
    enum class BarKind : quint8 { AccessToken, RefreshToken, Session, Stolen, Outage };
    // One span drawn as a bar in its lane: a credential from its iat until replaced or expired, or an outage.
    struct Bar
    {
        qint32 lane = 0;
        BarKind kind = BarKind::AccessToken;
        qint64 from = 0; // iat
        qint64 supersededAt = 0; // the next credential of the same kind replaced it (its tail is drawn thin)
        qint64 to = 0; // exp (or the end of the run when the credential never expires)
        qint64 tokenId = 0; // SimEngine token id; 0 when none
        qint32 family = -1;
        qint32 generation = 0;
    };
    enum class MarkKind : quint8 {
        Login,
        Request,
        Refresh,
        Rotation,
        ReuseDetected,
        ConcurrentRefresh,
        Logout,
        WrongfulLogout,
        Theft,
        AttackerRequest,
        AttackerRefresh,
        Revocation,
        KeyRotation,
        Outage,
        Restored,
        ExposureEnded,
    };
    // One event, drawn as a mark in its lane, pointing back to the run's event.
    struct Mark
    {
        qint64 time = 0;
        qint32 lane = 0;
        qint32 event = 0; // index into SimulationRun::events
        MarkKind kind = MarkKind::Request;
        bool ok = true;
    };
    // A refresh links the token presented to the tokens issued from it (parent → child, from the engine's
    // event: the presented credential and the issued ones). `Refresh`: the refresh token (refresh row) to the new
    // access token (access row); `Rotation`: refresh-token generation N to generation N+1 of the same family
    // (refresh row). Only successful refreshes link; a refresh that returns the same refresh token (rotation never,
    // or a grace window returning the current one) has no rotation link.
    enum class LinkKind : quint8 { Refresh, Rotation };
    // One refresh or rotation link between two bars (see LinkKind).
    struct Link
    {
        qint64 time = 0; // the refresh point: the parent's use, the child's iat
        qint32 lane = 0;
        LinkKind kind = LinkKind::Refresh;
        bool attacker = false; // redeemed by an attacker holding a stolen refresh token
        qint32 fromBar = -1; // index into bars: the parent token
        qint32 toBar = -1; // index into bars: the child token
    };
    struct Shade // an exposure window: from the theft or revocation until the credential stopped working
    {
        qint64 from = 0;
        qint64 to = 0;
        bool theft = false;
        QString label;
    };

    qint64 duration = 0;
    std::vector<Lane> lanes;
    std::vector<Bar> bars; // sorted by lane, then from
    std::vector<Mark> marks; // sorted by time
    // Level of detail for zoomed-out views: the first mark per lane, kind, outcome and `seconds` bucket, sorted
    // by time. A view with at least `seconds` per pixel paints the coarsest level that fits instead of `marks`.
    struct MarkLevel
    {
        qint64 seconds = 0;
        std::vector<Mark> marks;
    };
    std::vector<MarkLevel> markLevels; // finest first
    std::vector<Shade> shades;
    std::vector<Link> links; // sorted by time
    // The median time between consecutive links of the same kind in one lane: a view where that is under a few
    // pixels skips links (level of detail). 0 when no lane has two such links.
    qint64 linkSpacing = 0;
    std::vector<qint64> revocationLines; // operator events and key rotations, drawn across every lane
    std::vector<std::pair<qint64, qint64>> blocklist; // (time, size) samples of the jti blocklist
    qint64 blocklistMax = 0;
    int clientLanesShown = 0;
    int clientsTotal = 0;
};

// One finished simulation: the engine (kept for lazy token signing), the events the timeline shows, and the
// timeline derived from them. Built and run on a worker thread, then handed to the UI thread, which alone uses it
// from then on. A live run keeps no engine: its LiveIssuer's HTTP client belongs to the worker thread, so the engine
// ends there, after its tokens (the issuer's real ones) and metrics are copied into the run.
struct SimulationRun
{
    // At most this many client lanes are drawn (and their events kept): metrics always cover every client.
    static constexpr int maxClientLanes = 40;
    // Keep issued tokens (for opening them in Inspect) only when a run issues fewer than this many.
    static constexpr qint64 maxKeptTokens = 2'000'000;
    // Cap on events kept for the timeline and the exports.
    static constexpr qsizetype maxEvents = 1'000'000;

    sim::Scenario scenario;
    std::unique_ptr<sim::SimEngine> engine; // model runs only
    std::vector<sim::SimEvent> events;
    bool eventsTruncated = false;
    bool tokensKept = true;
    TimelineData timeline;
    qint64 elapsedMs = 0; // wall time of the headless run
    // Finished, or where it stopped: a run that did not finish has no timeline and is not shown.
    sim::RunOutcome outcome = sim::RunOutcome::Running;
    qint64 stoppedAt = 0; // run seconds reached
    qint64 endTime = 0; // run seconds of the scenario's end

    // Live runs.
    RunTarget target;
    QUrl issuerUrl; // the issuer the run talked to
    QUrl labUrl; // the control endpoint of the lab started for the run (LocalIssuerOnLab); it stops with the run
    qint64 issuerRunStart = 0; // the issuer's time (NumericDate) of run second 0: its tokens' iat are counted from it
    qint64 httpExchanges = 0;
    QString failure; // why a live run could not start or stopped midway (the issuer's answer); empty when it ran
    // The mock issuer started for the run stays up while the run is shown, so that its tokens verify through its
    // discovery document in Inspect; it stops (thread, port and database) with the run.
    std::shared_ptr<issuer::LocalMockIssuer> localIssuer;

    [[nodiscard]] bool isLive() const { return target.isLive(); }
    [[nodiscard]] const sim::SimMetrics &metrics() const { return engine ? engine->metrics() : m_liveMetrics; }
    // An issued token's record, and its text: signed on demand by the model's keys, or as the live issuer returned it.
    [[nodiscard]] const sim::SimToken *token(qint64 id) const;
    // Fails with the engine's codes, or "sim.no_live_token" when the live issuer returned none.
    [[nodiscard]] Result<QByteArray> tokenText(qint64 id);

    // Runs `scenario` to the end against `target`, synchronously (call from a worker thread). `control` (may be
    // null) follows the run and can cancel it from another thread.
    [[nodiscard]] static std::shared_ptr<SimulationRun>
    execute(const sim::Scenario &scenario, sim::RunControl *control = nullptr, const RunTarget &target = {});

private:
    void keepLiveResults();

    sim::SimMetrics m_liveMetrics;
    std::vector<sim::SimToken> m_liveTokens; // by id - 1
    QHash<qint64, QByteArray> m_liveTokenTexts;
};

} // namespace tokenscope
