// tokenscope-cli issuer faults URL [--set JSON | --clear]: shows or switches the faults of a running mock issuer
// through its admin API (POST /admin/faults, docs/issuer.md "Faults").
#include "CliSupport.h"
#include "IssuerCommand.h"
#include "net/UrlPolicy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QUrlQuery>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(CliIssuerFaults)
};

constexpr int timeoutMs = 10'000;

} // namespace

int runIssuerFaults(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("faults"),
                                 CliText::tr("Show or switch a running mock issuer's faults."));
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 CliText::tr("The issuer, as `issuer serve` printed it (loopback)."));
    const QCommandLineOption setOption(
        QStringLiteral("set"),
        CliText::tr("Switch to these faults, a JSON object (docs/issuer.md \"Faults\"); faults it leaves out are off."),
        CliText::tr("JSON"));
    const QCommandLineOption clearOption(QStringLiteral("clear"), CliText::tr("Switch every fault off."));
    parser.addOptions({setOption, clearOption});
    if (const int code
        = finishParsing(parser, arguments, CliText::tr("Show or switch the faults of a running mock issuer."));
        code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 || (parser.isSet(setOption) && parser.isSet(clearOption))) {
        printError(CliText::tr("usage: tokenscope-cli issuer faults URL [--set JSON | --clear]"));
        return UsageError;
    }
    QUrl url(positional.at(1));
    // The admin API answers loopback callers only, so the URL must name this machine.
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || !UrlPolicy::isLoopback(url)) {
        printError(
            CliText::tr("%1: expected the http URL of a mock issuer on this machine (127.0.0.1, ::1 or localhost)")
                .arg(positional.at(1)));
        return UsageError;
    }
    url.setPath(url.path().endsWith(u'/') ? url.path() + QStringLiteral("admin/faults")
                                          : url.path() + QStringLiteral("/admin/faults"));

    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = nullptr;
    if (parser.isSet(setOption) || parser.isSet(clearOption)) {
        QUrlQuery form;
        const QString faults = parser.isSet(clearOption) ? QStringLiteral("{}") : parser.value(setOption);
        form.addQueryItem(QStringLiteral("faults"), QString::fromLatin1(QUrl::toPercentEncoding(faults)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = network.post(request, form.toString(QUrl::FullyEncoded).toLatin1());
    } else {
        reply = network.get(request);
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QByteArray body = reply->readAll();
    const QString networkError = reply->errorString();
    reply->deleteLater();
    if (!status.isValid()) {
        printError(CliText::tr("no answer from %1: %2").arg(url.toString(), networkError));
        return NetworkError;
    }
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    if (status.toInt() != 200) {
        const QString description = json.value(QStringLiteral("error_description")).toString();
        printError(status.toInt() == 404
                       ? CliText::tr("%1 has no fault switches (404): not a Tokenscope mock issuer").arg(url.toString())
                       : CliText::tr("%1 answered %2: %3").arg(url.toString()).arg(status.toInt()).arg(description));
        return UsageError;
    }
    printOut(QJsonDocument(json).toJson(QJsonDocument::Indented));
    return Success;
}

} // namespace tokenscope::cli
