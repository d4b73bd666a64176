#pragma once

#include "scan/HarReader.h"
#include "scan/ScanReport.h"
#include "scan/TokenScanner.h"

#include <QString>

#include <atomic>
#include <functional>

class QIODevice;

namespace tokenscope {

// How a ScanJob reads its input: format, threads, chunk size, and the scanner's and HAR reader's limits.
struct ScanOptions
{
    enum class Format { Detect, Har, Text };
    Format format = Format::Detect; // Detect: a HAR when the input starts like one (HarReader::looksLikeHar)
    int threads = 1; // scanning threads for text; the reading thread comes on top
    // Small enough that a chunk read is still in the processor's cache when it is scanned; raised to twice
    // ScanLimits::maxTokenBytes when smaller.
    qsizetype chunkBytes = 1024 * 1024;
    ScanLimits limits;
    HarLimits harLimits;
};

// Scans inputs into a ScanReport: text in chunks (ChunkReader) scanned by one or more TokenScanners, merged in input
// order so that "first seen" and line numbers do not depend on the number of threads; or a HAR entry by entry.
// Memory stays bounded: (2 × threads + 1) chunks, one HAR entry, and the report's distinct tokens.
class ScanJob
{
public:
    // Called after each chunk or entry with the bytes read so far and the input's size (-1 when unknown).
    using Progress = std::function<void(qint64 bytesRead, qint64 totalBytes)>;

    ScanJob(ScanReport &report, ScanOptions options);

    void setProgress(Progress progress) { m_progress = std::move(progress); }
    // Checked between chunks: a set flag ends the scan early with the error "cancelled".
    void setCancelFlag(const std::atomic_bool *cancelled) { m_cancelled = cancelled; }

    // Scans one input, named `source` in the report. Returns an error message, empty on success.
    [[nodiscard]] QString scan(QIODevice &device, const QString &source);

private:
    [[nodiscard]] QString scanText(QIODevice &device, QByteArray prefix, const QString &source);
    [[nodiscard]] QString scanTextThreaded(QIODevice &device, QByteArray prefix, const QString &source);
    [[nodiscard]] QString scanHar(QIODevice &device, QByteArray prefix, const QString &source);
    void merge(const TextScan &scan, const QString &source, qint64 offset, qint64 &lineFeeds);
    [[nodiscard]] bool cancelled() const { return m_cancelled && m_cancelled->load(); }

    ScanReport &m_report;
    ScanOptions m_options;
    Progress m_progress;
    const std::atomic_bool *m_cancelled = nullptr;
};

} // namespace tokenscope
