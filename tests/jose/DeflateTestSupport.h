#pragma once

// Raw DEFLATE (RFC 1951) with zlib's own encoder, the way an issuer compresses JWE content for "zip":"DEF"; the
// inflater under test is the other half. Header-only, test code only (link ZLIB::ZLIB).

#include <QByteArray>

#include <zlib.h>

namespace tokenscope::test {

inline QByteArray deflateRaw(const QByteArray &data)
{
    z_stream stream {};
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))), '\0');
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return status == Z_STREAM_END ? out : QByteArray();
}

} // namespace tokenscope::test
