#include "verify/KeyBindingVerifier.h"

#include "crypto/KeyParser.h"
#include "crypto/NamedHash.h"
#include "jose/Base64Url.h"

#include <QCoreApplication>

namespace tokenscope {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct KeyBindingText
{
    Q_DECLARE_TR_FUNCTIONS(KeyBindingVerifier)
};

KeyBindingResult outcome(KeyBindingResult::Reason reason, QString message)
{
    KeyBindingResult result;
    result.reason = reason;
    result.message = std::move(message);
    return result;
}

QString stringClaim(const DecodedToken &token, QStringView name)
{
    const JsonValue *value = token.payload && token.payload->isObject() ? token.payload->value(name) : nullptr;
    return value && value->isString() ? value->string : QString();
}

} // namespace

QString KeyBindingResult::reasonName() const
{
    switch (reason) {
    case Reason::Valid:
        return QStringLiteral("valid");
    case Reason::Absent:
        return QStringLiteral("absent");
    case Reason::Missing:
        return QStringLiteral("missing");
    case Reason::NoConfirmationKey:
        return QStringLiteral("no_confirmation_key");
    case Reason::WrongType:
        return QStringLiteral("wrong_typ");
    case Reason::Signature:
        return tokenscope::reasonName(signature.reason);
    case Reason::SdHashMismatch:
        return QStringLiteral("sd_hash_mismatch");
    case Reason::NonceMismatch:
        return QStringLiteral("nonce_mismatch");
    case Reason::IatTooOld:
        return QStringLiteral("iat_too_old");
    }
    return QStringLiteral("missing");
}

namespace KeyBindingVerifier {

KeyBindingResult verify(const SdJwt &sdJwt, const QString &hashAlgorithm, const KeyBindingPolicy &policy)
{
    using Reason = KeyBindingResult::Reason;
    if (!sdJwt.keyBinding) {
        if (policy.requirement == KeyBindingPolicy::Requirement::Required)
            return outcome(Reason::Missing,
                           KeyBindingText::tr("key binding is required but the SD-JWT ends without a key-binding JWT"));
        return outcome(Reason::Absent, KeyBindingText::tr("no key-binding JWT"));
    }
    const DecodedToken &keyBinding = *sdJwt.keyBinding;

    // RFC 9901 §7.3 step 3: the holder's key is the one the issuer bound the SD-JWT to (cnf, RFC 7800 §3.2).
    const JsonValue *payload = sdJwt.issuerSigned.payload ? &*sdJwt.issuerSigned.payload : nullptr;
    const JsonValue *confirmation = payload && payload->isObject() ? payload->value(u"cnf") : nullptr;
    const JsonValue *jwk = confirmation && confirmation->isObject() ? confirmation->value(u"jwk") : nullptr;
    if (!jwk || !jwk->isObject())
        return outcome(
            Reason::NoConfirmationKey,
            KeyBindingText::tr("the issuer-signed JWT has no cnf.jwk, so the key-binding JWT cannot be checked"));
    const KeyParseResult holderKey = KeyParser::parseJwk(Json::write(*jwk, Json::Style::Compact),
                                                         KeyBindingText::tr("cnf.jwk of the issuer-signed JWT"));
    if (!holderKey)
        return outcome(Reason::NoConfirmationKey,
                       KeyBindingText::tr("cnf.jwk is not a usable key: %1").arg(holderKey.error));

    // §4.3: typ is "kb+jwt"; explicit typing keeps other JWTs signed by the holder from passing as key binding.
    const JsonValue *type = keyBinding.header.value(u"typ");
    if (!type || !type->isString() || type->string != u"kb+jwt")
        return outcome(Reason::WrongType, KeyBindingText::tr("the key-binding JWT's typ is not \"kb+jwt\""));

    VerificationPolicy signaturePolicy;
    signaturePolicy.clock = policy.clock;
    signaturePolicy.leewaySeconds = policy.leewaySeconds;
    signaturePolicy.expectedAudience = policy.expectedAudience;
    // §4.3: iat, aud, nonce and sd_hash are required in the KB-JWT.
    signaturePolicy.requiredClaims
        = {QStringLiteral("iat"), QStringLiteral("aud"), QStringLiteral("nonce"), QStringLiteral("sd_hash")};
    KeyBindingResult result;
    result.signature = TokenVerifier::verify(keyBinding, holderKey.keys, signaturePolicy);

    const std::optional<QByteArray> presentationHash = NamedHash::digest(hashAlgorithm, sdJwt.hashedPresentation());
    if (presentationHash)
        result.expectedSdHash = QString::fromLatin1(Base64Url::encode(*presentationHash));

    if (!result.signature.isValid()) {
        result.reason = Reason::Signature;
        result.message = KeyBindingText::tr("key-binding JWT: %1").arg(result.signature.message);
        return result;
    }
    const QString sdHash = stringClaim(keyBinding, u"sd_hash");
    if (!presentationHash || sdHash != result.expectedSdHash) {
        result.reason = Reason::SdHashMismatch;
        result.message = presentationHash
            ? KeyBindingText::tr(
                  "sd_hash %1 is not the %2 digest of this presentation (%3): disclosures were added, removed or "
                  "changed after the holder signed")
                  .arg(sdHash, hashAlgorithm, result.expectedSdHash)
            : KeyBindingText::tr("sd_hash cannot be checked: \"%1\" is not a hash algorithm Tokenscope can compute")
                  .arg(hashAlgorithm);
        return result;
    }
    const QString nonce = stringClaim(keyBinding, u"nonce");
    if (!policy.expectedNonce.isEmpty() && nonce != policy.expectedNonce) {
        result.reason = Reason::NonceMismatch;
        result.message = KeyBindingText::tr("nonce \"%1\" is not the expected \"%2\"").arg(nonce, policy.expectedNonce);
        return result;
    }
    const Clock &clock = policy.clock ? *policy.clock : SystemClock::instance();
    const JsonValue *issuedAt = keyBinding.payload->value(u"iat");
    const std::optional<qint64> iat = issuedAt ? issuedAt->toInteger() : std::nullopt;
    const qint64 now = clock.nowSeconds();
    // value_or rather than *iat: GCC 12 at -O2 takes the dereference for a read of an uninitialised value.
    const qint64 age = now - iat.value_or(now);
    if (!iat.has_value() || age > policy.maxAgeSeconds + policy.leewaySeconds) {
        result.reason = Reason::IatTooOld;
        result.message = KeyBindingText::tr(
                             "the key-binding JWT was issued %1 s ago, more than the %2 s allowed: it may be replayed")
                             .arg(age)
                             .arg(policy.maxAgeSeconds);
        return result;
    }
    result.reason = Reason::Valid;
    result.message
        = KeyBindingText::tr("key binding verified with the holder's key (%1)").arg(result.signature.message);
    return result;
}

} // namespace KeyBindingVerifier
} // namespace tokenscope
