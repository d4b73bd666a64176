#include "net/JwksClient.h"

#include "crypto/KeyParser.h"
#include "net/CacheControl.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>

#include <functional>

namespace tokenscope {

namespace {

const QLatin1String wellKnownSuffix("/.well-known/openid-configuration");

FetchError makeError(FetchError::Kind kind, const QUrl &url, const QString &message, int httpStatus = 0)
{
    FetchError error;
    error.kind = kind;
    error.url = url;
    error.httpStatus = httpStatus;
    error.message = message;
    return error;
}

QString seconds(int milliseconds)
{
    return QString::number(milliseconds / 1000.0, 'g', 4);
}

// OpenID Connect Discovery 1.0 §4.3 asks for the issuer exactly as used for the discovery URL; §4.1 removes a
// terminating "/" before building that URL, so "https://idp/realm/" and "https://idp/realm" name the same issuer.
bool sameIssuer(const QString &announced, const QString &asked)
{
    QString left = announced;
    QString right = asked;
    while (left.endsWith(u'/'))
        left.chop(1);
    while (right.endsWith(u'/'))
        right.chop(1);
    if (left == right)
        return true;
    // QUrl normalises the scheme and host case, which URLs treat as insensitive (RFC 3986 §6.2.2.1).
    const QUrl leftUrl(left, QUrl::StrictMode);
    const QUrl rightUrl(right, QUrl::StrictMode);
    return leftUrl.isValid() && rightUrl.isValid() && leftUrl == rightUrl;
}

} // namespace

JwksClient::JwksClient(QNetworkAccessManager *network, QObject *parent) : QObject(parent), m_network(network)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &JwksClient::onTimeout);
}

JwksClient::~JwksClient()
{
    dropReply();
}

void JwksClient::setOptions(const FetchOptions &options)
{
    m_options = options;
}

QUrl JwksClient::discoveryUrlForIssuer(const QUrl &issuer)
{
    QUrl discovery = issuer;
    QString path = issuer.path(QUrl::FullyEncoded);
    while (path.endsWith(u'/'))
        path.chop(1);
    discovery.setPath(path + wellKnownSuffix, QUrl::TolerantMode);
    return discovery;
}

void JwksClient::fetchJwks(const QUrl &jwksUrl)
{
    cancel();
    ++m_generation;
    m_result = {};
    m_expectedIssuer.clear();
    m_result.jwksUrl = jwksUrl;
    m_stage = Stage::Jwks;
    if (const FetchError refused = UrlPolicy::check(jwksUrl, m_options.plainHttp)) {
        failLater(refused);
        return;
    }
    m_timer.start(m_options.limits.timeoutMs);
    startRequest(jwksUrl, Stage::Jwks);
}

void JwksClient::fetchFromIssuer(const QUrl &issuerOrDiscoveryUrl)
{
    cancel();
    ++m_generation;
    m_result = {};
    m_expectedIssuer.clear();
    m_stage = Stage::Discovery;
    if (const FetchError refused = UrlPolicy::check(issuerOrDiscoveryUrl, m_options.plainHttp)) {
        failLater(refused);
        return;
    }
    QUrl discoveryUrl = issuerOrDiscoveryUrl;
    if (!issuerOrDiscoveryUrl.path().endsWith(wellKnownSuffix)) {
        // OpenID Connect Core 1.0 §2 (iss): the issuer is an https URL without query or fragment.
        if (issuerOrDiscoveryUrl.hasQuery() || issuerOrDiscoveryUrl.hasFragment()) {
            failLater(makeError(
                FetchError::Kind::InvalidUrl, issuerOrDiscoveryUrl,
                tr("%1: an issuer URL has no query or fragment").arg(issuerOrDiscoveryUrl.toDisplayString())));
            return;
        }
        m_expectedIssuer = issuerOrDiscoveryUrl.toString(QUrl::FullyEncoded);
        discoveryUrl = discoveryUrlForIssuer(issuerOrDiscoveryUrl);
    }
    m_result.discoveryUrl = discoveryUrl;
    m_timer.start(m_options.limits.timeoutMs);
    startRequest(discoveryUrl, Stage::Discovery);
}

