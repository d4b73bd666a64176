// The mock issuer's side of DPoP (RFC 9449): judging a request's proof for the endpoint it reached, remembering each
// proof's jti in the store so that no replica takes it twice, and the nonces of §8. The token endpoint and userinfo
// decide what a verdict means for their answer.
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

QStringList MockIssuer::dpopAlgorithms()
{
    // Exactly what DpopVerifier checks: every asymmetric JWS algorithm Tokenscope knows.
    QStringList names;
    for (const Algorithm algorithm : Algorithms::all()) {
        if (Algorithms::family(algorithm) != KeyFamily::Hmac)
            names << Algorithms::name(algorithm);
    }
    return names;
}

std::optional<DpopNonces> MockIssuer::dpopNonces()
{
    if (m_dpopNonceKey.isEmpty()) {
        const QByteArray candidate = IssuerTokens::randomBytes(32);
        if (candidate.isEmpty())
            return std::nullopt;
        m_dpopNonceKey = m_store.sharedSecret(QStringLiteral("dpop_nonce_key"), candidate);
        if (m_dpopNonceKey.isEmpty())
            return std::nullopt;
    }
    return DpopNonces(m_dpopNonceKey, m_config.dpop.nonceLifetime);
}

QString MockIssuer::dpopNonce()
{
    const std::optional<DpopNonces> nonces = dpopNonces();
    return nonces ? nonces->issue(now()) : QString();
}

DpopProofVerdict MockIssuer::checkDpopProof(Request &request, const std::optional<QByteArray> &accessToken,
                                            bool demandNonce, bool *storeFailed)
{
    *storeFailed = false;
    const QList<QByteArray> fields = HttpRequestHead::fieldValues(request.http.headers(), "DPoP");
    if (fields.isEmpty())
        return {};
    std::optional<DpopNonces> nonces;
    if (demandNonce) {
        nonces = dpopNonces();
        if (!nonces) {
            *storeFailed = true;
            DpopProofVerdict verdict;
            verdict.outcome = DpopProofVerdict::Outcome::Invalid;
            verdict.description = QStringLiteral("the DPoP nonce key cannot be read: %1").arg(m_store.lastError());
            return verdict;
        }
    }
    // §4.3 step 9: htu is the URL the client was told for this endpoint. The issuer's own origin and the path the
    // request reached, so an issuer served under a path prefix checks its own prefixed URL.
    QUrl target = issuerUrl();
    target.setPath(request.http.url().path(QUrl::FullyEncoded));
    DpopProofExpectation expectation;
    expectation.method = request.log.method; // upper case, as RFC 9110 §9.1 spells the methods htm compares with
    expectation.targetUri = target.toString(QUrl::FullyEncoded);
    expectation.accessToken = accessToken;
    expectation.nonces = nonces ? &*nonces : nullptr;
    expectation.clock = m_clock.get();
    expectation.window = m_config.dpop.proofWindow;
    DpopProofVerdict verdict = DpopProofCheck::check(fields, expectation);
    if (verdict.outcome != DpopProofVerdict::Outcome::Accepted)
        return verdict;

    // §11.1: a proof is used once. Remembered by key and jti until its iat leaves the window, in the store so that
    // every replica refuses the replay.
    const QByteArray proofId = IssuerTokens::sha256(verdict.thumbprint.toLatin1() + '\n' + verdict.jti.toUtf8());
    switch (m_store.useDpopProof(proofId, verdict.issuedAt + m_config.dpop.proofWindow + 1, now())) {
    case IssuerStore::ProofUse::Fresh:
        return verdict;
    case IssuerStore::ProofUse::Replayed:
        verdict.outcome = DpopProofVerdict::Outcome::Invalid;
        verdict.description = QStringLiteral("the DPoP proof's jti was already used: a proof is good for one request");
        return verdict;
    case IssuerStore::ProofUse::Failed:
        break;
    }
    *storeFailed = true;
    verdict.outcome = DpopProofVerdict::Outcome::Invalid;
    verdict.description = QStringLiteral("the DPoP proof cannot be recorded: %1").arg(m_store.lastError());
    return verdict;
}

} // namespace tokenscope::issuer
