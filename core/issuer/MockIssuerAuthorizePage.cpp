// The mock issuer's authorization endpoint: a minimal login page (RFC 6749 §4.1.1, RFC 7636 §4.3).
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

QHttpServerResponse MockIssuer::handleAuthorize(Request &request)
{
    if (!request.isGet() && !request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                             QStringLiteral("use GET or POST"));
    const auto page = htmlPage;
    // The login POST signs a user in and hands out a code: only from the issuer's own page, never through a rebound
    // name or from another site (docs/issuer.md).
    if (request.isPost()) {
        if (const QString refusal = m_localRequests.refusal(request.http); !refusal.isEmpty()) {
            request.log.error = QStringLiteral("access_denied");
            return page(tr("Forbidden"), QStringLiteral("<p>%1</p>").arg(escapeHtml(refusal)), Status::Forbidden);
        }
    }
    if (!readForm(request)) {
        request.log.error = QStringLiteral("invalid_request");
        return page(tr("Bad request"), QStringLiteral("<p>%1</p>").arg(escapeHtml(request.form.error)),
                    Status::BadRequest);
    }
    const FormParameters &form = request.form;
    const QString clientId = form.value(QStringLiteral("client_id"));
    const QString redirectUri = form.value(QStringLiteral("redirect_uri"));
    request.log.clientId = clientId;
    const std::optional<StoredClient> client = findClient(clientId);
    // RFC 6749 §4.1.2.1: with an unknown client or a bad redirect URI, tell the user, never redirect.
    if (!client || redirectUri.isEmpty() || !redirectUriAllowed(*client, redirectUri)) {
        request.log.error = QStringLiteral("invalid_request");
        return page(tr("Bad request"), tr("<p>Unknown client or unregistered redirect_uri.</p>"), Status::BadRequest);
    }
    const QString state = form.value(QStringLiteral("state"));
    auto redirect = [&](const QList<std::pair<QString, QString>> &parameters) {
        QUrl target(redirectUri);
        QUrlQuery query(target);
        for (const auto &[name, value] : parameters)
            query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
        if (!state.isEmpty())
            query.addQueryItem(QStringLiteral("state"), QString::fromLatin1(QUrl::toPercentEncoding(state)));
        // RFC 9207: the iss parameter lets the client detect mix-up attacks.
        query.addQueryItem(QStringLiteral("iss"), QString::fromLatin1(QUrl::toPercentEncoding(m_issuerString)));
        target.setQuery(query);
        QHttpServerResponse response(Status::Found);
        response.setHeader(QByteArrayLiteral("Location"), target.toEncoded());
        response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        return response;
    };
    auto redirectError = [&](const QString &code, const QString &description) {
        request.log.error = code;
        return redirect(
            {{QStringLiteral("error"), code}, {QStringLiteral("error_description"), safeDescription(description)}});
    };
    if (form.value(QStringLiteral("response_type")) != u"code")
        return redirectError(QStringLiteral("unsupported_response_type"), QStringLiteral("only response_type=code"));
    const QString challenge = form.value(QStringLiteral("code_challenge"));
    const QString method = form.value(QStringLiteral("code_challenge_method"));
    if (!challenge.isEmpty() && method != u"S256")
        return redirectError(QStringLiteral("invalid_request"), QStringLiteral("code_challenge_method must be S256"));
    if (challenge.isEmpty() && !client->isConfidential())
        return redirectError(QStringLiteral("invalid_request"), QStringLiteral("public clients must use PKCE (S256)"));
    // Both a PKCE S256 challenge (RFC 7636 §4.2) and a JWK thumbprint are the base64url SHA-256 of something.
    static const QRegularExpression base64UrlSha256(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
    if (!challenge.isEmpty() && !base64UrlSha256.match(challenge).hasMatch())
        return redirectError(QStringLiteral("invalid_request"), QStringLiteral("malformed code_challenge"));
    // RFC 9449 §10: dpop_jkt binds the code to a DPoP key, named by its RFC 7638 SHA-256 thumbprint.
    const QString dpopJkt = form.value(QStringLiteral("dpop_jkt"));
    if (form.has(QStringLiteral("dpop_jkt")) && !base64UrlSha256.match(dpopJkt).hasMatch())
        return redirectError(QStringLiteral("invalid_request"),
                             QStringLiteral("dpop_jkt is not a base64url SHA-256 JWK thumbprint (43 characters)"));
    bool scopeOk = true;
    const QString scope = grantedScope(*client, form.value(QStringLiteral("scope")), &scopeOk);
    if (!scopeOk)
        return redirectError(QStringLiteral("invalid_scope"), QStringLiteral("scope not allowed"));

    auto loginForm = [&](const QString &message, Status status) {
        QString hidden;
        for (const char *name : {"response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                                 "code_challenge", "code_challenge_method", "dpop_jkt"}) {
            const QString key = QString::fromLatin1(name);
            if (form.has(key))
                hidden += QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">\n")
                              .arg(key, escapeHtml(form.value(key)));
        }
        const QString body
            // The form posts back to this issuer: a tenant's page to /NAME/authorize (m_basePath has no '%').
            = (QStringLiteral("<p>%1</p>%2<form method=\"post\" action=\"") + m_basePath
               + QStringLiteral(
                   "/authorize\">\n%3"
                   "<p><label>%4 <input name=\"username\" autocomplete=\"username\" autofocus></label></p>\n"
                   "<p><label>%5 <input name=\"password\" type=\"password\" autocomplete=\"current-password\">"
                   "</label></p>\n<p><button type=\"submit\">%6</button></p></form>"))
                  .arg(tr("Sign in to %1 for the client %2.").arg(escapeHtml(m_issuerString), escapeHtml(clientId)),
                       message.isEmpty() ? QString()
                                         : QStringLiteral("<p role=\"alert\">%1</p>").arg(escapeHtml(message)),
                       hidden, tr("Username"), tr("Password"), tr("Sign in"));
        return page(tr("Tokenscope mock issuer"), body, status);
    };
    if (request.isGet() || !form.has(QStringLiteral("username")))
        return loginForm(QString(), Status::Ok);

    const std::optional<StoredUser> user = m_store.user(form.value(QStringLiteral("username")));
    if (!passwordMatches(user, form.value(QStringLiteral("password"))) || user->banned) {
        request.log.error = QStringLiteral("access_denied");
        return loginForm(tr("Wrong username or password."), Status::Unauthorized);
    }
    const QByteArray code = IssuerTokens::newOpaqueValue();
    StoredCode stored;
    stored.codeSha256 = IssuerTokens::sha256(code);
    stored.clientId = clientId;
    stored.redirectUri = redirectUri;
    stored.subject = user->subject;
    stored.scope = scope;
    stored.nonce = form.value(QStringLiteral("nonce"));
    stored.codeChallenge = challenge;
    stored.dpopJkt = dpopJkt;
    stored.authTime = now();
    stored.expiresAt = now() + m_config.authorizationCodeLifetime;
    IssuerStore::Transaction transaction(m_store);
    if (!m_store.insertCode(stored) || !transaction.commit())
        return redirectError(QStringLiteral("server_error"), m_store.lastError());
    return redirect({{QStringLiteral("code"), QString::fromLatin1(code)}});
}

} // namespace tokenscope::issuer
