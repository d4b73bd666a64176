#include "issuer/IssuerAdminClient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <utility>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

// Long enough for an issuer on a loaded machine, short enough that a hung one is reported.
constexpr int transferTimeoutMs = 10'000;

} // namespace

QString IssuerAdminClient::Result::errorMessage() const
{
    if (httpStatus == 200)
        return {};
    if (httpStatus == 0)
        return IssuerAdminClient::tr("cannot reach the issuer (%1)").arg(networkError);
    QString text = IssuerAdminClient::tr("HTTP %1").arg(httpStatus);
    if (!errorCode.isEmpty())
        text += u' ' + errorCode;
    if (!errorDescription.isEmpty())
        text += u": "_s + errorDescription;
    return text;
}

IssuerAdminClient::IssuerAdminClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network)
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
}

IssuerAdminClient::~IssuerAdminClient()
{
    setIssuerUrl({});
}

void IssuerAdminClient::setIssuerUrl(const QUrl &issuerUrl)
{
    if (issuerUrl == m_issuerUrl)
        return;
    m_issuerUrl = issuerUrl;
    // Answers from the previous issuer would describe another state: drop them unreported.
    const QList<QPointer<QNetworkReply>> pending = std::exchange(m_pending, {});
    for (const QPointer<QNetworkReply> &reply : pending) {
        if (!reply)
            continue;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    m_stateInFlight = false;
    m_queuedStateId = 0;
}

QUrl IssuerAdminClient::adminUrl(const QString &path) const
{
    QUrl url = m_issuerUrl;
    url.setPath(url.path() + u"/admin/"_s + path);
    return url;
}

quint64 IssuerAdminClient::revokeToken(const QByteArray &token)
{
    return post(Action::RevokeToken, u"revoke"_s, {{u"token"_s, QString::fromLatin1(token)}}, QString());
}

quint64 IssuerAdminClient::revokeFamily(const QString &familyId)
{
    return post(Action::RevokeFamily, u"revoke"_s, {{u"family"_s, familyId}}, familyId);
}

quint64 IssuerAdminClient::banUser(const QString &username)
{
    return post(Action::BanUser, u"ban"_s, {{u"username"_s, username}}, username);
}

quint64 IssuerAdminClient::liftBan(const QString &username)
{
    return post(Action::LiftBan, u"unban"_s, {{u"username"_s, username}}, username);
}

quint64 IssuerAdminClient::rotateKeys()
{
    return post(Action::RotateKeys, u"rotate-keys"_s, {}, QString());
}

quint64 IssuerAdminClient::advanceClock(qint64 seconds)
{
    return post(Action::AdvanceClock, u"advance-clock"_s, {{u"seconds"_s, QString::number(seconds)}},
                QString::number(seconds));
}

quint64 IssuerAdminClient::fetchState()
{
    if (m_issuerUrl.isEmpty())
        return 0;
    if (m_stateInFlight) {
        if (m_queuedStateId == 0)
            m_queuedStateId = m_nextRequestId++;
        return m_queuedStateId;
    }
    const quint64 requestId = m_nextRequestId++;
    sendStateRequest(requestId);
    return requestId;
}

void IssuerAdminClient::sendStateRequest(quint64 requestId)
{
    QNetworkRequest request(adminUrl(u"state"_s));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(transferTimeoutMs);
    m_stateInFlight = true;
    track(m_network->get(request), Action::FetchState, QString(), requestId);
}

quint64 IssuerAdminClient::post(Action action, const QString &path, const QList<std::pair<QString, QString>> &form,
                                const QString &target)
{
    if (m_issuerUrl.isEmpty())
        return 0;
    QNetworkRequest request(adminUrl(path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(transferTimeoutMs);
    // RFC 6749 Appendix B form encoding.
    QByteArray body;
    for (const auto &[name, value] : form) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return track(m_network->post(request, body), action, target);
}

quint64 IssuerAdminClient::track(QNetworkReply *reply, Action action, const QString &target, quint64 requestId)
{
    if (requestId == 0)
        requestId = m_nextRequestId++;
    m_pending.append(reply);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, requestId, action, target] { onReplyFinished(reply, requestId, action, target); });
    return requestId;
}

void IssuerAdminClient::onReplyFinished(QNetworkReply *reply, quint64 requestId, Action action, const QString &target)
{
    reply->deleteLater();
    m_pending.removeIf([reply](const QPointer<QNetworkReply> &pending) { return !pending || pending == reply; });
    Result result;
    result.requestId = requestId;
    result.action = action;
    result.target = target;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    result.httpStatus = status.isValid() ? status.toInt() : 0;
    if (result.httpStatus == 0)
        result.networkError = reply->errorString();
    result.body = QJsonDocument::fromJson(reply->readAll()).object();
    if (result.httpStatus != 200) {
        result.errorCode = result.body.value(u"error"_s).toString();
        result.errorDescription = result.body.value(u"error_description"_s).toString();
    }
    if (action == Action::FetchState)
        m_stateInFlight = false;
    // The state first, so that a receiver of `finished` for this fetch sees the views it updated.
    const QUrl issuerUrl = m_issuerUrl;
    if (action == Action::FetchState && result)
        emit stateAvailable(IssuerAdminState::fromJson(result.body));
    if (m_issuerUrl != issuerUrl)
        return; // a receiver switched issuers: what follows belonged to the old one
    emit finished(result);
    if (m_issuerUrl != issuerUrl)
        return;
    if (action == Action::FetchState && m_queuedStateId != 0 && !m_stateInFlight)
        sendStateRequest(std::exchange(m_queuedStateId, 0));
}

} // namespace tokenscope
