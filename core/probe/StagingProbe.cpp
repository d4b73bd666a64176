// Over 700 lines: the probe is one sequence of HTTP steps against a real issuer (discovery, JWKS, tokens, refresh,
// replay at once and after a pause, revocation, introspection), each a short method continuing to the next. The
// sequence reads best in one file; the report it fills lives apart (ProbeReport).

#include "probe/StagingProbe.h"

#include "common/Clock.h"
#include "crypto/KeyParser.h"
#include "jose/CompactToken.h"
#include "net/CacheControl.h"
#include "net/UrlPolicy.h"
#include "verify/TokenVerifier.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace tokenscope::probe {

namespace {

constexpr int plannedSteps = 14;
// Clock differences below a minute are ordinary (RFC 7519 §4.1.4 "small leeway").
constexpr qint64 clockLeewaySeconds = 60;

QUrl evidenceUrl(QUrl url)
{
    // Evidence names the endpoint only: a query could carry a token.
    url.setQuery(QString());
    url.setFragment(QString());
    url.setUserInfo(QString());
    return url;
}

QUrl discoveryUrlFor(const QUrl &issuerUrl)
{
    static const QString wellKnown = u"/.well-known/openid-configuration"_s;
    QUrl url = issuerUrl;
    url.setQuery(QString());
    url.setFragment(QString());
    QString path = url.path();
    if (path.endsWith(wellKnown))
        return url;
    // OpenID Connect Discovery 1.0 §4: the well-known suffix is appended to the issuer, path included.
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + wellKnown);
    return url;
}

QString keyDescription(const Key &key)
{
    QString text = key.kid().isEmpty() ? StagingProbe::tr("(no kid)") : key.kid();
    QString shape = key.kty();
    if (!key.curve().isEmpty())
        shape += u' ' + key.curve();
    else
        shape += u' ' + QString::number(key.bits());
    text += u" ("_s + shape;
    if (!key.jwkAlgorithm().isEmpty())
        text += u", "_s + key.jwkAlgorithm();
    text += u')';
    return text;
}

// Reads "exp" and "iat" of a JWS access token; an opaque token has none (RFC 9068 §2.2 makes both required for JWT
// access tokens).
std::optional<qint64> expMinusIat(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(parts.at(1),
                                                        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals
                                                            | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QJsonObject payload = QJsonDocument::fromJson(*decoded).object();
    if (!payload.value(u"exp"_s).isDouble() || !payload.value(u"iat"_s).isDouble())
        return std::nullopt;
    return payload.value(u"exp"_s).toInteger() - payload.value(u"iat"_s).toInteger();
}

} // namespace

StagingProbe::StagingProbe(QNetworkAccessManager *network, QObject *parent) : QObject(parent), m_network(network)
{
    m_pauseTimer.setSingleShot(true);
    m_requestTimer.setSingleShot(true);
    connect(&m_requestTimer, &QTimer::timeout, this, &StagingProbe::onTimeout);
}

StagingProbe::~StagingProbe()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    clearTokens();
}

void StagingProbe::setPauseHandler(PauseHandler handler)
{
    m_pauseHandler = std::move(handler);
}

void StagingProbe::clearTokens()
{
    m_chain.clear();
    m_replayed.clear();
    m_newest.clear();
    m_lastAccessToken.fill('\0');
    m_lastAccessToken.clear();
}

void StagingProbe::start(const ProbeOptions &options)
{
    if (m_running)
        cancel();
    ++m_runId;
    m_running = true;
    m_stepsDone = 0;
    m_options = options;
    m_report = ProbeReport();
    m_jwksKeys.clear();
    m_jwksFetched = false;
    m_report.issuerUrl = evidenceUrl(options.issuerUrl);
    m_report.clientId = options.clientId;
    m_report.observed.pauseSeconds = options.pauseSeconds;
    m_report.flow = flowName(effectiveLogin(options));
    m_discovery = {};
    m_tokenEndpoint = m_revocationEndpoint = m_introspectionEndpoint = QUrl();
    clearTokens();
    m_familyAlive = true;
    m_replayAcceptedAtOnce = m_replaySameToken = false;
    m_reuseEvidence.clear();
    m_revocationEvidence.clear();

    QString inputError;
    if (!options.issuerUrl.isValid() || options.issuerUrl.isRelative() || options.issuerUrl.host().isEmpty())
        inputError = tr("\"%1\" is not an absolute issuer URL").arg(options.issuerUrl.toString());
    else if (const FetchError refused = UrlPolicy::check(options.issuerUrl, options.plainHttp))
        inputError = refused.message;
    else if (options.clientId.isEmpty())
        inputError = tr("a client id is needed");
    else if (!options.username.isEmpty() && !options.refreshToken.isEmpty())
        inputError = tr("give either a refresh token or a username and password, not both");
    else
        inputError = loginInputError(options);
    if (!inputError.isEmpty()) {
        // Reported from the event loop, like every other outcome, so callers connect after start() safely.
        const quint64 runId = m_runId;
        QMetaObject::invokeMethod(
            this,
            [this, runId, inputError] {
                if (runId == m_runId)
                    fail(ProbeError::Kind::InvalidInput, u"invalid_input"_s, inputError);
            },
            Qt::QueuedConnection);
        return;
    }
    const quint64 runId = m_runId;
    QMetaObject::invokeMethod(
        this,
        [this, runId] {
            if (runId == m_runId)
                stepDiscovery();
        },
        Qt::QueuedConnection);
}

