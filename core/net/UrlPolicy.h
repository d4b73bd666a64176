#pragma once

#include <QString>
#include <QUrl>

namespace tokenscope {

// Why a key fetch failed: a stable code for scripts and a translated message for people that says what failed and
// where ("https://idp.example/jwks.json: HTTP 404 Not Found").
struct FetchError
{
    enum class Kind {
        None,
        InsecureUrl,
        InvalidUrl,
        HostNotFound,
        ConnectionRefused,
        Tls,
        Timeout,
        HttpStatus,
        TooLarge,
        BadJson,
        NoKeys,
        NoJwksUri,
        BadRedirect,
        Cancelled,
        Other,
        IssuerMismatch, // discovery "issuer" differs from the issuer asked for (OpenID Connect Discovery 1.0 §4.3)
    };
    Kind kind = Kind::None;
    QUrl url; // the URL that failed
    int httpStatus = 0;
    QString message; // translated, says what failed and where: "https://…/jwks.json: HTTP 404 Not Found"
    explicit operator bool() const { return kind != Kind::None; } // true when there is an error
};

// The rules a URL must pass before Tokenscope sends any request to it (README, "Fetching keys"): keys come over
// https only, except from this machine (loopback), or when the user explicitly opts in to plain http.
namespace UrlPolicy {

// Where plain http may go: only to this machine, or, when the user explicitly opted in, to any host.
enum class PlainHttp { LoopbackOnly, AnyHost };

// "https", or "http" to a loopback host (or to any host with PlainHttp::AnyHost); a host; no user name or password.
// Returns Kind::None when the URL may be fetched.
[[nodiscard]] FetchError check(const QUrl &url, PlainHttp plainHttp);
// 127.0.0.0/8, ::1 (and IPv4-mapped loopback) or the name "localhost".
[[nodiscard]] bool isLoopback(const QUrl &url);

} // namespace UrlPolicy
} // namespace tokenscope
