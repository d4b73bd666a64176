#pragma once

#include "common/Result.h"
#include "simulate/SimulationRun.h"

#include <QList>
#include <QObject>

#include <functional>
#include <memory>

class QAction;
class QPalette;
class QWidget;

namespace tokenscope {

class MetricsTable;
class TimelineView;

// The Simulate workspace's exports as actions (for its Export menu and the main window's): the timeline as PNG or
// SVG, the events as CSV, the metrics as CSV, events and metrics as JSON (RunExport). Each asks where to save,
// suggesting the scenario's name and variant. The workspace feeds it the run, the scenario and the views it exports.
class RunExportActions : public QObject
{
    Q_OBJECT
public:
    // The actions' shortcuts work anywhere in `window`, which also parents the file dialog.
    explicit RunExportActions(QWidget *window);

    void setViews(const TimelineView *timeline, const MetricsTable *metrics);
    // The run to export; without one the exports do nothing.
    void setRun(std::shared_ptr<const SimulationRun> run) { m_run = std::move(run); }
    // The scenario as edited and where it came from (a built-in's name or a file's path).
    void setScenario(const sim::Scenario &scenario, const QString &source);
    void updateIcons(const QPalette &palette);

    // Fail with "export.not_written" when the file cannot be written, and with "export.no_run" (and no message)
    // when there is no run.
    Result<void> exportPng(const QString &path);
    Result<void> exportSvg(const QString &path);
    Result<void> exportEventsCsv(const QString &path);
    Result<void> exportMetricsCsv(const QString &path);
    Result<void> exportJson(const QString &path);

    [[nodiscard]] QList<QAction *> timelineActions() const { return {m_pngAction, m_svgAction}; }
    [[nodiscard]] QList<QAction *> dataActions() const { return {m_eventsCsvAction, m_metricsCsvAction, m_jsonAction}; }

signals:
    void exported();
    void failed(const QString &message);

private:
    using Write = Result<void> (RunExportActions::*)(const QString &);
    void chooseFile(const QString &filter, const QString &suffix, Write write);

    QWidget *m_window;
    const TimelineView *m_timeline = nullptr;
    const MetricsTable *m_metrics = nullptr;
    std::shared_ptr<const SimulationRun> m_run;
    QString m_title;
    QString m_variant;
    QString m_source;
    QAction *m_pngAction = nullptr;
    QAction *m_svgAction = nullptr;
    QAction *m_eventsCsvAction = nullptr;
    QAction *m_metricsCsvAction = nullptr;
    QAction *m_jsonAction = nullptr;
};

} // namespace tokenscope