void StagingProbe::cancel()
{
    if (!m_running)
        return;
    ++m_runId;
    m_pauseTimer.stop();
    m_requestTimer.stop();
    stopLogins();
    m_continuation = nullptr;
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    fail(ProbeError::Kind::Cancelled, u"cancelled"_s, tr("the probe was cancelled"));
}

void StagingProbe::reportProgress(const QString &step)
{
    ++m_stepsDone;
    emit progress(step, std::min(m_stepsDone, plannedSteps), plannedSteps);
}

void StagingProbe::addFinding(const QString &id, const QString &value, const QString &title, const QString &summary,
                              ProbeFinding::Severity severity, const QList<int> &evidence)
{
    ProbeFinding finding;
    finding.id = id;
    finding.value = value;
    finding.title = title;
    finding.summary = summary;
    finding.severity = severity;
    finding.evidence = evidence;
    m_report.findings.append(finding);
    emit findingAdded(finding);
}

void StagingProbe::send(const QString &step, const QByteArray &method, const QUrl &url,
                        const QList<std::pair<QString, QByteArray>> &form, Auth auth, Continuation next,
                        const QByteArray &bearer)
{
    reportProgress(step);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // Token requests are never redirected (a redirect could move credentials). Discovery and JWKS may follow up to
    // three redirects that keep the scheme and pass the URL policy (README, "Fetching keys").
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         method == "GET" ? QNetworkRequest::UserVerifiedRedirectPolicy
                                         : QNetworkRequest::ManualRedirectPolicy);
    request.setMaximumRedirectsAllowed(3);
    request.setRawHeader("Accept", "application/json");
    if (!m_options.caCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_options.caCertificates);
        request.setSslConfiguration(ssl);
    }

    QByteArray body;
    auto addParameter = [&body](const QString &name, const QByteArray &value) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(QString::fromUtf8(value));
    };
    for (const auto &[name, value] : form)
        addParameter(name, value);
    if (auth == Auth::Client) {
        if (m_options.clientSecret.isEmpty()) {
            addParameter(u"client_id"_s, m_options.clientId.toUtf8()); // a public client (RFC 6749 §2.3)
        } else {
            // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined for HTTP Basic.
            const QByteArray credentials = QUrl::toPercentEncoding(m_options.clientId) + ':'
                + QUrl::toPercentEncoding(QString::fromUtf8(m_options.clientSecret));
            request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
        }
    } else if (auth == Auth::Bearer) {
        request.setRawHeader("Authorization", "Bearer " + bearer);
    }

    ProbeRequest evidence;
    evidence.step = step;
    evidence.method = QString::fromLatin1(method);
    evidence.url = evidenceUrl(url);
    for (const auto &[name, value] : form) {
        if (name == u"grant_type")
            evidence.grantType = QString::fromUtf8(value);
    }
    m_report.requests.append(evidence);

    QNetworkReply *reply;
    if (method == "GET") {
        reply = m_network->get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = m_network->post(request, body);
    }
    body.fill('\0');
    m_reply = reply;
    m_continuation = std::move(next);
    m_replyStep = step;
    m_replyTooLarge = false;
    m_replyTimedOut = false;
    m_refusedRedirect.clear();
    connect(reply, &QNetworkReply::finished, this, &StagingProbe::onReplyFinished);
    connect(reply, &QNetworkReply::redirected, this, [this, reply, url](const QUrl &target) {
        if (target.scheme() == url.scheme() && !UrlPolicy::check(target, m_options.plainHttp))
            emit reply->redirectAllowed();
        else {
            m_refusedRedirect = target;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64 total) {
        if (reply == m_reply && (received > m_options.maxBytes || total > m_options.maxBytes)) {
            m_replyTooLarge = true;
            reply->abort();
        }
    });
    m_requestTimer.start(m_options.timeoutMs);
}

void StagingProbe::onTimeout()
{
    if (m_reply) {
        m_replyTimedOut = true;
        m_reply->abort();
    }
}

void StagingProbe::onReplyFinished()
{
    QNetworkReply *reply = qobject_cast<QNetworkReply *>(sender());
    if (!reply || reply != m_reply)
        return;
    m_requestTimer.stop();
    m_reply = nullptr;
    reply->deleteLater();
    const bool timedOut = m_replyTimedOut;

    Response response;
    response.requestIndex = int(m_report.requests.size()) - 1;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_replyTooLarge) {
        response.transportFailed = true;
        response.error = u"too_large"_s;
        response.networkMessage = tr("%1: the response is larger than %2 bytes")
                                      .arg(reply->url().toDisplayString())
                                      .arg(m_options.maxBytes);
    } else if (!m_refusedRedirect.isEmpty()) {
        response.transportFailed = true;
        response.error = u"redirect_refused"_s;
        response.networkMessage = tr("%1: the redirect to %2 was refused (another scheme, or a URL that may not be "
                                     "fetched)")
                                      .arg(reply->url().toDisplayString(), m_refusedRedirect.toDisplayString());
    } else if (timedOut) {
        response.transportFailed = true;
        response.error = u"timeout"_s;
        response.networkMessage
            = tr("%1: no answer within %2 ms").arg(reply->url().toDisplayString()).arg(m_options.timeoutMs);
    } else if (response.status == 0) {
        response.transportFailed = true;
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
            response.error = u"connection_refused"_s;
            break;
        case QNetworkReply::HostNotFoundError:
            response.error = u"host_not_found"_s;
            break;
        case QNetworkReply::SslHandshakeFailedError:
            response.error = u"tls"_s;
            break;
        default:
            response.error = u"network"_s;
            break;
        }
        response.networkMessage = tr("%1: %2").arg(reply->url().toDisplayString(), reply->errorString());
    } else {
        const QByteArray body = reply->readAll();
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        response.isJson = parseError.error == QJsonParseError::NoError && document.isObject();
        if (response.isJson) {
            response.json = document.object();
            // RFC 6749 §5.2: only the `error` code is kept; error_description is free text and is never reported.
            response.error = response.json.value(u"error"_s).toString().left(64);
        }
        response.cacheControl = reply->rawHeader("Cache-Control");
        response.date = reply->rawHeader("Date");
        if (m_replyStep == u"jwks")
            response.body = body;
    }
    ProbeRequest &evidence = m_report.requests[response.requestIndex];
    evidence.status = response.status;
    evidence.error = response.error;

    Continuation next = std::move(m_continuation);
    m_continuation = nullptr;
    if (next)
        next(response);
}

