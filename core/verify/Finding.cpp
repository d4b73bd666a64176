#include "verify/Finding.h"

namespace tokenscope {

QString severityName(Finding::Severity severity)
{
    // Machine names: scripts and the JSON report match on them, so they are never translated.
    switch (severity) {
    case Finding::Severity::Info:
        return QStringLiteral("info");
    case Finding::Severity::Warning:
        return QStringLiteral("warning");
    case Finding::Severity::High:
        return QStringLiteral("high");
    }
    return QStringLiteral("info");
}

} // namespace tokenscope
