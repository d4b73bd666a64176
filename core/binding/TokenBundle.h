#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace tokenscope {

// The tokens that travel together, found in what a user pasted: a token response {"access_token", "id_token",
// "refresh_token", …}, a redirect URL (query or fragment with code, state, id_token, access_token), an HTTP request
// or curl command with "Authorization: DPoP …" and "DPoP: …" headers, or several tokens pasted one after another.
struct TokenBundle
{
    enum class Source {
        Tokens, // tokens in free text, told apart by their typ and claims
        TokenResponse, // a token endpoint's JSON answer (RFC 6749 §5.1, OIDC Core §3.1.3.3)
        RedirectUrl, // an authorization response in a URL (RFC 6749 §4.1.2, §4.2.2; OIDC Core §3.2.2.5, §3.3.2.5)
        HttpRequest, // an HTTP request or curl command with its headers
    };

    Source source = Source::Tokens;
    std::optional<QByteArray> accessToken;
    std::optional<QByteArray> idToken;
    std::optional<QByteArray> refreshToken;
    std::optional<QByteArray> dpopProof;
    std::optional<QByteArray> code;
    std::optional<QByteArray> state;
    QString tokenType; // the response's token_type, or the Authorization scheme ("DPoP", "Bearer")
    QString method; // the request's method, when the text is a request
    QString url; // the request's URL (for an HTTP request: https:// + Host + target)
    int dpopHeaderCount = 0; // DPoP header fields seen (RFC 9449 §4.3 step 1 allows one)

    // How many of the tokens, code and state were found.
    [[nodiscard]] int itemCount() const;
    // Two or more of the tokens and code, or a DPoP proof: worth the binding checks rather than a single-token view.
    [[nodiscard]] bool isCompound() const;
};

namespace TokenBundleReader {

// Reads the bundle in `text`. Text over `maxLength` yields an empty bundle (the caller shows single tokens).
[[nodiscard]] TokenBundle read(QStringView text, qsizetype maxLength = 4 * 1024 * 1024);
[[nodiscard]] QString
sourceName(TokenBundle::Source source); // "tokens", "token_response", "redirect_url", "http_request"

} // namespace TokenBundleReader
} // namespace tokenscope