void StagingProbe::fail(ProbeError::Kind kind, const QString &code, const QString &message)
{
    m_report.error.kind = kind;
    m_report.error.code = code;
    m_report.error.message = message;
    finish();
}

void StagingProbe::finish()
{
    m_running = false;
    stopLogins();
    m_requestTimer.stop();
    m_pauseTimer.stop();
    ProbeObservations &observed = m_report.observed;
    if (!m_report.error || m_report.error.kind != ProbeError::Kind::InvalidInput) {
        if (observed.accessTokenLifetime && observed.accessTokenExpMinusIat) {
            const qint64 difference = *observed.accessTokenExpMinusIat - *observed.accessTokenLifetime;
            // A second either way is the issuer rounding or the response taking time.
            const bool matches = std::abs(difference) <= 1;
            addFinding(u"expires_in"_s, matches ? u"matches"_s : u"differs"_s, tr("Access token lifetime"),
                       matches ? tr("expires_in %1 s matches exp − iat %2 s")
                                     .arg(*observed.accessTokenLifetime)
                                     .arg(*observed.accessTokenExpMinusIat)
                               : tr("expires_in %1 s differs from exp − iat %2 s by %3 s")
                                     .arg(*observed.accessTokenLifetime)
                                     .arg(*observed.accessTokenExpMinusIat)
                                     .arg(difference),
                       matches ? ProbeFinding::Severity::Info : ProbeFinding::Severity::Warning, {});
        } else if (observed.accessTokenLifetime) {
            addFinding(u"expires_in"_s, u"opaque"_s, tr("Access token lifetime"),
                       tr("expires_in %1 s; the access token is not a JWT with exp and iat, so it cannot be compared")
                           .arg(*observed.accessTokenLifetime),
                       ProbeFinding::Severity::Info, {});
        }
        if (observed.rotatesAtOnce || observed.accessTokenLifetime)
            m_report.presets = ProbeClassifier::matchPresets(observed);
    }
    m_chain.clear();
    m_replayed.clear();
    m_newest.clear();
    emit finished(m_report);
}

// --- discovery and keys ---------------------------------------------------------------------------------------

void StagingProbe::stepDiscovery()
{
    m_report.discoveryUrl = discoveryUrlFor(m_options.issuerUrl);
    send(u"discovery"_s, "GET", m_report.discoveryUrl, {}, Auth::None, [this](const Response &response) {
        const QString where = m_report.discoveryUrl.toDisplayString();
        if (response.transportFailed)
            return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
        if (response.status != 200)
            return fail(ProbeError::Kind::HttpStatus, u"http_status"_s,
                        tr("%1: HTTP %2 (OpenID Connect discovery needs 200)").arg(where).arg(response.status));
        if (!response.isJson)
            return fail(ProbeError::Kind::BadDiscovery, u"bad_discovery"_s,
                        tr("%1: the discovery document is not a JSON object").arg(where));
        m_discovery = response.json;
        m_report.issuer = m_discovery.value(u"issuer"_s).toString();
        m_tokenEndpoint = QUrl(m_discovery.value(u"token_endpoint"_s).toString());
        if (!m_tokenEndpoint.isValid() || m_tokenEndpoint.isRelative())
            return fail(ProbeError::Kind::BadDiscovery, u"bad_discovery"_s,
                        tr("%1: the discovery document has no usable token_endpoint").arg(where));
        if (const FetchError refused = UrlPolicy::check(m_tokenEndpoint, m_options.plainHttp))
            return fail(ProbeError::Kind::BadDiscovery, u"bad_discovery"_s, refused.message);
        auto optionalEndpoint = [this](const char16_t *name) {
            const QUrl url(m_discovery.value(QString::fromUtf16(name)).toString());
            if (!url.isValid() || url.isRelative() || UrlPolicy::check(url, m_options.plainHttp))
                return QUrl();
            return url;
        };
        m_revocationEndpoint = optionalEndpoint(u"revocation_endpoint");
        m_introspectionEndpoint = optionalEndpoint(u"introspection_endpoint");

        QStringList facts;
        const QStringList grants = m_discovery.value(u"grant_types_supported"_s).toVariant().toStringList();
        facts.append(grants.isEmpty() ? tr("grant_types_supported not listed")
                                      : tr("grants: %1").arg(grants.join(u", "_s)));
        facts.append(m_revocationEndpoint.isEmpty() ? tr("no revocation endpoint") : tr("revocation endpoint"));
        facts.append(m_introspectionEndpoint.isEmpty() ? tr("no introspection endpoint")
                                                       : tr("introspection endpoint"));
        // OpenID Connect Discovery 1.0 §4.3: the issuer in the document must be the one asked for.
        const QString asked = [this] {
            QString text = m_report.discoveryUrl.toString();
            text.chop(QStringLiteral("/.well-known/openid-configuration").size());
            return text;
        }();
        const bool issuerMatches = m_report.issuer == asked || m_report.issuer == asked + u'/';
        addFinding(u"discovery"_s, issuerMatches ? u"ok"_s : u"issuer_mismatch"_s, tr("Discovery"),
                   issuerMatches ? facts.join(u"; "_s)
                                 : tr("issuer \"%1\" differs from the URL asked for (%2); %3")
                                       .arg(m_report.issuer, asked, facts.join(u"; "_s)),
                   issuerMatches ? ProbeFinding::Severity::Info : ProbeFinding::Severity::Warning,
                   {response.requestIndex});
        stepJwks();
    });
}

