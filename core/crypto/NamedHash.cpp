#include "crypto/NamedHash.h"

#include <openssl/evp.h>

#include <array>

namespace tokenscope::NamedHash {
namespace {

struct Entry
{
    const char16_t *name; // registry name
    const char *openSslName; // EVP_MD_fetch name
    int truncatedBits; // 0: the full digest
    Strength strength;
};

// RFC 6920 §9.4 names (sha-256 is SD-JWT's default, RFC 9901 §4.1.1), plus the unregistered names of broken hashes
// so that they are called weak rather than unknown.
constexpr std::array kEntries = {
    Entry {u"sha-256", "SHA2-256", 0, Strength::Strong},
    Entry {u"sha-384", "SHA2-384", 0, Strength::Strong},
    Entry {u"sha-512", "SHA2-512", 0, Strength::Strong},
    Entry {u"sha3-224", "SHA3-224", 0, Strength::Strong},
    Entry {u"sha3-256", "SHA3-256", 0, Strength::Strong},
    Entry {u"sha3-384", "SHA3-384", 0, Strength::Strong},
    Entry {u"sha3-512", "SHA3-512", 0, Strength::Strong},
    Entry {u"blake2s-256", "BLAKE2S-256", 0, Strength::Strong},
    Entry {u"blake2b-512", "BLAKE2B-512", 0, Strength::Strong},
    Entry {u"sha-256-128", "SHA2-256", 128, Strength::Weak},
    Entry {u"sha-256-120", "SHA2-256", 120, Strength::Weak},
    Entry {u"sha-256-96", "SHA2-256", 96, Strength::Weak},
    Entry {u"sha-256-64", "SHA2-256", 64, Strength::Weak},
    Entry {u"sha-256-32", "SHA2-256", 32, Strength::Weak},
    Entry {u"sha-1", "SHA1", 0, Strength::Weak},
    Entry {u"md5", "MD5", 0, Strength::Weak},
};

// Names are compared exactly: the registry's names are lower case and "SHA-256" is not one of them.
const Entry *find(QStringView name)
{
    for (const Entry &entry : kEntries) {
        if (name == QStringView(entry.name))
            return &entry;
    }
    return nullptr;
}

} // namespace

Strength strength(QStringView name)
{
    const Entry *entry = find(name);
    return entry ? entry->strength : Strength::Unknown;
}

std::optional<QByteArray> digest(QStringView name, QByteArrayView data)
{
    const Entry *entry = find(name);
    if (!entry)
        return std::nullopt;
    std::array<unsigned char, EVP_MAX_MD_SIZE> output {};
    size_t length = 0;
    // One-shot digest (OpenSSL 3); a provider without the algorithm (MD5 under FIPS) makes the name unknown.
    if (EVP_Q_digest(nullptr, entry->openSslName, nullptr, data.data(), size_t(data.size()), output.data(), &length)
        != 1)
        return std::nullopt;
    if (entry->truncatedBits > 0)
        length = size_t(entry->truncatedBits / 8);
    return QByteArray(reinterpret_cast<const char *>(output.data()), qsizetype(length));
}

} // namespace tokenscope::NamedHash
