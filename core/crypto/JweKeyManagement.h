#pragma once

#include "crypto/JweAlgorithm.h"
#include "crypto/Key.h"
#include "crypto/SecureBytes.h"

#include <QByteArrayView>

#include <optional>

namespace tokenscope::JweKeyManagement {

// What RFC 7518 §4 needs, besides the recipient's key, to recover a content encryption key (CEK). The header
// members are already decoded and their sizes checked by the caller.
struct ContentKeyInputs
{
    KeyManagement algorithm = KeyManagement::Direct;
    ContentEncryption encryption = ContentEncryption::A128Gcm;
    QByteArrayView encryptedKey;
    QByteArrayView wrapIv; // A*GCMKW: header "iv" (§4.7.1.1)
    QByteArrayView wrapTag; // A*GCMKW: header "tag" (§4.7.1.2)
    const Key *ephemeralKey = nullptr; // ECDH-ES*: header "epk" (§4.6.1.1)
    QByteArrayView partyUInfo; // ECDH-ES*: header "apu"
    QByteArrayView partyVInfo; // ECDH-ES*: header "apv"
    QByteArrayView passwordSalt; // PBES2: header "p2s" (§4.8.1.1)
    quint64 iterations = 0; // PBES2: header "p2c" (§4.8.1.2), already capped by the caller
};

// The CEK for `inputs` with `key` (which fits the algorithm: RSA private key, oct secret, EC/X25519/X448 private
// key), or nullopt. Every failure is the same bare nullopt (RFC 7516 §11.5: no oracle): a wrong key, bad padding,
// a failed unwrap integrity check and an ephemeral point OpenSSL refuses all look alike. For RSA1_5 a bad padding
// yields a random CEK instead (RFC 3218 §2.3.2), so that case fails later, at the content tag, like any other.
[[nodiscard]] std::optional<SecureBytes> recoverContentKey(const Key &key, const ContentKeyInputs &inputs);

} // namespace tokenscope::JweKeyManagement
