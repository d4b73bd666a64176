#include "inspect/SdJwtAnalysis.h"

#include <QCoreApplication>

namespace tokenscope::SdJwtAnalyzer {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct AnalysisText
{
    Q_DECLARE_TR_FUNCTIONS(SdJwtAnalysis)
};

KeyBindingPolicy policyAt(const FixedClock &clock)
{
    KeyBindingPolicy policy;
    policy.clock = &clock;
    return policy;
}

// The JSON Pointer (RFC 6901) of each entry, the form SdJwtClaims gives a Disclosure's place in.
QStringList entryPointers(const PrettyJson &json)
{
    QStringList pointers;
    for (const PrettyJsonEntry &entry : json.entries) {
        const QString parent = entry.parent >= 0 ? pointers[entry.parent] : QString();
        QString step = entry.name;
        // An array element has no name; its path ends in "[index]".
        if (entry.name.isEmpty() && entry.path.endsWith(u']'))
            step = entry.path.sliced(entry.path.lastIndexOf(u'[') + 1).chopped(1);
        step.replace(u'~', QStringLiteral("~0")).replace(u'/', QStringLiteral("~1"));
        pointers << parent + u'/' + step;
    }
    return pointers;
}

} // namespace

SdJwtAnalysis analyze(SdJwt sdJwt, qint64 nowSeconds, PrettyJson &payload)
{
    SdJwtAnalysis analysis;
    analysis.sdJwt = std::move(sdJwt);
    rejudge(analysis, nowSeconds);
    payload = PrettyJsonPrinter::print(analysis.inspection.claims.claims, PrettyJsonPrinter::Section::Payload);

    const QStringList pointers = entryPointers(payload);
    const std::vector<DisclosureMatch> &matches = analysis.inspection.claims.matches;
    for (size_t index = 0; index < matches.size(); ++index) {
        const int entry = matches[index].referenced ? int(pointers.indexOf(matches[index].path)) : -1;
        analysis.disclosureEntries << entry;
        if (entry >= 0)
            payload.entries[entry].note
                = AnalysisText::tr("disclosure %1").arg(analysis.sdJwt.disclosures[index].position);
    }
    // Disclosed values (and what they hold) were parsed from a Disclosure, not from the payload's bytes.
    for (int entry = 0; entry < payload.entries.size(); ++entry) {
        if (disclosureAtEntry(analysis, payload, entry) >= 0)
            payload.entries[entry].source = {};
    }
    return analysis;
}

void rejudge(SdJwtAnalysis &analysis, qint64 nowSeconds)
{
    const FixedClock clock(nowSeconds);
    analysis.inspection = SdJwtVerifier::inspect(analysis.sdJwt, policyAt(clock));
}

int disclosureAtEntry(const SdJwtAnalysis &analysis, const PrettyJson &payload, int entry)
{
    // The innermost Disclosure on the way up: a claim inside a disclosed object may itself be disclosed.
    while (entry >= 0 && entry < payload.entries.size()) {
        const int disclosure = int(analysis.disclosureEntries.indexOf(entry));
        if (disclosure >= 0)
            return disclosure;
        entry = payload.entries[entry].parent;
    }
    return -1;
}

int disclosureAtToken(const SdJwtAnalysis &analysis, qsizetype offset)
{
    const std::vector<Disclosure> &disclosures = analysis.sdJwt.disclosures;
    for (size_t index = 0; index < disclosures.size(); ++index) {
        if (disclosures[index].span.contains(offset))
            return int(index);
    }
    return -1;
}

QString kindName(const SdJwtAnalysis &analysis)
{
    const QString type = analysis.sdJwt.type();
    const bool credential = type == u"dc+sd-jwt" || type == u"vc+sd-jwt";
    if (analysis.sdJwt.keyBinding)
        return credential ? AnalysisText::tr("SD-JWT VC+KB") : AnalysisText::tr("SD-JWT+KB");
    return credential ? AnalysisText::tr("SD-JWT VC") : AnalysisText::tr("SD-JWT");
}

} // namespace tokenscope::SdJwtAnalyzer
