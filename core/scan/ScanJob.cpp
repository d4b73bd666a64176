#include "scan/ScanJob.h"

#include "scan/ChunkReader.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QSet>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace tokenscope {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct ScanJobText
{
    Q_DECLARE_TR_FUNCTIONS(ScanJob)
};

// Enough of the start to tell a HAR from text.
constexpr qsizetype kSniffBytes = 4096;

} // namespace

ScanJob::ScanJob(ScanReport &report, ScanOptions options) : m_report(report), m_options(std::move(options))
{ }

QString ScanJob::scan(QIODevice &device, const QString &source)
{
    m_report.addSource(source);
    Result<QByteArray> read = readPrefix(device, kSniffBytes);
    if (!read)
        return ScanJobText::tr("cannot read %1: %2").arg(source, read.error().message());
    QByteArray prefix = std::move(read).value();
    const bool har = m_options.format == ScanOptions::Format::Har
        || (m_options.format == ScanOptions::Format::Detect && HarReader::looksLikeHar(prefix));
    if (har)
        return scanHar(device, std::move(prefix), source);
    if (m_options.threads > 1)
        return scanTextThreaded(device, std::move(prefix), source);
    return scanText(device, std::move(prefix), source);
}

void ScanJob::merge(const TextScan &scan, const QString &source, qint64 offset, qint64 &lineFeeds)
{
    for (const TokenHit &hit : scan.hits) {
        ScanPlace place;
        place.source = source;
        place.line = lineFeeds + hit.lineFeedsBefore + 1;
        place.offset = offset + hit.offset;
        place.context = hit.context;
        m_report.add(hit.token, place, hit.digest);
    }
    lineFeeds += scan.lineFeeds;
}

QString ScanJob::scanText(QIODevice &device, QByteArray prefix, const QString &source)
{
    ChunkReader reader(device, std::move(prefix), m_options.chunkBytes, m_options.limits);
    TokenScanner scanner(m_options.limits);
    Chunk chunk;
    qint64 lineFeeds = 0;
    while (!cancelled() && reader.next(chunk)) {
        merge(scanner.scan(chunk.bytes, chunk.scanFrom), source, chunk.offset, lineFeeds);
        m_report.addScannedBytes(chunk.bytes.size() - chunk.scanFrom);
        if (m_progress)
            m_progress(reader.bytesRead(), reader.totalBytes());
    }
    if (cancelled())
        return ScanJobText::tr("cancelled");
    return reader.error().isEmpty() ? QString() : ScanJobText::tr("cannot read %1: %2").arg(source, reader.error());
}

// The reading thread (this one) fills a ring of chunks that the scanning threads take in turn; results are merged
// in input order, so the report is the same as with one thread.
QString ScanJob::scanTextThreaded(QIODevice &device, QByteArray prefix, const QString &source)
{
    struct Slot
    {
        Chunk chunk;
        TextScan result;
        bool ready = false;
    };
    const auto slotCount = qsizetype(2 * m_options.threads);
    std::vector<Slot> ring(size_t(slotCount), Slot {});
    std::mutex mutex;
    std::condition_variable workAvailable;
    std::condition_variable resultReady;
    std::deque<qint64> work;
    bool stop = false;

    std::vector<std::jthread> workers;
    for (int index = 0; index < m_options.threads; ++index) {
        workers.emplace_back([&, limits = m_options.limits] {
            TokenScanner scanner(limits);
            for (;;) {
                qint64 number = 0;
                {
                    std::unique_lock lock(mutex);
                    workAvailable.wait(lock, [&] { return stop || !work.empty(); });
                    if (work.empty())
                        return;
                    number = work.front();
                    work.pop_front();
                }
                Slot &slot = ring[size_t(number % slotCount)];
                TextScan result = scanner.scan(slot.chunk.bytes, slot.chunk.scanFrom);
                {
                    std::lock_guard lock(mutex);
                    slot.result = std::move(result);
                    slot.ready = true;
                }
                resultReady.notify_all();
            }
        });
    }
    const auto stopWorkers = [&] {
        {
            std::lock_guard lock(mutex);
            stop = true;
        }
        workAvailable.notify_all();
        workers.clear(); // joins
    };

    ChunkReader reader(device, std::move(prefix), m_options.chunkBytes, m_options.limits);
    qint64 nextRead = 0;
    qint64 nextMerge = 0;
    qint64 lineFeeds = 0;
    bool inputEnded = false;
    for (;;) {
        while (!inputEnded && nextRead - nextMerge < slotCount) {
            Slot &slot = ring[size_t(nextRead % slotCount)]; // merged already: no scanning thread holds it
            if (cancelled() || !reader.next(slot.chunk)) {
                inputEnded = true;
                break;
            }
            {
                std::lock_guard lock(mutex);
                slot.ready = false;
                work.push_back(nextRead);
            }
            workAvailable.notify_one();
            ++nextRead;
        }
        if (nextMerge == nextRead)
            break;
        Slot &slot = ring[size_t(nextMerge % slotCount)];
        {
            std::unique_lock lock(mutex);
            resultReady.wait(lock, [&] { return slot.ready; });
        }
        merge(slot.result, source, slot.chunk.offset, lineFeeds);
        m_report.addScannedBytes(slot.chunk.bytes.size() - slot.chunk.scanFrom);
        slot.result = {};
        ++nextMerge;
        if (m_progress)
            m_progress(reader.bytesRead(), reader.totalBytes());
    }
    stopWorkers();
    if (cancelled())
        return ScanJobText::tr("cancelled");
    return reader.error().isEmpty() ? QString() : ScanJobText::tr("cannot read %1: %2").arg(source, reader.error());
}

QString ScanJob::scanHar(QIODevice &device, QByteArray prefix, const QString &source)
{
    HarReader reader(device, std::move(prefix), m_options.harLimits);
    TokenScanner scanner(m_options.limits);
    const qint64 total = device.isSequential() ? -1 : device.size();
    HarEntry entry;
    while (!cancelled() && reader.next(entry)) {
        // Counted once per message: the Cookie header and the cookies list, the URL and queryString repeat it.
        QSet<QByteArray> seen[2];
        for (const HarField &field : entry.fields) {
            QSet<QByteArray> &inMessage = seen[field.message == HarMessage::Request ? 0 : 1];
            for (const TokenHit &hit : scanner.scan(field.text).hits) {
                if (inMessage.contains(hit.token))
                    continue;
                inMessage.insert(hit.token);
                ScanPlace place;
                place.source = source;
                place.harPath = field.path;
                place.context = field.label;
                place.method = entry.method;
                place.url = entry.url;
                place.time = entry.startedDateTime;
                m_report.add(hit.token, place, hit.digest);
            }
        }
        if (m_progress)
            m_progress(reader.bytesRead(), total);
    }
    m_report.addScannedBytes(reader.bytesRead());
    if (cancelled())
        return ScanJobText::tr("cancelled");
    return reader.error().isEmpty() ? QString() : ScanJobText::tr("%1: %2").arg(source, reader.error());
}

} // namespace tokenscope
