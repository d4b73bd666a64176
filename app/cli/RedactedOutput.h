#pragma once

#include "jose/CompactToken.h"
#include "verify/Finding.h"

#include <QCommandLineParser>

// decode --redacted: the options and the output of a token report to share (RedactedReport).
namespace tokenscope::cli {

void addRedactionOptions(QCommandLineParser &parser);
// Prints the redacted report when --redacted was given and returns the exit code; -1 when it was not.
[[nodiscard]] int printRedactedIfAsked(const QCommandLineParser &parser, const DecodedToken &token,
                                       const Findings &findings, qint64 nowSeconds);

} // namespace tokenscope::cli
