#pragma once

#include "binding/BindingCheck.h"
#include "binding/BundleChecks.h"
#include "jose/Json.h"

namespace tokenscope {

// Machine-readable binding verdicts: the `--json` output of `tokenscope-cli dpop`, and the `checks` and `tokens`
// of `decode`/`verify` on a token response, redirect URL or request.
namespace BindingReport {

// [{check, result: "pass"|"fail"|"not_checked", reason, message}], reason null unless failed.
[[nodiscard]] JsonValue checksArray(const BindingChecks &checks);
// The first failed check's reason, or "valid".
[[nodiscard]] QString firstReason(const BindingChecks &checks);
// The tokens of a bundle without their reports: [{role, opaque, length}].
[[nodiscard]] JsonValue tokenSummary(const BundleToken &token);

} // namespace BindingReport
} // namespace tokenscope
