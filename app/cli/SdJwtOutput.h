#pragma once

#include "CliSupport.h"
#include "crypto/Key.h"
#include "jose/SdJwt.h"
#include "verify/KeyBindingVerifier.h"
#include "verify/VerificationPolicy.h"

#include <QCommandLineParser>

// decode and verify of an SD-JWT (RFC 9901): the key-binding options and the SD-JWT's output, text or --json.
namespace tokenscope::cli {

// --require-kb, --kb-nonce, --kb-aud, --kb-max-age (verify only).
void addKeyBindingOptions(QCommandLineParser &parser);
// The key-binding policy from those options (defaults when a command does not have them); nullopt after printing a
// usage error.
[[nodiscard]] std::optional<KeyBindingPolicy> keyBindingPolicy(const QCommandLineParser &parser, const Clock *clock);

// Parses the SD-JWT in `picked` for decode; on failure prints the error (naming a bad Disclosure by position) and
// returns nullopt.
[[nodiscard]] std::optional<SdJwt> parseSdJwtForDecode(const PickedToken &picked, bool json);

// decode: the issuer-signed JWT as decode shows any token, then Disclosures, processed claims and key binding.
int printSdJwtDecode(const SdJwt &sdJwt, const PickedToken &picked, const KeyBindingPolicy &policy, qint64 nowSeconds,
                     bool json);
// verify: the issuer's signature with `keys`, the Disclosures and the key binding; exit code as verify's.
// `discoveredJwksUrl` (OIDC discovery's jwks_uri, or empty) is for the attack findings, as for any token.
int printSdJwtVerification(const SdJwt &sdJwt, const KeySet &keys, const QUrl &discoveredJwksUrl,
                           const VerificationPolicy &policy, const KeyBindingPolicy &keyBindingPolicy,
                           qint64 nowSeconds, bool json);

} // namespace tokenscope::cli
