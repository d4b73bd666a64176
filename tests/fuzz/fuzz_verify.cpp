// libFuzzer target for the whole verification path: extraction, decoding, the findings catalogue and
// TokenVerifier::verify against a fixed key set (an HMAC secret, a P-256 key, an Ed25519 key, with and without kid).
// Any input must give a verdict with a reason and a message, never a crash, a hang or a leak.

#include "common/Clock.h"
#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "jose/CompactToken.h"
#include "jose/TokenExtractor.h"
#include "verify/Findings.h"
#include "verify/TokenVerifier.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using namespace tokenscope;

const KeySet &fuzzKeys()
{
    static const KeySet keys = [] {
        KeySet set;
        set.append(KeyParser::secretKey("fuzzing-secret-that-is-long-enough-for-hs512-0123456789abcdef0123456789",
                                        QStringLiteral("fuzz secret")));
        set.append(KeyGenerator::generate(Algorithm::ES256, QStringLiteral("ec")).key.publicKey());
        set.append(KeyGenerator::generate(Algorithm::EdDSA, QString()).key.publicKey());
        set.last().setKid(QString());
        return set;
    }();
    return keys;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    static const FixedClock clock(1'700'000'000);
    VerificationPolicy policy;
    policy.clock = &clock;
    policy.leewaySeconds = 30;

    const VerificationResult direct = TokenVerifier::verify(input, fuzzKeys(), policy);
    if (direct.message.isEmpty() || reasonName(direct.reason).isEmpty())
        std::abort();
    if (direct.isValid() && !direct.verifiedBy)
        std::abort();

    // The same input as pasted text: every token found in it decodes (or fails with a located error) and verifies.
    for (const ExtractedToken &found : TokenExtractor::extract(QString::fromUtf8(input))) {
        const DecodeResult decoded = CompactToken::decode(found.token);
        if (!decoded) {
            if (decoded.error.message.isEmpty())
                std::abort();
            continue;
        }
        (void)FindingsCatalogue::analyzeToken(*decoded.token, clock.nowSeconds());
        const VerificationResult result = TokenVerifier::verify(*decoded.token, fuzzKeys(), policy);
        if (result.message.isEmpty())
            std::abort();
    }
    return 0;
}
