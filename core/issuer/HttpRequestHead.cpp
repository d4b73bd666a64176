#include "issuer/HttpRequestHead.h"

#include <QList>

#include <algorithm>

namespace tokenscope::issuer {

namespace {

// RFC 9110 §5.5: field-value = *( VCHAR / obs-text / SP / HTAB ); no CR, LF or NUL.
bool isFieldValue(QByteArrayView value)
{
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 ? c != '\t' : u == 0x7f)
            return false;
    }
    return true;
}

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

HttpRequestHead refused(int status, const QString &description)
{
    HttpRequestHead head;
    head.refusal = HttpRefusal {status, description};
    head.afterResponse = HttpRequestHead::AfterResponse::Close;
    return head;
}

// RFC 9110 §9: the methods Qt HTTP Server can route; anything else is a method this server does not implement.
const QList<QByteArrayView> knownMethods
    = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

} // namespace

bool HttpRequestHead::isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool HttpRequestHead::isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

QList<QByteArray> HttpRequestHead::fieldValues(const QList<QPair<QByteArray, QByteArray>> &fields, QByteArrayView name)
{
    QList<QByteArray> values;
    for (const auto &[key, value] : fields) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            values << value.trimmed();
    }
    return values;
}

bool HttpRequestHead::listContains(QByteArrayView list, QByteArrayView token)
{
    for (const QByteArrayView item : list.toByteArray().split(',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

HttpRequestHead HttpRequestHead::parse(QByteArrayView head, const HttpLimits &limits)
{
    if (!head.endsWith("\r\n\r\n"))
        return refused(400, QStringLiteral("the request head does not end with an empty line"));
    const qsizetype lineEnd = head.indexOf("\r\n");
    if (lineEnd > limits.maxRequestLineBytes)
        return refused(414, QStringLiteral("request line longer than %1 bytes").arg(limits.maxRequestLineBytes));
    if (head.size() > limits.maxHeadBytes)
        return refused(431, QStringLiteral("request header section larger than %1 bytes").arg(limits.maxHeadBytes));

    // RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces.
    const QByteArrayView requestLine = head.first(lineEnd);
    const QList<QByteArray> parts = requestLine.toByteArray().split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty())
        return refused(400, QStringLiteral("malformed request line"));
    HttpRequestHead result;
    result.method = parts.at(0);
    result.target = parts.at(1);
    const QByteArray &version = parts.at(2);
    if (version.size() != 8 || !version.startsWith("HTTP/") || version.at(6) != '.' || version.at(5) < '0'
        || version.at(5) > '9' || version.at(7) < '0' || version.at(7) > '9')
        return refused(400, QStringLiteral("malformed HTTP version"));
    if (version.at(5) != '1')
        return refused(505, QStringLiteral("only HTTP/1.0 and HTTP/1.1 are served"));
    result.minorVersion = version.at(7) - '0';
    for (const char c : result.target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return refused(400, QStringLiteral("the request target holds a character that is not visible ASCII"));
    }
    // RFC 9112 §3.2: origin-form, or "*" for OPTIONS. The absolute form would let the target's authority replace
    // the Host that the admin checks look at, and no client of a local issuer needs it.
    if (!result.target.startsWith('/') && !(result.target == "*" && result.method == "OPTIONS"))
        return refused(400, QStringLiteral("the request target must be a path (origin-form)"));
    if (!knownMethods.contains(QByteArrayView(result.method)))
        return refused(501, QStringLiteral("method not implemented"));

    int hostFields = 0;
    int fields = 0;
    std::optional<QByteArray> contentLength;
    QByteArray connection;
    QByteArray upgrade;
    bool transferEncoding = false;
    QByteArray expect;
    qsizetype position = lineEnd + 2;
    while (position < head.size() - 2) {
        const qsizetype end = head.indexOf("\r\n", position);
        const QByteArrayView line = head.sliced(position, end - position);
        position = end + 2;
        if (line.contains('\r') || line.contains('\n'))
            return refused(400, QStringLiteral("a bare CR or LF in a header field"));
        if (line.startsWith(' ') || line.startsWith('\t'))
            return refused(400, QStringLiteral("obsolete line folding in a header field")); // RFC 9112 §5.2
        if (++fields > limits.maxHeaderFields)
            return refused(431, QStringLiteral("more than %1 header fields").arg(limits.maxHeaderFields));
        const qsizetype colon = line.indexOf(':');
        // RFC 9112 §5.1: no whitespace between the field name and the colon.
        if (colon <= 0 || !isToken(line.first(colon)))
            return refused(400, QStringLiteral("malformed header field name"));
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (!isFieldValue(value))
            return refused(400, QStringLiteral("a control character in a header field value"));
        if (name.compare("Host", Qt::CaseInsensitive) == 0) {
            ++hostFields;
            if (value.isEmpty() || value.contains('/') || value.contains('@') || value.contains(' '))
                return refused(400, QStringLiteral("malformed Host"));
        } else if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            // RFC 9112 §6.3: a list, a sign or differing values make the message length unknowable.
            if (!isDigits(value) || value.size() > 15)
                return refused(400, QStringLiteral("malformed Content-Length"));
            if (contentLength && *contentLength != value)
                return refused(400, QStringLiteral("conflicting Content-Length fields"));
            contentLength = value.toByteArray();
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding = true;
        } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
            connection += ',' + value.toByteArray();
        } else if (name.compare("Upgrade", Qt::CaseInsensitive) == 0) {
            upgrade += ',' + value.toByteArray();
        } else if (name.compare("Expect", Qt::CaseInsensitive) == 0) {
            expect = value.toByteArray();
        }
    }
    // RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0.
    if (hostFields > 1 || (hostFields == 0 && result.minorVersion >= 1))
        return refused(400, QStringLiteral("a request needs exactly one Host header"));
    // RFC 9112 §6.1: Transfer-Encoding with Content-Length is a smuggling shape; refuse it outright. Chunked request
    // bodies are not accepted at all: every endpoint takes a small form that has a length.
    if (transferEncoding && contentLength)
        return refused(400, QStringLiteral("Content-Length together with Transfer-Encoding"));
    if (transferEncoding)
        return refused(411, QStringLiteral("send the body with Content-Length; Transfer-Encoding is not accepted"));
    if (contentLength) {
        result.contentLength = contentLength->toLongLong();
        if (result.contentLength > limits.maxBodyBytes)
            return refused(413, QStringLiteral("request body larger than %1 bytes").arg(limits.maxBodyBytes));
    }
    // Qt HTTP Server 6.4 would hand a WebSocket opening to a handler that is not there and answer twice.
    if (listContains(connection, "upgrade") && listContains(upgrade, "websocket"))
        return refused(400, QStringLiteral("WebSocket is not served here"));
    // RFC 9110 §10.1.1: an expectation other than 100-continue cannot be met.
    if (!expect.isEmpty()) {
        if (expect.compare("100-continue", Qt::CaseInsensitive) != 0)
            return refused(417, QStringLiteral("only Expect: 100-continue is understood"));
        result.expectsContinue = result.contentLength > 0;
    }
    // RFC 9112 §9.3: HTTP/1.1 stays open unless "close"; HTTP/1.0 closes unless "keep-alive". Qt HTTP Server 6.4
    // sends a body after a HEAD answer too (RFC 9110 §9.3.2 forbids it), so a HEAD answer ends its connection:
    // the client stops reading at the header section and never takes those bytes for the next answer.
    const bool close = listContains(connection, "close")
        || (result.minorVersion == 0 && !listContains(connection, "keep-alive")) || result.method == "HEAD";
    result.afterResponse = close ? AfterResponse::Close : AfterResponse::KeepOpen;
    return result;
}

} // namespace tokenscope::issuer
