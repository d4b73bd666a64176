#pragma once

#include "verify/Finding.h"

#include <QList>
#include <QString>

namespace tokenscope {

// One line of a binding verdict: a check on a DPoP proof (RFC 9449 §4.3), an OpenID Connect hash (at_hash, c_hash,
// s_hash) or how the tokens of one token response relate. Each check is reported on its own, so a user sees which
// step failed and which were never checked for want of input.
struct BindingCheck
{
    enum class Outcome { Passed, Failed, NotChecked };

    QString check; // stable: "dpop_typ", "dpop_htu", "at_hash", "response_iss", …
    Outcome outcome = Outcome::NotChecked;
    QString reason; // stable, when Failed: the findings catalogue id ("dpop_htu_mismatch"); empty otherwise
    QString message; // translated, one line, with the values compared
};

using BindingChecks = QList<BindingCheck>;

namespace Binding {
[[nodiscard]] QString outcomeName(BindingCheck::Outcome outcome); // "pass", "fail", "not_checked"
[[nodiscard]] BindingCheck passed(const QString &check, const QString &message);
[[nodiscard]] BindingCheck failed(const QString &check, const QString &reason, const QString &message);
[[nodiscard]] BindingCheck notChecked(const QString &check, const QString &message);
// True when no check failed.
[[nodiscard]] bool allPassed(const BindingChecks &checks);
// The catalogue finding of each failed check (same id as its reason).
[[nodiscard]] Findings findings(const BindingChecks &checks);
} // namespace Binding

} // namespace tokenscope
