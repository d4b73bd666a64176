#pragma once

#include "common/Result.h"
#include "scan/TokenScanner.h"

#include <QByteArray>
#include <QString>

class QIODevice;

namespace tokenscope {

// A piece of a large input, cut where no token can be: between two runs of token bytes. It starts with up to
// TokenScanner's context length of the bytes before the cut, so that a token right after a cut still has the
// "Authorization: Bearer" or "id_token=" that precedes it.
struct Chunk
{
    QByteArray bytes; // its bytes; the buffer is reused from one next() to the next
    qsizetype scanFrom = 0; // bytes before this were scanned with the previous chunk and are here as context
    qint64 offset = 0; // of bytes[scanFrom] in the input
};

// Reads a file or a pipe in chunks of a fixed size into a buffer that each chunk reuses, so a scan runs in constant
// memory whatever the input's size. Files are read, not mapped: a mapping costs a page-table entry and a TLB miss per
// page (several times the scan itself on a virtual machine, where ripgrep's own mapping makes it four times slower
// than its reads), and a file truncated while mapped ends the process with SIGBUS instead of a read error. A run of
// token bytes at the end of a chunk is carried over to the next one, so a token across the boundary is seen whole; a
// run longer than ScanLimits::maxTokenBytes cannot be a token and is cut instead, so a 50 MB line of base64 costs no
// more than any other 50 MB.
class ChunkReader
{
public:
    // `alreadyRead`: bytes taken from the device before (to sniff its format), read again first.
    ChunkReader(QIODevice &device, QByteArray alreadyRead, qsizetype chunkBytes, const ScanLimits &limits);

    // Fills `chunk` with the next piece. False at the end of the input, or on a read error (error() says which).
    [[nodiscard]] bool next(Chunk &chunk);
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] qint64 bytesRead() const { return m_bytesRead; }
    // The input's size when the device knows it (a file), -1 for a pipe.
    [[nodiscard]] qint64 totalBytes() const { return m_totalBytes; }

private:
    qsizetype fill(char *into, qsizetype room);
    [[nodiscard]] qsizetype cutPoint(QByteArrayView bytes, qsizetype scanFrom, bool atEnd) const;

    QIODevice &m_device;
    QByteArray m_pending; // sniffed bytes not handed out yet
    QByteArray m_carry; // context, then the unfinished run, from the end of the last chunk
    qsizetype m_carryScanFrom = 0;
    qsizetype m_chunkBytes;
    ScanLimits m_limits;
    qint64 m_offset = 0; // of the next chunk
    qint64 m_bytesRead = 0;
    qint64 m_totalBytes = -1;
    bool m_atEnd = false;
    QString m_error;
};

// Reads the first `count` bytes of a device (fewer at its end), however a pipe splits them. Fails with
// "scan.read_failed" and the device's error string.
[[nodiscard]] Result<QByteArray> readPrefix(QIODevice &device, qsizetype count);

} // namespace tokenscope
