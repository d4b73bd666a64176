#pragma once

#include "inspect/TokenAnalysis.h"

#include <QFutureWatcher>
#include <QObject>

#include <optional>

namespace tokenscope {

// Runs TokenAnalyzer for the Inspect workspace: a short input at once on the UI thread (well under a millisecond
// for a typical token), a long one in the background (QtConcurrent) so a megabyte paste never stalls the window.
// Each start supersedes the ones before it: a background result for older input is dropped, never shown.
class TokenAnalysisRunner : public QObject
{
    Q_OBJECT
public:
    // Inputs longer than this are analysed in the background.
    static constexpr qsizetype synchronousLimit = 32 * 1024;

    explicit TokenAnalysisRunner(QObject *parent = nullptr);
    ~TokenAnalysisRunner() override;

    // Analyses `text` (candidate `index`, judged at `nowSeconds`): the analysis when the text is short enough to
    // analyse at once; otherwise nullopt, and finished() follows once the background analysis is done.
    [[nodiscard]] std::optional<TokenAnalysis> analyse(const QString &text, int index, qint64 nowSeconds,
                                                       const BundleOptions &options);
    // The analysis finished() announced, handed over (taken, not copied: a megabyte token's JSON tree has tens of
    // thousands of nodes); nullopt when there is none.
    [[nodiscard]] std::optional<TokenAnalysis> takeResult();
    // A background analysis of the latest input is running.
    [[nodiscard]] bool isBusy() const { return m_busy; }

signals:
    // The background analysis of the latest input is done: takeResult() has it.
    void finished();
    void busyChanged(bool busy);

private:
    void onWatcherFinished();
    void setBusy(bool busy);

    quint64 m_generation = 0; // counts inputs; a background result for an older one is dropped
    quint64 m_watchedGeneration = 0;
    bool m_busy = false;
    QFutureWatcher<TokenAnalysis> m_watcher;
};

} // namespace tokenscope
