#include "net/CacheControl.h"

#include <QByteArray>
#include <QList>

#include <limits>

namespace tokenscope::CacheControl {

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
        // RFC 9111 §1.2.2: delta-seconds is 1*DIGIT; a value too large to hold is taken as the largest one.
        qint64 seconds = 0;
        for (const char digit : std::as_const(value)) {
            if (digit < '0' || digit > '9')
                return -1;
            if (seconds > (std::numeric_limits<qint64>::max() - 9) / 10)
                seconds = std::numeric_limits<qint64>::max() / 10;
            seconds = seconds * 10 + (digit - '0');
        }
        return seconds;
    }
    return -1;
}

} // namespace tokenscope::CacheControl
