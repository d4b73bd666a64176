#include "RedactedOutput.h"

#include "CliSupport.h"
#include "report/RedactedReport.h"

#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

} // namespace

void addRedactionOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("redacted"),
                      CliText::tr("Print a report to share: no signature, personal claims masked, no key material.")});
    parser.addOption({QStringLiteral("format"), CliText::tr("With --redacted: md (default), json or html."),
                      QStringLiteral("FORMAT"), QStringLiteral("md")});
    parser.addOption({QStringLiteral("mask"), CliText::tr("With --redacted: also mask CLAIM (repeatable)."),
                      QStringLiteral("CLAIM")});
    parser.addOption({QStringLiteral("unmask"),
                      CliText::tr("With --redacted: show CLAIM although it is masked by default (repeatable)."),
                      QStringLiteral("CLAIM")});
}

int printRedactedIfAsked(const QCommandLineParser &parser, const DecodedToken &token, const Findings &findings,
                         qint64 nowSeconds)
{
    if (!parser.isSet(QStringLiteral("redacted")))
        return -1;
    RedactedReport::Options options;
    const QString format = parser.value(QStringLiteral("format"));
    if (format == u"md" || format == u"markdown") {
        options.format = RedactedReport::Format::Markdown;
    } else if (format == u"json") {
        options.format = RedactedReport::Format::Json;
    } else if (format == u"html") {
        options.format = RedactedReport::Format::Html;
    } else {
        printError(CliText::tr("--format expects md, json or html, got \"%1\"").arg(format));
        return UsageError;
    }
    options.mask = parser.values(QStringLiteral("mask"));
    options.unmask = parser.values(QStringLiteral("unmask"));
    printOut(RedactedReport::render(token, findings, nowSeconds, options));
    return Success;
}

} // namespace tokenscope::cli
