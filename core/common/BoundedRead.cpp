#include "common/BoundedRead.h"

#include <QIODevice>

#include <algorithm>

namespace tokenscope::BoundedRead {

BoundedReadResult readAll(QIODevice &device, qsizetype maxBytes)
{
    BoundedReadResult result;
    // Small first, then in steps: a token is a few hundred bytes, a refused stream stops one chunk past the cap.
    constexpr qsizetype chunkSize = 64 * 1024;
    QByteArray bytes;
    for (;;) {
        const qsizetype room = std::min<qsizetype>(chunkSize, maxBytes + 1 - bytes.size());
        const qsizetype before = bytes.size();
        bytes.resize(before + room);
        const qint64 got = device.read(bytes.data() + before, room);
        if (got < 0) {
            result.status = BoundedReadResult::Status::Failed;
            result.error = device.errorString();
            return result;
        }
        bytes.resize(before + qsizetype(got));
        if (bytes.size() > maxBytes) {
            result.status = BoundedReadResult::Status::TooLarge;
            return result;
        }
        // A blocking read returns 0 only at end of file; a non-blocking device with nothing buffered says so
        // through atEnd() and waitForReadyRead().
        if (got == 0 && (device.atEnd() || !device.waitForReadyRead(-1)))
            break;
    }
    result.bytes = std::move(bytes);
    return result;
}

} // namespace tokenscope::BoundedRead
