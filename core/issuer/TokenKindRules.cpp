#include "issuer/TokenKindRules.h"

namespace tokenscope::issuer {

namespace {

bool hasStringClaim(const JsonValue &payload, QStringView name)
{
    const JsonValue *value = payload.value(name);
    return value && value->isString() && !value->string.isEmpty();
}

bool hasNumberClaim(const JsonValue &payload, QStringView name)
{
    const JsonValue *value = payload.value(name);
    return value && value->isNumber();
}

} // namespace

bool TokenKindRules::isAccessTokenType(QStringView typ)
{
    return typ.compare(u"at+jwt", Qt::CaseInsensitive) == 0
        || typ.compare(u"application/at+jwt", Qt::CaseInsensitive) == 0;
}

QString TokenKindRules::singleAudience(const JsonValue &payload)
{
    const JsonValue *aud = payload.value(u"aud");
    if (!aud)
        return {};
    if (aud->isString())
        return aud->string;
    if (aud->isArray() && aud->elements.size() == 1 && aud->elements.front().isString())
        return aud->elements.front().string;
    return {};
}

bool TokenKindRules::matches(IssuedJwtKind kind, const JsonValue &header, const JsonValue &payload,
                             const QString &apiAudience)
{
    const JsonValue *typ = header.value(u"typ");
    const bool typedAsAccessToken = typ && typ->isString() && isAccessTokenType(typ->string);
    const QString audience = singleAudience(payload);
    if (kind == IssuedJwtKind::AccessToken) {
        // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat and jti are required.
        return typedAsAccessToken && audience == apiAudience && hasStringClaim(payload, u"sub")
            && hasStringClaim(payload, u"client_id") && hasStringClaim(payload, u"jti")
            && hasNumberClaim(payload, u"iat") && hasNumberClaim(payload, u"exp");
    }
    // An ID token names its client in "aud" and carries no client_id (that is an access token's claim).
    return !typedAsAccessToken && !audience.isEmpty() && audience != apiAudience && hasStringClaim(payload, u"sub")
        && !payload.value(u"client_id");
}

} // namespace tokenscope::issuer
