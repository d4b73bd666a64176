#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace tokenscope::Inflate {

// What inflateRaw() made of compressed JWE content: the bytes, or why not (corrupt, or over the cap).
struct InflateResult
{
    QByteArray bytes;
    enum class Status { Ok, Corrupt, TooLarge } status = Status::Corrupt;
    QString error; // untranslated detail: "the inflated content exceeds 1048576 bytes"
    explicit operator bool() const { return status == Status::Ok; }
};

// Raw DEFLATE (RFC 1951, no zlib or gzip wrapper), as JWE "zip":"DEF" uses it (RFC 7516 §4.1.3). Stops as soon as
// the output would pass `maxOutputBytes`, so a small compression bomb costs no more than the cap.
[[nodiscard]] InflateResult inflateRaw(QByteArrayView compressed, qsizetype maxOutputBytes);

} // namespace tokenscope::Inflate
