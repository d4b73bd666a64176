#include "net/UrlPolicy.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace tokenscope::UrlPolicy {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct UrlPolicyText
{
    Q_DECLARE_TR_FUNCTIONS(UrlPolicy)
};

FetchError error(FetchError::Kind kind, const QUrl &url, const QString &message)
{
    FetchError result;
    result.kind = kind;
    result.url = url;
    result.message = message;
    return result;
}

} // namespace

bool isLoopback(const QUrl &url)
{
    QString host = url.host().toLower();
    if (host.endsWith(u'.'))
        host.chop(1);
    if (host == u"localhost")
        return true;
    QHostAddress address;
    if (!address.setAddress(host))
        return false;
    if (address.isLoopback())
        return true;
    // ::ffff:127.0.0.1 reaches the IPv4 loopback too.
    bool isIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    return isIpv4 && (ipv4 >> 24) == 127;
}

FetchError check(const QUrl &url, PlainHttp plainHttp)
{
    const QString shown = url.toDisplayString();
    if (url.isEmpty())
        return error(FetchError::Kind::InvalidUrl, url, UrlPolicyText::tr("no URL given"));
    if (!url.isValid())
        return error(FetchError::Kind::InvalidUrl, url,
                     UrlPolicyText::tr("%1: not a valid URL (%2)").arg(shown, url.errorString()));
    if (url.isRelative())
        return error(FetchError::Kind::InvalidUrl, url,
                     UrlPolicyText::tr("%1: not an absolute URL; give one that starts with https://").arg(shown));
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https" && scheme != u"http")
        return error(FetchError::Kind::InvalidUrl, url,
                     UrlPolicyText::tr("%1: the \"%2\" scheme is not supported; keys are fetched over https")
                         .arg(shown, scheme));
    if (url.host().isEmpty())
        return error(FetchError::Kind::InvalidUrl, url, UrlPolicyText::tr("%1: the URL has no host").arg(shown));
    // Credentials in a URL end up in logs and history, and would be sent to every redirect target.
    if (!url.userInfo().isEmpty())
        return error(FetchError::Kind::InsecureUrl, url,
                     UrlPolicyText::tr("%1: URLs with a user name or password are not accepted")
                         .arg(url.toDisplayString(QUrl::RemoveUserInfo)));
    if (scheme == u"http" && plainHttp == PlainHttp::LoopbackOnly && !isLoopback(url))
        return error(
            FetchError::Kind::InsecureUrl, url,
            UrlPolicyText::tr("%1: plain http is refused for a host other than this machine, since anyone on the path "
                              "could swap the keys; use https, or allow insecure URLs explicitly")
                .arg(shown));
    return {};
}

} // namespace tokenscope::UrlPolicy
