#pragma once

#include "simulate/SimulationRun.h"

#include <QAbstractTableModel>

#include <memory>

namespace tokenscope {

// The events a run kept for the timeline (every non-client event and those of the clients shown), one row each,
// in time order. Read-only; the run is shared with the timeline.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, EventColumn, ActorColumn, ResultColumn, ColumnCount };
    static constexpr int EventIndexRole = Qt::UserRole + 1;
    static constexpr int TimeRole = Qt::UserRole + 2;

    explicit EventLogModel(QObject *parent = nullptr);
    void setRun(std::shared_ptr<const SimulationRun> run);
    // The row of the first event at or after `seconds` (rowCount() when none).
    [[nodiscard]] int rowAtTime(qint64 seconds) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    [[nodiscard]] static QString eventName(const sim::SimEvent &event);

private:
    std::shared_ptr<const SimulationRun> m_run;
};

} // namespace tokenscope
