#include "verify/AttackFindings.h"

#include "crypto/EcdsaScalars.h"
#include "crypto/HmacTrial.h"
#include "crypto/KeyData.h"
#include "verify/Findings.h"
#include "verify/WeakSecrets.h"

#include <QCoreApplication>

#include <openssl/encoder.h>

namespace tokenscope::FindingsCatalogue {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct FindingsText
{
    Q_DECLARE_TR_FUNCTIONS(Findings)
};

Span headerMemberSpan(const DecodedToken &token, QStringView name)
{
    const JsonMember *member = token.header.member(name);
    if (!member)
        return {};
    return token.tokenSpan(SegmentRole::Header,
                           {member->nameSpan.start, member->value.span.end() - member->nameSpan.start});
}

Span signatureSpan(const DecodedToken &token)
{
    return token.hasSegment(SegmentRole::Signature) ? token.segment(SegmentRole::Signature).span : Span {};
}

// The token's JWS algorithm when it is a signed token with a signature part; nullopt otherwise.
std::optional<Algorithm> signedAlgorithm(const DecodedToken &token)
{
    if (token.kind != TokenKind::Jws || !token.hasSegment(SegmentRole::Signature))
        return std::nullopt;
    return Algorithms::fromName(token.algorithm());
}

void checkEcdsaScalars(const DecodedToken &token, Algorithm algorithm, Findings &findings)
{
    QString problem;
    switch (EcdsaScalars::check(algorithm, token.signature())) {
    case EcdsaScalars::Problem::None:
    case EcdsaScalars::Problem::NotApplicable:
        return;
    case EcdsaScalars::Problem::RZero:
        problem = FindingsText::tr("r is zero");
        break;
    case EcdsaScalars::Problem::SZero:
        problem = FindingsText::tr("s is zero");
        break;
    case EcdsaScalars::Problem::RNotBelowOrder:
        problem = FindingsText::tr("r is not below the group order");
        break;
    case EcdsaScalars::Problem::SNotBelowOrder:
        problem = FindingsText::tr("s is not below the group order");
        break;
    }
    findings.append(
        make(u"ecdsa_signature_out_of_range",
             FindingsText::tr("the %1 signature's %2: it can never verify, and only a verifier that skips the "
                              "range check accepts it (CVE-2022-21449)")
                 .arg(Algorithms::name(algorithm), problem),
             signatureSpan(token)));
}

void checkWeakSecrets(const DecodedToken &token, Algorithm algorithm, Findings &findings)
{
    HmacTrial trial(algorithm, token.signingInput(), token.signature());
    if (!trial.isUsable())
        return;
    const Span span = signatureSpan(token);
    if (trial.matches({})) {
        findings.append(make(u"hmac_empty_secret",
                             FindingsText::tr("the %1 signature verifies with an empty secret: anyone can forge this "
                                              "token")
                                 .arg(Algorithms::name(algorithm)),
                             span));
        return;
    }
    // The secret itself stays out of the message (findings go into shared reports): the entry's place in the
    // list is enough to look it up.
    qsizetype tried = 0;
    for (const WeakSecrets::Group &group : WeakSecrets::groups()) {
        for (qsizetype index = 0; index < group.secrets.size() && !trial.isExhausted(); ++index, ++tried) {
            if (trial.matches(group.secrets.at(index))) {
                findings.append(
                    make(u"hmac_secret_guessed",
                         FindingsText::tr("the %1 signature verifies with entry %2 of the built-in weak-secret "
                                          "list \"%3\": anyone can forge this token")
                             .arg(Algorithms::name(algorithm))
                             .arg(index + 1)
                             .arg(group.name),
                         span));
                return;
            }
        }
    }
    if (tried < WeakSecrets::size()) {
        findings.append(
            make(u"hmac_secret_search_capped",
                 FindingsText::tr("the signing input is %1 bytes, so only the empty secret and the first %2 of "
                                  "the %3 weak secrets were tried")
                     .arg(token.signingInput().size())
                     .arg(tried)
                     .arg(WeakSecrets::size()),
                 span));
    }
}

// A public key written out in one of the ways a verifier's configuration may hold it.
struct Encoding
{
    QString name;
    QByteArray bytes;
};

QByteArray encodePublic(const EVP_PKEY *key, const char *format, const char *structure)
{
    using EncoderPointer = std::unique_ptr<OSSL_ENCODER_CTX, decltype(&OSSL_ENCODER_CTX_free)>;
    EncoderPointer encoder(
        OSSL_ENCODER_CTX_new_for_pkey(key, OSSL_KEYMGMT_SELECT_PUBLIC_KEY, format, structure, nullptr),
        &OSSL_ENCODER_CTX_free);
    unsigned char *data = nullptr;
    size_t length = 0;
    if (!encoder || OSSL_ENCODER_CTX_get_num_encoders(encoder.get()) == 0
        || OSSL_ENCODER_to_data(encoder.get(), &data, &length) != 1) {
        OpenSsl::clearErrors();
        return {};
    }
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(length));
    OPENSSL_free(data);
    return bytes;
}

