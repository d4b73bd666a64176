// The pieces every endpoint of the mock issuer shares: RFC 6749 error and JSON responses, the request being
// handled, and the claims of a token the issuer signed. Private to MockIssuer's own files.
#pragma once

#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "issuer/FormParameters.h"
#include "issuer/GuardedTcpServer.h"
#include "issuer/IssuerTokens.h"
#include "issuer/MediaType.h"
#include "issuer/MockIssuer.h"
#include "jose/Base64Url.h"
#include "policy/RefreshRules.h"
#include "verify/TokenSigner.h"
#include "verify/TokenVerifier.h"

#include <QCoreApplication>
#include <QDir>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QMetaMethod>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QUrlQuery>

#include <optional>

namespace tokenscope::issuer {

namespace mockissuer {

using Status = QHttpServerResponder::StatusCode;

inline const QByteArray jsonType = QByteArrayLiteral("application/json");
inline const QByteArray htmlType = QByteArrayLiteral("text/html; charset=utf-8");
inline const QString realm = QStringLiteral("tokenscope-mock-issuer");

// Keys the issuer keeps signing with across a restart are its own; this label is what KeyParser records.
inline const QString keySource = QStringLiteral("mock issuer database");

// RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.
inline QString safeDescription(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        out += (u >= 0x20 && u <= 0x7e && u != u'"' && u != u'\\') ? c : QChar(u'?');
    }
    return out;
}

inline QHttpServerResponse jsonResponse(const QJsonObject &object, Status status = Status::Ok, bool noStore = true)
{
    QHttpServerResponse response(jsonType, QJsonDocument(object).toJson(QJsonDocument::Compact), status);
    if (noStore) {
        // RFC 6749 §5.1: responses with tokens or credentials must not be cached.
        response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        response.setHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    }
    return response;
}

inline QString escapeHtml(const QString &text)
{
    return text.toHtmlEscaped();
}

// A page of the issuer's own (the login and device pages): never cached, never framed (clickjacking, RFC 6749
// §10.13).
inline QHttpServerResponse htmlPage(const QString &title, const QString &body, Status status)
{
    const QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                        "<title>%1</title></head><body><h1>%1</h1>%2</body></html>\n")
                             .arg(escapeHtml(title), body);
    QHttpServerResponse response(htmlType, html.toUtf8(), status);
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY"));
    response.setHeader(QByteArrayLiteral("Content-Security-Policy"), QByteArrayLiteral("frame-ancestors 'none'"));
    return response;
}

inline JsonValue toJson(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return JsonValue::makeBool(value.toBool());
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return JsonValue::makeNumber(value.toLongLong());
    case QMetaType::Double:
        return JsonValue::makeNumberLexeme(QByteArray::number(value.toDouble(), 'g', 17));
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        JsonValue array = JsonValue::makeArray();
        for (const QVariant &element : value.toList())
            array.elements.push_back(toJson(element));
        return array;
    }
    case QMetaType::QVariantMap: {
        JsonValue object = JsonValue::makeObject();
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            object.append(it.key(), toJson(it.value()));
        return object;
    }
    default:
        if (value.isNull())
            return {};
        return JsonValue::makeString(value.toString());
    }
}

inline QString stringClaim(const JsonValue &payload, QStringView name)
{
    const JsonValue *value = payload.value(name);
    return value && value->isString() ? value->string : QString();
}

inline qint64 integerClaim(const JsonValue &payload, QStringView name)
{
    const JsonValue *value = payload.value(name);
    return value && value->isNumber() ? value->toInteger().value_or(0) : 0;
}

inline bool isLoopback(const QHostAddress &address)
{
    return address.isLoopback()
        || (address.protocol() == QAbstractSocket::IPv6Protocol && QHostAddress(address.toIPv4Address()).isLoopback()
            && address.toIPv4Address() != 0);
}

