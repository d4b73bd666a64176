#include "inspect/ScanRunner.h"

#include "scan/ScanJob.h"

#include <QFile>
#include <QFileInfo>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace tokenscope {

ScanRunner::ScanRunner(QObject *parent) : QObject(parent), m_progressTimer(new QTimer(this))
{
    m_progressTimer->setInterval(100);
    connect(m_progressTimer, &QTimer::timeout, this, &ScanRunner::reportProgress);
    connect(&m_watcher, &QFutureWatcher<ScanOutcome>::finished, this, &ScanRunner::onFinished);
}

ScanRunner::~ScanRunner()
{
    cancel();
    // Only while running: waiting on a future whose result was taken never returns in Qt 6.4.
    if (m_watcher.isRunning())
        m_watcher.waitForFinished();
}

Result<void> ScanRunner::start(const QString &path, qint64 nowSeconds)
{
    // Opened here first, so that an unreadable path is said at once rather than after a thread hop.
    QFile probe(path);
    if (!probe.open(QIODevice::ReadOnly))
        return Error {"scan.not_opened", probe.errorString()};
    probe.close();
    cancel();
    auto state = std::make_shared<State>();
    m_state = state;
    const QString source = QFileInfo(path).fileName();
    m_watcher.setFuture(QtConcurrent::run([path, source, nowSeconds, state] {
        ScanOutcome outcome;
        outcome.source = source;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            outcome.error = file.errorString();
            return outcome;
        }
        if (!file.isSequential())
            state->totalBytes = file.size();
        ScanReport::Options reportOptions;
        reportOptions.nowSeconds = nowSeconds;
        reportOptions.tokenText = ScanReport::TokenText::Keep; // a row is inspected by its text
        ScanReport report(reportOptions);
        ScanJob job(report, ScanOptions {});
        job.setCancelFlag(&state->cancelled);
        job.setProgress([&state](qint64 bytesRead, qint64 totalBytes) {
            state->bytesRead = bytesRead;
            state->totalBytes = totalBytes;
        });
        outcome.error = job.scan(file, source);
        outcome.cancelled = state->cancelled.load();
        if (outcome.cancelled)
            outcome.error.clear();
        outcome.tokens = report.tokens();
        outcome.occurrences = report.occurrences();
        outcome.bytesScanned = report.scannedBytes();
        return outcome;
    }));
    m_progressTimer->start();
    emit progressed(0, state->totalBytes.load());
    return {};
}

void ScanRunner::cancel()
{
    if (m_state)
        m_state->cancelled = true;
}

bool ScanRunner::isRunning() const
{
    return m_watcher.isRunning();
}

void ScanRunner::reportProgress()
{
    if (m_state)
        emit progressed(m_state->bytesRead.load(), m_state->totalBytes.load());
}

void ScanRunner::onFinished()
{
    // A scan replaced by a newer one was cancelled when the newer one started; its result is not wanted.
    if (m_watcher.isRunning())
        return;
    m_progressTimer->stop();
    QFuture<ScanOutcome> future = m_watcher.future();
    if (!future.isValid() || future.resultCount() == 0)
        return;
    const ScanOutcome outcome = future.takeResult();
    emit finished(outcome);
}

} // namespace tokenscope
