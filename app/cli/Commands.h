#pragma once

#include "CliSupport.h"
#include "jose/CompactToken.h"
#include "verify/Finding.h"
#include "verify/TokenVerifier.h"

#include <QStringList>

// One function per tokenscope-cli command. `arguments` starts with the program name followed by the command.
namespace tokenscope::cli {
int runDecode(const QStringList &arguments);
int runVerify(const QStringList &arguments);
int runSign(const QStringList &arguments);
int runKeygen(const QStringList &arguments);
int runJwks(const QStringList &arguments);
int runBench(const QStringList &arguments);
int runDecrypt(const QStringList &arguments);

// What decode and decrypt read before any key or token work: --now, --index and the token text. On a usage error
// the message is printed and exitCode is set.
struct TokenInput
{
    std::optional<qint64> now;
    int index = 0; // 0-based
    ReadResult input;
    int exitCode = -1;
};
[[nodiscard]] TokenInput readTokenInput(const QCommandLineParser &parser, const QCommandLineOption &indexOption);

// The human-readable form of `decode`: kind, header, payload, times and findings (decrypt shows nested tokens so).
[[nodiscard]] QString describeToken(const DecodedToken &token, const Findings &findings, qint64 nowSeconds);
// One line per finding: "  [high] dpop_htu_mismatch: …".
[[nodiscard]] QString describeFindings(const Findings &findings);
// verify's verdict for people: "valid: …" with the key, or "invalid (reason): …" with every key tried.
[[nodiscard]] QString describeVerdict(const VerificationResult &result);
int runScan(const QStringList &arguments);
int runDiff(const QStringList &arguments);
int runDpop(const QStringList &arguments);
} // namespace tokenscope::cli
