#pragma once

#include "crypto/Key.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace tokenscope {

// What the key parser found in PEM, JWK or JWKS text: the usable keys, the skipped ones, or why none was usable.
struct KeyParseResult
{
    KeySet keys;
    // Keys of a JWKS that could not be used, with why ("key 3 (kid "x"): unsupported kty "RSA-OAEP""); the good
    // keys of the set are still returned.
    QStringList skipped;
    // The kid of each skipped key (empty when it had none), parallel to `skipped`: a verifier choosing a key by
    // kid must treat a kid that also names an unusable key as ambiguous (Wycheproof json_web_key tcId 4).
    QStringList skippedKids;
    QString error; // set when nothing usable was found: "PEM: truncated base64 at line 4", "JWK: missing member "n""
    explicit operator bool() const { return !keys.isEmpty(); }
};

namespace KeyParser {

// Detects the format: PEM (SPKI public key, PKCS#1/PKCS#8/SEC1 private key: its public half is kept as well as the
// private key, X.509 certificate: its public key), a JWK, or a JWKS {"keys":[…]}. `source` is recorded on each key.
[[nodiscard]] KeyParseResult parse(QByteArrayView data, const QString &source);
[[nodiscard]] KeyParseResult parseJwk(QByteArrayView json, const QString &source);
[[nodiscard]] KeyParseResult parseJwks(QByteArrayView json, const QString &source);
[[nodiscard]] KeyParseResult parsePem(QByteArrayView pem, const QString &source);
// An HMAC secret given as raw bytes (text or decoded base64).
[[nodiscard]] Key secretKey(QByteArrayView secret, const QString &source);
// An HMAC secret written as base64url or base64 (padding optional, surrounding whitespace ignored), the way
// secrets are usually shared; nullopt when the text is neither.
[[nodiscard]] std::optional<SecureBytes> decodeBase64Secret(QByteArrayView text);

} // namespace KeyParser
} // namespace tokenscope
