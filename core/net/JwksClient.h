#pragma once

#include "crypto/Key.h"
#include "net/UrlPolicy.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace tokenscope {

// Time, size and redirect limits of one fetch, so a slow or hostile server can neither hold nor flood the client.
struct FetchLimits
{
    int timeoutMs = 5000; // for the whole fetch: discovery, JWKS and every redirect in between
    qint64 maxBytes = 1024 * 1024; // per response body
    int maxRedirects = 3; // per request
};

// How a fetch may reach its server: its limits, the opt-in to plain http, and extra CAs.
struct FetchOptions
{
    FetchLimits limits;
    UrlPolicy::PlainHttp plainHttp = UrlPolicy::PlainHttp::LoopbackOnly; // AnyHost: the user opted in
    QList<QSslCertificate> caCertificates; // extra CAs for staging issuers with an internal CA (added to the defaults)
};

// What a fetch found: the JWKS's keys and where they came from (the JWKS and discovery URLs), or the error.
struct JwksFetchResult
{
    KeySet keys; // parsed with KeyParser::parseJwks, source "JWKS <url>"
    QStringList skipped; // keys of the set that could not be used, with why
    QUrl jwksUrl;
    QUrl discoveryUrl; // set when fetched through OIDC discovery
    QString issuer; // discovery "issuer" when fetched through discovery
    qint64 maxAgeSeconds = -1; // Cache-Control max-age of the JWKS response, -1 when absent
    QDateTime fetchedAt;
    FetchError error;
    explicit operator bool() const { return error.kind == FetchError::Kind::None; }
};

// Fetches JWKS and OIDC discovery documents through one injected QNetworkAccessManager. HTTPS only, except
// loopback hosts (127.0.0.0/8, ::1, localhost) and explicit opt-in; time and size limits; redirects only within
// https (or loopback http→http), at most maxRedirects. Reports through signals and never blocks the caller: even a
// URL refused before any request is reported through finished(), from the event loop.
class JwksClient : public QObject
{
    Q_OBJECT
public:
    explicit JwksClient(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~JwksClient() override;

    void setOptions(const FetchOptions &options);
    [[nodiscard]] FetchOptions options() const { return m_options; }

    // Starting a fetch while another runs cancels the running one first (it finishes with Kind::Cancelled).
    void fetchJwks(const QUrl &jwksUrl);
    // issuer URL ("https://idp.example/realm") or a discovery URL (ending in /.well-known/openid-configuration);
    // fetches discovery (OpenID Connect Discovery 1.0 §4: issuer + "/.well-known/openid-configuration"), checks
    // its "issuer" equals the issuer asked for (§4.3) when an issuer URL was given, then its jwks_uri (same URL rules).
    void fetchFromIssuer(const QUrl &issuerOrDiscoveryUrl);
    // Stops the running fetch; finished() is emitted at once with Kind::Cancelled. Does nothing when idle.
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_stage != Stage::Idle; }

    // For scripts and the CLI: runs the fetch in a local event loop and returns the result.
    [[nodiscard]] static JwksFetchResult fetchJwksBlocking(QNetworkAccessManager *network, const QUrl &url,
                                                           const FetchOptions &options = {});
    [[nodiscard]] static JwksFetchResult fetchFromIssuerBlocking(QNetworkAccessManager *network, const QUrl &url,
                                                                 const FetchOptions &options = {});

    // The well-known discovery URL of an issuer (OpenID Connect Discovery 1.0 §4.1: a terminating "/" of the
    // issuer's path is removed before "/.well-known/openid-configuration" is appended).
    [[nodiscard]] static QUrl discoveryUrlForIssuer(const QUrl &issuer);

signals:
    void finished(const tokenscope::JwksFetchResult &result); // success or failure (check the result)
    void progress(qint64 bytesReceived, qint64 bytesTotal);

private:
    enum class Stage { Idle, Discovery, Jwks, Reporting };
    enum class Hop { First, Redirect };

    void startRequest(const QUrl &url, Stage stage, Hop hop = Hop::First);
    [[nodiscard]] bool followRedirect(const QUrl &target);
    void isolateConnections(QNetworkRequest &request) const;
    void onMetaDataChanged();
    void onReadyRead();
    void onReplyFinished();
    void onSslErrors(const QList<QSslError> &errors);
    void onTimeout();
    void handleDiscovery();
    void handleJwks();
    void fail(FetchError::Kind kind, const QUrl &url, const QString &message, int httpStatus = 0);
    void failLater(const FetchError &error); // reports from the event loop, for errors found before any request
    void finish();
    void dropReply();
    [[nodiscard]] bool replyIsSuccess() const;
    [[nodiscard]] bool appendBody(const QByteArray &data);

    QNetworkAccessManager *m_network = nullptr;
    FetchOptions m_options;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    Stage m_stage = Stage::Idle;
    QUrl m_currentUrl; // the URL being fetched, after redirects
    QString m_expectedIssuer; // the issuer asked for, empty when a discovery URL was given
    QByteArray m_body;
    int m_redirects = 0;
    QStringList m_sslErrors;
    quint64 m_generation = 0; // guards reports queued for a fetch that was cancelled since
    JwksFetchResult m_result;
};

} // namespace tokenscope
