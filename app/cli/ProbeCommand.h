#pragma once

#include <QStringList>

namespace tokenscope::cli {
// tokenscope-cli probe --issuer URL --client-id ID [--client-secret S] [--username U --password P |
//                      --refresh-token T] [--scope S] [--pause SECONDS] [--timeout MS] [--json] [--ca-file F]
//                      [--allow-insecure]
int runProbe(const QStringList &arguments);
} // namespace tokenscope::cli
