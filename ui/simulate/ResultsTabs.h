#pragma once

#include "simulate/SimulationRun.h"

#include <QTabWidget>

#include <memory>

class QTableView;

namespace tokenscope {

class EventLogModel;
class MetricsTable;

// The Simulate workspace's right-hand side: the metrics of this run against the previous one, and the event log.
// The log is linked to the timeline both ways: a row the user selects is reported with its time (the workspace
// moves the playhead there), a mark clicked on the timeline selects its row without moving the playhead.
class ResultsTabs : public QTabWidget
{
    Q_OBJECT
public:
    explicit ResultsTabs(QWidget *parent = nullptr);

    [[nodiscard]] MetricsTable *metricsTable() const { return m_metricsTable; }
    [[nodiscard]] QTableView *eventTable() const { return m_eventTable; }
    void setRuns(std::shared_ptr<const SimulationRun> current, std::shared_ptr<const SimulationRun> previous);
    // Shows the event log with `eventIndex` (into SimulationRun::events) selected and in view.
    void selectEvent(int eventIndex);

signals:
    void eventChosen(qint64 seconds); // the user selected an event's row

private:
    MetricsTable *m_metricsTable = nullptr;
    EventLogModel *m_eventModel = nullptr;
    QTableView *m_eventTable = nullptr;
    bool m_selectingEvent = false; // a click on a mark selects its row without moving the playhead
};

} // namespace tokenscope
