#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/Key.h"
#include "jose/Json.h"
#include "jose/TokenExtractor.h"

#include <QByteArray>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

// What every tokenscope-cli command shares: exit codes, input, output, key sources and times.
namespace tokenscope::cli {

// The documented exit codes (README, "Exit codes").
enum ExitCode : int {
    Success = 0, // decoded, verified, signed, generated
    TokenFailure = 1, // the token does not decode or verify
    UsageError = 2, // bad flags, unreadable key or file, bad JSON given on the command line
    NetworkError = 3, // fetching keys failed
};

// Largest input read from a file or standard input: larger tokens and key files are refused, not truncated.
inline constexpr qsizetype maxInputBytes = 16 * 1024 * 1024;

void printOut(const QByteArray &bytes);
void printOut(const QString &text);
void printError(const QString &text); // "tokenscope-cli: " + text + "\n" on stderr

// Every --json run prints exactly one JSON object on standard output, errors included. Commands print their own
// reports; a run that ends in an error without having printed anything on standard output (a usage, input or
// network error) gets {"error": {"code", "message"}, "exit_code"} here, from its last error message. Returns
// `exitCode`.
int finishCommand(const QStringList &arguments, int exitCode);

// Prints a parse error or the help, returning the exit code to use (or -1 when the caller should go on).
int finishParsing(QCommandLineParser &parser, const QStringList &arguments, const QString &command);

// What readFile() and its kin read: the bytes, or why they could not be read (a message for the user).
struct ReadResult
{
    QByteArray bytes;
    QString error;
    explicit operator bool() const { return error.isEmpty(); }
};
// A file's bytes ("-": standard input, which can be read once), read to its end and refused over `maxBytes`.
[[nodiscard]] ReadResult readFile(const QString &path, qsizetype maxBytes = maxInputBytes);
// An option's value, or standard input when the value is "-".
[[nodiscard]] ReadResult readValueOrStandardInput(const QString &value);

// The token text: the positional argument, or standard input when it is "-" or missing.
[[nodiscard]] ReadResult readTokenArgument(const QStringList &positional);

// The token picked out of pasted text (decode and verify): the `index`th of those found (0-based).
struct PickedToken
{
    QByteArray token;
    QString error;
    int count = 0; // how many tokens the text holds
    ExtractedToken extracted; // where it was found and what touching it was left out
};
[[nodiscard]] PickedToken pickToken(const QByteArray &input, int index);

// Which key source options a command offers: files and secrets, and for commands that may fetch keys, the network.
enum class KeySources { LocalOnly, LocalAndNetwork };

// Key source options shared by verify, sign, jwks and bench.
void addKeySourceOptions(QCommandLineParser &parser, KeySources sources);

// What loadKeys() found: the keys and the skipped ones, or why none could be used and the exit code to stop with.
struct KeyLoadResult
{
    KeySet keys;
    QStringList skipped;
    QString error;
    int exitCode = Success;
    int sourceCount = 0;
    QUrl discoveredJwksUrl; // the issuer's jwks_uri when the keys came through --issuer (OIDC discovery)
    explicit operator bool() const { return exitCode == Success; }
};
// Whether a command can use public keys, or needs a private key (or an HMAC secret) to sign with.
enum class PrivateKey { Optional, Required };

// Loads the keys named by exactly one key source option; `--jwks-url` and `--issuer` fetch over the network.
[[nodiscard]] KeyLoadResult loadKeys(const QCommandLineParser &parser, PrivateKey privateKey);

// "now", "+15m", "-1h", "+7d", "+2w", "90s" (relative to now), or an absolute NumericDate.
[[nodiscard]] std::optional<qint64> parseTime(const QString &text, qint64 nowSeconds);

// A clock that honours --now when the command has it; "cli.bad_now" when --now is not a NumericDate in range.
[[nodiscard]] Result<qint64> parseNow(const QCommandLineParser &parser);

} // namespace tokenscope::cli
