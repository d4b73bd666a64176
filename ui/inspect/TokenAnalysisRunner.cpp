#include "inspect/TokenAnalysisRunner.h"

#include <QtConcurrent/QtConcurrentRun>

namespace tokenscope {

TokenAnalysisRunner::TokenAnalysisRunner(QObject *parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<TokenAnalysis>::finished, this, &TokenAnalysisRunner::onWatcherFinished);
}

TokenAnalysisRunner::~TokenAnalysisRunner()
{
    // The worker holds only its own copy of the input, but wait so no analysis outlives the application. (Only
    // while running: waiting on a future whose result was taken never returns in Qt 6.4.)
    if (m_watcher.isRunning())
        m_watcher.waitForFinished();
}

std::optional<TokenAnalysis> TokenAnalysisRunner::analyse(const QString &text, int index, qint64 nowSeconds,
                                                          const BundleOptions &options)
{
    const quint64 generation = ++m_generation;
    if (text.size() <= synchronousLimit) {
        // A running background analysis of older input is now stale: it is ignored when it finishes.
        setBusy(false);
        return TokenAnalyzer::analyze(text, index, nowSeconds, options);
    }
    setBusy(true);
    // The worker gets its own copy of the text and touches nothing else: results come back through the watcher.
    m_watchedGeneration = generation;
    m_watcher.setFuture(QtConcurrent::run(
        [text, index, nowSeconds, options] { return TokenAnalyzer::analyze(text, index, nowSeconds, options); }));
    return std::nullopt;
}

std::optional<TokenAnalysis> TokenAnalysisRunner::takeResult()
{
    QFuture<TokenAnalysis> future = m_watcher.future();
    if (m_busy || m_watchedGeneration != m_generation || !future.isValid() || future.resultCount() == 0)
        return std::nullopt;
    return future.takeResult();
}

void TokenAnalysisRunner::onWatcherFinished()
{
    if (m_watchedGeneration != m_generation)
        return; // the input changed while this one was being analysed
    setBusy(false);
    emit finished();
}

void TokenAnalysisRunner::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

} // namespace tokenscope
