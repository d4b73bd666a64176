#pragma once

#include "common/Span.h"

#include <QList>
#include <QString>

namespace tokenscope {

// One observation about a token, key or secret from the findings catalogue (verify/Findings.h). Ids are stable:
// scripts match on them and the inspector keys its help text on them.
struct Finding
{
    enum class Severity { Info, Warning, High };

    QString id; // "alg_none", "no_exp", … (see FindingsCatalogue)
    Severity severity = Severity::Info;
    QString message; // translated, one sentence, specific ("the token lives 30d, more than 24h")
    Span span; // in the token text; empty when not about a place in the token
};

using Findings = QList<Finding>;

[[nodiscard]] QString severityName(Finding::Severity severity); // "info", "warning", "high"

} // namespace tokenscope
