#include "net/BlockingHttp.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

namespace tokenscope {

QByteArray HttpAnswer::header(QByteArrayView name) const
{
    for (const QNetworkReply::RawHeaderPair &pair : headers) {
        if (name.compare(pair.first, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

HttpAnswer sendAndWait(QNetworkAccessManager &network, const QNetworkRequest &request, const QByteArray *body)
{
    QNetworkReply *reply = body ? network.post(request, *body) : network.get(request);
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    HttpAnswer answer;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        answer.answered = true;
        answer.status = status.toInt();
        answer.body = reply->readAll();
        answer.headers = reply->rawHeaderPairs();
    } else {
        answer.error = reply->errorString();
    }
    reply->deleteLater();
    return answer;
}

} // namespace tokenscope
