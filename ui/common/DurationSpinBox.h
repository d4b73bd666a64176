#pragma once

#include <QSpinBox>

namespace tokenscope {

// "15m", "1h 30m", "7d", "-2h": the scenario files' own duration spelling (docs/scenarios.md), which the panels
// that take durations share.
[[nodiscard]] QString compactDuration(qint64 seconds);

// A spin box over seconds that reads and writes durations ("90", "45s", "15m", "1h30m", "7d", and with a negative
// minimum "-5m"), stepping by a unit that suits the value (a second under a minute, a minute under an hour, a
// quarter hour under a day, an hour beyond) but never by less than singleStep(). The range starts as the scenario
// files' (0 to ScenarioLoader::maxDuration); a panel sets its own. Used for the Simulate knobs, the Inspect leeway,
// the probe's pause and the mock issuer's clock skew.
class DurationSpinBox : public QSpinBox
{
    Q_OBJECT
public:
    explicit DurationSpinBox(QWidget *parent = nullptr);

    // Wide enough for a long spelling ("-23h 59m 59s"), not only for the range's ends ("1d"), which is all QSpinBox
    // measures. (The minimum stays QSpinBox's, so a narrow panel can still squeeze it.)
    [[nodiscard]] QSize sizeHint() const override;

protected:
    [[nodiscard]] QString textFromValue(int value) const override;
    [[nodiscard]] int valueFromText(const QString &text) const override;
    QValidator::State validate(QString &text, int &position) const override;
    void stepBy(int steps) override;
};

} // namespace tokenscope
