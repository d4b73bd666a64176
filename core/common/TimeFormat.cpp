#include "common/TimeFormat.h"

#include <QCoreApplication>
#include <QDateTime>

#include <limits>

namespace tokenscope::TimeFormat {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct TimeFormatText
{
    Q_DECLARE_TR_FUNCTIONS(TimeFormat)
};

} // namespace

QString isoUtc(qint64 epochSeconds)
{
    // QDateTime covers roughly ±292 million years; NumericDates beyond year 9999 do not fit ISO-8601 basic form.
    if (!inRange(epochSeconds))
        return {};
    return QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::UTC).toString(Qt::ISODate);
}

QString duration(qint64 seconds)
{
    // -INT64_MIN does not exist; one second less is as good for two units.
    if (seconds < 0)
        seconds = seconds == std::numeric_limits<qint64>::min() ? std::numeric_limits<qint64>::max() : -seconds;
    struct Unit
    {
        qint64 size;
        const char *suffix;
    };
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
                parts << QString::number(count) + TimeFormatText::tr(unit.suffix);
            else
                break; // "2h" rather than "2h 0m"
            seconds -= count * unit.size;
        }
    }
    if (parts.isEmpty())
        return QString::number(0) + TimeFormatText::tr("s");
    return parts.join(QLatin1Char(' '));
}

QString relative(qint64 epochSeconds, qint64 nowSeconds, Phrase phrase)
{
    // Checked: two attacker-chosen 64-bit dates may be further apart than 64 bits hold; the sign must stay right.
    qint64 delta = 0;
    if (qSubOverflow(epochSeconds, nowSeconds, &delta))
        delta = epochSeconds > nowSeconds ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    const QString span = duration(delta);
    if (phrase == Phrase::Expiry) {
        if (delta > 0)
            return TimeFormatText::tr("expires in %1").arg(span);
        if (delta == 0)
            return TimeFormatText::tr("expires now");
        return TimeFormatText::tr("expired %1 ago").arg(span);
    }
    if (delta > 0)
        return TimeFormatText::tr("in %1").arg(span);
    if (delta == 0)
        return TimeFormatText::tr("now");
    return TimeFormatText::tr("%1 ago").arg(span);
}

} // namespace tokenscope::TimeFormat