void StagingProbe::stepJwks()
{
    const QUrl jwksUrl(m_discovery.value(u"jwks_uri"_s).toString());
    if (!jwksUrl.isValid() || jwksUrl.isRelative()) {
        addFinding(u"jwks"_s, u"missing"_s, tr("Keys"), tr("the discovery document has no jwks_uri"),
                   ProbeFinding::Severity::Problem, {});
        return stepObtainTokens();
    }
    if (const FetchError refused = UrlPolicy::check(jwksUrl, m_options.plainHttp)) {
        addFinding(u"jwks"_s, u"refused"_s, tr("Keys"), refused.message, ProbeFinding::Severity::Problem, {});
        return stepObtainTokens();
    }
    send(u"jwks"_s, "GET", jwksUrl, {}, Auth::None, [this, jwksUrl](const Response &response) {
        if (response.transportFailed || response.status != 200) {
            addFinding(u"jwks"_s, u"unavailable"_s, tr("Keys"),
                       response.transportFailed ? response.networkMessage
                                                : tr("%1: HTTP %2").arg(jwksUrl.toDisplayString()).arg(response.status),
                       ProbeFinding::Severity::Problem, {response.requestIndex});
            return stepObtainTokens();
        }
        const KeyParseResult keys = KeyParser::parseJwks(response.body, tr("JWKS %1").arg(jwksUrl.toDisplayString()));
        m_jwksKeys = keys.keys;
        m_jwksFetched = true;
        QStringList described;
        for (const Key &key : keys.keys)
            described.append(keyDescription(key));
        const qint64 maxAge = CacheControl::maxAgeSeconds(response.cacheControl);
        const QString caching = response.cacheControl.isEmpty() ? tr("no Cache-Control")
            : maxAge >= 0                                       ? tr("Cache-Control max-age=%1 s").arg(maxAge)
                                                                : tr("Cache-Control without max-age");
        m_report.requests[response.requestIndex].note = caching;
        if (keys.keys.isEmpty()) {
            addFinding(u"jwks"_s, u"no_keys"_s, tr("Keys"), tr("no usable key; %1").arg(caching),
                       ProbeFinding::Severity::Problem, {response.requestIndex});
        } else {
            QString summary
                = tr("%n key(s): %1; %2", nullptr, int(keys.keys.size())).arg(described.join(u", "_s), caching);
            if (!keys.skipped.isEmpty())
                summary += tr("; %n key(s) skipped", nullptr, int(keys.skipped.size()));
            addFinding(u"jwks"_s, u"ok"_s, tr("Keys"), summary,
                       maxAge > 0 ? ProbeFinding::Severity::Info : ProbeFinding::Severity::Warning,
                       {response.requestIndex});
        }
        stepObtainTokens();
    });
}

// --- tokens and the refresh chain -----------------------------------------------------------------------------

void StagingProbe::tokenRequest(const QString &step, const QList<std::pair<QString, QByteArray>> &parameters,
                                Continuation next)
{
    send(step, "POST", m_tokenEndpoint, parameters, Auth::Client, std::move(next));
}

void StagingProbe::refreshRequest(const QString &step, const QByteArray &refreshToken, Continuation next)
{
    tokenRequest(step, {{u"grant_type"_s, "refresh_token"}, {u"refresh_token"_s, refreshToken}}, std::move(next));
}

void StagingProbe::noteTokens(const Response &response)
{
    const QByteArray accessToken = response.json.value(u"access_token"_s).toString().toUtf8();
    if (!accessToken.isEmpty())
        m_lastAccessToken = accessToken;
    if (!m_report.observed.accessTokenLifetime && response.json.value(u"expires_in"_s).isDouble()) {
        m_report.observed.accessTokenLifetime = response.json.value(u"expires_in"_s).toInteger();
        m_report.observed.accessTokenExpMinusIat = expMinusIat(accessToken);
        checkFirstAccessToken(accessToken, response.date);
    }
}

