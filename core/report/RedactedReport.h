#pragma once

#include "jose/CompactToken.h"
#include "verify/Finding.h"

#include <QByteArray>
#include <QStringList>

namespace tokenscope {

// A token's report to share without sharing the token: header, claims, times and findings, with the signature
// removed, personal claims masked and key material left out, and a line saying it was redacted and cannot be
// verified. Markdown (tickets, chat), JSON (tools) or HTML (mail, wikis).
namespace RedactedReport {

enum class Format { Markdown, Json, Html };

// What a redacted report masks beyond the defaults, what it shows after all, and its format.
struct Options
{
    QStringList mask; // claims masked on top of the defaults
    QStringList unmask; // default claims shown after all
    Format format = Format::Markdown;
};

// sub, email, the name claims, phone, address, sid (OpenID Connect Core §5.1), and what can carry keys or secrets.
[[nodiscard]] const QStringList &defaultMasked();
// The claims `options` masks, in the order given: defaults minus unmask, plus mask.
[[nodiscard]] QStringList maskedClaims(const Options &options);

[[nodiscard]] QByteArray render(const DecodedToken &token, const Findings &findings, qint64 nowSeconds,
                                const Options &options);

} // namespace RedactedReport
} // namespace tokenscope
