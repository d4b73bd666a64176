#include "crypto/JweKeyManagement.h"

#include "crypto/JweCipher.h"
#include "crypto/KeyData.h"
#include "crypto/OpenSsl.h"

#include <openssl/core_names.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

namespace tokenscope::JweKeyManagement {

namespace {

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

// RSA decryption with the given OSSL_PARAM padding settings; `output` holds the modulus size on entry.
bool rsaDecrypt(EVP_PKEY *privateKey, const OSSL_PARAM *parameters, QByteArrayView input, SecureBytes &output,
                size_t *written)
{
    OpenSsl::PkeyContextPointer context(EVP_PKEY_CTX_new_from_pkey(nullptr, privateKey, nullptr));
    *written = size_t(output.size());
    const bool ok = context && EVP_PKEY_decrypt_init_ex(context.get(), parameters) == 1
        && EVP_PKEY_decrypt(context.get(), output.mutableData(), written, bytes(input), size_t(input.size())) == 1;
    OpenSsl::clearErrors();
    return ok;
}

// 32-bit big-endian length followed by the data (RFC 7518 §4.6.2, "Datalen || Data").
void appendLengthPrefixed(QByteArray &out, QByteArrayView data)
{
    const quint32 length = quint32(data.size());
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(char((length >> shift) & 0xff));
    out.append(data);
}

std::optional<SecureBytes> deriveKey(const char *kdfName, OSSL_PARAM *parameters, int keySize)
{
    OpenSsl::KdfPointer kdf(EVP_KDF_fetch(nullptr, kdfName, nullptr));
    OpenSsl::KdfContextPointer context(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
    SecureBytes key = SecureBytes::withSize(keySize);
    if (!context || EVP_KDF_derive(context.get(), key.mutableData(), size_t(keySize), parameters) != 1) {
        OpenSsl::clearErrors();
        return std::nullopt;
    }
    return key;
}

// RSAES-OAEP with SHA-1 (RSA-OAEP) or SHA-256 and MGF1 with the same hash (RSA-OAEP-256), RFC 7518 §4.3.
std::optional<SecureBytes> rsaOaepDecrypt(EVP_PKEY *privateKey, KeyManagement algorithm, QByteArrayView encryptedKey)
{
    char *digest = const_cast<char *>(algorithm == KeyManagement::RsaOaep256 ? "SHA256" : "SHA1");
    const OSSL_PARAM parameters[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE,
                                         const_cast<char *>(OSSL_PKEY_RSA_PAD_MODE_OAEP), 0),
        OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_OAEP_DIGEST, digest, 0),
        OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_MGF1_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    SecureBytes output = SecureBytes::withSize(EVP_PKEY_get_size(privateKey));
    size_t written = 0;
    if (!rsaDecrypt(privateKey, parameters, encryptedKey, output, &written))
        return std::nullopt;
    output.truncate(qsizetype(written));
    return output;
}

// RSAES-PKCS1-v1_5 (RSA1_5, RFC 7518 §4.2) with the RFC 3218 §2.3.2 countermeasure RFC 7516 §11.5 asks for: when
// the padding is wrong or the key is not `cekSize` bytes, a random key of that size is used instead, chosen without
// a branch, so the content decryption fails exactly as it would with any other wrong key.
SecureBytes rsa1_5DecryptOrRandom(EVP_PKEY *privateKey, QByteArrayView encryptedKey, int cekSize)
{
    // RFC 3218 §2.3.2: make the random key first, whatever happens next.
    SecureBytes randomKey = SecureBytes::withSize(cekSize);
    if (RAND_priv_bytes_ex(nullptr, randomKey.mutableData(), size_t(cekSize), 0) != 1)
        OpenSsl::clearErrors(); // without randomness the zero key still fails the content decryption
    const OSSL_PARAM parameters[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE,
                                         const_cast<char *>(OSSL_PKEY_RSA_PAD_MODE_PKCSV15), 0),
        OSSL_PARAM_construct_end(),
    };
    const int modulusSize = EVP_PKEY_get_size(privateKey);
    SecureBytes decrypted = SecureBytes::withSize(qMax(modulusSize, cekSize));
    size_t written = 0;
    const bool decryptedOk = rsaDecrypt(privateKey, parameters, encryptedKey, decrypted, &written);
    // Select without branching on the outcome: mask is all ones when the decrypted key is usable.
    const unsigned int good = unsigned(decryptedOk) & unsigned(written == size_t(cekSize));
    const unsigned char mask = static_cast<unsigned char>(0u - good);
    SecureBytes cek = SecureBytes::withSize(cekSize);
    for (int index = 0; index < cekSize; ++index) {
        cek.mutableData()[index] = static_cast<unsigned char>(
            (decrypted.data()[index] & mask) | (randomKey.data()[index] & static_cast<unsigned char>(~mask)));
    }
    return cek;
}

// The ECDH shared secret Z (EC P-256/384/521, X25519, X448). OpenSSL checks the peer's point (on the curve, not the
// identity) and refuses an all-zero X25519/X448 result.
std::optional<SecureBytes> agree(EVP_PKEY *privateKey, EVP_PKEY *peerKey)
{
    OpenSsl::PkeyContextPointer context(EVP_PKEY_CTX_new_from_pkey(nullptr, privateKey, nullptr));
    size_t size = 0;
    // validate_peer = 1: the peer's public key is checked (RFC 7516 §11.5, invalid-curve attacks).
    if (!context || EVP_PKEY_derive_init(context.get()) != 1
        || EVP_PKEY_derive_set_peer_ex(context.get(), peerKey, 1) != 1
        || EVP_PKEY_derive(context.get(), nullptr, &size) != 1 || size == 0) {
        OpenSsl::clearErrors();
        return std::nullopt;
    }
    SecureBytes secret = SecureBytes::withSize(qsizetype(size));
    if (EVP_PKEY_derive(context.get(), secret.mutableData(), &size) != 1) {
        OpenSsl::clearErrors();
        return std::nullopt;
    }
    secret.truncate(qsizetype(size));
    return secret;
}

// RFC 7518 §4.6.2: the Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256 is OpenSSL's single-step KDF ("SSKDF",
// SP 800-56C §4.1 option 1: H(counter || Z || FixedInfo)); X963KDF puts the counter after Z and does not fit.
std::optional<SecureBytes> concatKdf(const SecureBytes &sharedSecret, QByteArrayView algorithmId,
                                     QByteArrayView partyUInfo, QByteArrayView partyVInfo, int keySize)
{
    QByteArray otherInfo;
    appendLengthPrefixed(otherInfo, algorithmId);
    appendLengthPrefixed(otherInfo, partyUInfo);
    appendLengthPrefixed(otherInfo, partyVInfo);
    // SuppPubInfo: keydatalen in bits as a 32-bit big-endian integer; SuppPrivInfo is empty.
    const quint32 bits = quint32(keySize) * 8;
    for (int shift = 24; shift >= 0; shift -= 8)
        otherInfo.append(char((bits >> shift) & 0xff));
    OSSL_PARAM parameters[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char *>("SHA256"), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<unsigned char *>(sharedSecret.data()),
                                          size_t(sharedSecret.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, otherInfo.data(), size_t(otherInfo.size())),
        OSSL_PARAM_construct_end(),
    };
    return deriveKey("SSKDF", parameters, keySize);
}

// RFC 7518 §4.8.1.1: PBKDF2 with HMAC-SHA-256/384/512, salt = UTF8(alg) || 0x00 || p2s.
std::optional<SecureBytes> pbkdf2(KeyManagement algorithm, QByteArrayView password, QByteArrayView saltInput,
                                  quint64 iterations)
{
    const char *digest = JweAlgorithms::passwordDigest(algorithm);
    const int keySize = JweAlgorithms::wrapKeySize(algorithm);
    if (*digest == '\0' || keySize == 0)
        return std::nullopt;
    QByteArray salt = JweAlgorithms::name(algorithm).toUtf8();
    salt.append('\0');
    salt.append(saltInput);
    uint64_t iterationCount = iterations;
    // pkcs5 = 1 turns off OpenSSL's SP 800-132 lower bounds: RFC 7518 sets its own (checked by the caller).
    int noLowerBounds = 1;
    OSSL_PARAM parameters[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char *>(digest), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, const_cast<char *>(password.data()),
                                          size_t(password.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt.data(), size_t(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iterationCount),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &noLowerBounds),
        OSSL_PARAM_construct_end(),
    };
    return deriveKey("PBKDF2", parameters, keySize);
}

} // namespace

