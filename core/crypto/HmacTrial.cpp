#include "crypto/HmacTrial.h"

#include "crypto/KeyData.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include <algorithm>

namespace tokenscope {

HmacTrial::HmacTrial(Algorithm algorithm, QByteArrayView signingInput, QByteArrayView signature)
    : m_signingInput(signingInput), m_signature(signature),
      m_maxTrials(std::clamp(kHashBudgetBytes / std::max<qsizetype>(signingInput.size(), 1), qsizetype(1), kMaxTrials))
{
    if (Algorithms::family(algorithm) != KeyFamily::Hmac || signature.size() != Algorithms::hashSize(algorithm))
        return;
    const char *digestName = Crypto::digestName(algorithm);
    m_context.reset(EVP_MAC_CTX_new(Crypto::hmac()));
    if (!digestName || !m_context)
        return;
    // The digest is set once: naming it at every init would fetch it again per candidate, which costs more than
    // the HMAC itself (OpenSSL 3.0).
    char name[16];
    qstrncpy(name, digestName, sizeof name);
    const OSSL_PARAM parameters[]
        = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, name, 0), OSSL_PARAM_construct_end()};
    m_usable = EVP_MAC_CTX_set_params(m_context.get(), parameters) == 1;
    if (!m_usable)
        OpenSsl::clearErrors();
}

bool HmacTrial::matches(QByteArrayView candidate)
{
    if (!m_usable || isExhausted())
        return false;
    ++m_trials;
    // OpenSSL reads a null key pointer as "keep the previous key", even with length 0; any readable byte stands in
    // for the empty key.
    static const unsigned char emptyKey = 0;
    const auto *key = candidate.isEmpty() ? &emptyKey : reinterpret_cast<const unsigned char *>(candidate.data());
    unsigned char computed[EVP_MAX_MD_SIZE];
    size_t length = 0;
    if (EVP_MAC_init(m_context.get(), key, size_t(candidate.size()), nullptr) != 1
        || EVP_MAC_update(m_context.get(), reinterpret_cast<const unsigned char *>(m_signingInput.data()),
                          size_t(m_signingInput.size()))
            != 1
        || EVP_MAC_final(m_context.get(), computed, &length, sizeof computed) != 1) {
        OpenSsl::clearErrors();
        return false;
    }
    return length == size_t(m_signature.size()) && CRYPTO_memcmp(computed, m_signature.data(), length) == 0;
}

} // namespace tokenscope
