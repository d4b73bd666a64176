#pragma once

#include "simulate/SimulationRun.h"

#include <QTableWidget>

#include <memory>

namespace tokenscope {

// The Simulate workspace's metrics: one row per metric of a run (exposure windows first, they are what the
// scenarios are about), with the previous run beside it and the direction of the change, coloured when it is better
// or worse (a few metrics are neither by themselves and stay uncoloured). Row ids ("attacker_accepted",
// "exposure_0", …) are stable: tests and the CSV export name rows by them.
class MetricsTable : public QTableWidget
{
    Q_OBJECT
public:
    explicit MetricsTable(QWidget *parent = nullptr);

    // Fills the table for `current`, compared with `previous` (may be null).
    void setRuns(std::shared_ptr<const SimulationRun> current, std::shared_ptr<const SimulationRun> previous);
    // A metric's text by id: column 1 is this run, 2 the previous one, 3 the change; empty for an unknown id.
    [[nodiscard]] QString metricText(const QString &id, int column = 1) const;
    // metric,label,value,previous: one line per row, as shown.
    [[nodiscard]] QByteArray toCsv() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void fill();

    std::shared_ptr<const SimulationRun> m_current;
    std::shared_ptr<const SimulationRun> m_previous;
};

} // namespace tokenscope
