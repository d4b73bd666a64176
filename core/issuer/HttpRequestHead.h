#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <chrono>
#include <optional>

namespace tokenscope::issuer {

// Limits the mock issuer's HTTP front door enforces before Qt HTTP Server sees a request (docs/issuer.md "HTTP").
struct HttpLimits
{
    qsizetype maxRequestLineBytes = 8 * 1024; // longer: 414 (RFC 9112 §3)
    qsizetype maxHeadBytes = 16 * 1024; // the request line and every field: longer is 431 (RFC 6585 §5)
    int maxHeaderFields = 64; // more: 431; Qt's own header parser silently drops every field past 100
    qint64 maxBodyBytes = 64 * 1024; // a larger Content-Length: 413 before the body is read
    std::chrono::milliseconds idleTimeout {30'000}; // a connection with nothing to do is closed
    std::chrono::milliseconds requestTimeout {30'000}; // from a request's first byte to its last, else 408
    int maxConnections = 256; // more at once: 503 and close
};

// Why the front door answers a request itself instead of passing it on.
struct HttpRefusal
{
    int status = 400;
    QString description; // untranslated, for error_description
};

// One request head (the request line and header fields up to the empty line, RFC 9112 §2.1), read strictly so that
// the front door and Qt HTTP Server can never disagree on where a request ends (request smuggling, RFC 9112 §11.2):
// CRLF line endings only, no obs-fold, field names that are tokens with no space before the colon, at most one
// Host, one Content-Length value made of digits, and no Transfer-Encoding.
struct HttpRequestHead
{
    enum class AfterResponse { KeepOpen, Close };

    std::optional<HttpRefusal> refusal; // set: answer with this and close the connection
    QByteArray method;
    QByteArray target;
    int minorVersion = 1; // HTTP/1.x
    qint64 contentLength = 0;
    AfterResponse afterResponse = AfterResponse::KeepOpen; // "Connection: close", or HTTP/1.0 without keep-alive
    bool expectsContinue = false; // "Expect: 100-continue" with a body to come

    // `head` ends with the CRLF CRLF that closes the header section.
    [[nodiscard]] static HttpRequestHead parse(QByteArrayView head, const HttpLimits &limits);
    // Every value of a header field as Qt HTTP Server hands them over (a repeated field is repeated there).
    [[nodiscard]] static QList<QByteArray> fieldValues(const QList<QPair<QByteArray, QByteArray>> &fields,
                                                       QByteArrayView name);
    // RFC 9110 §5.6.2: a token is one or more tchar.
    [[nodiscard]] static bool isToken(QByteArrayView text);
    [[nodiscard]] static bool isTokenChar(char c);
    // A comma-separated field value (RFC 9110 §5.6.1) holds `token`, compared case-insensitively.
    [[nodiscard]] static bool listContains(QByteArrayView list, QByteArrayView token);
};

} // namespace tokenscope::issuer
