#pragma once

#include "crypto/JweAlgorithm.h"
#include "crypto/SecureBytes.h"

#include <QByteArrayView>

#include <optional>

namespace tokenscope::JweCipher {

// The symmetric primitives of JWE decryption. Every function answers nullopt for any failure (wrong key, bad tag,
// bad padding, OpenSSL refusing an input) without saying which: RFC 7516 §11.5 asks a decrypter to give an
// attacker no oracle. Sizes are checked by the caller before any of these run.

// RFC 7518 §5.2.2.2 (AES_CBC_HMAC_SHA2: the tag is checked in constant time before any decryption) and §5.3
// (AES GCM). `cek` has JweAlgorithms::keySize(algorithm) bytes.
[[nodiscard]] std::optional<SecureBytes> decryptContent(ContentEncryption algorithm, const SecureBytes &cek,
                                                        QByteArrayView iv, QByteArrayView aad,
                                                        QByteArrayView ciphertext, QByteArrayView tag);

// AES in Galois/Counter Mode with a 16-byte tag (RFC 7518 §5.3 for content, §4.7 for A*GCMKW key wrapping).
[[nodiscard]] std::optional<SecureBytes> aesGcmDecrypt(QByteArrayView key, QByteArrayView iv, QByteArrayView aad,
                                                       QByteArrayView ciphertext, QByteArrayView tag);

// RFC 3394 AES Key Unwrap with the default initial value (RFC 7518 §4.4), OpenSSL's "id-aesNNN-wrap".
[[nodiscard]] std::optional<SecureBytes> aesKeyUnwrap(QByteArrayView keyEncryptionKey, QByteArrayView wrappedKey);

} // namespace tokenscope::JweCipher