// RFC 9110 §15.5.6: a 405 names the methods the resource takes. (OPTIONS is answered only as a CORS preflight,
// with an Origin, so it is not listed.)
inline QByteArray allowedMethods(QStringView endpoint)
{
    if (endpoint == u"discovery" || endpoint == u"jwks" || endpoint == u"admin/state")
        return QByteArrayLiteral("GET, HEAD");
    if (endpoint == u"admin/faults")
        return QByteArrayLiteral("GET, HEAD, POST");
    if (endpoint == u"token" || endpoint == u"revoke" || endpoint == u"introspect"
        || endpoint == u"device_authorization" || endpoint.startsWith(u"admin/"))
        return QByteArrayLiteral("POST");
    return QByteArrayLiteral("GET, HEAD, POST"); // authorize, userinfo, end-session
}

// RFC 8693 §2.1 and §3.
inline const QString tokenExchangeGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:token-exchange");
inline const QString accessTokenType = QStringLiteral("urn:ietf:params:oauth:token-type:access_token");
// RFC 8628 §3.4.
inline const QString deviceCodeGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");

inline const QStringList supportedGrants = {
    QStringLiteral("authorization_code"),
    QStringLiteral("client_credentials"),
    QStringLiteral("password"),
    QStringLiteral("refresh_token"),
    tokenExchangeGrant,
    deviceCodeGrant,
};

} // namespace mockissuer

using namespace mockissuer;

// One request as an endpoint handles it: its form, the authenticated client, its log entry and any failure answer.
struct MockIssuer::Request
{
    explicit Request(const QHttpServerRequest &request) : http(request) { }
    const QHttpServerRequest &http;
    FormParameters form;
    std::optional<StoredClient> client;
    IssuerLogEntry log;
    std::optional<QHttpServerResponse> failure;

    [[nodiscard]] bool isPost() const { return http.method() == QHttpServerRequest::Method::Post; }
    [[nodiscard]] bool isGet() const
    {
        return http.method() == QHttpServerRequest::Method::Get || http.method() == QHttpServerRequest::Method::Head;
    }

    // RFC 6749 §5.2 error response.
    QHttpServerResponse error(Status status, const QString &code, const QString &description)
    {
        log.error = code;
        QJsonObject body {{QStringLiteral("error"), code}};
        // A failure inside the issuer (a store error's SQL text, say) is the operator's to read, in the log; the
        // client learns only that it failed.
        if (status == Status::InternalServerError) {
            log.detail = description;
            body.insert(QStringLiteral("error_description"),
                        QStringLiteral("the issuer failed; its request log says why"));
        } else if (!description.isEmpty()) {
            body.insert(QStringLiteral("error_description"), safeDescription(description));
        }
        QHttpServerResponse response = jsonResponse(body, status);
        if (status == Status::Unauthorized)
            response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                               QStringLiteral("Basic realm=\"%1\"").arg(realm).toUtf8());
        return response;
    }
    bool fail(Status status, const QString &code, const QString &description)
    {
        failure.emplace(error(status, code, description));
        return false;
    }
    // An injected fault changed this answer (IssuerLogEntry::fault).
    void noteFault(const QString &fault)
    {
        log.fault = log.fault.isEmpty() ? fault : log.fault + QStringLiteral(", ") + fault;
    }
};

// The tokens one grant issued, gathered for the token response (RFC 6749 §5.1).
struct MockIssuer::Issued
{
    QByteArray accessToken;
    qint64 expiresIn = 0;
    QString scope;
    QByteArray refreshToken;
    QByteArray idToken;
    QString issuedTokenType; // RFC 8693 §2.2.1, token exchange only
};

// The claims of a token this issuer signed, as inspectAccessToken() and inspectIdToken() read them.
struct MockIssuer::AccessTokenInfo
{
    JsonValue payload;
    QString subject;
    QString clientId;
    QString scope;
    QString jti;
    QString familyId;
    qint64 expiresAt = 0;
    qint64 issuedAt = 0;
};

} // namespace tokenscope::issuer
