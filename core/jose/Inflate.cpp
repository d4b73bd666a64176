#include "jose/Inflate.h"

#include <array>
#include <zlib.h>

namespace tokenscope::Inflate {

InflateResult inflateRaw(QByteArrayView compressed, qsizetype maxOutputBytes)
{
    InflateResult result;
    z_stream stream {};
    // Negative window bits: a raw DEFLATE stream without the zlib header and checksum.
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
        result.error = QStringLiteral("zlib cannot start inflating");
        return result;
    }
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    std::array<Bytef, 16384> chunk {};
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = chunk.data();
        stream.avail_out = uInt(chunk.size());
        status = inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END)
            break;
        const qsizetype produced = qsizetype(chunk.size() - stream.avail_out);
        if (result.bytes.size() + produced > maxOutputBytes) {
            inflateEnd(&stream);
            result.bytes.clear();
            result.status = InflateResult::Status::TooLarge;
            result.error = QStringLiteral("the inflated content exceeds %1 bytes").arg(maxOutputBytes);
            return result;
        }
        result.bytes.append(reinterpret_cast<const char *>(chunk.data()), produced);
        // All input consumed, output not full, stream not ended: the data is truncated.
        if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
            status = Z_BUF_ERROR;
            break;
        }
    }
    const bool trailingData = status == Z_STREAM_END && stream.avail_in != 0;
    inflateEnd(&stream);
    if (status != Z_STREAM_END || trailingData) {
        result.bytes.clear();
        result.error = trailingData ? QStringLiteral("data follows the end of the DEFLATE stream")
                                    : QStringLiteral("not a valid and complete DEFLATE stream");
        return result;
    }
    result.status = InflateResult::Status::Ok;
    return result;
}

} // namespace tokenscope::Inflate
