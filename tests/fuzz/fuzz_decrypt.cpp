// libFuzzer target for JWE decryption: JweDecryptor::decrypt on the raw input (compact or JSON serialization)
// against a fixed key set (A128KW and dir secrets, a P-256 and an RSA private key, a PBES2 password), with a small
// p2c cap so a fuzzed iteration count costs nothing. Any input must give a verdict with a reason and a message,
// every decrypt_failed must say the same thing (RFC 7516 §11.5), and nothing may crash, hang or leak.

#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "verify/JweDecryptor.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using namespace tokenscope;

Key withoutAlgorithm(Key key)
{
    key.setJwkAlgorithm(QString()); // generated for ES256/RS256; here they decrypt
    return key;
}

const KeySet &fuzzKeys()
{
    static const KeySet keys = [] {
        KeySet set;
        set.append(KeyParser::secretKey(QByteArray(16, '\x11'), QStringLiteral("A128KW secret")));
        set.append(KeyParser::secretKey(QByteArray(32, '\x22'), QStringLiteral("dir secret")));
        set.append(withoutAlgorithm(KeyGenerator::generate(Algorithm::ES256, QStringLiteral("ec")).key));
        set.append(withoutAlgorithm(KeyGenerator::generate(Algorithm::RS256, QStringLiteral("rsa")).key));
        set.append(KeyParser::secretKey("fuzzing password", QStringLiteral("password")));
        return set;
    }();
    return keys;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    DecryptionLimits limits;
    limits.maxPbes2Iterations = 2000;
    limits.maxPlaintextBytes = 1024 * 1024;
    static QString decryptFailedMessage;

    const DecryptionResult result = JweDecryptor::decrypt(input, fuzzKeys(), limits);
    if (result.message.isEmpty() || decryptionReasonName(result.reason).isEmpty())
        std::abort();
    if (result.isValid() != result.decryptedBy.has_value())
        std::abort();
    if (!result.isValid() && !result.plaintext.isEmpty())
        std::abort();
    if (result.plaintext.size() > limits.maxPlaintextBytes)
        std::abort();
    if (result.reason == DecryptionReason::DecryptFailed) {
        if (decryptFailedMessage.isEmpty())
            decryptFailedMessage = result.message;
        else if (result.message != decryptFailedMessage)
            std::abort();
    }
    return 0;
}
