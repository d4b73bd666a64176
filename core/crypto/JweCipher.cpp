#include "crypto/JweCipher.h"

#include "crypto/KeyData.h"
#include "crypto/OpenSsl.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include <array>

namespace tokenscope::JweCipher {

namespace {

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

// OpenSSL names of AES in `mode` for a key of `keySize` bytes; nullptr for sizes AES does not have.
const char *aesName(qsizetype keySize, const char *const (&names)[3])
{
    switch (keySize) {
    case 16:
        return names[0];
    case 24:
        return names[1];
    case 32:
        return names[2];
    default:
        return nullptr;
    }
}

constexpr const char *gcmNames[3] = {"AES-128-GCM", "AES-192-GCM", "AES-256-GCM"};
constexpr const char *cbcNames[3] = {"AES-128-CBC", "AES-192-CBC", "AES-256-CBC"};
constexpr const char *wrapNames[3] = {"AES-128-WRAP", "AES-192-WRAP", "AES-256-WRAP"};

// Runs a cipher context that is already initialised over `input`; the output is at most input + one block.
std::optional<SecureBytes> finishDecryption(EVP_CIPHER_CTX *context, QByteArrayView input)
{
    SecureBytes output = SecureBytes::withSize(input.size() + 16);
    int written = 0;
    if (!input.isEmpty()
        && EVP_DecryptUpdate(context, output.mutableData(), &written, bytes(input), int(input.size())) != 1) {
        OpenSsl::clearErrors();
        return std::nullopt;
    }
    int finalWritten = 0;
    if (EVP_DecryptFinal_ex(context, output.mutableData() + written, &finalWritten) != 1) {
        OpenSsl::clearErrors();
        return std::nullopt;
    }
    output.truncate(written + finalWritten);
    return output;
}

std::optional<SecureBytes> aesCbcHmacDecrypt(const SecureBytes &cek, QByteArrayView iv, QByteArrayView aad,
                                             QByteArrayView ciphertext, QByteArrayView tag)
{
    const qsizetype half = cek.size() / 2;
    // RFC 7518 §5.2.3–5.2.5: the HMAC hash is as long as the whole CEK (MAC key = its first half).
    const char *digest = Crypto::sha2Name(cek.size());
    if (!digest || tag.size() != half)
        return std::nullopt;
    const QByteArrayView macKey = cek.view().first(half);
    const QByteArrayView encryptionKey = cek.view().sliced(half);

    // RFC 7518 §5.2.2.1 step 4: AL is the AAD length in bits as a 64-bit big-endian integer.
    std::array<unsigned char, 8> aadBits {};
    const quint64 bits = quint64(aad.size()) * 8;
    for (int index = 0; index < 8; ++index)
        aadBits[size_t(index)] = static_cast<unsigned char>(bits >> (56 - 8 * index));

    OpenSsl::MacPointer mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    OpenSsl::MacContextPointer context(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
    const OSSL_PARAM parameters[]
        = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char *>(digest), 0),
           OSSL_PARAM_construct_end()};
    std::array<unsigned char, EVP_MAX_MD_SIZE> full {};
    size_t fullSize = 0;
    if (!context || EVP_MAC_init(context.get(), bytes(macKey), size_t(macKey.size()), parameters) != 1
        || EVP_MAC_update(context.get(), bytes(aad), size_t(aad.size())) != 1
        || EVP_MAC_update(context.get(), bytes(iv), size_t(iv.size())) != 1
        || EVP_MAC_update(context.get(), bytes(ciphertext), size_t(ciphertext.size())) != 1
        || EVP_MAC_update(context.get(), aadBits.data(), aadBits.size()) != 1
        || EVP_MAC_final(context.get(), full.data(), &fullSize, full.size()) != 1 || fullSize < size_t(half)) {
        OpenSsl::clearErrors();
        return std::nullopt;
    }
    // Step 5 of §5.2.2.2: T is the first half of the HMAC, compared in constant time before anything is decrypted.
    const bool tagMatches = CRYPTO_memcmp(full.data(), tag.data(), size_t(half)) == 0;
    OPENSSL_cleanse(full.data(), full.size());
    if (!tagMatches)
        return std::nullopt;

