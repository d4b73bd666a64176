#include "issuer/DpopProofCheck.h"

#include "binding/DpopVerifier.h"
#include "jose/CompactToken.h"
#include "jose/Json.h"

#include <QCoreApplication>
#include <QStringList>

namespace tokenscope::issuer::DpopProofCheck {

namespace {

struct DpopProofText
{
    Q_DECLARE_TR_FUNCTIONS(DpopProofCheck)
};

DpopProofVerdict invalid(const QString &description)
{
    DpopProofVerdict verdict;
    verdict.outcome = DpopProofVerdict::Outcome::Invalid;
    verdict.description = description;
    return verdict;
}

QString stringMember(const DecodedToken &proof, QStringView name)
{
    const JsonValue *value = proof.payload && proof.payload->isObject() ? proof.payload->value(name) : nullptr;
    return value && value->isString() ? value->string : QString();
}

} // namespace

DpopProofVerdict check(const QList<QByteArray> &fields, const DpopProofExpectation &expectation)
{
    if (fields.isEmpty())
        return {};
    // RFC 9449 §4.3 step 1: one DPoP field, holding one JWT.
    if (fields.size() > 1)
        return invalid(DpopProofText::tr("more than one DPoP header"));
    const QByteArray text = fields.constFirst().trimmed();
    if (text.isEmpty())
        return invalid(DpopProofText::tr("the DPoP header is empty"));
    if (text.size() > maxProofBytes)
        return invalid(DpopProofText::tr("the DPoP proof is longer than %1 bytes").arg(maxProofBytes));
    DecodeLimits limits;
    limits.maxTokenBytes = maxProofBytes;
    limits.json.maxBytes = maxProofBytes;
    limits.json.maxDepth = 8;
    const DecodeResult decoded = CompactToken::decode(text, limits);
    if (!decoded)
        return invalid(DpopProofText::tr("the DPoP proof is not a JWT: %1").arg(decoded.error.message));
    const DecodedToken &proof = *decoded.token;
    // Two values for one member would leave it to the parser which one counts (RFC 7515 §5.2, RFC 8725 §3.1).
    if (!proof.headerDuplicates.empty() || !proof.payloadDuplicates.empty())
        return invalid(DpopProofText::tr("the DPoP proof has a JSON member twice"));
    if (const JsonValue *jwk = proof.header.value(u"jwk");
        jwk && Json::write(*jwk, Json::Style::Compact).size() > maxJwkBytes)
        return invalid(DpopProofText::tr("the proof's jwk header is larger than %1 bytes").arg(maxJwkBytes));

    const QString presentedNonce = stringMember(proof, u"nonce");
    DpopExpectation verifierExpectation;
    verifierExpectation.method = expectation.method;
    verifierExpectation.url = expectation.targetUri;
    verifierExpectation.accessToken = expectation.accessToken;
    verifierExpectation.clock = expectation.clock;
    verifierExpectation.iatWindowSeconds = expectation.window;
    verifierExpectation.iatLeewaySeconds = expectation.window;
    const qint64 now = (expectation.clock ? *expectation.clock : SystemClock::instance()).nowSeconds();
    QString freshNonce;
    if (expectation.nonces) {
        // The verifier compares with one expected nonce: the presented one when this issuer made it and it is still
        // good, else a fresh one (which the proof cannot hold, so the nonce check fails and names both).
        freshNonce = expectation.nonces->issue(now);
        verifierExpectation.nonce = !presentedNonce.isEmpty() && expectation.nonces->accepts(presentedNonce, now)
            ? presentedNonce
            : freshNonce;
    }
    const DpopResult result = DpopVerifier::verify(proof, verifierExpectation);

    QStringList failures;
    bool nonceFailed = false;
    for (const BindingCheck &line : result.checks) {
        if (line.outcome != BindingCheck::Outcome::Failed)
            continue;
        if (line.check == u"dpop_nonce")
            nonceFailed = true;
        else
            failures << line.message;
    }
    if (!failures.isEmpty())
        return invalid(failures.join(QStringLiteral("; ")));

    DpopProofVerdict verdict;
    verdict.thumbprint = result.thumbprint;
    verdict.jti = stringMember(proof, u"jti");
    const JsonValue *iat = proof.payload->value(u"iat");
    verdict.issuedAt = iat ? iat->toInteger().value_or(0) : 0;
    if (verdict.thumbprint.isEmpty() || verdict.jti.isEmpty() || !result.proofKey)
        return invalid(DpopProofText::tr("the DPoP proof could not be judged")); // every check passed: never here
    if (verdict.jti.size() > maxJtiCharacters)
        return invalid(DpopProofText::tr("the proof's jti is longer than %1 characters").arg(maxJtiCharacters));
    if (nonceFailed) {
        verdict.outcome = DpopProofVerdict::Outcome::NonceNeeded;
        verdict.description = presentedNonce.isEmpty()
            ? DpopProofText::tr("the authorization server requires a nonce in the DPoP proof")
            : DpopProofText::tr("the DPoP proof's nonce is not one of this server's, or too old");
        return verdict;
    }
    verdict.outcome = DpopProofVerdict::Outcome::Accepted;
    return verdict;
}

} // namespace tokenscope::issuer::DpopProofCheck