std::optional<SecureBytes> recoverContentKey(const Key &key, const ContentKeyInputs &inputs)
{
    const KeyData *data = key.data();
    if (!data)
        return std::nullopt;
    const KeyManagement algorithm = inputs.algorithm;
    const int cekSize = JweAlgorithms::keySize(inputs.encryption);
    const int wrapKeySize = JweAlgorithms::wrapKeySize(algorithm);
    switch (JweAlgorithms::mode(algorithm)) {
    case KeyManagementMode::RsaEncryption:
        if (!data->pkey || !data->hasPrivate)
            return std::nullopt;
        if (algorithm == KeyManagement::Rsa1_5)
            return rsa1_5DecryptOrRandom(data->pkey.get(), inputs.encryptedKey, cekSize);
        return rsaOaepDecrypt(data->pkey.get(), algorithm, inputs.encryptedKey);
    case KeyManagementMode::AesKeyWrap:
        return JweCipher::aesKeyUnwrap(data->secret.view(), inputs.encryptedKey);
    case KeyManagementMode::Direct:
        return data->secret;
    case KeyManagementMode::AesGcmKeyWrap:
        // RFC 7518 §4.7: the CEK is the GCM ciphertext under the key, with no additional authenticated data.
        return JweCipher::aesGcmDecrypt(data->secret.view(), inputs.wrapIv, {}, inputs.encryptedKey, inputs.wrapTag);
    case KeyManagementMode::Password: {
        const std::optional<SecureBytes> wrapKey
            = pbkdf2(algorithm, data->secret.view(), inputs.passwordSalt, inputs.iterations);
        if (!wrapKey)
            return std::nullopt;
        return JweCipher::aesKeyUnwrap(wrapKey->view(), inputs.encryptedKey);
    }
    case KeyManagementMode::KeyAgreement:
    case KeyManagementMode::KeyAgreementWithKeyWrap: {
        const KeyData *ephemeral = inputs.ephemeralKey ? inputs.ephemeralKey->data() : nullptr;
        if (!data->pkey || !data->hasPrivate || !ephemeral || !ephemeral->pkey || ephemeral->curve != data->curve)
            return std::nullopt;
        const std::optional<SecureBytes> sharedSecret = agree(data->pkey.get(), ephemeral->pkey.get());
        if (!sharedSecret)
            return std::nullopt;
        // §4.6.2: AlgorithmID is "enc" for direct agreement (the result is the CEK), "alg" with key wrapping.
        const bool direct = JweAlgorithms::mode(algorithm) == KeyManagementMode::KeyAgreement;
        const QByteArray algorithmId
            = (direct ? JweAlgorithms::name(inputs.encryption) : JweAlgorithms::name(algorithm)).toUtf8();
        const std::optional<SecureBytes> derived = concatKdf(*sharedSecret, algorithmId, inputs.partyUInfo,
                                                             inputs.partyVInfo, direct ? cekSize : wrapKeySize);
        if (!derived || direct)
            return derived;
        return JweCipher::aesKeyUnwrap(derived->view(), inputs.encryptedKey);
    }
    }
    return std::nullopt;
}

} // namespace tokenscope::JweKeyManagement
