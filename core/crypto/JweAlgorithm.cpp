#include "crypto/JweAlgorithm.h"

namespace tokenscope::JweAlgorithms {

namespace {

struct KeyManagementEntry
{
    KeyManagement algorithm;
    QStringView name;
    KeyManagementMode mode;
    int wrapKeySize;
    const char *passwordDigest;
};

// RFC 7518 §4.1 names, in the enum's order.
constexpr KeyManagementEntry keyManagementEntries[] = {
    {KeyManagement::Rsa1_5, u"RSA1_5", KeyManagementMode::RsaEncryption, 0, ""},
    {KeyManagement::RsaOaep, u"RSA-OAEP", KeyManagementMode::RsaEncryption, 0, ""},
    {KeyManagement::RsaOaep256, u"RSA-OAEP-256", KeyManagementMode::RsaEncryption, 0, ""},
    {KeyManagement::A128KW, u"A128KW", KeyManagementMode::AesKeyWrap, 16, ""},
    {KeyManagement::A192KW, u"A192KW", KeyManagementMode::AesKeyWrap, 24, ""},
    {KeyManagement::A256KW, u"A256KW", KeyManagementMode::AesKeyWrap, 32, ""},
    {KeyManagement::Direct, u"dir", KeyManagementMode::Direct, 0, ""},
    {KeyManagement::EcdhEs, u"ECDH-ES", KeyManagementMode::KeyAgreement, 0, ""},
    {KeyManagement::EcdhEsA128KW, u"ECDH-ES+A128KW", KeyManagementMode::KeyAgreementWithKeyWrap, 16, ""},
    {KeyManagement::EcdhEsA192KW, u"ECDH-ES+A192KW", KeyManagementMode::KeyAgreementWithKeyWrap, 24, ""},
    {KeyManagement::EcdhEsA256KW, u"ECDH-ES+A256KW", KeyManagementMode::KeyAgreementWithKeyWrap, 32, ""},
    {KeyManagement::A128GcmKW, u"A128GCMKW", KeyManagementMode::AesGcmKeyWrap, 16, ""},
    {KeyManagement::A192GcmKW, u"A192GCMKW", KeyManagementMode::AesGcmKeyWrap, 24, ""},
    {KeyManagement::A256GcmKW, u"A256GCMKW", KeyManagementMode::AesGcmKeyWrap, 32, ""},
    {KeyManagement::Pbes2Hs256A128KW, u"PBES2-HS256+A128KW", KeyManagementMode::Password, 16, "SHA256"},
    {KeyManagement::Pbes2Hs384A192KW, u"PBES2-HS384+A192KW", KeyManagementMode::Password, 24, "SHA384"},
    {KeyManagement::Pbes2Hs512A256KW, u"PBES2-HS512+A256KW", KeyManagementMode::Password, 32, "SHA512"},
};

struct ContentEncryptionEntry
{
    ContentEncryption algorithm;
    QStringView name;
    int keySize;
    bool gcm;
    int ivSize;
    int tagSize;
};

// RFC 7518 §5.1 names, in the enum's order.
constexpr ContentEncryptionEntry contentEncryptionEntries[] = {
    {ContentEncryption::A128CbcHs256, u"A128CBC-HS256", 32, false, 16, 16},
    {ContentEncryption::A192CbcHs384, u"A192CBC-HS384", 48, false, 16, 24},
    {ContentEncryption::A256CbcHs512, u"A256CBC-HS512", 64, false, 16, 32},
    {ContentEncryption::A128Gcm, u"A128GCM", 16, true, 12, 16},
    {ContentEncryption::A192Gcm, u"A192GCM", 24, true, 12, 16},
    {ContentEncryption::A256Gcm, u"A256GCM", 32, true, 12, 16},
};

// The algorithm called `name` in a table of entries (exact, case-sensitive match).
template<typename Entry, size_t count>
auto fromName(const Entry (&entries)[count], QStringView name) -> std::optional<decltype(Entry::algorithm)>
{
    for (const Entry &candidate : entries) {
        if (candidate.name == name)
            return candidate.algorithm;
    }
    return std::nullopt;
}

const KeyManagementEntry &entry(KeyManagement algorithm)
{
    return keyManagementEntries[int(algorithm)];
}

const ContentEncryptionEntry &entry(ContentEncryption algorithm)
{
    return contentEncryptionEntries[int(algorithm)];
}

} // namespace

std::optional<KeyManagement> keyManagementFromName(QStringView name)
{
    return fromName(keyManagementEntries, name);
}

std::optional<ContentEncryption> contentEncryptionFromName(QStringView name)
{
    return fromName(contentEncryptionEntries, name);
}

QString name(KeyManagement algorithm)
{
    return entry(algorithm).name.toString();
}

QString name(ContentEncryption algorithm)
{
    return entry(algorithm).name.toString();
}

KeyManagementMode mode(KeyManagement algorithm)
{
    return entry(algorithm).mode;
}

int wrapKeySize(KeyManagement algorithm)
{
    return entry(algorithm).wrapKeySize;
}

const char *passwordDigest(KeyManagement algorithm)
{
    return entry(algorithm).passwordDigest;
}

int keySize(ContentEncryption algorithm)
{
    return entry(algorithm).keySize;
}

bool isGcm(ContentEncryption algorithm)
{
    return entry(algorithm).gcm;
}

int ivSize(ContentEncryption algorithm)
{
    return entry(algorithm).ivSize;
}

int tagSize(ContentEncryption algorithm)
{
    return entry(algorithm).tagSize;
}

} // namespace tokenscope::JweAlgorithms
