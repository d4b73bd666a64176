#pragma once

#include <QByteArray>
#include <QString>

class QIODevice;

namespace tokenscope {

// Reads a device to its end, but never more than a cap. A pipe, a terminal or a FIFO hands its bytes over in pieces
// as the writer produces them, and reports no size beforehand, so a single read() or a size() check is not enough:
// this reads until end of file and stops one byte past `maxBytes`, so an oversized input is refused without being
// held in memory.
struct BoundedReadResult
{
    enum class Status { Complete, TooLarge, Failed };
    Status status = Status::Complete;
    QByteArray bytes; // everything read when Complete; empty otherwise
    QString error; // the device's error string when Failed
    explicit operator bool() const { return status == Status::Complete; }
};

namespace BoundedRead {
[[nodiscard]] BoundedReadResult readAll(QIODevice &device, qsizetype maxBytes);
} // namespace BoundedRead

} // namespace tokenscope
