#include "issuer/IssuerFaults.h"

namespace tokenscope::issuer {

bool IssuerFaults::any() const
{
    return *this != IssuerFaults();
}

QString IssuerFaults::jwksName(Jwks jwks)
{
    switch (jwks) {
    case Jwks::Normal:
        break;
    case Jwks::ServerError:
        return QStringLiteral("server_error");
    case Jwks::Stale:
        return QStringLiteral("stale");
    }
    return QStringLiteral("normal");
}

QJsonObject IssuerFaults::toJson() const
{
    return {
        {QStringLiteral("jwks"), jwksName(jwks)},
        {QStringLiteral("jwks_delay_ms"), jwksDelayMs},
        {QStringLiteral("token_delay_ms"), tokenDelayMs},
        {QStringLiteral("token_error_percent"), tokenErrorPercent},
        {QStringLiteral("token_clock_skew"), tokenClockSkew},
        {QStringLiteral("token_unknown_kid"), tokenUnknownKid},
        {QStringLiteral("issuer_trailing_slash"), issuerTrailingSlash},
        {QStringLiteral("drop_refresh_response"), dropRefreshResponse},
    };
}

QStringList IssuerFaults::describe() const
{
    QStringList on;
    if (jwks != Jwks::Normal)
        on << QStringLiteral("jwks=%1").arg(jwksName(jwks));
    if (jwksDelayMs > 0)
        on << QStringLiteral("jwks_delay_ms=%1").arg(jwksDelayMs);
    if (tokenDelayMs > 0)
        on << QStringLiteral("token_delay_ms=%1").arg(tokenDelayMs);
    if (tokenErrorPercent > 0)
        on << QStringLiteral("token_error_percent=%1").arg(tokenErrorPercent);
    if (tokenClockSkew != 0)
        on << QStringLiteral("token_clock_skew=%1").arg(tokenClockSkew);
    if (tokenUnknownKid)
        on << QStringLiteral("token_unknown_kid");
    if (issuerTrailingSlash)
        on << QStringLiteral("issuer_trailing_slash");
    if (dropRefreshResponse)
        on << QStringLiteral("drop_refresh_response");
    return on;
}

} // namespace tokenscope::issuer
