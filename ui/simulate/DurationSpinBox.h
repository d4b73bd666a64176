#pragma once

#include <QSpinBox>

namespace tokenscope {

// "15m", "1h 30m", "7d": the scenario files' own duration spelling, so the panel reads like docs/scenarios.md.
[[nodiscard]] QString compactDuration(qint64 seconds);

// A spin box over seconds that reads and writes durations ("90", "45s", "15m", "1h30m", "7d"), stepping by a unit
// that suits the value. The Simulate parameter panel's duration knobs.
class DurationSpinBox : public QSpinBox
{
    Q_OBJECT
public:
    explicit DurationSpinBox(QWidget *parent = nullptr);

protected:
    [[nodiscard]] QString textFromValue(int value) const override;
    [[nodiscard]] int valueFromText(const QString &text) const override;
    QValidator::State validate(QString &text, int &position) const override;
    void stepBy(int steps) override;
};

} // namespace tokenscope
