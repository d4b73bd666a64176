#pragma once

#include "issuer/IssuerAdminState.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace tokenscope {

// Sends the mock issuer's admin API requests over HTTP without waiting and reports each answer (docs/issuer.md).
class IssuerAdminClient : public QObject
{
    Q_OBJECT
public:
    enum class Action { RevokeToken, RevokeFamily, BanUser, LiftBan, RotateKeys, AdvanceClock, FetchState };

    // One admin request's answer.
    struct Result
    {
        quint64 requestId = 0;
        Action action = Action::FetchState;
        QString target; // the username, family id or seconds the request named; never a token
        int httpStatus = 0; // 0: no HTTP answer (see networkError)
        QString errorCode; // the answer's "error" (RFC 6749 §5.2 style)
        QString errorDescription; // its "error_description"
        QString networkError;
        QJsonObject body;

        [[nodiscard]] explicit operator bool() const { return httpStatus == 200; }
        // Why the request failed, for a message ("HTTP 400 invalid_request: no user \"bob\""); empty on success.
        [[nodiscard]] QString errorMessage() const;
    };

    explicit IssuerAdminClient(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~IssuerAdminClient() override;

    // The issuer to talk to ("http://127.0.0.1:PORT"); empty: none. Changing it drops the answers still awaited.
    // Requests go to this URL itself (Host 127.0.0.1:PORT) without an Origin, as the issuer's loopback checks
    // require (docs/issuer.md "Admin API"); every one shows in the issuer's request log like any other.
    void setIssuerUrl(const QUrl &issuerUrl);
    [[nodiscard]] QUrl issuerUrl() const { return m_issuerUrl; }

    // Each returns the request's id (0: no issuer to send it to); `finished` reports its Result.
    // A refresh token takes its family with it; an access token is revoked by its jti.
    quint64 revokeToken(const QByteArray &token);
    quint64 revokeFamily(const QString &familyId);
    quint64 banUser(const QString &username);
    quint64 liftBan(const QString &username);
    quint64 rotateKeys();
    quint64 advanceClock(qint64 seconds);
    // Asks for GET /admin/state; while one is on its way, further asks fold into one more sent after it (and share
    // its id), so the answer to every ask reflects what happened before the ask.
    quint64 fetchState();

    [[nodiscard]] bool isBusy() const { return !m_pending.isEmpty(); }
    // A GET /admin/state is on its way (sent, not yet answered).
    [[nodiscard]] bool isFetchingState() const { return m_stateInFlight; }

signals:
    void finished(const tokenscope::IssuerAdminClient::Result &result);
    // GET /admin/state answered; `finished` for the same request follows.
    void stateAvailable(const tokenscope::IssuerAdminState &state);

private:
    quint64 post(Action action, const QString &path, const QList<std::pair<QString, QString>> &form,
                 const QString &target);
    quint64 track(QNetworkReply *reply, Action action, const QString &target, quint64 requestId = 0);
    void sendStateRequest(quint64 requestId);
    void onReplyFinished(QNetworkReply *reply, quint64 requestId, Action action, const QString &target);
    [[nodiscard]] QUrl adminUrl(const QString &path) const;

    QNetworkAccessManager *m_network = nullptr;
    QUrl m_issuerUrl;
    quint64 m_nextRequestId = 1;
    QList<QPointer<QNetworkReply>> m_pending;
    bool m_stateInFlight = false;
    quint64 m_queuedStateId = 0; // the fetch to send once the one in flight is answered
};

} // namespace tokenscope