void JwksClient::cancel()
{
    if (m_stage == Stage::Idle)
        return;
    ++m_generation; // a report already queued for this fetch is dropped
    QUrl url = m_currentUrl;
    if (url.isEmpty())
        url = m_result.discoveryUrl.isEmpty() ? m_result.jwksUrl : m_result.discoveryUrl;
    fail(FetchError::Kind::Cancelled, url, tr("%1: cancelled").arg(url.toDisplayString()));
}

void JwksClient::startRequest(const QUrl &url, Stage stage, Hop hop)
{
    if (!m_network) {
        fail(FetchError::Kind::Other, url, tr("%1: no network access").arg(url.toDisplayString()));
        return;
    }
    m_stage = stage;
    m_currentUrl = url;
    m_body.clear();
    if (hop == Hop::First)
        m_redirects = 0;
    m_sslErrors.clear();

    QNetworkRequest request(url);
    // Redirects are followed by hand (followRedirect), each checked against the URL policy first. Qt 6.4's
    // UserVerifiedRedirectPolicy was tried: after two or three hops on a kept-alive connection it reports the
    // redirect twice and finishes with "HTTP 100", so it cannot be relied on.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // Keys must be current: no HTTP cache, and no cookies from or for the issuer.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setRawHeader("Accept",
                         stage == Stage::Jwks ? QByteArrayLiteral("application/jwk-set+json, application/json")
                                              : QByteArrayLiteral("application/json"));
    const QString version = QCoreApplication::applicationVersion();
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      version.isEmpty() ? QStringLiteral("Tokenscope") : QStringLiteral("Tokenscope/%1").arg(version));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!m_options.caCertificates.isEmpty()) {
        ssl.addCaCertificates(m_options.caCertificates);
        isolateConnections(request);
    }
    request.setSslConfiguration(ssl);

    // No read buffer limit (QNetworkReply::setReadBufferSize): in Qt 6.4 it stalls a compressed answer until the
    // timeout and does not reliably hold back the network thread. The cap applies in onReadyRead, which aborts the
    // reply as soon as the body passes it; Qt's network thread may have read ahead by then.
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &JwksClient::onMetaDataChanged);
    connect(reply, &QNetworkReply::readyRead, this, &JwksClient::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &JwksClient::onReplyFinished);
    connect(reply, &QNetworkReply::sslErrors, this, &JwksClient::onSslErrors);
    connect(reply, &QNetworkReply::downloadProgress, this, &JwksClient::progress);
}

// QNetworkAccessManager keeps connections per scheme, host, port and peer verify name, not per TLS configuration:
// a connection made (or failed) with the default CAs would be reused by a fetch that trusts an extra CA, and the
// other way round. Fetches with extra CAs therefore use the host as explicit peer verify name (the name TLS checks
// anyway), which gives them their own connections; and when the set of extra CAs changes, the manager's cached
// connections are dropped so none made under another set of CAs is reused.
void JwksClient::isolateConnections(QNetworkRequest &request) const
{
    request.setPeerVerifyName(request.url().host());
    QCryptographicHash fingerprint(QCryptographicHash::Sha256);
    for (const QSslCertificate &certificate : m_options.caCertificates)
        fingerprint.addData(certificate.digest(QCryptographicHash::Sha256));
    const QByteArray current = fingerprint.result();
    static const char property[] = "tokenscope_jwks_ca_fingerprint";
    const QVariant previous = m_network->property(property);
    if (previous.isValid() && previous.toByteArray() != current)
        m_network->clearConnectionCache();
    m_network->setProperty(property, current);
}

