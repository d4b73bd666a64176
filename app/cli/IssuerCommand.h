#pragma once

#include <QStringList>

namespace tokenscope::cli {
// tokenscope-cli issuer serve [--config FILE] [--port N] [--db FILE] [--preset NAME] [--host 127.0.0.1] [--verbose]
//                            [--fixed-time TIME]
//                     tokenscope-cli issuer faults URL [--set JSON | --clear]
int runIssuer(const QStringList &arguments);
int runIssuerFaults(const QStringList &arguments);
} // namespace tokenscope::cli
