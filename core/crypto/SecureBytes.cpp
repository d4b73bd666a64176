#include "crypto/SecureBytes.h"

#include <openssl/crypto.h>

namespace tokenscope {

namespace {
void wipe(std::vector<unsigned char> &bytes)
{
    if (!bytes.empty())
        OPENSSL_cleanse(bytes.data(), bytes.size());
    bytes.clear();
}
} // namespace

SecureBytes::SecureBytes(QByteArrayView bytes)
    : m_bytes(reinterpret_cast<const unsigned char *>(bytes.data()),
              reinterpret_cast<const unsigned char *>(bytes.data()) + bytes.size())
{ }

SecureBytes::SecureBytes(const SecureBytes &other) : m_bytes(other.m_bytes)
{ }

SecureBytes::SecureBytes(SecureBytes &&other) noexcept : m_bytes(std::move(other.m_bytes))
{
    other.m_bytes.clear();
}

SecureBytes &SecureBytes::operator=(const SecureBytes &other)
{
    if (this != &other) {
        // Wipe before assigning: the vector may reallocate and free the old buffer without clearing it.
        wipe(m_bytes);
        m_bytes.shrink_to_fit();
        m_bytes = other.m_bytes;
    }
    return *this;
}

SecureBytes &SecureBytes::operator=(SecureBytes &&other) noexcept
{
    if (this != &other) {
        wipe(m_bytes);
        m_bytes.shrink_to_fit();
        m_bytes = std::move(other.m_bytes);
        other.m_bytes.clear();
    }
    return *this;
}

SecureBytes::~SecureBytes()
{
    wipe(m_bytes);
}

SecureBytes SecureBytes::withSize(qsizetype size)
{
    SecureBytes bytes;
    bytes.m_bytes.assign(size_t(size), 0);
    return bytes;
}

void SecureBytes::truncate(qsizetype size)
{
    if (size < 0 || size >= qsizetype(m_bytes.size()))
        return;
    OPENSSL_cleanse(m_bytes.data() + size, m_bytes.size() - size_t(size));
    m_bytes.resize(size_t(size));
}

QByteArrayView SecureBytes::view() const
{
    return QByteArrayView(reinterpret_cast<const char *>(m_bytes.data()), qsizetype(m_bytes.size()));
}

void SecureBytes::clear()
{
    wipe(m_bytes);
}

bool SecureBytes::equals(QByteArrayView other) const
{
    if (qsizetype(m_bytes.size()) != other.size())
        return false;
    return m_bytes.empty() || CRYPTO_memcmp(m_bytes.data(), other.data(), m_bytes.size()) == 0;
}

} // namespace tokenscope
