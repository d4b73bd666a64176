#include "common/DurationSpinBox.h"

#include "sim/Scenario.h"

#include <QFontMetrics>
#include <QStringList>

#include <algorithm>
#include <cstdlib>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

namespace {

// The seconds `text` spells, spaces ignored and a leading minus allowed; nullopt while it spells none.
std::optional<qint64> parseSignedDuration(QString text)
{
    text.remove(QLatin1Char(' '));
    const bool negative = text.startsWith(QLatin1Char('-'));
    if (negative)
        text.remove(0, 1);
    const std::optional<qint64> seconds = ScenarioLoader::parseDuration(text);
    if (!seconds)
        return std::nullopt;
    return negative ? -*seconds : *seconds;
}

// `hint` (QSpinBox's, which measures the text of the range's ends) widened to hold a long spelling.
QSize widenedForLongText(QSize hint, const QFontMetrics &metrics, const QString &measured, bool negative)
{
    const QString longest = negative ? u"-23h 59m 59s"_s : u"23h 59m 59s"_s;
    hint.rwidth() += std::max(0, metrics.horizontalAdvance(longest) - metrics.horizontalAdvance(measured));
    return hint;
}

} // namespace

QString compactDuration(qint64 seconds)
{
    if (seconds == 0)
        return u"0"_s;
    if (seconds < 0)
        return u"-"_s + compactDuration(-seconds);
    QStringList parts;
    const qint64 units[] = {86400, 3600, 60, 1};
    const char *names[] = {"d", "h", "m", "s"};
    for (int i = 0; i < 4; ++i) {
        if (seconds >= units[i]) {
            parts << QString::number(seconds / units[i]) + QLatin1String(names[i]);
            seconds %= units[i];
        }
    }
    return parts.join(QLatin1Char(' '));
}

DurationSpinBox::DurationSpinBox(QWidget *parent) : QSpinBox(parent)
{
    setRange(0, int(ScenarioLoader::maxDuration));
    setAccelerated(true);
    setKeyboardTracking(false);
}

QSize DurationSpinBox::sizeHint() const
{
    return widenedForLongText(QSpinBox::sizeHint(), fontMetrics(), textFromValue(maximum()), minimum() < 0);
}

QString DurationSpinBox::textFromValue(int value) const
{
    return compactDuration(value);
}

int DurationSpinBox::valueFromText(const QString &text) const
{
    return int(parseSignedDuration(text).value_or(value()));
}

QValidator::State DurationSpinBox::validate(QString &text, int &) const
{
    if (text == specialValueText())
        return QValidator::Acceptable;
    QString compact = text;
    compact.remove(QLatin1Char(' '));
    if (compact.isEmpty() || (compact == u"-"_s && minimum() < 0))
        return QValidator::Intermediate;
    const auto seconds = parseSignedDuration(compact);
    if (seconds && *seconds >= minimum() && *seconds <= maximum())
        return QValidator::Acceptable;
    if (compact.startsWith(QLatin1Char('-'))) {
        if (minimum() >= 0)
            return QValidator::Invalid;
        compact.remove(0, 1);
    }
    static const QString allowed = u"0123456789smhdw"_s;
    for (const QChar c : compact) {
        if (!allowed.contains(c))
            return QValidator::Invalid;
    }
    return QValidator::Intermediate;
}

void DurationSpinBox::stepBy(int steps)
{
    // Steps of a size that suits the value: seconds under a minute, minutes under an hour, …
    const int v = value();
    const int magnitude = std::abs(v);
    const int unit = magnitude < 60 ? 1 : magnitude < 3600 ? 60 : magnitude < 86400 ? 900 : 3600;
    setValue(v + steps * std::max(unit, singleStep()));
}

} // namespace tokenscope
