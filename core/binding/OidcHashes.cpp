#include "binding/OidcHashes.h"

#include "crypto/OpenSsl.h"
#include "jose/Base64Url.h"

#include <QCoreApplication>

#include <openssl/evp.h>

namespace tokenscope::OidcHashes {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct OidcHashesText
{
    Q_DECLARE_TR_FUNCTIONS(OidcHashes)
};

// The digest of `value` with `digestName`, `outputBytes` long for an extendable-output function (SHAKE256).
QByteArray digest(const char *digestName, QByteArrayView value, int outputBytes = 0)
{
    OpenSsl::MdPointer md(EVP_MD_fetch(nullptr, digestName, nullptr));
    OpenSsl::MdContextPointer context(EVP_MD_CTX_new());
    if (!md || !context || EVP_DigestInit_ex(context.get(), md.get(), nullptr) != 1
        || EVP_DigestUpdate(context.get(), value.data(), size_t(value.size())) != 1) {
        OpenSsl::clearErrors();
        return {};
    }
    QByteArray output(outputBytes > 0 ? outputBytes : EVP_MD_get_size(md.get()), Qt::Uninitialized);
    auto *bytes = reinterpret_cast<unsigned char *>(output.data());
    const int finished = outputBytes > 0 ? EVP_DigestFinalXOF(context.get(), bytes, size_t(outputBytes))
                                         : EVP_DigestFinal_ex(context.get(), bytes, nullptr);
    if (finished != 1) {
        OpenSsl::clearErrors();
        return {};
    }
    return output;
}

HashChoice leftHalf(const QString &name, const QByteArray &fullDigest)
{
    // OIDC Core §3.1.3.6: the left-most half of the hash, base64url encoded.
    return {name, QString::fromLatin1(Base64Url::encode(fullDigest.left(fullDigest.size() / 2)))};
}

struct HashClaim
{
    const char16_t *claim; // "at_hash"
    const char16_t *companion; // what it hashes, for messages
    const char *reason; // catalogue id when it fails
};

BindingCheck checkHash(const DecodedToken &idToken, std::optional<Algorithm> algorithm, const HashClaim &spec,
                       const std::optional<QByteArray> &value, bool required)
{
    const QString check = QString::fromUtf16(spec.claim);
    const QString reason = QString::fromLatin1(spec.reason);
    const QString companion = QString::fromUtf16(spec.companion);
    const JsonValue *claim
        = idToken.payload && idToken.payload->isObject() ? idToken.payload->value(spec.claim) : nullptr;
    if (!value) {
        return Binding::notChecked(check,
                                   claim
                                       ? OidcHashesText::tr("%1 present; give the %2 to check it").arg(check, companion)
                                       : OidcHashesText::tr("no %1 and no %2").arg(check, companion));
    }
    if (!claim) {
        if (required)
            return Binding::failed(check, reason,
                                   OidcHashesText::tr("the ID token has no %1, required when the %2 comes from the "
                                                      "authorization endpoint with it")
                                       .arg(check, companion));
        return Binding::notChecked(check, OidcHashesText::tr("the ID token has no %1 (optional here)").arg(check));
    }
    if (!claim->isString())
        return Binding::failed(check, reason, OidcHashesText::tr("%1 is not a string").arg(check));
    if (!algorithm)
        return Binding::notChecked(
            check, OidcHashesText::tr("alg %1 names no hash to compute %2 with").arg(idToken.algorithm(), check));
    const QList<HashChoice> choices = leftHalfHashes(*algorithm, *value);
    QStringList computed;
    for (const HashChoice &choice : choices) {
        if (choice.value == claim->string)
            return Binding::passed(
                check,
                OidcHashesText::tr("%1 is the left half of the %2 of the %3").arg(check, choice.name, companion));
        computed.append(OidcHashesText::tr("%1 with %2").arg(choice.value, choice.name));
    }
    return Binding::failed(check, reason,
                           OidcHashesText::tr("%1 is %2 but the %3 hashes to %4")
                               .arg(check, claim->string, companion, computed.join(OidcHashesText::tr(" or "))));
}

} // namespace

QList<HashChoice> leftHalfHashes(Algorithm algorithm, QByteArrayView value)
{
    switch (algorithm) {
    case Algorithm::EdDSA:
        return {leftHalf(QStringLiteral("SHA-512"), digest("SHA512", value)),
                leftHalf(QStringLiteral("SHAKE256"), digest("SHAKE256", value, 114))};
    case Algorithm::Ed25519:
        return {leftHalf(QStringLiteral("SHA-512"), digest("SHA512", value))};
    case Algorithm::Ed448:
        return {leftHalf(QStringLiteral("SHAKE256"), digest("SHAKE256", value, 114))};
    default:
        break;
    }
    switch (Algorithms::hashSize(algorithm)) {
    case 48:
        return {leftHalf(QStringLiteral("SHA-384"), digest("SHA384", value))};
    case 64:
        return {leftHalf(QStringLiteral("SHA-512"), digest("SHA512", value))};
    default:
        return {leftHalf(QStringLiteral("SHA-256"), digest("SHA256", value))};
    }
}

BindingChecks check(const DecodedToken &idToken, const OidcCompanions &companions)
{
    BindingChecks checks;
    const std::optional<Algorithm> algorithm = Algorithms::fromName(idToken.algorithm());
    const bool frontChannel = companions.channel == OidcCompanions::Channel::AuthorizationEndpoint;
    checks.append(checkHash(idToken, algorithm, {u"at_hash", u"access token", "at_hash_mismatch"},
                            companions.accessToken, frontChannel));
    checks.append(checkHash(idToken, algorithm, {u"c_hash", u"authorization code", "c_hash_mismatch"}, companions.code,
                            frontChannel));
    checks.append(checkHash(idToken, algorithm, {u"s_hash", u"state", "s_hash_mismatch"}, companions.state, false));

    const JsonValue *nonce
        = idToken.payload && idToken.payload->isObject() ? idToken.payload->value(u"nonce") : nullptr;
    const QString nonceCheck = QStringLiteral("id_token_nonce");
    if (companions.nonce.isEmpty()) {
        checks.append(Binding::notChecked(
            nonceCheck,
            nonce && nonce->isString()
                ? OidcHashesText::tr("nonce %1; give the nonce the client sent to check it").arg(nonce->string)
                : OidcHashesText::tr("no nonce expected")));
    } else if (!nonce || !nonce->isString() || nonce->string != companions.nonce) {
        checks.append(Binding::failed(
            nonceCheck, QStringLiteral("id_token_nonce_mismatch"),
            nonce && nonce->isString()
                ? OidcHashesText::tr("nonce %1 is not the client's %2").arg(nonce->string, companions.nonce)
                : OidcHashesText::tr("the ID token has no nonce; the client sent %1").arg(companions.nonce)));
    } else {
        checks.append(Binding::passed(nonceCheck, OidcHashesText::tr("nonce matches the client's")));
    }
    return checks;
}

} // namespace tokenscope::OidcHashes
