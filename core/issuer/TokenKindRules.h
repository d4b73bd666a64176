#pragma once

#include "jose/Json.h"

#include <QString>
#include <QStringView>

namespace tokenscope::issuer {

// The two kinds of JWT the mock issuer signs, with the same key and the same "iss".
enum class IssuedJwtKind {
    AccessToken, // RFC 9068: for the API
    IdToken, // OpenID Connect Core 1.0 §2: for the client
};

// What tells an access token from an ID token, so that neither is ever taken for the other: an ID token at
// /userinfo or /introspect, or an access token as an end-session id_token_hint. The signature, "iss" and "exp" are
// checked before these rules; these look only at the type marker and the audience.
class TokenKindRules
{
public:
    // RFC 9068 §4: a JWT access token has typ "at+jwt" (RFC 7515 §4.1.9: "application/" may be left out, the media
    // type is compared case-insensitively), the API as its audience, and the claims of RFC 9068 §2.2.
    // OpenID Connect Core 1.0 §2: an ID token's audience is the client it was issued to; here it is never typed
    // as an access token and never addressed to the API.
    [[nodiscard]] static bool matches(IssuedJwtKind kind, const JsonValue &header, const JsonValue &payload,
                                      const QString &apiAudience);

    // typ "at+jwt" or "application/at+jwt", in any case.
    [[nodiscard]] static bool isAccessTokenType(QStringView typ);

    // The single audience of an ID token (the client id), or empty when "aud" is not one string or a one-element
    // array (OIDC Core §2 allows an array; this issuer always writes one client).
    [[nodiscard]] static QString singleAudience(const JsonValue &payload);
};

} // namespace tokenscope::issuer
