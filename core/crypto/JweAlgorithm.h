#pragma once

#include <QString>

#include <optional>

namespace tokenscope {

// JWE key management algorithms Tokenscope decrypts (RFC 7518 §4.1; RFC 8037 §3.2 adds X25519/X448 to ECDH-ES).
enum class KeyManagement {
    Rsa1_5,
    RsaOaep,
    RsaOaep256,
    A128KW,
    A192KW,
    A256KW,
    Direct,
    EcdhEs,
    EcdhEsA128KW,
    EcdhEsA192KW,
    EcdhEsA256KW,
    A128GcmKW,
    A192GcmKW,
    A256GcmKW,
    Pbes2Hs256A128KW,
    Pbes2Hs384A192KW,
    Pbes2Hs512A256KW,
};

// How the content encryption key is obtained, which decides the key type and the header members needed.
enum class KeyManagementMode {
    RsaEncryption,
    AesKeyWrap,
    Direct,
    KeyAgreement,
    KeyAgreementWithKeyWrap,
    AesGcmKeyWrap,
    Password
};

// JWE content encryption algorithms (RFC 7518 §5.1).
enum class ContentEncryption { A128CbcHs256, A192CbcHs384, A256CbcHs512, A128Gcm, A192Gcm, A256Gcm };

namespace JweAlgorithms {
// Case-sensitive names, as RFC 7516 §4.1.1/§4.1.2 require.
[[nodiscard]] std::optional<KeyManagement> keyManagementFromName(QStringView name);
[[nodiscard]] std::optional<ContentEncryption> contentEncryptionFromName(QStringView name);
[[nodiscard]] QString name(KeyManagement algorithm);
[[nodiscard]] QString name(ContentEncryption algorithm);
[[nodiscard]] KeyManagementMode mode(KeyManagement algorithm);
// The AES key-wrap key size in bytes for A*KW, A*GCMKW, ECDH-ES+A*KW and PBES2-*+A*KW; 0 otherwise.
[[nodiscard]] int wrapKeySize(KeyManagement algorithm);
// PBES2: the PBKDF2 HMAC digest ("SHA256", …); empty otherwise.
[[nodiscard]] const char *passwordDigest(KeyManagement algorithm);

// The content encryption key size in bytes (RFC 7518 §5.2.3–5.2.5, §5.3): 32/48/64 for CBC-HS, 16/24/32 for GCM.
[[nodiscard]] int keySize(ContentEncryption algorithm);
[[nodiscard]] bool isGcm(ContentEncryption algorithm);
// Initialization vector and authentication tag sizes in bytes: 16 and 16/24/32 for CBC-HS, 12 and 16 for GCM.
[[nodiscard]] int ivSize(ContentEncryption algorithm);
[[nodiscard]] int tagSize(ContentEncryption algorithm);
} // namespace JweAlgorithms

} // namespace tokenscope
