#pragma once

#include "common/Result.h"
#include "simulate/SimulationRun.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace tokenscope {

class TimelineView;

// The Simulate workspace's exports of a finished run: the timeline as PNG or SVG (every lane, the time range in
// view), the engine's events as CSV, and events with metrics as JSON, written the way `tokenscope-cli simulate
// --json` prints them. Plain functions over a run; writing goes through QSaveFile, so a failed export leaves no
// half-written file.
class RunExport
{
    Q_DECLARE_TR_FUNCTIONS(RunExport)
public:
    [[nodiscard]] static QByteArray eventsCsv(const SimulationRun &run);
    [[nodiscard]] static QByteArray json(const SimulationRun &run);
    // A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180 §2).
    [[nodiscard]] static QByteArray csvField(const QByteArray &text);

    // Fail with "export.not_written" when the file cannot be written.
    [[nodiscard]] static Result<void> writeFile(const QString &path, const QByteArray &bytes);
    [[nodiscard]] static Result<void> writePng(const TimelineView &timeline, const QString &path);
    [[nodiscard]] static Result<void> writeSvg(const TimelineView &timeline, const QString &path, const QString &title,
                                               const QString &description);
};

} // namespace tokenscope
