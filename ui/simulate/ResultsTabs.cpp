#include "simulate/ResultsTabs.h"

#include "simulate/EventLogModel.h"
#include "simulate/MetricsTable.h"

#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

namespace tokenscope {

ResultsTabs::ResultsTabs(QWidget *parent) : QTabWidget(parent)
{
    setAccessibleName(tr("Metrics and events"));
    auto *metricsBox = new QWidget(this);
    auto *metricsLayout = new QVBoxLayout(metricsBox);
    metricsLayout->setContentsMargins(0, 0, 0, 0);
    m_metricsTable = new MetricsTable(metricsBox);
    metricsLayout->addWidget(m_metricsTable, 1);
    addTab(metricsBox, tr("&Metrics"));

    m_eventModel = new EventLogModel(this);
    m_eventTable = new QTableView(this);
    m_eventTable->setAccessibleName(tr("Event log"));
    m_eventTable->setModel(m_eventModel);
    m_eventTable->verticalHeader()->hide();
    m_eventTable->verticalHeader()->setDefaultSectionSize(m_eventTable->fontMetrics().height() + 6);
    m_eventTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventTable->setWordWrap(false);
    m_eventTable->setAlternatingRowColors(true);
    m_eventTable->horizontalHeader()->setSectionResizeMode(EventLogModel::EventColumn, QHeaderView::Stretch);
    m_eventTable->horizontalHeader()->setSectionResizeMode(EventLogModel::TimeColumn, QHeaderView::ResizeToContents);
    m_eventTable->horizontalHeader()->setSectionResizeMode(EventLogModel::ActorColumn, QHeaderView::ResizeToContents);
    m_eventTable->horizontalHeader()->setSectionResizeMode(EventLogModel::ResultColumn, QHeaderView::ResizeToContents);
    addTab(m_eventTable, tr("E&vents"));
    connect(m_eventTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid() || m_selectingEvent)
                    return;
                emit eventChosen(current.data(EventLogModel::TimeRole).toLongLong());
            });
}

void ResultsTabs::setRuns(std::shared_ptr<const SimulationRun> current, std::shared_ptr<const SimulationRun> previous)
{
    m_eventModel->setRun(current);
    m_metricsTable->setRuns(std::move(current), std::move(previous));
}

void ResultsTabs::selectEvent(int eventIndex)
{
    if (eventIndex < 0 || eventIndex >= m_eventModel->rowCount())
        return;
    setCurrentWidget(m_eventTable);
    const QModelIndex index = m_eventModel->index(eventIndex, 0);
    m_selectingEvent = true;
    m_eventTable->selectionModel()->setCurrentIndex(index,
                                                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_selectingEvent = false;
    m_eventTable->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

} // namespace tokenscope
