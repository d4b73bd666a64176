#include "binding/BundleChecks.h"

#include <QCoreApplication>

namespace tokenscope {

const BundleToken *BundleReport::token(QStringView role) const
{
    for (const BundleToken &candidate : tokens) {
        if (candidate.role == role)
            return &candidate;
    }
    return nullptr;
}

namespace BundleChecks {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct BundleChecksText
{
    Q_DECLARE_TR_FUNCTIONS(BundleChecks)
};

const JsonValue *claim(const BundleToken *token, QStringView name)
{
    if (!token || !token->decoded || !token->decoded->payload || !token->decoded->payload->isObject())
        return nullptr;
    return token->decoded->payload->value(name);
}

QString stringClaim(const BundleToken *token, QStringView name)
{
    const JsonValue *value = claim(token, name);
    return value && value->isString() ? value->string : QString();
}

bool isReadableJwt(const BundleToken *token)
{
    return token && token->decoded && token->decoded->kind != TokenKind::Jwe && token->decoded->payload
        && token->decoded->payload->isObject();
}

void addToken(BundleReport &report, const QString &role, const std::optional<QByteArray> &value)
{
    if (!value)
        return;
    BundleToken token {role, *value, std::nullopt};
    if (DecodeResult decoded = CompactToken::decode(*value))
        token.decoded = std::move(*decoded.token);
    report.tokens.append(std::move(token));
}

BindingChecks dpopChecks(const BundleReport &report)
{
    BindingChecks checks;
    const TokenBundle &bundle = report.bundle;
    if (bundle.dpopHeaderCount > 1) {
        // RFC 9449 §4.3 step 1: not more than one DPoP header field.
        checks.append(
            Binding::failed(QStringLiteral("dpop_header"), QStringLiteral("dpop_malformed"),
                            BundleChecksText::tr("the request has %1 DPoP header fields; exactly one is allowed")
                                .arg(bundle.dpopHeaderCount)));
    }
    if (bundle.accessToken && bundle.source == TokenBundle::Source::HttpRequest) {
        // RFC 9449 §7.1: a DPoP-bound access token travels with the DPoP scheme, never as Bearer.
        if (bundle.tokenType == u"DPoP")
            checks.append(Binding::passed(QStringLiteral("dpop_scheme"),
                                          BundleChecksText::tr("the access token is sent with the DPoP scheme")));
        else
            checks.append(Binding::failed(
                QStringLiteral("dpop_scheme"), QStringLiteral("dpop_bearer_scheme"),
                BundleChecksText::tr("the access token is sent as %1 beside a DPoP proof; use the DPoP scheme")
                    .arg(bundle.tokenType.isEmpty() ? BundleChecksText::tr("a bare token") : bundle.tokenType)));
    }
    return checks;
}

BindingCheck sameClaim(const QString &check, const QString &reason, QStringView name, const BundleToken *accessToken,
                       const BundleToken *idToken)
{
    const QString atValue = stringClaim(accessToken, name);
    const QString idValue = stringClaim(idToken, name);
    if (atValue.isEmpty() || idValue.isEmpty())
        return Binding::notChecked(
            check, BundleChecksText::tr("%1 is not in both the access token and the ID token").arg(name));
    if (atValue != idValue)
        return Binding::failed(
            check, reason,
            BundleChecksText::tr("the access token's %1 is %2, the ID token's %3").arg(name, atValue, idValue));
    return Binding::passed(check, BundleChecksText::tr("both tokens have %1 %2").arg(name, atValue));
}

BindingCheck sameClient(const BundleToken *accessToken, const BundleToken *idToken)
{
    const QString check = QStringLiteral("response_client");
    const QString clientId = stringClaim(accessToken, u"client_id");
    if (clientId.isEmpty())
        return Binding::notChecked(check, BundleChecksText::tr("the access token has no client_id to compare"));
    QStringList audiences;
    if (const JsonValue *aud = claim(idToken, u"aud")) {
        if (aud->isString())
            audiences.append(aud->string);
        for (const JsonValue &element : aud->elements) {
            if (element.isString())
                audiences.append(element.string);
        }
    }
    const QString azp = stringClaim(idToken, u"azp");
    const QString reason = QStringLiteral("token_response_client_mismatch");
    if (!audiences.contains(clientId))
        return Binding::failed(
            check, reason,
            BundleChecksText::tr("the access token's client_id %1 is not an audience of the ID token (%2)")
                .arg(clientId, audiences.join(QLatin1String(", "))));
    if (!azp.isEmpty() && azp != clientId)
        return Binding::failed(
            check, reason,
            BundleChecksText::tr("the access token's client_id %1 is not the ID token's azp %2").arg(clientId, azp));
    return Binding::passed(
        check, BundleChecksText::tr("the access token's client_id %1 is the ID token's audience").arg(clientId));
}

BindingChecks responseChecks(const BundleReport &report)
{
    BindingChecks checks;
    const BundleToken *accessToken = report.token(u"access_token");
    const BundleToken *idToken = report.token(u"id_token");
    if (!isReadableJwt(idToken) || !accessToken)
        return checks;
    if (!isReadableJwt(accessToken)) {
        checks.append(Binding::notChecked(
            QStringLiteral("response_iss"),
            BundleChecksText::tr("the access token is opaque: only at_hash relates it to the ID token")));
        return checks;
    }
    checks.append(sameClaim(QStringLiteral("response_iss"), QStringLiteral("token_response_iss_mismatch"), u"iss",
                            accessToken, idToken));
    checks.append(sameClaim(QStringLiteral("response_sub"), QStringLiteral("token_response_sub_mismatch"), u"sub",
                            accessToken, idToken));
    checks.append(sameClient(accessToken, idToken));
    // A refresh token that is a JWT (some servers issue them) comes from the same issuer as well.
    const BundleToken *refreshToken = report.token(u"refresh_token");
    if (isReadableJwt(refreshToken) && !stringClaim(refreshToken, u"iss").isEmpty()) {
        checks.append(sameClaim(QStringLiteral("response_refresh_iss"), QStringLiteral("token_response_iss_mismatch"),
                                u"iss", refreshToken, idToken));
    }
    return checks;
}

} // namespace

BundleReport check(const TokenBundle &bundle, const BundleOptions &options)
{
    BundleReport report;
    report.bundle = bundle;
    addToken(report, QStringLiteral("dpop_proof"), bundle.dpopProof);
    addToken(report, QStringLiteral("access_token"), bundle.accessToken);
    addToken(report, QStringLiteral("id_token"), bundle.idToken);
    addToken(report, QStringLiteral("refresh_token"), bundle.refreshToken);

    if (const BundleToken *proof = report.token(u"dpop_proof")) {
        report.checks += dpopChecks(report);
        if (!proof->decoded) {
            report.checks.append(Binding::failed(QStringLiteral("dpop_structure"), QStringLiteral("dpop_malformed"),
                                                 BundleChecksText::tr("the DPoP header does not hold a JWT")));
        } else {
            DpopExpectation expectation = options.dpop;
            if (expectation.method.isEmpty())
                expectation.method = bundle.method;
            if (expectation.url.isEmpty())
                expectation.url = bundle.url;
            if (!expectation.accessToken)
                expectation.accessToken = bundle.accessToken;
            report.dpop = DpopVerifier::verify(*proof->decoded, expectation);
            report.checks += report.dpop->checks;
        }
    }

    const BundleToken *idToken = report.token(u"id_token");
    if (isReadableJwt(idToken)) {
        OidcCompanions companions;
        companions.accessToken = bundle.accessToken;
        companions.code = bundle.code;
        companions.state = bundle.state;
        companions.nonce = options.oidcNonce;
        companions.channel = bundle.source == TokenBundle::Source::RedirectUrl
            ? OidcCompanions::Channel::AuthorizationEndpoint
            : OidcCompanions::Channel::TokenEndpoint;
        report.checks += OidcHashes::check(*idToken->decoded, companions);
    }
    report.checks += responseChecks(report);
    return report;
}

} // namespace BundleChecks
} // namespace tokenscope
