#include "issuer/FormParameters.h"

#include <QStringDecoder>

namespace tokenscope::issuer {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

bool FormParameters::decodeComponent(QByteArrayView encoded, QString &decoded)
{
    QByteArray bytes;
    bytes.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '+') {
            bytes += ' ';
        } else if (c == '%') {
            if (i + 2 >= encoded.size())
                return false;
            const int high = hexValue(encoded[i + 1]);
            const int low = hexValue(encoded[i + 2]);
            if (high < 0 || low < 0)
                return false;
            bytes += char(high * 16 + low);
            i += 2;
        } else {
            bytes += c;
        }
    }
    QStringDecoder toUtf16(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    decoded = toUtf16.decode(bytes);
    return !toUtf16.hasError();
}

FormParameters FormParameters::parse(QByteArrayView encoded)
{
    FormParameters result;
    qsizetype start = 0;
    while (start <= encoded.size()) {
        qsizetype end = encoded.indexOf('&', start);
        if (end < 0)
            end = encoded.size();
        const QByteArrayView pair = encoded.sliced(start, end - start);
        start = end + 1;
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        QString name;
        QString value;
        if (!decodeComponent(equals < 0 ? pair : pair.first(equals), name)
            || (equals >= 0 && !decodeComponent(pair.sliced(equals + 1), value))) {
            result.error = QStringLiteral("malformed form encoding (bad percent escape or invalid UTF-8)");
            return result;
        }
        if (name.isEmpty()) {
            result.error = QStringLiteral("a parameter without a name");
            return result;
        }
        // RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted".
        if (value.isEmpty())
            continue;
        // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
        if (result.values.contains(name)) {
            result.repeatedName = name;
            result.error = QStringLiteral("parameter '%1' is repeated").arg(name);
            return result;
        }
        result.values.insert(name, value);
    }
    return result;
}

} // namespace tokenscope::issuer
