#pragma once
// A scripted user for the probe's interactive logins: the mock issuer's real login and /device pages over HTTP,
// answered the way a browser would (hidden fields kept, redirects followed by hand).
#include "probe/DeviceLogin.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>
#include <QUrlQuery>

namespace tokenscope::probe::testing {

using namespace Qt::StringLiterals;

inline QString unescapeHtml(QString text)
{
    return text.replace(u"&quot;"_s, u"\""_s)
        .replace(u"&#39;"_s, u"'"_s)
        .replace(u"&lt;"_s, u"<"_s)
        .replace(u"&gt;"_s, u">"_s)
        .replace(u"&amp;"_s, u"&"_s);
}

// One HTTP exchange, waited for; redirects are returned, never followed (the script follows them like a browser).
struct Exchange
{
    int status = 0;
    QByteArray body;
    QUrl location;
};

inline Exchange exchange(QNetworkAccessManager &network, const QUrl &url, const QByteArray &form = {})
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = nullptr;
    if (form.isNull()) {
        reply = network.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = network.post(request, form);
    }
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
        qWarning("no answer from %s", qPrintable(url.toString()));
    Exchange result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.location = url.resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
    reply->deleteLater();
    return result;
}

// A form's hidden inputs plus `extra`, urlencoded.
inline QByteArray formFrom(const QByteArray &html, const QList<std::pair<QString, QString>> &extra)
{
    static const QRegularExpression hidden(uR"re(<input type="hidden" name="([^"]+)" value="([^"]*)">)re"_s);
    QUrlQuery query;
    for (auto it = hidden.globalMatch(QString::fromUtf8(html)); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        query.addQueryItem(match.captured(1),
                           QString::fromLatin1(QUrl::toPercentEncoding(unescapeHtml(match.captured(2)))));
    }
    for (const auto &[name, value] : extra)
        query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    return query.toString(QUrl::FullyEncoded).toLatin1();
}

// The login page fetched, its form posted with alice's password; returns where the issuer redirects (the callback).
inline QUrl signInOnLoginPage(QNetworkAccessManager &network, const QUrl &authorizationUrl, int *loginPageStatus)
{
    const Exchange page = exchange(network, authorizationUrl);
    if (loginPageStatus)
        *loginPageStatus = page.status;
    QUrl action = authorizationUrl;
    action.setQuery(QString());
    const Exchange posted
        = exchange(network, action, formFrom(page.body, {{u"username"_s, u"alice"_s}, {u"password"_s, u"alice"_s}}));
    return posted.location;
}

// The user at the issuer's /device page: types the code, signs in as alice, and allows or denies.
inline void approveOnDevicePage(QNetworkAccessManager &network, const DeviceLoginPrompt &prompt, const QString &action)
{
    QUrlQuery form;
    form.addQueryItem(u"user_code"_s, prompt.userCode);
    form.addQueryItem(u"username"_s, u"alice"_s);
    form.addQueryItem(u"password"_s, u"alice"_s);
    form.addQueryItem(u"action"_s, action);
    const Exchange done = exchange(network, prompt.verificationUri, form.toString(QUrl::FullyEncoded).toLatin1());
    if (done.status != 200)
        qWarning("the device page answered HTTP %d", done.status);
}

} // namespace tokenscope::probe::testing
