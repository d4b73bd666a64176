#pragma once

#include "common/Result.h"
#include "scan/ScanReport.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

class QTimer;

namespace tokenscope {

// What a scan of one file found.
struct ScanOutcome
{
    QString source; // the file's name
    std::vector<ScannedToken> tokens; // distinct, in the order first seen, each with its text
    qint64 occurrences = 0;
    qint64 bytesScanned = 0;
    QString error; // empty when the whole file was read; set on a read error or a malformed HAR
    bool cancelled = false; // the user stopped it: `tokens` holds what was found until then
};

// Scans a file for tokens (core/scan/ScanJob, which streams any size in bounded memory) off the UI thread, with
// progress about ten times a second and cancellation between chunks. One scan at a time: starting another cancels
// the running one, whose result is then dropped.
class ScanRunner : public QObject
{
    Q_OBJECT
public:
    explicit ScanRunner(QObject *parent = nullptr);
    ~ScanRunner() override;

    // Starts scanning `path`, judging expiry at `nowSeconds`. Fails with "scan.not_opened" and the file's error
    // string when it cannot be opened.
    [[nodiscard]] Result<void> start(const QString &path, qint64 nowSeconds);
    void cancel();
    [[nodiscard]] bool isRunning() const;

signals:
    void progressed(qint64 bytesRead, qint64 totalBytes); // totalBytes -1 when unknown (a pipe)
    void finished(const tokenscope::ScanOutcome &outcome);

private:
    // What the scanning thread and the UI thread share: the cancel flag and the progress counters.
    struct State
    {
        std::atomic_bool cancelled {false};
        std::atomic<qint64> bytesRead {0};
        std::atomic<qint64> totalBytes {-1};
    };

    void onFinished();
    void reportProgress();

    std::shared_ptr<State> m_state;
    QFutureWatcher<ScanOutcome> m_watcher;
    QTimer *m_progressTimer = nullptr;
};

} // namespace tokenscope
