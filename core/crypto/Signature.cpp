#include "crypto/Signature.h"

#include "crypto/KeyData.h"

#include <QCoreApplication>

#include <openssl/crypto.h>

#include <cstring>

namespace tokenscope::Signature {

namespace {
// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CryptoText
{
    Q_DECLARE_TR_FUNCTIONS(Crypto)
};

bool isPss(Algorithm algorithm)
{
    return algorithm >= Algorithm::PS256 && algorithm <= Algorithm::PS512;
}

// One DER INTEGER (X.690 §8.3) from a big-endian unsigned value: minimal length, a 0x00 in front when the top
// bit is set so the value stays positive.
qsizetype appendInteger(const unsigned char *value, qsizetype length, unsigned char *out)
{
    while (length > 1 && value[0] == 0) {
        ++value;
        --length;
    }
    const bool pad = (value[0] & 0x80) != 0;
    qsizetype written = 0;
    out[written++] = 0x02;
    out[written++] = static_cast<unsigned char>(length + (pad ? 1 : 0));
    if (pad)
        out[written++] = 0;
    std::memcpy(out + written, value, size_t(length));
    return written + length;
}

// ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3) from the JWS R||S form (RFC 7518
// §3.4). `out` holds at least 2 * (half + 3) + 3 bytes. R or S of zero, or not below the order, are left for
// OpenSSL to reject (it checks both ranges).
qsizetype rawToDer(const unsigned char *raw, qsizetype half, unsigned char *out)
{
    unsigned char body[2 * (66 + 3)];
    qsizetype length = appendInteger(raw, half, body);
    length += appendInteger(raw + half, half, body + length);
    qsizetype header = 0;
    out[header++] = 0x30;
    if (length >= 0x80)
        out[header++] = 0x81; // P-521: the body can reach 138 bytes
    out[header++] = static_cast<unsigned char>(length);
    std::memcpy(out + header, body, size_t(length));
    return header + length;
}

// The R||S form from a DER ECDSA-Sig-Value produced by OpenSSL when signing.
QByteArray derToRaw(const unsigned char *der, qsizetype length, int half)
{
    const auto readInteger = [&](qsizetype &offset) -> QByteArray {
        if (offset + 2 > length || der[offset] != 0x02)
            return {};
        const qsizetype size = der[offset + 1];
        offset += 2;
        if (size > 0x7f || offset + size > length)
            return {};
        QByteArray value(reinterpret_cast<const char *>(der + offset), size);
        offset += size;
        while (value.size() > half && value.startsWith('\0'))
            value.remove(0, 1);
        if (value.size() > half)
            return {};
        return QByteArray(half - value.size(), '\0') + value;
    };
    if (length < 2 || der[0] != 0x30)
        return {};
    qsizetype offset = (der[1] & 0x80) ? 2 + (der[1] & 0x7f) : 2;
    const QByteArray r = readInteger(offset);
    const QByteArray s = readInteger(offset);
    if (r.isEmpty() || s.isEmpty())
        return {};
    return r + s;
}

// Contexts reused by each thread, so a verification allocates only what OpenSSL's own copy needs.
struct ThreadContexts
{
    OpenSsl::MdContextPointer digest {EVP_MD_CTX_new()};
    OpenSsl::MacContextPointer mac;
    quint64 macKeyId = 0;
    int macHash = 0;
};

ThreadContexts &threadContexts()
{
    thread_local ThreadContexts contexts;
    return contexts;
}

VerifyResult invalid(const QString &detail)
{
    return {Outcome::Invalid, detail};
}

VerifyResult verifyMac(Algorithm algorithm, const KeyData &data, QByteArrayView signingInput, QByteArrayView signature)
{
    const int hash = Algorithms::hashSize(algorithm);
    if (signature.size() != hash)
        return invalid(CryptoText::tr("the %1 signature is %2 bytes, not %3")
                           .arg(Algorithms::name(algorithm))
                           .arg(signature.size())
                           .arg(hash));
    ThreadContexts &contexts = threadContexts();
    // The keyed context of the last key this thread used is re-initialised in place (no key schedule, no
    // allocation); a different key duplicates the key's prepared template.
    if (!contexts.mac || contexts.macKeyId != data.id || contexts.macHash != hash) {
        const EVP_MAC_CTX *keyed = data.macTemplate(algorithm);
        if (!keyed)
            return invalid(CryptoText::tr("HMAC failed: %1").arg(OpenSsl::takeErrors()));
        contexts.mac.reset(EVP_MAC_CTX_dup(keyed));
        contexts.macKeyId = data.id;
        contexts.macHash = hash;
    } else if (EVP_MAC_init(contexts.mac.get(), nullptr, 0, nullptr) != 1) {
        contexts.mac.reset();
    }
    unsigned char computed[EVP_MAX_MD_SIZE];
    size_t computedLength = 0;
    if (!contexts.mac
        || EVP_MAC_update(contexts.mac.get(), reinterpret_cast<const unsigned char *>(signingInput.data()),
                          size_t(signingInput.size()))
            != 1
        || EVP_MAC_final(contexts.mac.get(), computed, &computedLength, sizeof computed) != 1) {
        contexts.mac.reset();
        return invalid(CryptoText::tr("HMAC failed: %1").arg(OpenSsl::takeErrors()));
    }
    // RFC 7515 §10.7 / RFC 8725 §3.3: compare MACs in constant time.
    if (computedLength != size_t(hash) || CRYPTO_memcmp(computed, signature.data(), computedLength) != 0)
        return invalid(CryptoText::tr("the HMAC does not match"));
    return {Outcome::Valid, {}};
}

VerifyResult verifyPublic(Algorithm algorithm, const KeyData &data, QByteArrayView signingInput,
                          QByteArrayView signature)
{
    const auto *toVerify = reinterpret_cast<const unsigned char *>(signature.data());
    size_t toVerifyLength = size_t(signature.size());
    unsigned char der[2 * (66 + 3) + 3];
    switch (Algorithms::family(algorithm)) {
    case KeyFamily::Ec:
        // RFC 7518 §3.4: exactly R||S, each as long as the field; DER or any other length is not a JWS signature.
        if (signature.size() != 2 * data.fieldSize)
            return invalid(CryptoText::tr("the %1 signature is %2 bytes, not %3")
                               .arg(Algorithms::name(algorithm))
                               .arg(signature.size())
                               .arg(2 * data.fieldSize));
        toVerifyLength = size_t(rawToDer(toVerify, data.fieldSize, der));
        toVerify = der;
        break;
    case KeyFamily::Rsa: {
        // RFC 8017 §8.1.2 / §8.2.2 step 1: the signature is exactly as long as the modulus.
        const int modulusBytes = (data.bits + 7) / 8;
        if (signature.size() != modulusBytes)
            return invalid(CryptoText::tr("the %1 signature is %2 bytes, the key's modulus %3")
                               .arg(Algorithms::name(algorithm))
                               .arg(signature.size())
                               .arg(modulusBytes));
        break;
    }
    case KeyFamily::Okp:
    case KeyFamily::Hmac:
        break;
    }

    EVP_MD_CTX *context = threadContexts().digest.get();
    if (!context)
        return invalid(CryptoText::tr("out of memory"));
    if (const EVP_MD_CTX *prepared = data.verifyTemplate(algorithm)) {
        // Copying the initialised context skips the per-call fetch and init (a quarter of an RSA verify).
        if (EVP_MD_CTX_copy_ex(context, prepared) != 1)
            return invalid(CryptoText::tr("cannot verify: %1").arg(OpenSsl::takeErrors()));
        // The copy is used once: let Final work in place instead of duplicating the state again.
        EVP_MD_CTX_set_flags(context, EVP_MD_CTX_FLAG_FINALISE);
    } else {
        EVP_MD_CTX_reset(context);
        EVP_PKEY_CTX *keyContext = nullptr;
        const EVP_MD *md = Algorithms::family(algorithm) == KeyFamily::Okp ? nullptr : Crypto::digest(algorithm);
        if (EVP_DigestVerifyInit(context, &keyContext, md, nullptr, data.pkey.get()) != 1
            || (isPss(algorithm) && !Crypto::configurePss(keyContext, algorithm)))
            return invalid(CryptoText::tr("cannot verify: %1").arg(OpenSsl::takeErrors()));
    }
    const int verified
        = EVP_DigestVerify(context, toVerify, toVerifyLength,
                           reinterpret_cast<const unsigned char *>(signingInput.data()), size_t(signingInput.size()));
    if (verified != 1) {
        OpenSsl::clearErrors();
        return invalid(CryptoText::tr("the signature does not verify with this key"));
    }
    return {Outcome::Valid, {}};
}
} // namespace

VerifyResult verify(Algorithm algorithm, const Key &key, QByteArrayView signingInput, QByteArrayView signature)
{
    QString why;
    if (!key.fits(algorithm, &why))
        return {Outcome::KeyMismatch, why};
    const KeyData &data = *key.data();
    if (Algorithms::family(algorithm) == KeyFamily::Hmac)
        return verifyMac(algorithm, data, signingInput, signature);
    return verifyPublic(algorithm, data, signingInput, signature);
}

SignResult sign(Algorithm algorithm, const Key &key, QByteArrayView signingInput)
{
    SignResult result;
    QString why;
    if (!key.fits(algorithm, &why, Key::Operation::Sign)) {
        result.error = why;
        return result;
    }
    const KeyData &data = *key.data();
    const auto *input = reinterpret_cast<const unsigned char *>(signingInput.data());
    if (Algorithms::family(algorithm) == KeyFamily::Hmac) {
        const EVP_MAC_CTX *keyed = data.macTemplate(algorithm);
        OpenSsl::MacContextPointer context(keyed ? EVP_MAC_CTX_dup(keyed) : nullptr);
        unsigned char mac[EVP_MAX_MD_SIZE];
        size_t length = 0;
        if (!context || EVP_MAC_update(context.get(), input, size_t(signingInput.size())) != 1
            || EVP_MAC_final(context.get(), mac, &length, sizeof mac) != 1) {
            result.error = CryptoText::tr("HMAC failed: %1").arg(OpenSsl::takeErrors());
            return result;
        }
        result.signature = QByteArray(reinterpret_cast<const char *>(mac), qsizetype(length));
        return result;
    }

    OpenSsl::MdContextPointer context(EVP_MD_CTX_new());
    EVP_PKEY_CTX *keyContext = nullptr;
    const EVP_MD *md = Algorithms::family(algorithm) == KeyFamily::Okp ? nullptr : Crypto::digest(algorithm);
    size_t length = 0;
    if (!context || EVP_DigestSignInit(context.get(), &keyContext, md, nullptr, data.pkey.get()) != 1
        || (isPss(algorithm) && !Crypto::configurePss(keyContext, algorithm))
        || EVP_DigestSign(context.get(), nullptr, &length, input, size_t(signingInput.size())) != 1) {
        result.error = CryptoText::tr("cannot sign: %1").arg(OpenSsl::takeErrors());
        return result;
    }
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length, input,
                       size_t(signingInput.size()))
        != 1) {
        result.error = CryptoText::tr("cannot sign: %1").arg(OpenSsl::takeErrors());
        return result;
    }
    signature.truncate(qsizetype(length));
    if (Algorithms::family(algorithm) == KeyFamily::Ec) {
        // OpenSSL signs in DER; JWS wants R||S (RFC 7518 §3.4).
        signature = derToRaw(reinterpret_cast<const unsigned char *>(signature.constData()), signature.size(),
                             data.fieldSize);
        if (signature.isEmpty()) {
            result.error = CryptoText::tr("cannot sign: unexpected ECDSA signature encoding");
            return result;
        }
    }
    result.signature = signature;
    return result;
}

} // namespace tokenscope::Signature