// The encodings libraries and configuration files commonly use for a public key: PEM text as written (with its
// trailing newline), without it and with CRLF line ends; DER; for RSA the PKCS#1 forms; the JWK as exported and its
// RFC 7638 canonical members.
QList<Encoding> publicKeyEncodings(const Key &key)
{
    QList<Encoding> encodings;
    const KeyData *data = key.data();
    if (!data || !data->pkey)
        return encodings;
    const auto addPem = [&encodings](const QString &name, const QByteArray &pem) {
        if (pem.isEmpty())
            return;
        QByteArray withNewline = pem.endsWith('\n') ? pem : pem + '\n';
        QByteArray trimmed = pem;
        while (trimmed.endsWith('\n') || trimmed.endsWith('\r'))
            trimmed.chop(1);
        QByteArray crlf = withNewline;
        crlf.replace("\n", "\r\n");
        encodings.append({FindingsText::tr("%1 PEM text").arg(name), withNewline});
        encodings.append({FindingsText::tr("%1 PEM text without its final newline").arg(name), trimmed});
        encodings.append({FindingsText::tr("%1 PEM text with CRLF line ends").arg(name), crlf});
    };
    addPem(FindingsText::tr("SubjectPublicKeyInfo"), encodePublic(data->pkey.get(), "PEM", "SubjectPublicKeyInfo"));
    encodings.append(
        {FindingsText::tr("SubjectPublicKeyInfo DER"), encodePublic(data->pkey.get(), "DER", "SubjectPublicKeyInfo")});
    if (key.type() == Key::Type::Rsa) {
        addPem(FindingsText::tr("PKCS#1"), encodePublic(data->pkey.get(), "PEM", "type-specific"));
        encodings.append({FindingsText::tr("PKCS#1 DER"), encodePublic(data->pkey.get(), "DER", "type-specific")});
    }
    encodings.append({FindingsText::tr("JWK"), key.toJwk()});
    encodings.append({FindingsText::tr("canonical JWK (RFC 7638)"), Crypto::canonicalJson(data->publicMembers())});
    encodings.removeIf([](const Encoding &encoding) { return encoding.bytes.isEmpty(); });
    return encodings;
}

void checkKeyConfusion(const DecodedToken &token, Algorithm algorithm, const KeySet &keys, Findings &findings)
{
    HmacTrial trial(algorithm, token.signingInput(), token.signature());
    if (!trial.isUsable())
        return;
    for (const Key &key : keys) {
        if (trial.isExhausted())
            return;
        if (key.type() != Key::Type::Rsa && key.type() != Key::Type::Ec)
            continue;
        for (const Encoding &encoding : publicKeyEncodings(key)) {
            if (!trial.matches(encoding.bytes))
                continue;
            findings.append(make(
                u"hmac_key_confusion",
                FindingsText::tr(
                    "the %1 signature verifies with your %2 public key (%3 from %4) used as the HMAC secret: the token "
                    "was forged for verifiers that take the algorithm from the token; Tokenscope refuses it")
                    .arg(Algorithms::name(algorithm), key.kty(), encoding.name, key.source()),
                headerMemberSpan(token, u"alg")));
            return;
        }
    }
}

void checkKeyUrlHosts(const DecodedToken &token, const QUrl &discoveredJwksUrl, Findings &findings)
{
    const QString expectedHost = discoveredJwksUrl.host();
    if (expectedHost.isEmpty())
        return;
    for (const char16_t *name : {u"jku", u"x5u"}) {
        const JsonValue *value = token.header.value(QStringView(name));
        if (!value)
            continue;
        const QUrl url = value->isString() ? QUrl(value->string, QUrl::StrictMode) : QUrl();
        // Hosts compare case-insensitively (RFC 3986 §3.2.2); QUrl lower-cases registered names.
        if (url.isValid() && url.host().compare(expectedHost, Qt::CaseInsensitive) == 0)
            continue;
        const QString where = url.isValid() && !url.host().isEmpty() ? FindingsText::tr("host %1").arg(url.host())
                                                                     : FindingsText::tr("no usable host");
        findings.append(make(u"key_url_foreign_host",
                             FindingsText::tr("\"%1\" names %2, but the issuer's discovered jwks_uri is on %3: a key "
                                              "location the issuer does not publish")
                                 .arg(QStringView(name), where, expectedHost),
                             headerMemberSpan(token, QStringView(name))));
    }
}

} // namespace

Findings analyzeAttacks(const DecodedToken &token)
{
    Findings findings;
    const std::optional<Algorithm> algorithm = signedAlgorithm(token);
    if (!algorithm)
        return findings;
    switch (Algorithms::family(*algorithm)) {
    case KeyFamily::Ec:
        checkEcdsaScalars(token, *algorithm, findings);
        break;
    case KeyFamily::Hmac:
        checkWeakSecrets(token, *algorithm, findings);
        break;
    default:
        break;
    }
    return findings;
}

Findings analyzeVerifierAttacks(const DecodedToken &token, const KeySet &keys, const QUrl &discoveredJwksUrl)
{
    Findings findings;
    if (token.kind == TokenKind::Jwe)
        return findings;
    checkKeyUrlHosts(token, discoveredJwksUrl, findings);
    const std::optional<Algorithm> algorithm = signedAlgorithm(token);
    if (algorithm && Algorithms::family(*algorithm) == KeyFamily::Hmac)
        checkKeyConfusion(token, *algorithm, keys, findings);
    return findings;
}

} // namespace tokenscope::FindingsCatalogue
