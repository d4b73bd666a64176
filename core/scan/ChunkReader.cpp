#include "scan/ChunkReader.h"

#include <QFile>
#include <QIODevice>

#include <cstring>
#include <fcntl.h>

namespace tokenscope {
namespace {

// Reads up to `room` bytes, waiting on a pipe until it has them or ends. -1 on a read error.
qsizetype readFully(QIODevice &device, char *into, qsizetype room, QString *error)
{
    qsizetype got = 0;
    while (got < room) {
        const qint64 read = device.read(into + got, room - got);
        if (read < 0) {
            *error = device.errorString();
            return -1;
        }
        got += qsizetype(read);
        // A blocking read returns 0 only at end of file; a non-blocking device says so through atEnd().
        if (read == 0 && (device.atEnd() || !device.waitForReadyRead(-1)))
            break;
    }
    return got;
}

} // namespace

Result<QByteArray> readPrefix(QIODevice &device, qsizetype count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    QString error;
    const qsizetype got = readFully(device, bytes.data(), count, &error);
    if (got < 0)
        return Error {"scan.read_failed", error};
    bytes.resize(got);
    return bytes;
}

ChunkReader::ChunkReader(QIODevice &device, QByteArray alreadyRead, qsizetype chunkBytes, const ScanLimits &limits)
    : m_device(device), m_pending(std::move(alreadyRead)),
      m_chunkBytes(qMax<qsizetype>(chunkBytes, 2 * limits.maxTokenBytes)), m_limits(limits),
      m_bytesRead(m_pending.size())
{
    if (!device.isSequential())
        m_totalBytes = device.size();
    // The kernel reads ahead further when told the file is read from start to end.
    auto *file = qobject_cast<QFile *>(&device);
    if (file && !file->isSequential() && file->handle() >= 0)
        ::posix_fadvise(file->handle(), 0, 0, POSIX_FADV_SEQUENTIAL);
}

qsizetype ChunkReader::fill(char *into, qsizetype room)
{
    const qsizetype fromPending = qMin(room, m_pending.size());
    std::memcpy(into, m_pending.constData(), size_t(fromPending));
    m_pending.remove(0, fromPending);
    if (fromPending == room)
        return room;
    const qsizetype got = readFully(m_device, into + fromPending, room - fromPending, &m_error);
    if (got < 0)
        return -1;
    m_bytesRead += got;
    if (got < room - fromPending)
        m_atEnd = true;
    return fromPending + got;
}

// Where a chunk of `bytes` (scanned from `scanFrom`) ends: before the run it ends in, unless the input ends here or
// the run is too long to be a token.
qsizetype ChunkReader::cutPoint(QByteArrayView bytes, qsizetype scanFrom, bool atEnd) const
{
    const qsizetype size = bytes.size();
    if (atEnd)
        return size;
    const qsizetype limit = qMax<qsizetype>(scanFrom, size - m_limits.maxTokenBytes - 1);
    qsizetype runStart = size;
    while (runStart > limit && TokenScanner::isRunByte(bytes[runStart - 1]))
        --runStart;
    const bool tooLong = runStart == limit && TokenScanner::isRunByte(bytes[runStart]);
    return !tooLong && runStart > scanFrom ? runStart : size;
}

bool ChunkReader::next(Chunk &chunk)
{
    const qsizetype carried = m_carry.size();
    if (m_atEnd && carried == m_carryScanFrom)
        return false;
    chunk.bytes.resize(carried + m_chunkBytes);
    std::memcpy(chunk.bytes.data(), m_carry.constData(), size_t(carried));
    const qsizetype got = m_atEnd ? 0 : fill(chunk.bytes.data() + carried, m_chunkBytes);
    if (got < 0)
        return false;
    chunk.bytes.resize(carried + got);
    chunk.scanFrom = m_carryScanFrom;
    if (chunk.bytes.size() == chunk.scanFrom)
        return false;
    const qsizetype cut = cutPoint(chunk.bytes, chunk.scanFrom, m_atEnd);
    const qsizetype contextStart = qMax<qsizetype>(0, cut - TokenScanner::contextBytes);
    m_carry = chunk.bytes.sliced(contextStart);
    m_carryScanFrom = cut - contextStart;
    chunk.bytes.truncate(cut);
    chunk.offset = m_offset;
    m_offset += cut - chunk.scanFrom;
    return true;
}

} // namespace tokenscope
