#pragma once

#include "jose/Json.h"
#include "verify/JweDecryptor.h"

namespace tokenscope::JweReport {

// Whether the decrypted content goes into the report: `decrypt --json` shows it, `verify --decrypt-key --json`
// reports the nested token's header and payload instead.
enum class Content { Include, Omit };

// {valid, reason, message, alg, enc, kid, key, plaintext, plaintext_base64url, nested, findings}. `plaintext` is the
// content as UTF-8 text (null when it is not valid UTF-8, then `plaintext_base64url` holds the bytes); `nested` is
// the report of the token inside (a nested JWT), or null.
[[nodiscard]] JsonValue decryptionReport(const DecryptionResult &result, Content content, JsonValue nested = {});

} // namespace tokenscope::JweReport
