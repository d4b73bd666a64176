#include "crypto/OpenSsl.h"

#include <QStringList>

#include <openssl/err.h>

namespace tokenscope::OpenSsl {

std::shared_ptr<EVP_PKEY> share(PkeyPointer key)
{
    return std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free);
}

QString takeErrors()
{
    QStringList messages;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        messages.append(QString::fromLatin1(buffer));
        // A noisy queue (a decoder trying every format) says nothing more after a few entries.
        if (messages.size() >= 8) {
            ERR_clear_error();
            break;
        }
    }
    return messages.join(QStringLiteral("; "));
}

void clearErrors()
{
    ERR_clear_error();
}

BioPointer memoryBio(const void *bytes, qsizetype size)
{
    return BioPointer(BIO_new_mem_buf(bytes, int(size)));
}

} // namespace tokenscope::OpenSsl
