#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <QString>
#include <QUrl>

#include <atomic>
#include <memory>

QT_BEGIN_NAMESPACE
class QTemporaryDir;
class QThread;
QT_END_NAMESPACE

namespace tokenscope::issuer {

class MockIssuer;

// A mock issuer started for one live simulation run: a throwaway SQLite database in a temporary folder, an injected
// clock that the simulated clock drives (setTime; no HTTP request needed), and a thread of its own.
//
// Why a thread: a live run calls the issuer synchronously (each login or refresh waits for its answer), so the
// caller's thread sits in a short local event loop while the request is out. Serving from that same thread would
// answer from inside that nested loop, re-entering whatever else the thread handles; with its own thread and event
// loop the issuer is an independent server on 127.0.0.1, exactly like `tokenscope-cli issuer serve`, and the live
// run speaks to both through the same code.
//
// The destructor (or stop()) stops the server, joins the thread and removes the database: a cancelled or failed
// run leaves no thread, port or file behind.
class LocalMockIssuer
{
public:
    LocalMockIssuer();
    ~LocalMockIssuer();
    LocalMockIssuer(const LocalMockIssuer &) = delete;
    LocalMockIssuer &operator=(const LocalMockIssuer &) = delete;

    // Starts listening on 127.0.0.1 (a free port) with its clock at `startTime` (NumericDate).
    // With the codes of MockIssuer::start, or "issuer.no_folder" when the temporary folder cannot be made.
    [[nodiscard]] Result<void> start(qint64 startTime);
    // Moves the issuer's injected clock (NumericDate); safe from any thread. Its admin API can still add to it.
    void setTime(qint64 time) { m_clock.seconds = time; }
    void stop();
    [[nodiscard]] QUrl url() const { return m_url; }
    [[nodiscard]] QString databasePath() const { return m_databasePath; }

private:
    // Read by the issuer's thread, set by the run's.
    class RunClock final : public Clock
    {
    public:
        [[nodiscard]] qint64 nowSeconds() const override { return seconds; }
        std::atomic<qint64> seconds {0};
    };

    RunClock m_clock;
    std::unique_ptr<QTemporaryDir> m_folder;
    std::unique_ptr<QThread> m_thread;
    MockIssuer *m_issuer = nullptr; // lives in m_thread
    QUrl m_url;
    QString m_databasePath;
};

} // namespace tokenscope::issuer