bool JwksClient::followRedirect(const QUrl &target)
{
    const QUrl from = m_currentUrl;
    const QUrl to = from.resolved(target);
    if (++m_redirects > m_options.limits.maxRedirects) {
        fail(
            FetchError::Kind::BadRedirect, from,
            tr("%1: too many redirects (more than %2)").arg(from.toDisplayString()).arg(m_options.limits.maxRedirects));
        return false;
    }
    // README "Fetching keys": never follow a redirect to another scheme (an https fetch must not end on http).
    if (to.scheme().compare(from.scheme(), Qt::CaseInsensitive) != 0) {
        fail(FetchError::Kind::BadRedirect, from,
             tr("%1: redirect to %2 not followed, since it changes the scheme")
                 .arg(from.toDisplayString(), to.toDisplayString()));
        return false;
    }
    if (const FetchError refused = UrlPolicy::check(to, m_options.plainHttp)) {
        fail(FetchError::Kind::BadRedirect, from,
             tr("%1: redirect not followed: %2").arg(from.toDisplayString(), refused.message));
        return false;
    }
    dropReply();
    startRequest(to, m_stage, Hop::Redirect);
    return true;
}

bool JwksClient::replyIsSuccess() const
{
    const QVariant status = m_reply ? m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute) : QVariant();
    const int code = status.toInt();
    return status.isValid() && code >= 200 && code < 300;
}

void JwksClient::onMetaDataChanged()
{
    if (!m_reply || !replyIsSuccess())
        return;
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    bool ok = false;
    const qint64 announced = length.toLongLong(&ok);
    if (ok && announced > m_options.limits.maxBytes) {
        fail(FetchError::Kind::TooLarge, m_currentUrl,
             tr("%1: the response is %2 bytes, more than the limit of %3 bytes")
                 .arg(m_currentUrl.toDisplayString())
                 .arg(announced)
                 .arg(m_options.limits.maxBytes));
    }
}

bool JwksClient::appendBody(const QByteArray &data)
{
    m_body.append(data);
    if (m_body.size() <= m_options.limits.maxBytes)
        return true;
    fail(FetchError::Kind::TooLarge, m_currentUrl,
         tr("%1: the response is larger than the limit of %2 bytes")
             .arg(m_currentUrl.toDisplayString())
             .arg(m_options.limits.maxBytes));
    return false;
}

void JwksClient::onReadyRead()
{
    if (!m_reply)
        return;
    // An error page is not kept: its status is the answer.
    if (!replyIsSuccess()) {
        m_reply->skip(m_reply->bytesAvailable());
        return;
    }
    // Read no more than one byte past the limit, so an endless body is refused as soon as it passes the cap.
    const qint64 room = m_options.limits.maxBytes - m_body.size() + 1;
    (void)appendBody(m_reply->read(qMax<qint64>(room, 1)));
}

void JwksClient::onSslErrors(const QList<QSslError> &errors)
{
    // Never ignored: a certificate the defaults (plus the configured CAs) do not trust fails the fetch.
    for (const QSslError &error : errors)
        m_sslErrors << error.errorString();
}

