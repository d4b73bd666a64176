#pragma once

#include <QStringList>

// One function per tokenscope-cli command. `arguments` starts with the program name followed by the command.
namespace tokenscope::cli {
int runDecode(const QStringList &arguments);
int runVerify(const QStringList &arguments);
int runSign(const QStringList &arguments);
int runKeygen(const QStringList &arguments);
int runJwks(const QStringList &arguments);
int runBench(const QStringList &arguments);
int runScan(const QStringList &arguments);
int runDiff(const QStringList &arguments);
} // namespace tokenscope::cli
