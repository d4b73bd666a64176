#include "binding/DpopVerifier.h"

#include "common/TimeFormat.h"
#include "crypto/KeyParser.h"
#include "crypto/Signature.h"
#include "jose/Base64Url.h"
#include "jose/Json.h"
#include "jose/MediaTypes.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QUrl>

namespace tokenscope::DpopVerifier {

namespace {

struct DpopText
{
    Q_DECLARE_TR_FUNCTIONS(Dpop)
};

const QString kTyp = QStringLiteral("dpop_typ");
const QString kAlg = QStringLiteral("dpop_alg");
const QString kJwk = QStringLiteral("dpop_jwk");
const QString kSignature = QStringLiteral("dpop_signature");
const QString kHtm = QStringLiteral("dpop_htm");
const QString kHtu = QStringLiteral("dpop_htu");
const QString kIat = QStringLiteral("dpop_iat");
const QString kJti = QStringLiteral("dpop_jti");
const QString kNonce = QStringLiteral("dpop_nonce");
const QString kAth = QStringLiteral("dpop_ath");
const QString kJkt = QStringLiteral("dpop_jkt");

const JsonValue *claim(const DecodedToken &proof, QStringView name)
{
    return proof.payload && proof.payload->isObject() ? proof.payload->value(name) : nullptr;
}

QString stringClaim(const DecodedToken &proof, QStringView name)
{
    const JsonValue *value = claim(proof, name);
    return value && value->isString() ? value->string : QString();
}

BindingCheck checkTyp(const DecodedToken &proof)
{
    // RFC 9449 §4.3 step 4: typ is dpop+jwt, compared as a media type.
    const JsonValue *typ = proof.header.value(u"typ");
    if (!typ)
        return Binding::failed(kTyp, QStringLiteral("dpop_typ_wrong"),
                               DpopText::tr("the proof has no \"typ\"; it must be dpop+jwt"));
    if (!typ->isString() || !MediaTypes::same(typ->string, u"dpop+jwt"))
        return Binding::failed(kTyp, QStringLiteral("dpop_typ_wrong"),
                               DpopText::tr("\"typ\" is %1, not dpop+jwt")
                                   .arg(QString::fromUtf8(Json::write(*typ, Json::Style::Compact))));
    return Binding::passed(kTyp, DpopText::tr("typ is dpop+jwt"));
}

// RFC 7517/7518 private members of RSA, EC, OKP and oct keys: a proof's jwk must carry none (RFC 9449 §4.3 step 7).
QStringList privateMembers(const JsonValue &jwk)
{
    static const char16_t *const names[] = {u"d", u"p", u"q", u"dp", u"dq", u"qi", u"oth", u"k"};
    QStringList present;
    for (const char16_t *name : names) {
        if (jwk.member(QStringView(name)))
            present.append(QString::fromUtf16(name));
    }
    return present;
}

struct KeyStep
{
    BindingCheck check;
    std::optional<Key> key;
};

KeyStep checkJwk(const DecodedToken &proof, std::optional<Algorithm> algorithm)
{
    const QString missing = QStringLiteral("dpop_jwk_missing");
    const JsonValue *jwk = proof.header.value(u"jwk");
    if (!jwk)
        return {Binding::failed(kJwk, missing, DpopText::tr("the proof has no \"jwk\" header to check it with")), {}};
    if (!jwk->isObject())
        return {Binding::failed(kJwk, missing, DpopText::tr("the \"jwk\" header is not a JSON object")), {}};
    if (const QStringList secret = privateMembers(*jwk); !secret.isEmpty()) {
        return {Binding::failed(kJwk, QStringLiteral("dpop_jwk_private"),
                                DpopText::tr("the \"jwk\" header holds private key members (%1): the key is leaked")
                                    .arg(secret.join(QLatin1String(", ")))),
                {}};
    }
    const KeyParseResult parsed
        = KeyParser::parseJwk(Json::write(*jwk, Json::Style::Compact), DpopText::tr("the proof's jwk header"));
    if (!parsed)
        return {Binding::failed(kJwk, missing,
                                DpopText::tr("the \"jwk\" header is not a usable key: %1").arg(parsed.error)),
                {}};
    const Key key = parsed.keys.first();
    if (algorithm) {
        QString why;
        if (!key.fits(*algorithm, &why))
            return {
                Binding::failed(
                    kJwk, missing,
                    DpopText::tr("the \"jwk\" header key cannot check %1: %2").arg(Algorithms::name(*algorithm), why)),
                {}};
    }
    return {Binding::passed(kJwk,
                            DpopText::tr("public %1 key in the jwk header, thumbprint %2 (used for this proof only)")
                                .arg(key.curve().isEmpty() ? key.kty() : key.curve(), key.thumbprint())),
            key};
}

BindingCheck checkHtm(const DecodedToken &proof, const DpopExpectation &expectation)
{
    const JsonValue *htm = claim(proof, u"htm");
    if (!htm || !htm->isString() || htm->string.isEmpty())
        return Binding::failed(kHtm, QStringLiteral("dpop_htm_mismatch"),
                               DpopText::tr("the proof has no \"htm\" (HTTP method)"));
    if (expectation.method.isEmpty())
        return Binding::notChecked(kHtm,
                                   DpopText::tr("htm is %1; no request method given to compare").arg(htm->string));
    // RFC 9110 §9.1: methods are case-sensitive.
    if (htm->string != expectation.method)
        return Binding::failed(kHtm, QStringLiteral("dpop_htm_mismatch"),
                               DpopText::tr("htm is %1 but the request is %2").arg(htm->string, expectation.method));
    return Binding::passed(kHtm, DpopText::tr("htm %1 matches the request").arg(htm->string));
}

BindingCheck checkHtu(const DecodedToken &proof, const DpopExpectation &expectation)
{
    const QString reason = QStringLiteral("dpop_htu_mismatch");
    const QString htu = stringClaim(proof, u"htu");
    if (htu.isEmpty())
        return Binding::failed(kHtu, reason, DpopText::tr("the proof has no \"htu\" (HTTP target URI)"));
    const Result<QString> proofTarget = normalizedTargetUri(htu);
    if (!proofTarget)
        return Binding::failed(kHtu, reason,
                               DpopText::tr("htu %1 is not usable: %2").arg(htu, proofTarget.error().message()));
    if (expectation.url.isEmpty())
        return Binding::notChecked(kHtu, DpopText::tr("htu is %1; no request URL given to compare").arg(htu));
    const Result<QString> requestTarget = normalizedTargetUri(expectation.url);
    if (!requestTarget)
        return Binding::failed(
            kHtu, reason,
            DpopText::tr("the request URL %1 is not usable: %2").arg(expectation.url, requestTarget.error().message()));
    if (*proofTarget != *requestTarget)
        return Binding::failed(kHtu, reason,
                               DpopText::tr("htu %1 is not the request's %2").arg(*proofTarget, *requestTarget));
    return Binding::passed(
        kHtu, DpopText::tr("htu matches the request as %1 (query and fragment ignored)").arg(*requestTarget));
}

BindingCheck checkIat(const DecodedToken &proof, const DpopExpectation &expectation)
{
    const QString reason = QStringLiteral("dpop_iat_outside_window");
    const JsonValue *iat = claim(proof, u"iat");
    const std::optional<qint64> issued = iat && iat->isNumber() ? iat->toInteger() : std::nullopt;
    if (!issued || !TimeFormat::inRange(*issued))
        return Binding::failed(kIat, reason, DpopText::tr("the proof has no \"iat\" NumericDate"));
    const Clock &clock = expectation.clock ? *expectation.clock : SystemClock::instance();
    const qint64 now = clock.nowSeconds();
    const QString when = TimeFormat::isoUtc(*issued);
    if (*issued > now && *issued - now > expectation.iatLeewaySeconds)
        return Binding::failed(kIat, reason,
                               DpopText::tr("issued %1 in the future (iat %2), more than the %3 s allowed")
                                   .arg(TimeFormat::duration(*issued - now), when)
                                   .arg(expectation.iatLeewaySeconds));
    if (*issued < now && now - *issued > expectation.iatWindowSeconds)
        return Binding::failed(kIat, reason,
                               DpopText::tr("issued %1 ago (iat %2), older than the %3 s window")
                                   .arg(TimeFormat::duration(now - *issued), when)
                                   .arg(expectation.iatWindowSeconds));
    return Binding::passed(kIat, DpopText::tr("iat %1 is within the window").arg(when));
}

BindingCheck checkJti(const DecodedToken &proof)
{
    const QString jti = stringClaim(proof, u"jti");
    if (jti.isEmpty())
        return Binding::failed(kJti, QStringLiteral("dpop_jti_missing"), DpopText::tr("the proof has no \"jti\""));
    // Replays can only be caught by the server that remembers jti values (RFC 9449 §11.1).
    return Binding::passed(kJti, DpopText::tr("jti %1 present (only the server can tell a replay)").arg(jti));
}

BindingCheck checkNonce(const DecodedToken &proof, const DpopExpectation &expectation)
{
    const QString nonce = stringClaim(proof, u"nonce");
    if (expectation.nonce.isEmpty()) {
        return Binding::notChecked(kNonce,
                                   nonce.isEmpty()
                                       ? DpopText::tr("no nonce expected, none sent")
                                       : DpopText::tr("nonce %1; no server nonce given to compare").arg(nonce));
    }
    if (nonce != expectation.nonce) {
        return Binding::failed(
            kNonce, QStringLiteral("dpop_nonce_mismatch"),
            nonce.isEmpty() ? DpopText::tr("the proof has no \"nonce\"; the server asked for %1").arg(expectation.nonce)
                            : DpopText::tr("nonce %1 is not the server's %2").arg(nonce, expectation.nonce));
    }
    return Binding::passed(kNonce, DpopText::tr("nonce matches the server's"));
}

BindingCheck checkAth(const DecodedToken &proof, const DpopExpectation &expectation)
{
    const QString ath = stringClaim(proof, u"ath");
    if (!expectation.accessToken) {
        return Binding::notChecked(kAth,
                                   ath.isEmpty() ? DpopText::tr("no access token given, no ath in the proof")
                                                 : DpopText::tr("ath %1; give the access token to check it").arg(ath));
    }
    const QString expected = accessTokenHash(*expectation.accessToken);
    if (ath.isEmpty())
        return Binding::failed(
            kAth, QStringLiteral("dpop_ath_mismatch"),
            DpopText::tr("the proof has no \"ath\" but travels with an access token (hash %1)").arg(expected));
    if (ath != expected)
        return Binding::failed(kAth, QStringLiteral("dpop_ath_mismatch"),
                               DpopText::tr("ath %1 is not the access token's hash %2").arg(ath, expected));
    return Binding::passed(kAth, DpopText::tr("ath is the SHA-256 of the access token"));
}

BindingCheck checkJkt(const DpopExpectation &expectation, const QString &thumbprint)
{
    if (!expectation.accessToken)
        return Binding::notChecked(kJkt, DpopText::tr("no access token given"));
    const DecodeResult decoded = CompactToken::decode(*expectation.accessToken);
    if (!decoded || decoded.token->kind == TokenKind::Jwe || !decoded.token->payload
        || !decoded.token->payload->isObject())
        return Binding::notChecked(
            kJkt,
            DpopText::tr("the access token is opaque (or encrypted): its cnf.jkt is known to the "
                         "authorization server (introspection, RFC 9449 §6.2)"));
    const JsonValue *cnf = decoded.token->payload->value(u"cnf");
    const JsonValue *jkt = cnf && cnf->isObject() ? cnf->value(u"jkt") : nullptr;
    if (!jkt || !jkt->isString())
        return Binding::failed(kJkt, QStringLiteral("dpop_jkt_mismatch"),
                               DpopText::tr("the access token has no cnf.jkt: it is not bound to a DPoP key"));
    if (thumbprint.isEmpty())
        return Binding::notChecked(
            kJkt, DpopText::tr("cnf.jkt is %1; the proof has no usable key to compare").arg(jkt->string));
    if (jkt->string != thumbprint)
        return Binding::failed(
            kJkt, QStringLiteral("dpop_jkt_mismatch"),
            DpopText::tr("cnf.jkt %1 is not the proof key's thumbprint %2").arg(jkt->string, thumbprint));
    return Binding::passed(kJkt, DpopText::tr("cnf.jkt is the proof key's RFC 7638 thumbprint"));
}

} // namespace

QString accessTokenHash(QByteArrayView accessToken)
{
    return QString::fromLatin1(Base64Url::encode(QCryptographicHash::hash(accessToken, QCryptographicHash::Sha256)));
}

Result<QString> normalizedTargetUri(const QString &uri)
{
    const auto fail = [](const QString &why) {
        return Error {"dpop.unusable_uri", why};
    };
    const QUrl url(uri.trimmed(), QUrl::StrictMode);
    if (!url.isValid())
        return fail(DpopText::tr("not a URI (%1)").arg(url.errorString()));
    // RFC 3986 §6.2.2.1: scheme and host are case-insensitive (QUrl lower-cases the host).
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https" && scheme != u"http")
        return fail(DpopText::tr("not an absolute http or https URI"));
    if (url.host().isEmpty())
        return fail(DpopText::tr("no host"));
    // RFC 3986 §6.2.3: the scheme's default port is the same as no port, and an empty path is "/".
    const int defaultPort = scheme == u"https" ? 443 : 80;
    const int port = url.port(defaultPort);
    const QUrl normalized
        = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo | QUrl::NormalizePathSegments);
    // FullyEncoded writes percent-escapes in upper case and unreserved characters decoded (RFC 3986 §6.2.2.1-2).
    QString path = normalized.path(QUrl::FullyEncoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    QString host = normalized.host(QUrl::FullyEncoded).toLower();
    if (host.contains(u':'))
        host = u'[' + host + u']'; // an IPv6 literal keeps its brackets (RFC 3986 §3.2.2)
    QString text = scheme + QStringLiteral("://") + host;
    if (port != defaultPort)
        text += u':' + QString::number(port);
    return text + path;
}

DpopResult verify(const DecodedToken &proof, const DpopExpectation &expectation)
{
    DpopResult result;
    // RFC 9449 §4.3 steps 2-3: a well-formed JWS with a JSON object of claims.
    if (proof.kind != TokenKind::Jws || !proof.payload || !proof.payload->isObject()) {
        result.checks.append(Binding::failed(
            QStringLiteral("dpop_structure"), QStringLiteral("dpop_malformed"),
            proof.kind == TokenKind::Jwe             ? DpopText::tr("the proof is encrypted (JWE), not signed")
                : proof.kind == TokenKind::Unsecured ? DpopText::tr("the proof is unsecured (alg none)")
                                                     : DpopText::tr("the proof's payload is not a JSON object")));
        return result;
    }
    result.checks.append(checkTyp(proof));

    // Step 5: an asymmetric algorithm Tokenscope knows; never none, never an HMAC.
    const QString algName = proof.algorithm();
    const std::optional<Algorithm> algorithm = Algorithms::fromName(algName);
    if (!algorithm || Algorithms::family(*algorithm) == KeyFamily::Hmac) {
        result.checks.append(Binding::failed(
            QStringLiteral("dpop_alg"), QStringLiteral("dpop_alg_unusable"),
            algorithm ? DpopText::tr("alg %1 is symmetric; a proof needs an asymmetric signature").arg(algName)
                      : DpopText::tr("alg %1 is not an asymmetric JWS algorithm").arg(algName)));
    } else {
        result.checks.append(
            Binding::passed(QStringLiteral("dpop_alg"), DpopText::tr("alg %1 is asymmetric").arg(algName)));
    }

    // Steps 6-7: the jwk header, public only, checks the signature.
    KeyStep keyStep
        = checkJwk(proof, algorithm && Algorithms::family(*algorithm) != KeyFamily::Hmac ? algorithm : std::nullopt);
    result.checks.append(keyStep.check);
    if (keyStep.key) {
        result.proofKey = keyStep.key;
        result.thumbprint = keyStep.key->thumbprint();
    }
    if (keyStep.key && algorithm && Algorithms::family(*algorithm) != KeyFamily::Hmac) {
        const Signature::VerifyResult signature
            = Signature::verify(*algorithm, *keyStep.key, proof.signingInput(), proof.signature());
        result.checks.append(
            signature
                ? Binding::passed(kSignature, DpopText::tr("the signature verifies with the jwk header key"))
                : Binding::failed(
                    kSignature, QStringLiteral("dpop_signature_invalid"),
                    DpopText::tr("the signature does not verify with the jwk header key: %1").arg(signature.detail)));
    } else {
        result.checks.append(
            Binding::notChecked(kSignature, DpopText::tr("no usable key and algorithm to check the signature with")));
    }

    result.checks.append(checkHtm(proof, expectation)); // step 8
    result.checks.append(checkHtu(proof, expectation)); // step 9
    result.checks.append(checkNonce(proof, expectation)); // step 10
    result.checks.append(checkIat(proof, expectation)); // step 11
    result.checks.append(checkJti(proof)); // §4.2, §11.1
    result.checks.append(checkAth(proof, expectation)); // step 12
    result.checks.append(checkJkt(expectation, result.thumbprint)); // step 12, §6.1
    return result;
}

} // namespace tokenscope::DpopVerifier
