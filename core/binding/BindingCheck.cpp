#include "binding/BindingCheck.h"

#include "verify/Findings.h"

#include <algorithm>

namespace tokenscope::Binding {

QString outcomeName(BindingCheck::Outcome outcome)
{
    // Machine names for --json: never translated.
    switch (outcome) {
    case BindingCheck::Outcome::Passed:
        return QStringLiteral("pass");
    case BindingCheck::Outcome::Failed:
        return QStringLiteral("fail");
    case BindingCheck::Outcome::NotChecked:
        return QStringLiteral("not_checked");
    }
    return QStringLiteral("not_checked");
}

BindingCheck passed(const QString &check, const QString &message)
{
    return {check, BindingCheck::Outcome::Passed, {}, message};
}

BindingCheck failed(const QString &check, const QString &reason, const QString &message)
{
    return {check, BindingCheck::Outcome::Failed, reason, message};
}

BindingCheck notChecked(const QString &check, const QString &message)
{
    return {check, BindingCheck::Outcome::NotChecked, {}, message};
}

bool allPassed(const BindingChecks &checks)
{
    return std::none_of(checks.begin(), checks.end(),
                        [](const BindingCheck &check) { return check.outcome == BindingCheck::Outcome::Failed; });
}

Findings findings(const BindingChecks &checks)
{
    Findings result;
    for (const BindingCheck &check : checks) {
        if (check.outcome == BindingCheck::Outcome::Failed)
            result.append(FindingsCatalogue::make(check.reason, check.message));
    }
    return result;
}

} // namespace tokenscope::Binding