void JwksClient::onReplyFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    const QString where = m_currentUrl.toDisplayString();
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.toInt();
    // RFC 9110 §15.4: these redirect with a Location; 300 and 304 do not send the client on by themselves.
    const bool isRedirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    const QByteArray location = reply->rawHeader("Location").trimmed();
    if (statusAttribute.isValid() && isRedirect && !location.isEmpty()) {
        (void)followRedirect(QUrl::fromEncoded(location));
        return;
    }
    if (statusAttribute.isValid() && (status < 200 || status >= 300)) {
        QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().trimmed();
        const QString text = reason.isEmpty() ? tr("%1: HTTP %2").arg(where).arg(status)
                                              : tr("%1: HTTP %2 %3").arg(where).arg(status).arg(reason);
        fail(FetchError::Kind::HttpStatus, m_currentUrl, text, status);
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        const QString host = m_currentUrl.host();
        switch (reply->error()) {
        case QNetworkReply::HostNotFoundError:
            fail(FetchError::Kind::HostNotFound, m_currentUrl,
                 tr("%1: host %2 not found (the name does not resolve)").arg(where, host));
            return;
        case QNetworkReply::ConnectionRefusedError:
            fail(FetchError::Kind::ConnectionRefused, m_currentUrl,
                 tr("%1: connection refused by %2 on port %3")
                     .arg(where, host)
                     .arg(m_currentUrl.port(m_currentUrl.scheme() == u"https" ? 443 : 80)));
            return;
        case QNetworkReply::SslHandshakeFailedError:
        case QNetworkReply::UnknownNetworkError:
            if (reply->error() == QNetworkReply::SslHandshakeFailedError || !m_sslErrors.isEmpty()) {
                const QString reasons = m_sslErrors.isEmpty() ? reply->errorString() : m_sslErrors.join(u"; ");
                fail(FetchError::Kind::Tls, m_currentUrl, tr("%1: TLS error: %2").arg(where, reasons));
                return;
            }
            break;
        case QNetworkReply::TimeoutError:
            fail(FetchError::Kind::Timeout, m_currentUrl, tr("%1: the connection timed out").arg(where));
            return;
        case QNetworkReply::OperationCanceledError:
            fail(FetchError::Kind::Cancelled, m_currentUrl, tr("%1: cancelled").arg(where));
            return;
        default:
            break;
        }
        // Qt refuses a compressed body that expands too far (a decompression bomb) or is corrupt, with an error text
        // that names neither ("Decompression failed: "): say what happened.
        const QByteArray encoding = reply->rawHeader("Content-Encoding").trimmed().toLower();
        if (!encoding.isEmpty() && encoding != "identity") {
            fail(FetchError::Kind::TooLarge, m_currentUrl,
                 tr("%1: the %2-compressed response could not be decompressed within the limit of %3 bytes (it "
                    "expands too far, as a decompression bomb does, or it is corrupt)")
                     .arg(where, QString::fromLatin1(encoding))
                     .arg(m_options.limits.maxBytes));
            return;
        }
        fail(FetchError::Kind::Other, m_currentUrl, tr("%1: %2").arg(where, reply->errorString()));
        return;
    }
    if (!statusAttribute.isValid()) {
        fail(FetchError::Kind::Other, m_currentUrl, tr("%1: no HTTP response").arg(where));
        return;
    }
    if (!appendBody(reply->readAll()))
        return;
    if (m_stage == Stage::Discovery)
        handleDiscovery();
    else
        handleJwks();
}

void JwksClient::handleDiscovery()
{
    const QUrl discoveryUrl = m_currentUrl;
    const QString where = discoveryUrl.toDisplayString();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        fail(FetchError::Kind::BadJson, discoveryUrl,
             tr("%1: the discovery document is not valid JSON: %2 at offset %3")
                 .arg(where, parseError.errorString())
                 .arg(parseError.offset));
        return;
    }
    if (!document.isObject()) {
        fail(FetchError::Kind::BadJson, discoveryUrl, tr("%1: the discovery document is not a JSON object").arg(where));
        return;
    }
    const QJsonObject discovery = document.object();
    const QJsonValue issuer = discovery.value(u"issuer");
    m_result.issuer = issuer.toString();
    if (!m_expectedIssuer.isEmpty() && (!issuer.isString() || !sameIssuer(issuer.toString(), m_expectedIssuer))) {
        const QString announced = issuer.isString() ? issuer.toString() : tr("(none)");
        fail(FetchError::Kind::IssuerMismatch, discoveryUrl,
             tr("%1: the discovery document names the issuer \"%2\", not \"%3\" that was asked for "
                "(OpenID Connect Discovery 1.0 §4.3)")
                 .arg(where, announced, m_expectedIssuer));
        return;
    }
    const QString jwksUri = discovery.value(u"jwks_uri").toString();
    if (jwksUri.isEmpty()) {
        fail(FetchError::Kind::NoJwksUri, discoveryUrl,
             tr("%1: the discovery document has no \"jwks_uri\"").arg(where));
        return;
    }
    const QUrl jwksUrl(jwksUri, QUrl::StrictMode);
    m_result.jwksUrl = jwksUrl;
    if (FetchError refused = UrlPolicy::check(jwksUrl, m_options.plainHttp)) {
        refused.message = tr("jwks_uri from %1: %2").arg(where, refused.message);
        fail(refused.kind, jwksUrl, refused.message);
        return;
    }
    dropReply();
    startRequest(jwksUrl, Stage::Jwks);
}

