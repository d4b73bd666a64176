#include "lab/IssuerClient.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSemaphore>

#include <memory>

namespace tokenscope::lab {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct IssuerClientText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::lab::IssuerClient)
};

// Largest issuer answer read (introspection and token responses are a few hundred bytes).
constexpr qint64 maxReplyBytes = 64 * 1024;

struct Pending
{
    QSemaphore done;
    IssuerReply reply;
};

} // namespace

IssuerClient::IssuerClient()
{
    m_thread.setObjectName(QStringLiteral("lab issuer client"));
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            m_network = new QNetworkAccessManager(m_context);
            m_network->setProxy(QNetworkProxy::NoProxy); // the issuer is on loopback
        },
        Qt::BlockingQueuedConnection);
}

IssuerClient::~IssuerClient()
{
    QMetaObject::invokeMethod(
        m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QByteArray IssuerClient::basicAuthorization(const QString &clientId, const QString &clientSecret)
{
    return "Basic " + (QUrl::toPercentEncoding(clientId) + ':' + QUrl::toPercentEncoding(clientSecret)).toBase64();
}

IssuerReply IssuerClient::postForm(const QUrl &url, const QByteArray &form, const QByteArray &authorization,
                                   int timeoutMs)
{
    auto pending = std::make_shared<Pending>();
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    if (!authorization.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), authorization);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    m_roundTrips.fetch_add(1, std::memory_order_relaxed);
    QMetaObject::invokeMethod(m_context, [this, pending, request, form] {
        QNetworkReply *reply = m_network->post(request, form);
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, pending] {
            IssuerReply &out = pending->reply;
            out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (out.status == 0)
                out.error = reply->errorString();
            else
                out.body = reply->read(maxReplyBytes);
            reply->deleteLater();
            pending->done.release();
        });
    });
    // The reply's own transfer timeout ends it shortly after; the wait here is the caller's hard limit.
    if (!pending->done.tryAcquire(1, timeoutMs)) {
        IssuerReply late;
        late.error = IssuerClientText::tr("no answer from %1 within %2 ms").arg(url.toString()).arg(timeoutMs);
        return late;
    }
    return pending->reply;
}

} // namespace tokenscope::lab
