// libFuzzer target for the whole verification path: extraction, decoding, the findings catalogue and
// TokenVerifier::verify against a fixed key set (an HMAC secret, a P-256 key, an Ed25519 key, with and without kid).
// Any input must give a verdict with a reason and a message, never a crash, a hang or a leak.
//
// The fast path (FastVerifier) must never disagree with the full one: whenever it gives a verdict, decoding the token
// and verifying the DecodedToken must give the same reason, message, key attempts and key. Random bytes rarely carry a
// valid signature, so each input is also read as HEADER NUL PAYLOAD (or, without a NUL, as a payload under a plain
// HS256 header), signed with the fuzzing secret and checked with a default and a demanding policy.

#include "common/Clock.h"
#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "crypto/Signature.h"
#include "jose/Base64Url.h"
#include "jose/CompactToken.h"
#include "jose/TokenExtractor.h"
#include "verify/FastVerifier.h"
#include "verify/Findings.h"
#include "verify/TokenVerifier.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

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

bool sameAttempt(const KeyAttempt &left, const KeyAttempt &right)
{
    return left.kid == right.kid && left.kty == right.kty && left.alg == right.alg && left.use == right.use
        && left.source == right.source && left.thumbprint == right.thumbprint && left.outcome == right.outcome;
}

// Aborts when the fast path gives `token` a verdict the full path does not give.
void compareWithFullPath(QByteArrayView token, const VerificationPolicy &policy)
{
    const std::optional<VerificationResult> fast = FastVerifier::verify(token, fuzzKeys(), policy);
    if (!fast)
        return;
    const DecodeResult decoded = CompactToken::decode(token);
    if (!decoded)
        std::abort();
    const VerificationResult full = TokenVerifier::verify(*decoded.token, fuzzKeys(), policy);
    if (!fast->isValid() || fast->reason != full.reason || fast->message != full.message
        || fast->attempts.size() != full.attempts.size() || fast->findings.size() != full.findings.size()
        || !fast->verifiedBy || !full.verifiedBy || fast->verifiedBy->thumbprint() != full.verifiedBy->thumbprint())
        std::abort();
    for (qsizetype index = 0; index < fast->attempts.size(); ++index) {
        if (!sameAttempt(fast->attempts.at(index), full.attempts.at(index)))
            std::abort();
    }
}

// HEADER NUL PAYLOAD (or a payload under a plain HS256 header) as a compact JWS signed with the fuzzing secret.
QByteArray signedToken(QByteArrayView input)
{
    const qsizetype nul = input.indexOf('\0');
    const QByteArrayView header = nul < 0 ? QByteArrayView(R"({"alg":"HS256","typ":"JWT"})") : input.first(nul);
    const QByteArrayView payload = nul < 0 ? input : input.sliced(nul + 1);
    const QByteArray signingInput = Base64Url::encode(header) + '.' + Base64Url::encode(payload);
    const Signature::SignResult signature = Signature::sign(Algorithm::HS256, fuzzKeys().at(0), signingInput);
    if (!signature)
        std::abort();
    return signingInput + '.' + Base64Url::encode(signature.signature);
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

    VerificationPolicy demanding = policy;
    demanding.expectedIssuer = QStringLiteral("https://issuer.example");
    demanding.expectedAudience = QStringLiteral("api");
    demanding.requiredClaims = {QStringLiteral("sub")};
    demanding.allowedAlgorithms = {Algorithm::HS256, Algorithm::ES256};
    compareWithFullPath(input, policy);
    const QByteArray token = signedToken(input);
    compareWithFullPath(token, policy);
    compareWithFullPath(token, demanding);
    return 0;
}
