#pragma once

#include "common/Result.h"
#include "lab/CostMeasurement.h"
#include "lab/LabOptions.h"

#include <QObject>
#include <QString>

#include <memory>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace tokenscope::lab {

struct CostRunState; // what a run shares with its probe (CostProbe.cpp)

// What one "Measure here" run does: the lab mode, how long requests are sent, and how many are in flight.
struct CostProbeOptions
{
    CheckMode mode = CheckMode::Stateless; // session mode uses the shared store (Redis)
    int durationMs = 3000; // how long requests are sent, after the lab is up and a credential is in hand
    int inFlight = 4; // requests outstanding at once, each on its own keep-alive connection
};

// "Measure here" (issue 12): what one request costs on this machine in one lab mode, measured the way
// tests/bench/lab_costs.sh does it but in-process and for a few seconds. Starts a Lab with one server (and its own
// redis-server and HAProxy, as ever), takes one credential the way the benchmark does (a password-grant token from
// the lab's mock issuer for the bearer modes, a `sid` cookie from POST /login for sessions), sends GET /api/whoami
// straight to server 1 with a few requests in flight, and stops the lab. The lab and the client run on a thread of
// their own, so the caller's event loop stays free; every signal arrives in the caller's thread, and finished(),
// failed() and cancelled() only once the lab is stopped and its processes are gone. The credential lives in memory
// for the run and is never logged or written anywhere.
class CostProbe : public QObject
{
    Q_OBJECT

public:
    enum class Phase { StartingLab, GettingCredential, SendingRequests, StoppingLab };
    Q_ENUM(Phase)

    explicit CostProbe(QObject *parent = nullptr);
    // Cancels a measurement still running and waits until its lab has stopped.
    ~CostProbe() override;

    // Refused when a measurement is already running ("cost.already_running") or the options are out of range
    // ("cost.bad_duration", "cost.bad_in_flight").
    [[nodiscard]] Result<void> start(const CostProbeOptions &options);
    // Stops sending and stops the lab; cancelled() follows. Nothing when no measurement runs.
    void cancel();
    [[nodiscard]] bool isRunning() const;

    // The PIDs of the last lab's redis-server and HAProxy (0: none yet, or the mode needs no Redis), so a caller can
    // check by PID that nothing was left behind.
    [[nodiscard]] qint64 redisPid() const;
    [[nodiscard]] qint64 balancerPid() const;

    static constexpr int minimumDurationMs = 100;
    static constexpr int maximumDurationMs = 60 * 1000;
    static constexpr int maximumInFlight = 6; // Qt opens at most six HTTP/1.1 connections per host

signals:
    void phaseChanged(tokenscope::lab::CostProbe::Phase phase);
    // The share of the sending time that has passed, 0 to 1.
    void progressed(double fraction);
    void finished(const tokenscope::lab::CostMeasurement &measurement);
    void failed(const QString &error);
    void cancelled();

private:
    void runEnded();

    std::shared_ptr<CostRunState> m_shared;
    QThread *m_thread = nullptr;
};

} // namespace tokenscope::lab
