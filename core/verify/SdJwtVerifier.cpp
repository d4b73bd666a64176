#include "verify/SdJwtVerifier.h"

#include "verify/SdJwtFindings.h"

#include <QCoreApplication>

namespace tokenscope::SdJwtVerifier {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct SdJwtVerifierText
{
    Q_DECLARE_TR_FUNCTIONS(SdJwtVerifier)
};

} // namespace

SdJwtInspection inspect(const SdJwt &sdJwt, const KeyBindingPolicy &keyBindingPolicy)
{
    SdJwtInspection inspection;
    inspection.claims = SdJwtReconstruction::reconstruct(sdJwt);
    inspection.keyBinding = KeyBindingVerifier::verify(sdJwt, inspection.claims.hashAlgorithm, keyBindingPolicy);
    inspection.findings = FindingsCatalogue::analyzeSdJwt(sdJwt, inspection.claims, inspection.keyBinding);
    return inspection;
}

SdJwtVerification verify(const SdJwt &sdJwt, const KeySet &keys, const VerificationPolicy &policy,
                         const KeyBindingPolicy &keyBindingPolicy)
{
    SdJwtVerification verification;
    verification.result = TokenVerifier::verify(sdJwt.issuerSigned, keys, policy);
    verification.inspection = inspect(sdJwt, keyBindingPolicy);
    if (!verification.result.isValid())
        return verification;
    const SdJwtClaims &claims = verification.inspection.claims;
    if (!claims.isValid()) {
        verification.result.reason = VerificationReason::DisclosureInvalid;
        verification.result.message
            = SdJwtVerifierText::tr("the issuer's signature is valid, but the Disclosures are not: %1")
                  .arg(claims.problems.first().message);
        return verification;
    }
    const KeyBindingResult &keyBinding = verification.inspection.keyBinding;
    if (!keyBinding.isAcceptable()) {
        verification.result.reason = VerificationReason::KeyBindingInvalid;
        verification.result.message
            = SdJwtVerifierText::tr(
                  "the issuer's signature and the Disclosures are valid, but the key binding is not: %1")
                  .arg(keyBinding.message);
        return verification;
    }
    verification.result.message = keyBinding.isValid()
        ? SdJwtVerifierText::tr("%1; %2 disclosure(s) match their digests; %3")
              .arg(verification.result.message)
              .arg(sdJwt.disclosures.size())
              .arg(keyBinding.message)
        : SdJwtVerifierText::tr("%1; %2 disclosure(s) match their digests; no key binding")
              .arg(verification.result.message)
              .arg(sdJwt.disclosures.size());
    return verification;
}

} // namespace tokenscope::SdJwtVerifier
