#include "simulate/DurationSpinBox.h"

#include "sim/Scenario.h"

#include <QStringList>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

QString compactDuration(qint64 seconds)
{
    if (seconds == 0)
        return u"0"_s;
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

QString DurationSpinBox::textFromValue(int value) const
{
    return compactDuration(value);
}

int DurationSpinBox::valueFromText(const QString &text) const
{
    QString compact = text;
    compact.remove(QLatin1Char(' '));
    return int(ScenarioLoader::parseDuration(compact).value_or(value()));
}

QValidator::State DurationSpinBox::validate(QString &text, int &) const
{
    if (text == specialValueText())
        return QValidator::Acceptable;
    QString compact = text;
    compact.remove(QLatin1Char(' '));
    if (compact.isEmpty())
        return QValidator::Intermediate;
    const auto seconds = ScenarioLoader::parseDuration(compact);
    if (seconds && *seconds >= minimum() && *seconds <= maximum())
        return QValidator::Acceptable;
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
    const int step = v < 60 ? 1 : v < 3600 ? 60 : v < 86400 ? 900 : 3600;
    setValue(v + steps * step);
}

} // namespace tokenscope
