// libFuzzer target for the scanner. Every vectorised CandidateSearch this processor runs stops where the memchr one
// does, with the same line counts; and a scan that reads the input in chunks as small as its token limit allows (one
// and two scanning threads) reports the same tokens, counts, first lines, offsets and contexts as a scan of the whole
// input in one chunk. Any input must scan without a crash, a hang or a leak.

#include "scan/CandidateSearch.h"
#include "scan/ScanJob.h"
#include "scan/ScanReport.h"

#include <QBuffer>
#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using namespace tokenscope;

using Stops = std::vector<std::pair<qsizetype, qint64>>;

Stops stopsOf(QByteArrayView text, CandidateSearch::Implementation implementation)
{
    Stops stops;
    CandidateSearch::Cursor cursor;
    while (CandidateSearch::next(text, cursor, implementation)) {
        stops.emplace_back(cursor.position, cursor.lineFeeds);
        ++cursor.position;
    }
    stops.emplace_back(cursor.position, cursor.lineFeeds);
    return stops;
}

using Sighting = std::tuple<QString, qint64, qint64, qint64, QString>; // fingerprint, count, line, offset, context

std::vector<Sighting> sightingsOf(const QByteArray &input, qsizetype chunkBytes, int threads)
{
    QByteArray bytes = input;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::ReadOnly))
        std::abort();
    ScanReport report({});
    ScanOptions options;
    options.format = ScanOptions::Format::Text;
    options.threads = threads;
    options.chunkBytes = chunkBytes;
    options.limits.maxTokenBytes = 1024; // chunks of 2 KiB at the least
    ScanJob job(report, options);
    if (!job.scan(buffer, QStringLiteral("input")).isEmpty() || report.scannedBytes() != input.size())
        std::abort();
    std::vector<Sighting> sightings;
    for (const ScannedToken &token : report.tokens())
        sightings.emplace_back(token.fingerprint, token.count, token.firstSeen.line, token.firstSeen.offset,
                               token.firstSeen.context);
    sightings.emplace_back(QString(), report.occurrences(), 0, 0, QString());
    return sightings;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));

    using enum CandidateSearch::Implementation;
    const Stops reference = stopsOf(input, Portable);
    for (const CandidateSearch::Implementation implementation : {Fastest, Avx512, Avx2, Sse2}) {
        if (CandidateSearch::available(implementation) && stopsOf(input, implementation) != reference)
            std::abort();
    }

    const std::vector<Sighting> whole = sightingsOf(input, 1024 * 1024, 1);
    if (sightingsOf(input, 1, 1) != whole || sightingsOf(input, 1, 2) != whole)
        std::abort();
    return 0;
}
