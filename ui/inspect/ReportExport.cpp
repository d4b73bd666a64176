#include "inspect/ReportExport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>

namespace tokenscope::ReportExport {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct ReportExportText
{
    Q_DECLARE_TR_FUNCTIONS(ReportExport)
};

QString suffixOf(RedactedReport::Format format)
{
    switch (format) {
    case RedactedReport::Format::Json:
        return QStringLiteral("json");
    case RedactedReport::Format::Html:
        return QStringLiteral("html");
    case RedactedReport::Format::Markdown:
        break;
    }
    return QStringLiteral("md");
}

} // namespace

QString fileFilters()
{
    return ReportExportText::tr("Markdown (*.md);;JSON (*.json);;HTML (*.html)");
}

RedactedReport::Format formatForFilter(const QString &filter)
{
    if (filter.contains(u"*.json"))
        return RedactedReport::Format::Json;
    if (filter.contains(u"*.html"))
        return RedactedReport::Format::Html;
    return RedactedReport::Format::Markdown;
}

RedactedReport::Format formatForPath(const QString &path, RedactedReport::Format fallback)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"md" || suffix == u"markdown")
        return RedactedReport::Format::Markdown;
    if (suffix == u"json")
        return RedactedReport::Format::Json;
    if (suffix == u"html" || suffix == u"htm")
        return RedactedReport::Format::Html;
    return fallback;
}

QString withSuffix(const QString &path, RedactedReport::Format format)
{
    return QFileInfo(path).suffix().isEmpty() ? path + u'.' + suffixOf(format) : path;
}

QString write(const QString &path, const DecodedToken &token, const Findings &findings, qint64 nowSeconds,
              RedactedReport::Format format)
{
    RedactedReport::Options options;
    options.format = format;
    const QByteArray report = RedactedReport::render(token, findings, nowSeconds, options);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ReportExportText::tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
    file.write(report);
    if (!file.commit())
        return ReportExportText::tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
    return {};
}

} // namespace tokenscope::ReportExport
