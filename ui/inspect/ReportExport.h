#pragma once

#include "report/RedactedReport.h"

#include <QString>

namespace tokenscope {

// Writes a token's redacted report (core/report/RedactedReport: no signature, personal claims masked, no key
// material) to a file the user picked, in the format its name asks for.
namespace ReportExport {

// The save dialog's filters, Markdown first; `formatForFilter` maps one back.
[[nodiscard]] QString fileFilters();
[[nodiscard]] RedactedReport::Format formatForFilter(const QString &filter);
// ".md"/".markdown", ".json", ".html"/".htm"; anything else: `fallback`.
[[nodiscard]] RedactedReport::Format formatForPath(const QString &path, RedactedReport::Format fallback);
// `path` with the format's suffix when it has none.
[[nodiscard]] QString withSuffix(const QString &path, RedactedReport::Format format);

// Writes atomically (QSaveFile); the error message, empty on success.
[[nodiscard]] QString write(const QString &path, const DecodedToken &token, const Findings &findings, qint64 nowSeconds,
                            RedactedReport::Format format);

} // namespace ReportExport
} // namespace tokenscope
