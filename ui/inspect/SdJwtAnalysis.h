#pragma once

#include "inspect/PrettyJson.h"
#include "jose/SdJwt.h"
#include "verify/SdJwtVerifier.h"

#include <QList>

namespace tokenscope {

// What the Inspect workspace adds for an SD-JWT (RFC 9901): the processed claims it shows in the payload pane, with
// each disclosed claim marked and tied to its Disclosure.
struct SdJwtAnalysis
{
    SdJwt sdJwt;
    SdJwtInspection inspection; // judged at the analysis time (the key binding's iat window depends on it)
    QList<int> disclosureEntries; // per Disclosure, the payload entry holding its value (-1: referred to by nothing)
};

namespace SdJwtAnalyzer {

// Inspects `sdJwt` at `nowSeconds` and pretty-prints its processed claims into `payload`, marking the entries that
// Disclosures filled ("disclosure 3" after the value) and unlinking them from the issuer-signed payload's bytes,
// which they do not come from.
[[nodiscard]] SdJwtAnalysis analyze(SdJwt sdJwt, qint64 nowSeconds, PrettyJson &payload);
// The inspection again at another time (time travel), keeping everything else.
void rejudge(SdJwtAnalysis &analysis, qint64 nowSeconds);
// The Disclosure whose value entry `entry` is (or lies inside), or -1.
[[nodiscard]] int disclosureAtEntry(const SdJwtAnalysis &analysis, const PrettyJson &payload, int entry);
// The Disclosure whose base64url text holds character `offset` of the SD-JWT, or -1.
[[nodiscard]] int disclosureAtToken(const SdJwtAnalysis &analysis, qsizetype offset);
// What the summary calls it: "SD-JWT", "SD-JWT+KB", "SD-JWT VC" or "SD-JWT VC+KB" (RFC 9901 §4, SD-JWT VC §3.2.1).
[[nodiscard]] QString kindName(const SdJwtAnalysis &analysis);

} // namespace SdJwtAnalyzer
} // namespace tokenscope
