#include "binding/TokenBundle.h"

#include "jose/CompactToken.h"
#include "jose/Json.h"
#include "jose/MediaTypes.h"
#include "jose/TokenExtractor.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace tokenscope {

int TokenBundle::itemCount() const
{
    return int(accessToken.has_value()) + int(idToken.has_value()) + int(refreshToken.has_value())
        + int(dpopProof.has_value()) + int(code.has_value()) + int(state.has_value());
}

bool TokenBundle::isCompound() const
{
    // A state alone relates to nothing but an s_hash, which few servers send: an ID token in a redirect with its
    // state is shown as the one token it is (--state asks for the check).
    const int related = itemCount() - int(state.has_value()) - int(dpopProof.has_value());
    return dpopProof.has_value() || related >= 2;
}

namespace TokenBundleReader {

namespace {

// RFC 9110 §11.2 token68, the syntax of an Authorization credential and of the DPoP header (RFC 9449 §4.1).
const QString kToken68 = QStringLiteral("([A-Za-z0-9\\-._~+/]+=*)");

std::optional<QByteArray> stringMember(const JsonValue &object, QStringView name)
{
    const JsonValue *value = object.value(name);
    if (!value || !value->isString() || value->string.isEmpty())
        return std::nullopt;
    return value->string.toUtf8();
}

bool readTokenResponse(QStringView text, TokenBundle &bundle)
{
    const QStringView trimmed = text.trimmed();
    if (!trimmed.startsWith(u'{'))
        return false;
    const JsonParseResult parsed = Json::parse(trimmed.toUtf8());
    if (!parsed || !parsed.value->isObject())
        return false;
    const JsonValue &response = *parsed.value;
    bundle.accessToken = stringMember(response, u"access_token");
    bundle.idToken = stringMember(response, u"id_token");
    bundle.refreshToken = stringMember(response, u"refresh_token");
    if (!bundle.accessToken && !bundle.idToken && !bundle.refreshToken)
        return false;
    if (const std::optional<QByteArray> type = stringMember(response, u"token_type"))
        bundle.tokenType = QString::fromUtf8(*type);
    bundle.source = TokenBundle::Source::TokenResponse;
    return true;
}

void readHeaders(const QString &text, TokenBundle &bundle)
{
    static const QRegularExpression authorization(QStringLiteral("Authorization:\\s*(DPoP|Bearer)\\s+") + kToken68,
                                                  QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression dpop(QStringLiteral("(?<![\\w-])DPoP:\\s*") + kToken68,
                                         QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch credential = authorization.match(text);
    if (credential.hasMatch()) {
        // RFC 7235 §2.1: the scheme is case-insensitive; shown as the specs spell it.
        bundle.tokenType = credential.captured(1).compare(QLatin1String("dpop"), Qt::CaseInsensitive) == 0
            ? QStringLiteral("DPoP")
            : QStringLiteral("Bearer");
        bundle.accessToken = credential.captured(2).toLatin1();
    }
    QRegularExpressionMatchIterator proofs = dpop.globalMatch(text);
    while (proofs.hasNext()) {
        const QRegularExpressionMatch proof = proofs.next();
        if (!bundle.dpopProof)
            bundle.dpopProof = proof.captured(1).toLatin1();
        ++bundle.dpopHeaderCount;
    }
}

bool readCurl(const QString &text, TokenBundle &bundle)
{
    static const QRegularExpression curl(QStringLiteral("(^|\\s)curl\\s"));
    if (!curl.match(text).hasMatch())
        return false;
    static const QRegularExpression method(QStringLiteral("(?:^|\\s)(?:-X|--request)\\s*['\"]?([A-Za-z]+)"));
    static const QRegularExpression body(QStringLiteral("(?:^|\\s)(?:-d|--data[\\w-]*|-F|--form|--json)(?:\\s|=)"));
    static const QRegularExpression url(QStringLiteral("https?://[^\\s'\"\\\\]+"));
    const QRegularExpressionMatch explicitMethod = method.match(text);
    // curl sends GET, or POST when it has a body to send (-d, --data…, -F, --json).
    bundle.method = explicitMethod.hasMatch() ? explicitMethod.captured(1)
        : body.match(text).hasMatch()         ? QStringLiteral("POST")
                                              : QStringLiteral("GET");
    bundle.url = url.match(text).captured(0);
    bundle.source = TokenBundle::Source::HttpRequest;
    return true;
}

bool readHttpRequest(const QString &text, TokenBundle &bundle)
{
    static const QRegularExpression requestLine(QStringLiteral("^\\s*([A-Z]+)\\s+(\\S+)\\s+HTTP/\\d(?:\\.\\d)?\\s*$"),
                                                QRegularExpression::MultilineOption);
    static const QRegularExpression host(QStringLiteral("^\\s*Host:\\s*(\\S+)\\s*$"),
                                         QRegularExpression::MultilineOption
                                             | QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch line = requestLine.match(text);
    if (!line.hasMatch())
        return false;
    bundle.method = line.captured(1);
    const QString target = line.captured(2);
    // RFC 9112 §3.2: origin-form targets take their authority from Host; the scheme is not in the request, and
    // DPoP travels over TLS, so https is assumed.
    if (target.startsWith(QLatin1String("http://")) || target.startsWith(QLatin1String("https://")))
        bundle.url = target;
    else if (const QRegularExpressionMatch authority = host.match(text);
             authority.hasMatch() && target.startsWith(u'/'))
        bundle.url = QStringLiteral("https://") + authority.captured(1) + target;
    bundle.source = TokenBundle::Source::HttpRequest;
    return true;
}

bool readRedirect(const QString &text, TokenBundle &bundle)
{
    static const QRegularExpression parameters(QStringLiteral("[?#&](?:code|state|id_token|access_token)="));
    const QRegularExpressionMatch first = parameters.match(text);
    if (!first.hasMatch())
        return false;
    // The query and the fragment (implicit and hybrid responses use the fragment, RFC 6749 §4.2.2).
    const QString tail = text.mid(first.capturedStart()).section(QRegularExpression(QStringLiteral("\\s")), 0, 0);
    QString query;
    QString fragment;
    const qsizetype hash = tail.indexOf(u'#');
    if (hash < 0) {
        query = tail.mid(1);
    } else {
        query = tail.left(hash).mid(1);
        fragment = tail.mid(hash + 1);
    }
    const auto take = [](const QUrlQuery &from, const QString &name) -> std::optional<QByteArray> {
        if (!from.hasQueryItem(name))
            return std::nullopt;
        const QString value = from.queryItemValue(name, QUrl::FullyDecoded);
        return value.isEmpty() ? std::nullopt : std::optional<QByteArray>(value.toUtf8());
    };
    for (const QString &part : {fragment, query}) {
        const QUrlQuery items(part);
        bundle.code = bundle.code ? bundle.code : take(items, QStringLiteral("code"));
        bundle.state = bundle.state ? bundle.state : take(items, QStringLiteral("state"));
        bundle.idToken = bundle.idToken ? bundle.idToken : take(items, QStringLiteral("id_token"));
        bundle.accessToken = bundle.accessToken ? bundle.accessToken : take(items, QStringLiteral("access_token"));
        if (bundle.tokenType.isEmpty() && items.hasQueryItem(QStringLiteral("token_type")))
            bundle.tokenType = items.queryItemValue(QStringLiteral("token_type"));
    }
    if (bundle.itemCount() == 0)
        return false;
    bundle.source = TokenBundle::Source::RedirectUrl;
    return true;
}

bool looksLikeIdToken(const DecodedToken &token)
{
    const JsonValue *typ = token.header.value(u"typ");
    if (typ && typ->isString() && MediaTypes::same(typ->string, u"id_token+jwt"))
        return true;
    if (!token.payload || !token.payload->isObject())
        return false;
    // Claims only ID tokens carry (OIDC Core §2).
    for (const char16_t *name : {u"nonce", u"at_hash", u"c_hash", u"s_hash", u"auth_time", u"azp"}) {
        if (token.payload->member(QStringView(name)))
            return true;
    }
    return false;
}

QString typOf(const DecodedToken &token)
{
    const JsonValue *typ = token.header.value(u"typ");
    return typ && typ->isString() ? MediaTypes::canonical(typ->string) : QString();
}

// Tokens in the text that no header or parameter named: a proof by its typ, an ID token by its claims, the first
// other JWT as the access token.
void classifyRemainingTokens(QStringView text, TokenBundle &bundle)
{
    const auto known = [&bundle](const QByteArray &token) {
        for (const std::optional<QByteArray> *slot :
             {&bundle.accessToken, &bundle.idToken, &bundle.refreshToken, &bundle.dpopProof}) {
            if (*slot && **slot == token)
                return true;
        }
        return false;
    };
    for (const ExtractedToken &extracted : TokenExtractor::extract(text)) {
        if (known(extracted.token))
            continue;
        const DecodeResult decoded = CompactToken::decode(extracted.token);
        if (!decoded)
            continue;
        const QString typ = typOf(*decoded.token);
        if (typ == u"dpop+jwt") {
            if (!bundle.dpopProof)
                bundle.dpopProof = extracted.token;
        } else if (looksLikeIdToken(*decoded.token) && !bundle.idToken) {
            bundle.idToken = extracted.token;
        } else if (!bundle.accessToken) {
            bundle.accessToken = extracted.token;
        } else if (!bundle.idToken) {
            bundle.idToken = extracted.token;
        }
    }
}

} // namespace

QString sourceName(TokenBundle::Source source)
{
    switch (source) {
    case TokenBundle::Source::Tokens:
        return QStringLiteral("tokens");
    case TokenBundle::Source::TokenResponse:
        return QStringLiteral("token_response");
    case TokenBundle::Source::RedirectUrl:
        return QStringLiteral("redirect_url");
    case TokenBundle::Source::HttpRequest:
        return QStringLiteral("http_request");
    }
    return QStringLiteral("tokens");
}

TokenBundle read(QStringView text, qsizetype maxLength)
{
    TokenBundle bundle;
    if (text.size() > maxLength)
        return bundle;
    if (readTokenResponse(text, bundle))
        return bundle;
    const QString whole = text.toString();
    readHeaders(whole, bundle);
    if (!readCurl(whole, bundle) && !readHttpRequest(whole, bundle))
        readRedirect(whole, bundle);
    classifyRemainingTokens(text, bundle);
    return bundle;
}

} // namespace TokenBundleReader
} // namespace tokenscope
