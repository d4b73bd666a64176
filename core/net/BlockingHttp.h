#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QString>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkRequest;
QT_END_NAMESPACE

namespace tokenscope {

// One HTTP exchange's outcome, as a live simulation reads it.
struct HttpAnswer
{
    bool answered = false; // an HTTP status came back
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QString error; // why nothing came back (refused, timed out); empty when answered
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
};

// Sends one request (GET without a body, POST with one) and waits for its answer in a short local event loop. A live
// simulation is a sequence of such calls, each one step of a discrete-event run that cannot go on before the answer
// is in; the servers it calls must not be served from the calling thread (LocalMockIssuer, lab::LocalLab). The
// request's own transfer timeout bounds the wait.
[[nodiscard]] HttpAnswer sendAndWait(QNetworkAccessManager &network, const QNetworkRequest &request,
                                     const QByteArray *body = nullptr);

} // namespace tokenscope
