#pragma once

#include <QByteArray>

// Unsigned-looking compact tokens over exactly these header and payload bytes (Qt's base64, not Tokenscope's).
namespace DiffTestSupport {

inline QByteArray compact(const QByteArray &header, const QByteArray &payload, const QByteArray &signature = "sig")
{
    const auto encode = [](const QByteArray &bytes) {
        return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return encode(header) + '.' + encode(payload) + '.' + encode(signature);
}

} // namespace DiffTestSupport
