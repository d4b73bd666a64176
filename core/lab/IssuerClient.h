#pragma once

#include <QByteArray>
#include <QString>
#include <QThread>
#include <QUrl>

#include <atomic>

class QNetworkAccessManager;

namespace tokenscope::lab {

// The issuer's answer to postForm(): its HTTP status and body, or why it was not reached.
struct IssuerReply
{
    int status = 0; // HTTP status; 0 when the issuer was not reached
    QByteArray body;
    QString error; // why the issuer was not reached (refused, timed out); empty when it answered
    [[nodiscard]] bool reached() const { return error.isEmpty(); }
};

// A resource server's HTTP client for the issuer (RFC 7662 introspection, the password grant behind POST /login).
// Qt HTTP Server 6.4 handlers answer synchronously, so the caller waits, but never longer than its time budget:
// the request runs on this client's own thread with its own QNetworkAccessManager (keep-alive connections to the
// issuer), and the caller's thread waits on a semaphore with a timeout, with no nested event loop.
class IssuerClient
{
public:
    IssuerClient();
    ~IssuerClient();
    IssuerClient(const IssuerClient &) = delete;
    IssuerClient &operator=(const IssuerClient &) = delete;

    // POSTs an application/x-www-form-urlencoded body; `authorization` is the Authorization header value (empty:
    // none). Call from any thread but the client's own.
    [[nodiscard]] IssuerReply postForm(const QUrl &url, const QByteArray &form, const QByteArray &authorization,
                                       int timeoutMs);

    // Requests sent (the issuer round trips), readable from any thread.
    [[nodiscard]] quint64 roundTrips() const { return m_roundTrips.load(std::memory_order_relaxed); }

    // "Basic base64(urlencode(id):urlencode(secret))" (RFC 6749 §2.3.1).
    [[nodiscard]] static QByteArray basicAuthorization(const QString &clientId, const QString &clientSecret);

private:
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; parent of the network access manager
    QNetworkAccessManager *m_network = nullptr;
    std::atomic<quint64> m_roundTrips {0};
};

} // namespace tokenscope::lab
