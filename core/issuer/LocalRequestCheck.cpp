#include "issuer/LocalRequestCheck.h"

#include "issuer/HttpRequestHead.h"

#include <QHttpServerRequest>

namespace tokenscope::issuer {

LocalRequestCheck::LocalRequestCheck(const QHostAddress &listenAddress, quint16 port)
    : m_listenAddress(listenAddress), m_port(port)
{ }

bool LocalRequestCheck::isOwnHost(QByteArrayView host) const
{
    // RFC 9110 §7.2 / RFC 3986 §3.2.2: host [ ":" port ], an IPv6 literal in brackets.
    QByteArrayView name = host;
    QByteArrayView port;
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        if (close < 0)
            return false;
        name = host.sliced(1, close - 1);
        const QByteArrayView rest = host.sliced(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(':'))
                return false;
            port = rest.sliced(1);
        }
    } else if (const qsizetype colon = host.lastIndexOf(':'); colon >= 0) {
        name = host.first(colon);
        port = host.sliced(colon + 1);
    }
    if (port.isEmpty()) {
        if (m_port != 80)
            return false;
    } else {
        bool ok = false;
        // Digits only: no sign, no spaces (QByteArray::toUInt would skip leading blanks).
        for (const char c : port) {
            if (c < '0' || c > '9')
                return false;
        }
        if (port.size() > 5 || port.toUInt(&ok) != m_port || !ok)
            return false;
    }
    if (name.isEmpty())
        return false;
    const bool listensEverywhere = m_listenAddress == QHostAddress::Any || m_listenAddress == QHostAddress::AnyIPv4
        || m_listenAddress == QHostAddress::AnyIPv6;
    if (name.compare("localhost", Qt::CaseInsensitive) == 0)
        return m_listenAddress.isLoopback() || listensEverywhere;
    // An IP literal cannot be rebound; a name other than localhost can.
    QHostAddress literal;
    if (!literal.setAddress(QString::fromLatin1(name)))
        return false;
    if (host.startsWith('[') != (literal.protocol() == QAbstractSocket::IPv6Protocol))
        return false; // RFC 3986 §3.2.2: an IPv6 literal is always bracketed, an IPv4 one never
    return listensEverywhere || literal.isEqual(m_listenAddress, QHostAddress::TolerantConversion);
}

bool LocalRequestCheck::isOwnOrigin(QByteArrayView origin) const
{
    // RFC 6454 §6.2: scheme "://" host [ ":" port ], nothing after; the issuer serves plain http.
    static constexpr QByteArrayView scheme("http://");
    if (!origin.startsWith(scheme))
        return false;
    const QByteArrayView host = origin.sliced(scheme.size());
    return !host.contains('/') && isOwnHost(host);
}

QString LocalRequestCheck::refusal(const QHttpServerRequest &request) const
{
    const QList<QByteArray> hosts = HttpRequestHead::fieldValues(request.headers(), "Host");
    if (hosts.size() != 1 || !isOwnHost(hosts.constFirst()))
        return tr("the Host header does not name this issuer (localhost or %1, port %2)")
            .arg(m_listenAddress.toString())
            .arg(m_port);
    const QList<QByteArray> origins = HttpRequestHead::fieldValues(request.headers(), "Origin");
    if (origins.size() > 1 || (origins.size() == 1 && !isOwnOrigin(origins.constFirst())))
        return tr("requests from another origin are refused");
    // Fetch Metadata: "same-origin" from the issuer's own page, "none" when the user typed the URL.
    for (const QByteArray &site : HttpRequestHead::fieldValues(request.headers(), "Sec-Fetch-Site")) {
        if (site != "same-origin" && site != "none")
            return tr("cross-site requests are refused");
    }
    return {};
}

} // namespace tokenscope::issuer