void JwksClient::handleJwks()
{
    const QString where = m_currentUrl.toDisplayString();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        fail(FetchError::Kind::BadJson, m_currentUrl,
             tr("%1: the JWK Set is not valid JSON: %2 at offset %3")
                 .arg(where, parseError.errorString())
                 .arg(parseError.offset));
        return;
    }
    const KeyParseResult parsed
        = KeyParser::parseJwks(m_body, QStringLiteral("JWKS %1").arg(m_result.jwksUrl.toDisplayString()));
    m_result.keys = parsed.keys;
    m_result.skipped = parsed.skipped;
    m_result.maxAgeSeconds = CacheControl::maxAgeSeconds(m_reply->rawHeader("Cache-Control"));
    m_result.fetchedAt = QDateTime::currentDateTimeUtc();
    if (!parsed) {
        QString why = parsed.error;
        if (why.isEmpty())
            why = parsed.skipped.isEmpty() ? tr("the JWK Set has no keys") : parsed.skipped.join(u"; ");
        fail(FetchError::Kind::NoKeys, m_currentUrl, tr("%1: no usable key: %2").arg(where, why));
        return;
    }
    dropReply();
    finish();
}

void JwksClient::onTimeout()
{
    if (m_stage == Stage::Idle || m_stage == Stage::Reporting)
        return;
    fail(FetchError::Kind::Timeout, m_currentUrl,
         tr("%1: no complete answer within %2 s")
             .arg(m_currentUrl.toDisplayString(), seconds(m_options.limits.timeoutMs)));
}

void JwksClient::fail(FetchError::Kind kind, const QUrl &url, const QString &message, int httpStatus)
{
    m_result.error = makeError(kind, url, message, httpStatus);
    dropReply();
    finish();
}

void JwksClient::failLater(const FetchError &error)
{
    m_result.error = error;
    m_stage = Stage::Reporting;
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, generation] {
            if (generation == m_generation && m_stage == Stage::Reporting)
                finish();
        },
        Qt::QueuedConnection);
}

void JwksClient::finish()
{
    m_timer.stop();
    m_stage = Stage::Idle;
    if (m_result.fetchedAt.isNull())
        m_result.fetchedAt = QDateTime::currentDateTimeUtc();
    // Reset before emitting, so a receiver may start the next fetch from its slot.
    const JwksFetchResult result = std::move(m_result);
    m_result = {};
    m_currentUrl.clear();
    emit finished(result);
}

void JwksClient::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

namespace {

JwksFetchResult runBlocking(QNetworkAccessManager *network, const FetchOptions &options,
                            const std::function<void(JwksClient &)> &start)
{
    JwksClient client(network);
    client.setOptions(options);
    JwksFetchResult result;
    bool done = false;
    QEventLoop loop;
    QObject::connect(&client, &JwksClient::finished, &loop, [&](const JwksFetchResult &fetched) {
        result = fetched;
        done = true;
        loop.quit();
    });
    start(client);
    if (!done)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return result;
}

} // namespace

JwksFetchResult JwksClient::fetchJwksBlocking(QNetworkAccessManager *network, const QUrl &url,
                                              const FetchOptions &options)
{
    return runBlocking(network, options, [&url](JwksClient &client) { client.fetchJwks(url); });
}

JwksFetchResult JwksClient::fetchFromIssuerBlocking(QNetworkAccessManager *network, const QUrl &url,
                                                    const FetchOptions &options)
{
    return runBlocking(network, options, [&url](JwksClient &client) { client.fetchFromIssuer(url); });
}

} // namespace tokenscope
