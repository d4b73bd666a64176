#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace tokenscope {

// Bytes that hold secret material (HMAC secrets, private key exports). The storage is wiped with
// OPENSSL_cleanse when it is freed or overwritten, so secrets do not linger in freed heap memory.
class SecureBytes
{
public:
    SecureBytes() = default;
    explicit SecureBytes(QByteArrayView bytes);
    SecureBytes(const SecureBytes &other);
    SecureBytes(SecureBytes &&other) noexcept;
    SecureBytes &operator=(const SecureBytes &other);
    SecureBytes &operator=(SecureBytes &&other) noexcept;
    ~SecureBytes();

    // `size` zero bytes, for OpenSSL to write secret output into (mutableData()).
    [[nodiscard]] static SecureBytes withSize(qsizetype size);

    [[nodiscard]] const unsigned char *data() const { return m_bytes.data(); }
    [[nodiscard]] qsizetype size() const { return qsizetype(m_bytes.size()); }
    [[nodiscard]] bool isEmpty() const { return m_bytes.empty(); }
    [[nodiscard]] unsigned char *mutableData() { return m_bytes.data(); }
    [[nodiscard]] QByteArrayView view() const;
    // Keeps the first `size` bytes and wipes the rest (shrinking never moves the storage).
    void truncate(qsizetype size);
    void clear();

    // Constant-time comparison (CRYPTO_memcmp); sizes are not secret.
    [[nodiscard]] bool equals(QByteArrayView other) const;

private:
    std::vector<unsigned char> m_bytes;
};

} // namespace tokenscope