    OpenSsl::CipherPointer cipher(EVP_CIPHER_fetch(nullptr, aesName(encryptionKey.size(), cbcNames), nullptr));
    OpenSsl::CipherContextPointer cipherContext(EVP_CIPHER_CTX_new());
    if (!cipher || !cipherContext
        || EVP_DecryptInit_ex2(cipherContext.get(), cipher.get(), bytes(encryptionKey), bytes(iv), nullptr) != 1) {
        OpenSsl::clearErrors();
        return std::nullopt;
    }
    return finishDecryption(cipherContext.get(), ciphertext);
}

} // namespace

std::optional<SecureBytes> aesGcmDecrypt(QByteArrayView key, QByteArrayView iv, QByteArrayView aad,
                                         QByteArrayView ciphertext, QByteArrayView tag)
{
    const char *name = aesName(key.size(), gcmNames);
    if (!name || tag.size() != 16)
        return std::nullopt;
    OpenSsl::CipherPointer cipher(EVP_CIPHER_fetch(nullptr, name, nullptr));
    OpenSsl::CipherContextPointer context(EVP_CIPHER_CTX_new());
    size_t ivLength = size_t(iv.size());
    const OSSL_PARAM ivParameters[]
        = {OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivLength), OSSL_PARAM_construct_end()};
    OSSL_PARAM tagParameters[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG,
                                                                    const_cast<char *>(tag.data()), size_t(tag.size())),
                                  OSSL_PARAM_construct_end()};
    int aadWritten = 0;
    if (!cipher || !context || EVP_DecryptInit_ex2(context.get(), cipher.get(), nullptr, nullptr, ivParameters) != 1
        || EVP_DecryptInit_ex2(context.get(), nullptr, bytes(key), bytes(iv), nullptr) != 1
        || (!aad.isEmpty() && EVP_DecryptUpdate(context.get(), nullptr, &aadWritten, bytes(aad), int(aad.size())) != 1)
        || EVP_CIPHER_CTX_set_params(context.get(), tagParameters) != 1) {
        OpenSsl::clearErrors();
        return std::nullopt;
    }
    return finishDecryption(context.get(), ciphertext);
}

std::optional<SecureBytes> decryptContent(ContentEncryption algorithm, const SecureBytes &cek, QByteArrayView iv,
                                          QByteArrayView aad, QByteArrayView ciphertext, QByteArrayView tag)
{
    if (cek.size() != JweAlgorithms::keySize(algorithm))
        return std::nullopt;
    if (JweAlgorithms::isGcm(algorithm))
        return aesGcmDecrypt(cek.view(), iv, aad, ciphertext, tag);
    return aesCbcHmacDecrypt(cek, iv, aad, ciphertext, tag);
}

std::optional<SecureBytes> aesKeyUnwrap(QByteArrayView keyEncryptionKey, QByteArrayView wrappedKey)
{
    const char *name = aesName(keyEncryptionKey.size(), wrapNames);
    // RFC 3394 §2: at least two 64-bit blocks of key data plus the integrity block.
    if (!name || wrappedKey.size() < 24 || wrappedKey.size() % 8 != 0)
        return std::nullopt;
    OpenSsl::CipherPointer cipher(EVP_CIPHER_fetch(nullptr, name, nullptr));
    OpenSsl::CipherContextPointer context(EVP_CIPHER_CTX_new());
    if (!cipher || !context)
        return std::nullopt;
    EVP_CIPHER_CTX_set_flags(context.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    if (EVP_DecryptInit_ex2(context.get(), cipher.get(), bytes(keyEncryptionKey), nullptr, nullptr) != 1) {
        OpenSsl::clearErrors();
        return std::nullopt;
    }
    return finishDecryption(context.get(), wrappedKey);
}

} // namespace tokenscope::JweCipher