void StagingProbe::checkFirstAccessToken(const QByteArray &accessToken, const QByteArray &date)
{
    // An opaque access token (no JWS) has no kid or iat to check; the lifetime finding says it is opaque.
    if (accessToken.count('.') != 2 || !m_jwksFetched)
        return;
    // The issuer's own clock, from the token response's Date (RFC 9110 §5.6.7 IMF-fixdate); this machine's when
    // the issuer sends none.
    QDateTime issuerTime = QLocale::c().toDateTime(QString::fromLatin1(date).trimmed(),
                                                   QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    issuerTime.setTimeSpec(Qt::UTC);
    const qint64 reference = issuerTime.isValid() ? issuerTime.toSecsSinceEpoch() : QDateTime::currentSecsSinceEpoch();
    const QString clockName = issuerTime.isValid() ? tr("the issuer's clock (its Date header)")
                                                   : tr("this machine's clock (the issuer sends no Date header)");
    FixedClock clock(reference);
    VerificationPolicy policy;
    policy.clock = &clock;
    policy.leewaySeconds = clockLeewaySeconds;
    const VerificationResult verdict = TokenVerifier::verify(accessToken, m_jwksKeys, policy);
    const DecodeResult decoded = CompactToken::decode(accessToken);
    const QString kid = decoded ? decoded.token->keyId() : QString();
    switch (verdict.reason) {
    case VerificationReason::KeyNotFound:
        addFinding(
            u"signature"_s, u"unknown_kid"_s, tr("Signature"),
            tr("the access token names kid \"%1\", which the JWKS does not publish: no verifier can check it").arg(kid),
            ProbeFinding::Severity::Problem, {});
        break;
    case VerificationReason::BadSignature:
    case VerificationReason::KeyMismatch:
    case VerificationReason::AlgNotAllowed:
    case VerificationReason::Unsecured:
    case VerificationReason::Malformed:
        addFinding(u"signature"_s, u"invalid"_s, tr("Signature"),
                   tr("the access token does not verify with the JWKS: %1").arg(verdict.message),
                   ProbeFinding::Severity::Problem, {});
        break;
    default:
        // Valid, or refused only for a claim: the signature itself checked out.
        addFinding(u"signature"_s, u"ok"_s, tr("Signature"),
                   tr("the access token verifies with the JWKS key %1")
                       .arg(verdict.verifiedBy ? keyDescription(*verdict.verifiedBy) : kid),
                   ProbeFinding::Severity::Info, {});
        break;
    }
    // RFC 7519 §4.1.5-4.1.6: a token issued "in the future" or not yet valid is refused by verifiers until their
    // clock catches up; one issued in the past loses that much of its lifetime.
    const JsonValue *payload = decoded && decoded.token->payload ? &*decoded.token->payload : nullptr;
    // RFC 9068 §4 and OpenID Connect Discovery 1.0 §4.3: iss must equal discovery's issuer exactly.
    const JsonValue *iss = payload && payload->isObject() ? payload->value(u"iss"_s) : nullptr;
    if (iss && iss->isString() && !m_report.issuer.isEmpty() && iss->string != m_report.issuer)
        addFinding(u"issuer"_s, u"iss_mismatch"_s, tr("Issuer"),
                   tr("the access token's iss \"%1\" differs from discovery's issuer \"%2\": verifiers that "
                      "compare them exactly, as OpenID Connect requires, refuse it")
                       .arg(iss->string, m_report.issuer),
                   ProbeFinding::Severity::Problem, {});
    const JsonValue *iat = payload && payload->isObject() ? payload->value(u"iat"_s) : nullptr;
    const std::optional<qint64> issuedAt = iat && iat->isNumber() ? iat->toInteger() : std::nullopt;
    if (!issuedAt)
        return;
    const qint64 skew = *issuedAt - reference;
    if (std::abs(skew) <= clockLeewaySeconds)
        return;
    addFinding(u"clock"_s, skew > 0 ? u"iat_ahead"_s : u"iat_behind"_s, tr("Issuer clock"),
               skew > 0 ? tr("the access token's iat is %1 s ahead of %2: verifiers refuse it until their clock "
                             "catches up")
                              .arg(skew)
                              .arg(clockName)
                        : tr("the access token's iat is %1 s behind %2: it loses that much of its lifetime")
                              .arg(-skew)
                              .arg(clockName),
               ProbeFinding::Severity::Warning, {});
}

void StagingProbe::stepObtainTokens()
{
    const LoginMethod login = effectiveLogin(m_options);
    if (login == LoginMethod::Browser)
        return stepBrowserLogin();
    if (login == LoginMethod::Device)
        return stepDeviceLogin();
    if (login == LoginMethod::RefreshToken) {
        m_chain = {m_options.refreshToken};
        addFinding(u"tokens"_s, u"given_refresh_token"_s, tr("Tokens"),
                   tr("the probe starts from the refresh token it was given"), ProbeFinding::Severity::Info, {});
        return stepRefresh(1);
    }
    QList<std::pair<QString, QByteArray>> parameters;
    if (login == LoginMethod::Password) {
        parameters = {{u"grant_type"_s, "password"},
                      {u"username"_s, m_options.username.toUtf8()},
                      {u"password"_s, m_options.password}};
    } else {
        parameters = {{u"grant_type"_s, "client_credentials"}};
    }
    if (!m_options.scope.isEmpty())
        parameters.append({u"scope"_s, m_options.scope.toUtf8()});
    tokenRequest(u"login"_s, parameters, [this](const Response &response) { acceptFirstTokens(response); });
}

void StagingProbe::stepRefresh(int which)
{
    const QString step = which == 1 ? u"refresh_1"_s : u"refresh_2"_s;
    refreshRequest(step, m_chain.last(), [this, which](const Response &response) {
        if (response.transportFailed)
            return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
        ProbeRequest &evidence = m_report.requests[response.requestIndex];
        if (response.status != 200 || !response.json.contains(u"access_token"_s)) {
            if (which == 1 && m_report.flow == u"refresh_token")
                return fail(ProbeError::Kind::TokensRefused, u"tokens_refused"_s,
                            tr("the token endpoint refused the given refresh token: HTTP %1, error \"%2\"")
                                .arg(response.status)
                                .arg(response.error));
            addFinding(
                u"rotation"_s, u"refresh_failed"_s, tr("Rotation"),
                tr("refresh %1 failed: HTTP %2, error \"%3\"").arg(which).arg(response.status).arg(response.error),
                ProbeFinding::Severity::Problem, {response.requestIndex});
            m_familyAlive = false;
            return stepRevocation();
        }
        noteTokens(response);
        // RFC 6749 §6: a response without refresh_token means the client keeps using the one it has.
        const QByteArray returned = response.json.value(u"refresh_token"_s).toString().toUtf8();
        const QByteArray next = returned.isEmpty() ? m_chain.last() : returned;
        evidence.note = returned.isEmpty() ? tr("no refresh token in the response (the old one stays)")
            : next == m_chain.last()       ? tr("the same refresh token")
                                           : tr("a new refresh token");
        m_chain.append(next);
        if (which == 1)
            return stepRefresh(2);

        const qsizetype n = m_chain.size();
        const bool first = m_chain.at(n - 2) != m_chain.at(n - 3);
        const bool second = m_chain.at(n - 1) != m_chain.at(n - 2);
        ProbeObservations &observed = m_report.observed;
        observed.rotatesAtOnce = second;
        if (first != second)
            observed.rotatesOnlySometimes = true;
        const QList<int> evidenceRows = {response.requestIndex - 1, response.requestIndex};
        if (first && second)
            addFinding(u"rotation"_s, u"always"_s, tr("Rotation"),
                       tr("both refreshes returned a new refresh token (rotation, RFC 9700 §4.14.2)"),
                       ProbeFinding::Severity::Info, evidenceRows);
        else if (!first && !second)
            addFinding(u"rotation"_s, u"never"_s, tr("Rotation"),
                       tr("both refreshes returned the same refresh token: no rotation right after issue (an issuer "
                          "that rotates only older tokens looks the same)"),
                       ProbeFinding::Severity::Warning, evidenceRows);
        else
            addFinding(u"rotation"_s, u"sometimes"_s, tr("Rotation"),
                       tr("one refresh rotated the refresh token and the other did not"),
                       ProbeFinding::Severity::Warning, evidenceRows);
        if (!second) {
            addFinding(u"reuse"_s, u"not_applicable"_s, tr("Reuse"),
                       tr("the refresh token did not rotate, so there is no superseded token to replay"),
                       ProbeFinding::Severity::Info, {});
            return stepRevocation();
        }
        stepReplayAtOnce();
    });
}

void StagingProbe::stepReplayAtOnce()
{
    m_replayed = m_chain.at(m_chain.size() - 2);
    refreshRequest(u"replay_at_once"_s, m_replayed, [this](const Response &response) {
        if (response.transportFailed)
            return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
        m_reuseEvidence.append(response.requestIndex);
        ProbeRequest &evidence = m_report.requests[response.requestIndex];
        m_newest = m_chain.last();
        if (response.status == 200 && response.json.contains(u"access_token"_s)) {
            noteTokens(response);
            m_replayAcceptedAtOnce = true;
            const QByteArray returned = response.json.value(u"refresh_token"_s).toString().toUtf8();
            m_replaySameToken = !returned.isEmpty() && returned == m_chain.last();
            if (!returned.isEmpty())
                m_newest = returned;
            evidence.note = m_replaySameToken ? tr("accepted: the current refresh token again")
                                              : tr("accepted: another refresh token");
        } else {
            evidence.note = tr("rejected");
        }
        stepUseNewest();
    });
}

void StagingProbe::stepUseNewest()
{
    refreshRequest(u"newest_after_replay"_s, m_newest, [this](const Response &response) {
        if (response.transportFailed)
            return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
        m_reuseEvidence.append(response.requestIndex);
        ProbeRequest &evidence = m_report.requests[response.requestIndex];
        const bool works = response.status == 200 && response.json.contains(u"access_token"_s);
        evidence.note = works ? tr("accepted") : tr("rejected");
        if (works) {
            noteTokens(response);
            const QByteArray returned = response.json.value(u"refresh_token"_s).toString().toUtf8();
            m_chain.append(returned.isEmpty() ? m_newest : returned);
        }
        if (!m_replayAcceptedAtOnce) {
            m_report.observed.grace = policy::GraceMode::None;
            addFinding(u"grace"_s, u"none"_s, tr("Grace window"),
                       tr("the superseded refresh token was rejected at once (error \"%1\"): no grace window")
                           .arg(m_report.requests.at(m_reuseEvidence.first()).error),
                       ProbeFinding::Severity::Info, {m_reuseEvidence.first()});
            return concludeReuse(works, m_reuseEvidence);
        }
        if (!works) {
            m_familyAlive = false;
            addFinding(u"after_replay"_s, u"newest_rejected"_s, tr("After the replay"),
                       tr("the replay was accepted, but then the newest refresh token was rejected (error \"%1\")")
                           .arg(response.error),
                       ProbeFinding::Severity::Warning, m_reuseEvidence);
            return stepRevocation();
        }
        if (m_chain.last() == m_newest) {
            // Rotation stopped, so there is nothing superseded to replay after the pause.
            addFinding(u"reuse"_s, u"unknown"_s, tr("Reuse"),
                       tr("the replay was accepted and rotation stopped; reuse handling could not be told"),
                       ProbeFinding::Severity::Warning, m_reuseEvidence);
            return stepRevocation();
        }
        stepPause();
    });
}

void StagingProbe::stepPause()
{
    reportProgress(u"pause"_s);
    const quint64 runId = m_runId;
    auto resume = [this, runId] {
        if (runId == m_runId && m_running)
            stepReplayAfterPause();
    };
    if (m_pauseHandler) {
        m_pauseHandler(m_options.pauseSeconds, resume);
        return;
    }
    m_pauseTimer.disconnect(this);
    connect(&m_pauseTimer, &QTimer::timeout, this, resume);
    m_pauseTimer.start(int(std::min<qint64>(m_options.pauseSeconds, 3600) * 1000));
}

void StagingProbe::stepReplayAfterPause()
{
    // m_newest was superseded by the last refresh `pauseSeconds` ago: outside any grace window shorter than that.
    refreshRequest(u"replay_after_pause"_s, m_newest, [this](const Response &response) {
        if (response.transportFailed)
            return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
        m_reuseEvidence.append(response.requestIndex);
        ProbeRequest &evidence = m_report.requests[response.requestIndex];
        const bool accepted = response.status == 200 && response.json.contains(u"access_token"_s);
        m_report.observed.lateReplayAccepted = accepted;
        evidence.note = accepted ? tr("accepted after %1 s").arg(m_options.pauseSeconds)
                                 : tr("rejected after %1 s").arg(m_options.pauseSeconds);
        if (accepted) {
            noteTokens(response);
            const QByteArray returned = response.json.value(u"refresh_token"_s).toString().toUtf8();
            if (!returned.isEmpty())
                m_chain.append(returned);
            m_report.observed.grace = policy::GraceMode::None;
            m_report.observed.reuse = policy::ReuseHandling::Accept;
            addFinding(u"grace"_s, u"none"_s, tr("Grace window"),
                       tr("no grace window observed: the superseded token kept working at once and after %1 s")
                           .arg(m_options.pauseSeconds),
                       ProbeFinding::Severity::Info, m_reuseEvidence);
            addFinding(u"reuse"_s, u"accept"_s, tr("Reuse"),
                       tr("a superseded refresh token is accepted (or the grace window is longer than %1 s): a "
                          "stolen refresh token keeps working")
                           .arg(m_options.pauseSeconds),
                       ProbeFinding::Severity::Warning, m_reuseEvidence);
            return stepRevocation();
        }
        const policy::GraceMode grace = m_replaySameToken ? policy::GraceMode::SameToken : policy::GraceMode::NewToken;
        m_report.observed.grace = grace;
        addFinding(u"grace"_s, policy::PolicyNames::grace(grace), tr("Grace window"),
                   (m_replaySameToken ? tr("a grace window returning the current refresh token: accepted at once, "
                                           "rejected after %1 s (error \"%2\")")
                                      : tr("a grace window issuing another refresh token: accepted at once, "
                                           "rejected after %1 s (error \"%2\")"))
                       .arg(m_options.pauseSeconds)
                       .arg(response.error),
                   ProbeFinding::Severity::Info, m_reuseEvidence);
        stepUseNewestAfterPause();
    });
}

void StagingProbe::stepUseNewestAfterPause()
{
    refreshRequest(u"newest_after_late_replay"_s, m_chain.last(), [this](const Response &response) {
        if (response.transportFailed)
            return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
        m_reuseEvidence.append(response.requestIndex);
        const bool works = response.status == 200 && response.json.contains(u"access_token"_s);
        m_report.requests[response.requestIndex].note = works ? tr("accepted") : tr("rejected");
        if (works) {
            noteTokens(response);
            const QByteArray returned = response.json.value(u"refresh_token"_s).toString().toUtf8();
            if (!returned.isEmpty())
                m_chain.append(returned);
        }
        concludeReuse(works, m_reuseEvidence);
    });
}

void StagingProbe::concludeReuse(bool newestWorks, const QList<int> &evidence)
{
    if (newestWorks) {
        m_report.observed.reuse = policy::ReuseHandling::RejectReplay;
        addFinding(u"reuse"_s, u"reject_replay"_s, tr("Reuse"),
                   tr("the replayed refresh token was rejected and the newest one still works: the family lives on"),
                   ProbeFinding::Severity::Info, evidence);
        addFinding(u"after_replay"_s, u"family_alive"_s, tr("After the replay"),
                   tr("the newest refresh token still works after the replay"), ProbeFinding::Severity::Info,
                   {evidence.last()});
    } else {
        m_familyAlive = false;
        m_report.observed.reuse = policy::ReuseHandling::RevokeFamily;
        addFinding(u"reuse"_s, u"revoke_family"_s, tr("Reuse"),
                   tr("the replay was rejected and revoked the whole family (RFC 9700 §4.14.2)"),
                   ProbeFinding::Severity::Info, evidence);
        addFinding(u"after_replay"_s, u"family_revoked"_s, tr("After the replay"),
                   tr("the newest refresh token was rejected after the replay (error \"%1\")")
                       .arg(m_report.requests.at(evidence.last()).error),
                   ProbeFinding::Severity::Info, {evidence.last()});
    }
    stepRevocation();
}

// --- revocation and introspection -----------------------------------------------------------------------------

void StagingProbe::stepRevocation()
{
    if (m_revocationEndpoint.isEmpty()) {
        addFinding(u"revocation"_s, u"not_advertised"_s, tr("Revocation"),
                   tr("discovery names no revocation_endpoint (RFC 8414 §2)"), ProbeFinding::Severity::Warning, {});
        return finish();
    }
    if (!m_familyAlive && !m_options.username.isEmpty()) {
        // The replay killed the family: a new login gives live tokens to revoke.
        QList<std::pair<QString, QByteArray>> parameters = {{u"grant_type"_s, "password"},
                                                            {u"username"_s, m_options.username.toUtf8()},
                                                            {u"password"_s, m_options.password}};
        if (!m_options.scope.isEmpty())
            parameters.append({u"scope"_s, m_options.scope.toUtf8()});
        tokenRequest(u"login_again"_s, parameters, [this](const Response &response) {
            if (response.transportFailed)
                return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
            const QByteArray refreshToken = response.json.value(u"refresh_token"_s).toString().toUtf8();
            if (response.status == 200 && !refreshToken.isEmpty()) {
                noteTokens(response);
                m_chain = {refreshToken};
                m_familyAlive = true;
            }
            m_report.requests[response.requestIndex].note = m_familyAlive ? tr("a new family") : tr("refused");
            stepRevoke();
        });
        return;
    }
    stepRevoke();
}

void StagingProbe::stepRevoke()
{
    const bool haveRefresh = m_familyAlive && !m_chain.isEmpty();
    if (!haveRefresh && m_lastAccessToken.isEmpty()) {
        addFinding(u"revocation"_s, u"skipped"_s, tr("Revocation"), tr("no live token was left to revoke"),
                   ProbeFinding::Severity::Info, {});
        return finish();
    }
    const QByteArray token = haveRefresh ? m_chain.last() : m_lastAccessToken;
    const QByteArray hint = haveRefresh ? "refresh_token" : "access_token";
    // RFC 7009 §2.1: token and token_type_hint, with client authentication.
    send(u"revoke"_s, "POST", m_revocationEndpoint, {{u"token"_s, token}, {u"token_type_hint"_s, hint}}, Auth::Client,
         [this, haveRefresh](const Response &response) {
             if (response.transportFailed)
                 return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
             m_revocationEvidence.append(response.requestIndex);
             if (response.status != 200) {
                 addFinding(u"revocation"_s, u"refused"_s, tr("Revocation"),
                            tr("the revocation endpoint answered HTTP %1, error \"%2\" (RFC 7009 §2.2 expects 200)")
                                .arg(response.status)
                                .arg(response.error),
                            ProbeFinding::Severity::Problem, m_revocationEvidence);
                 return finish();
             }
             if (!haveRefresh) {
                 addFinding(u"revocation"_s, u"accepted"_s, tr("Revocation"),
                            tr("the access token was revoked (HTTP 200)"), ProbeFinding::Severity::Info,
                            m_revocationEvidence);
                 return finish();
             }
             stepRefreshWithRevoked();
         });
}

void StagingProbe::stepRefreshWithRevoked()
{
    refreshRequest(u"refresh_after_revoke"_s, m_chain.last(), [this](const Response &response) {
        if (response.transportFailed)
            return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
        m_revocationEvidence.append(response.requestIndex);
        const bool stillWorks = response.status == 200 && response.json.contains(u"access_token"_s);
        m_report.requests[response.requestIndex].note = stillWorks ? tr("accepted") : tr("rejected");
        if (stillWorks)
            m_lastAccessToken = response.json.value(u"access_token"_s).toString().toUtf8();
        addFinding(u"revocation"_s, stillWorks ? u"not_revoked"_s : u"revokes"_s, tr("Revocation"),
                   stillWorks ? tr("the revoked refresh token still refreshes")
                              : tr("the revoked refresh token is refused (error \"%1\")").arg(response.error),
                   stillWorks ? ProbeFinding::Severity::Problem : ProbeFinding::Severity::Info, m_revocationEvidence);
        if (m_introspectionEndpoint.isEmpty()) {
            addFinding(u"introspection"_s, u"not_advertised"_s, tr("Introspection"),
                       tr("discovery names no introspection_endpoint, so a cascade to access tokens cannot be seen"),
                       ProbeFinding::Severity::Info, {});
            return finish();
        }
        stepIntrospectAfterRevoke(0);
    });
}

void StagingProbe::stepIntrospectAfterRevoke(int which)
{
    // 0: the revoked refresh token, 1: the access token issued with the family (does revocation cascade?).
    const QByteArray token = which == 0 ? m_chain.last() : m_lastAccessToken;
    const QString step = which == 0 ? u"introspect_refresh"_s : u"introspect_access"_s;
    send(step, "POST", m_introspectionEndpoint, {{u"token"_s, token}}, Auth::Client,
         [this, which](const Response &response) {
             if (response.transportFailed)
                 return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
             ProbeRequest &evidence = m_report.requests[response.requestIndex];
             if (response.status != 200 || !response.json.value(u"active"_s).isBool()) {
                 evidence.note = tr("no introspection answer");
                 addFinding(u"introspection"_s, u"refused"_s, tr("Introspection"),
                            tr("the introspection endpoint answered HTTP %1, error \"%2\" (RFC 7662 §2.3)")
                                .arg(response.status)
                                .arg(response.error),
                            ProbeFinding::Severity::Warning, {response.requestIndex});
                 return finish();
             }
             const bool active = response.json.value(u"active"_s).toBool();
             evidence.note = active ? u"active=true"_s : u"active=false"_s;
             if (which == 0) {
                 m_revocationEvidence.append(response.requestIndex);
                 if (active)
                     addFinding(u"introspection"_s, u"revoked_active"_s, tr("Introspection"),
                                tr("introspection reports the revoked refresh token as active"),
                                ProbeFinding::Severity::Problem, {response.requestIndex});
                 if (m_lastAccessToken.isEmpty())
                     return finish();
                 return stepIntrospectAfterRevoke(1);
             }
             m_report.observed.revocationCascades = !active;
             addFinding(u"introspection"_s, active ? u"no_cascade"_s : u"cascades"_s, tr("Revocation cascade"),
                        active ? tr("the access token stays active after its refresh token was revoked (it lives until "
                                    "it expires)")
                               : tr("revoking the refresh token also made its access token inactive"),
                        ProbeFinding::Severity::Info, {m_revocationEvidence.last(), response.requestIndex});
             finish();
         });
}

} // namespace tokenscope::probe
