#include "simulate/RunExportActions.h"

#include "common/Icons.h"
#include "common/ShortcutAction.h"
#include "simulate/MetricsTable.h"
#include "simulate/RunExport.h"
#include "simulate/TimelineView.h"

#include <QFileDialog>
#include <QFileInfo>

namespace tokenscope {

using namespace Qt::StringLiterals;

RunExportActions::RunExportActions(QWidget *window) : QObject(window), m_window(window)
{
    const auto make = [this](const QString &text, const QKeySequence &shortcut, const QString &filter,
                             const QString &suffix, Write write) {
        QAction *action = makeShortcutAction(m_window, text, shortcut);
        connect(action, &QAction::triggered, this, [=, this] { chooseFile(filter, suffix, write); });
        return action;
    };
    m_pngAction = make(tr("Export Timeline as &PNG…"), QKeySequence(Qt::CTRL | Qt::Key_E), tr("PNG images (*.png)"),
                       u"png"_s, &RunExportActions::exportPng);
    m_svgAction = make(tr("Export Timeline as &SVG…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                       tr("SVG images (*.svg)"), u"svg"_s, &RunExportActions::exportSvg);
    m_eventsCsvAction = make(tr("Export Events as &CSV…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E),
                             tr("CSV files (*.csv)"), u"csv"_s, &RunExportActions::exportEventsCsv);
    m_metricsCsvAction = make(tr("Export &Metrics as CSV…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_M),
                              tr("CSV files (*.csv)"), u"csv"_s, &RunExportActions::exportMetricsCsv);
    m_jsonAction = make(tr("Export Events and Metrics as &JSON…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_J),
                        tr("JSON files (*.json)"), u"json"_s, &RunExportActions::exportJson);
}

void RunExportActions::setViews(const TimelineView *timeline, const MetricsTable *metrics)
{
    m_timeline = timeline;
    m_metrics = metrics;
}

void RunExportActions::setScenario(const sim::Scenario &scenario, const QString &source)
{
    m_title = scenario.title;
    m_variant = scenario.variant;
    m_source = source;
}

void RunExportActions::updateIcons(const QPalette &palette)
{
    m_pngAction->setIcon(Icons::icon(u"export"_s, palette));
    m_svgAction->setIcon(Icons::icon(u"export"_s, palette));
    m_eventsCsvAction->setIcon(Icons::icon(u"table"_s, palette));
    m_metricsCsvAction->setIcon(Icons::icon(u"table"_s, palette));
    m_jsonAction->setIcon(Icons::icon(u"json"_s, palette));
}

void RunExportActions::chooseFile(const QString &filter, const QString &suffix, Write write)
{
    if (!m_run)
        return;
    QString base = m_source.isEmpty() ? u"simulation"_s : QFileInfo(m_source).completeBaseName();
    if (!m_variant.isEmpty())
        base += u"-"_s + m_variant;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export"), base + u"."_s + suffix, filter);
    if (path.isEmpty())
        return;
    if (const Result<void> written = (this->*write)(path); written)
        emit exported();
    else
        emit failed(tr("Export failed: %1").arg(written.error().message()));
}

namespace {
const Error noRun {"export.no_run", QString()};
} // namespace

Result<void> RunExportActions::exportPng(const QString &path)
{
    return m_run ? RunExport::writePng(*m_timeline, path) : noRun;
}

Result<void> RunExportActions::exportSvg(const QString &path)
{
    return m_run
        ? RunExport::writeSvg(*m_timeline, path, m_title, tr("Tokenscope simulation timeline: %1").arg(m_variant))
        : noRun;
}

Result<void> RunExportActions::exportEventsCsv(const QString &path)
{
    return m_run ? RunExport::writeFile(path, RunExport::eventsCsv(*m_run)) : noRun;
}

Result<void> RunExportActions::exportMetricsCsv(const QString &path)
{
    return m_run ? RunExport::writeFile(path, m_metrics->toCsv()) : noRun;
}

Result<void> RunExportActions::exportJson(const QString &path)
{
    return m_run ? RunExport::writeFile(path, RunExport::json(*m_run)) : noRun;
}

} // namespace tokenscope
