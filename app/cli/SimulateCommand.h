#pragma once

#include <QStringList>

namespace tokenscope::cli {
// tokenscope-cli simulate [SCENARIO] [--scenario FILE|NAME] [--variant NAME] [--preset NAME] [--seed N] [--until 30d]
//                         [--clients N] [--json] [--events] [--stats] [--list]
int runSimulate(const QStringList &arguments);
} // namespace tokenscope::cli
