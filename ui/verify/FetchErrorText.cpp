#include "verify/FetchErrorText.h"

#include <QCoreApplication>

namespace tokenscope::FetchErrorText {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("tokenscope::FetchErrorText", text);
}
} // namespace

QString hint(const FetchError &error)
{
    using Kind = FetchError::Kind;
    switch (error.kind) {
    case Kind::None:
        return {};
    case Kind::InsecureUrl:
        return tr("Keys are fetched over https only, except from this machine. If you trust the network, allow plain "
                  "http for this URL.");
    case Kind::InvalidUrl:
        return tr("This is not a URL Tokenscope can fetch: check for typos and the https:// prefix.");
    case Kind::HostNotFound:
        return tr("The host name does not resolve: check its spelling, your DNS or your VPN.");
    case Kind::ConnectionRefused:
        return tr("Nothing is listening there: is the server running, and is the port right?");
    case Kind::Tls:
        return tr("The server's certificate is not trusted. For a staging issuer with an internal CA, choose its CA "
                  "bundle below.");
    case Kind::Timeout:
        return tr("The server did not answer in time. It may be down or behind a firewall.");
    case Kind::HttpStatus:
        if (error.httpStatus == 404 || error.httpStatus == 410)
            return tr("The server has nothing at this URL: check the path (for an issuer, its exact URL).");
        if (error.httpStatus == 401 || error.httpStatus == 403)
            return tr("The server refuses to hand out the keys without credentials: is this the public JWKS URL?");
        if (error.httpStatus >= 500)
            return tr("The server failed to answer: try again later.");
        return tr("The server answered with an error instead of the keys.");
    case Kind::TooLarge:
        return tr("The answer is larger than a key set should be, so Tokenscope stopped reading it.");
    case Kind::BadJson:
        return tr("The server did not send JSON: is this really a JWKS or discovery URL?");
    case Kind::NoKeys:
        return tr("The key set holds no key Tokenscope can use for verifying signatures.");
    case Kind::NoJwksUri:
        return tr("The issuer's discovery document does not say where its keys are.");
    case Kind::BadRedirect:
        return tr("The server redirected somewhere Tokenscope will not follow (e.g. from https to http).");
    case Kind::Cancelled:
        return tr("You cancelled the fetch.");
    case Kind::IssuerMismatch:
        return tr("The discovery document belongs to a different issuer: check the issuer URL (with or without a "
                  "trailing path).");
    case Kind::Other:
        return tr("The fetch failed.");
    }
    return {};
}

} // namespace tokenscope::FetchErrorText
