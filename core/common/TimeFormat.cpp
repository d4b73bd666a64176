#include "common/TimeFormat.h"

#include <QCoreApplication>
#include <QDateTime>

namespace tokenscope::TimeFormat {

QString isoUtc(qint64 epochSeconds)
{
    // QDateTime covers roughly ±292 million years; NumericDates beyond year 9999 do not fit ISO-8601 basic form.
    constexpr qint64 year10000 = 253402300800;
    if (epochSeconds < -62135596800 || epochSeconds >= year10000)
        return {};
    return QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::UTC).toString(Qt::ISODate);
}

QString duration(qint64 seconds)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("TimeFormat", text); };
    if (seconds < 0)
        seconds = -seconds;
    struct Unit { qint64 size; const char *suffix; };
    static constexpr Unit units[] = {
        {365 * 86400, QT_TRANSLATE_NOOP("TimeFormat", "y")}, {86400, QT_TRANSLATE_NOOP("TimeFormat", "d")},
        {3600, QT_TRANSLATE_NOOP("TimeFormat", "h")},        {60, QT_TRANSLATE_NOOP("TimeFormat", "m")},
        {1, QT_TRANSLATE_NOOP("TimeFormat", "s")},
    };
    QStringList parts;
    for (const Unit &unit : units) {
        if (parts.size() == 2)
            break;
        const qint64 count = seconds / unit.size;
        if (count > 0 || (!parts.isEmpty())) {
            if (count > 0)
                parts << QString::number(count) + tr(unit.suffix);
            else
                break; // "2h" rather than "2h 0m"
            seconds -= count * unit.size;
        }
    }
    if (parts.isEmpty())
        return QString::number(0) + tr("s");
    return parts.join(QLatin1Char(' '));
}

QString relative(qint64 epochSeconds, qint64 nowSeconds, Phrase phrase)
{
    const qint64 delta = epochSeconds - nowSeconds;
    const QString span = duration(delta);
    if (phrase == Phrase::Expiry) {
        if (delta > 0)
            return QCoreApplication::translate("TimeFormat", "expires in %1").arg(span);
        if (delta == 0)
            return QCoreApplication::translate("TimeFormat", "expires now");
        return QCoreApplication::translate("TimeFormat", "expired %1 ago").arg(span);
    }
    if (delta > 0)
        return QCoreApplication::translate("TimeFormat", "in %1").arg(span);
    if (delta == 0)
        return QCoreApplication::translate("TimeFormat", "now");
    return QCoreApplication::translate("TimeFormat", "%1 ago").arg(span);
}

} // namespace tokenscope::TimeFormat
