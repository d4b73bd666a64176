#pragma once

#include "jose/CompactToken.h"
#include "jose/Json.h"

#include <QCommandLineParser>

#include <optional>

// Decryption for commands other than decrypt: verify takes a decryption key for nested tokens (JWE around a JWS).
namespace tokenscope::cli {

// The --decrypt-key option verify offers.
void addDecryptionKeyOption(QCommandLineParser &parser);

// What decryptNestedToken() gives verify: the JWS inside a JWE and the decryption report, or an exit code.
struct NestedToken
{
    std::optional<DecodedToken> token; // the JWS inside, when decryption worked and it decodes
    JsonValue decryption; // decrypt --json's report, without the content
    int exitCode = -1; // ≥ 0: stop with this code (the error is printed, and the report with --json)
};

// Without --decrypt-key, or for a token that is no JWE: an empty NestedToken (nothing to do). Otherwise decrypts
// `token` with the key file and decodes the content as a token.
[[nodiscard]] NestedToken decryptNestedToken(const QCommandLineParser &parser, const DecodedToken &token, bool json);

} // namespace tokenscope::cli
