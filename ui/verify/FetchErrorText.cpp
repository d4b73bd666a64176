#include "verify/FetchErrorText.h"

#include <QCoreApplication>

namespace tokenscope::FetchErrorText {

namespace {
// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::FetchErrorText)
};
} // namespace

QString hint(const FetchError &error)
{
    using Kind = FetchError::Kind;
    switch (error.kind) {
    case Kind::None:
        return {};
    case Kind::InsecureUrl:
        return ErrorText::tr(
            "Keys are fetched over https only, except from this machine. If you trust the network, allow plain "
            "http for this URL.");
    case Kind::InvalidUrl:
        return ErrorText::tr("This is not a URL Tokenscope can fetch: check for typos and the https:// prefix.");
    case Kind::HostNotFound:
        return ErrorText::tr("The host name does not resolve: check its spelling, your DNS or your VPN.");
    case Kind::ConnectionRefused:
        return ErrorText::tr("Nothing is listening there: is the server running, and is the port right?");
    case Kind::Tls:
        return ErrorText::tr(
            "The server's certificate is not trusted. For a staging issuer with an internal CA, choose its CA "
            "bundle below.");
    case Kind::Timeout:
        return ErrorText::tr("The server did not answer in time. It may be down or behind a firewall.");
    case Kind::HttpStatus:
        if (error.httpStatus == 404 || error.httpStatus == 410)
            return ErrorText::tr("The server has nothing at this URL: check the path (for an issuer, its exact URL).");
        if (error.httpStatus == 401 || error.httpStatus == 403)
            return ErrorText::tr(
                "The server refuses to hand out the keys without credentials: is this the public JWKS URL?");
        if (error.httpStatus >= 500)
            return ErrorText::tr("The server failed to answer: try again later.");
        return ErrorText::tr("The server answered with an error instead of the keys.");
    case Kind::TooLarge:
        return ErrorText::tr("The answer is larger than a key set should be, so Tokenscope stopped reading it.");
    case Kind::BadJson:
        return ErrorText::tr("The server did not send JSON: is this really a JWKS or discovery URL?");
    case Kind::NoKeys:
        return ErrorText::tr("The key set holds no key Tokenscope can use for verifying signatures.");
    case Kind::NoJwksUri:
        return ErrorText::tr("The issuer's discovery document does not say where its keys are.");
    case Kind::BadRedirect:
        return ErrorText::tr("The server redirected somewhere Tokenscope will not follow (e.g. from https to http).");
    case Kind::Cancelled:
        return ErrorText::tr("You cancelled the fetch.");
    case Kind::IssuerMismatch:
        return ErrorText::tr(
            "The discovery document belongs to a different issuer: check the issuer URL (with or without a "
            "trailing path).");
    case Kind::Other:
        return ErrorText::tr("The fetch failed.");
    }
    return {};
}

} // namespace tokenscope::FetchErrorText
