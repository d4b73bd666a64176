#include "net/CacheControl.h"

#include <QByteArray>
#include <QList>

#include <algorithm>

namespace tokenscope::CacheControl {

namespace {
constexpr qint64 deltaSecondsCeiling = qint64(1) << 31;
} // namespace

qint64 maxAgeSeconds(QByteArrayView headerValue)
{
    const QList<QByteArray> directives = headerValue.toByteArray().split(',');
    for (const QByteArray &directive : directives) {
        const qsizetype equals = directive.indexOf('=');
        if (equals < 0 || directive.left(equals).trimmed().toLower() != "max-age")
            continue;
        QByteArray value = directive.mid(equals + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        if (value.isEmpty())
            return -1;
        // RFC 9111 §1.2.2: delta-seconds is 1*DIGIT, and a value greater than a cache can represent is taken as
        // 2^31. Tokenscope clamps there, so a hostile header can neither overflow nor pin keys for centuries.
        qint64 seconds = 0;
        for (const char digit : std::as_const(value)) {
            if (digit < '0' || digit > '9')
                return -1;
            seconds = std::min(seconds * 10 + (digit - '0'), deltaSecondsCeiling);
        }
        return seconds;
    }
    return -1;
}

} // namespace tokenscope::CacheControl
