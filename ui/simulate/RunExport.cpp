#include "simulate/RunExport.h"

#include "jose/Json.h"
#include "simulate/TimelineView.h"

#include <QDateTime>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

namespace {

const char *eventTypeName(SimEventType type)
{
    static const char *const names[] = {
        "login",          "login_denied",     "request",          "refresh",   "concurrent_refresh", "logout",
        "theft",          "attacker_request", "attacker_refresh", "operator",  "key_published",      "store_outage",
        "store_restored", "exposure_ended",   "server_down",      "server_up",
    };
    return names[int(type)];
}

const char *actorName(ActorKind actor)
{
    static const char *const names[] = {"client", "attacker", "operator", "issuer"};
    return names[int(actor)];
}

} // namespace

QByteArray RunExport::csvField(const QByteArray &text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n'))
        return text;
    QByteArray quoted = text;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

QByteArray RunExport::eventsCsv(const SimulationRun &run)
{
    QByteArray csv = "time_s,time_utc,type,actor,index,ok,server,credential,issued_access,issued_refresh,reason,note\n";
    const qint64 start = run.scenario.start;
    for (const SimEvent &event : run.events) {
        csv += QByteArray::number(event.time) + ',';
        csv += QDateTime::fromSecsSinceEpoch(start + event.time, Qt::UTC).toString(Qt::ISODate).toLatin1() + ',';
        csv += QByteArray(eventTypeName(event.type)) + ',' + actorName(event.actor) + ',';
        csv += (event.actorIndex >= 0 ? QByteArray::number(event.actorIndex) : QByteArray()) + ',';
        csv += (event.ok ? "true" : "false") + QByteArray(",");
        csv += (event.server >= 0 ? QByteArray::number(event.server) : QByteArray()) + ',';
        csv += csvField(event.credential.isNull() ? QByteArray() : event.credential.name()) + ',';
        csv += csvField(event.issuedAccess.isNull() ? QByteArray() : event.issuedAccess.name()) + ',';
        csv += csvField(event.issuedRefresh.isNull() ? QByteArray() : event.issuedRefresh.name()) + ',';
        csv += csvField(event.reasonText()) + ',' + csvField(event.noteText()) + '\n';
    }
    return csv;
}

QByteArray RunExport::json(const SimulationRun &run)
{
    // Assembled here so that the engine's event lines and metrics object go out exactly as the CLI prints them;
    // strings are quoted by the core's JSON writer.
    QByteArray json = "{\"schema\":\"tokenscope-simulation-export/1\",\"scenario\":" + Json::quote(run.scenario.name)
        + ",\"title\":" + Json::quote(run.scenario.title) + ",\"variant\":" + Json::quote(run.scenario.variant)
        + ",\"seed\":" + QByteArray::number(run.scenario.seed)
        + ",\"clientsShown\":" + QByteArray::number(run.timeline.clientLanesShown)
        + ",\"eventsTruncated\":" + (run.eventsTruncated ? "true" : "false") + ",\"metrics\":" + run.metrics().toJson();
    // As `tokenscope-cli simulate --live --json` reports it.
    if (run.isLive())
        json += ",\"live\":{\"issuer\":" + Json::quote(run.issuerUrl.toString())
            + ",\"httpExchanges\":" + QByteArray::number(run.httpExchanges)
            + (run.labUrl.isEmpty() ? QByteArray() : ",\"lab\":" + Json::quote(run.labUrl.toString())) + '}';
    json += ",\"events\":[";
    bool first = true;
    for (const SimEvent &event : run.events) {
        if (!first)
            json += ',';
        first = false;
        json += event.toJsonLine().trimmed();
    }
    json += "]}\n";
    return json;
}

Result<void> RunExport::writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error {"export.not_written", tr("%1: %2").arg(QFileInfo(path).fileName(), file.errorString())};
    return {};
}

Result<void> RunExport::writePng(const TimelineView &timeline, const QString &path)
{
    const QSize size = timeline.exportSize(std::max(1200, timeline.viewport()->width()));
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    image.fill(timeline.palette().color(QPalette::Base));
    {
        QPainter painter(&image);
        timeline.renderTimeline(&painter, size);
    }
    if (!image.save(path, "PNG"))
        return Error {"export.not_written", tr("%1 cannot be written").arg(QFileInfo(path).fileName())};
    return {};
}

Result<void> RunExport::writeSvg(const TimelineView &timeline, const QString &path, const QString &title,
                                 const QString &description)
{
    const QSize size = timeline.exportSize(std::max(1200, timeline.viewport()->width()));
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(title);
    generator.setDescription(description);
    {
        QPainter painter;
        if (!painter.begin(&generator))
            return Error {"export.not_written", tr("%1 cannot be written").arg(QFileInfo(path).fileName())};
        timeline.renderTimeline(&painter, size);
    }
    if (!QFileInfo(path).exists() || QFileInfo(path).size() == 0)
        return Error {"export.not_written", tr("%1 cannot be written").arg(QFileInfo(path).fileName())};
    return {};
}

} // namespace tokenscope
