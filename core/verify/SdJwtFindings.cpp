#include "verify/SdJwtFindings.h"

#include "verify/Findings.h"

namespace tokenscope::FindingsCatalogue {
namespace {

Finding makeFinding(QStringView id, const QString &message, Span span)
{
    const Entry *catalogued = entry(id);
    Q_ASSERT(catalogued);
    return {id.toString(), catalogued ? catalogued->severity : Finding::Severity::High, message, span};
}

QStringView findingId(SdJwtProblem::Kind kind)
{
    switch (kind) {
    case SdJwtProblem::Kind::UnreferencedDisclosure:
        return u"sd_disclosure_unreferenced";
    case SdJwtProblem::Kind::RepeatedDigest:
        return u"sd_digest_repeated";
    case SdJwtProblem::Kind::ReservedClaimName:
        return u"sd_reserved_claim_name";
    case SdJwtProblem::Kind::ClaimNameClash:
        return u"sd_claim_clash";
    case SdJwtProblem::Kind::WrongDisclosureKind:
    case SdJwtProblem::Kind::MalformedDigests:
    case SdJwtProblem::Kind::TooDeep:
        return u"sd_structure_invalid";
    case SdJwtProblem::Kind::UnknownHashAlgorithm:
        return u"sd_alg_unknown";
    case SdJwtProblem::Kind::WeakHashAlgorithm:
        return u"sd_alg_weak";
    }
    return u"sd_structure_invalid";
}

} // namespace

Findings analyzeSdJwt(const SdJwt &sdJwt, const SdJwtClaims &claims, const KeyBindingResult &keyBinding)
{
    Findings findings;
    for (const SdJwtProblem &problem : claims.problems) {
        Span span;
        if (problem.disclosure >= 1 && size_t(problem.disclosure) <= sdJwt.disclosures.size())
            span = sdJwt.disclosures[size_t(problem.disclosure - 1)].span;
        findings.append(makeFinding(findingId(problem.kind), problem.message, span));
    }
    if (keyBinding.reason == KeyBindingResult::Reason::Missing)
        findings.append(makeFinding(u"sd_key_binding_missing", keyBinding.message, {}));
    else if (!keyBinding.isAcceptable())
        findings.append(makeFinding(u"sd_key_binding_invalid", keyBinding.message, sdJwt.keyBindingSpan));
    return findings;
}

} // namespace tokenscope::FindingsCatalogue
