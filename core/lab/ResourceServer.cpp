#include "lab/ResourceServer.h"

#include "issuer/FormParameters.h"
#include "jose/Base64Url.h"
#include "jose/CompactToken.h"
#include "lab/IssuerClient.h"
#include "lab/StoreKeys.h"
#include "net/JwksCache.h"
#include "policy/VerifierVerdict.h"
#include "verify/TokenVerifier.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QEventLoop>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTimer>

#include <openssl/rand.h>

namespace tokenscope::lab {

Q_LOGGING_CATEGORY(lcLab, "tokenscope.lab", QtInfoMsg)

namespace {

using Status = QHttpServerResponder::StatusCode;

const QByteArray realm = QByteArrayLiteral("tokenscope-lab");
const QString sessionCookie = QStringLiteral("sid");
constexpr int initialKeyFetchTimeoutMs = 5000;
constexpr int maxLogLinesPerSecond = 5;

// RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.
QByteArray quotable(const QString &text)
{
    QByteArray out;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        out += (u >= 0x20 && u <= 0x7e && u != u'"' && u != u'\\') ? char(u) : '?';
    }
    return out;
}

QHttpServerResponse json(const QJsonObject &object, Status status)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json"),
                                 QJsonDocument(object).toJson(QJsonDocument::Compact), status);
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

QHttpServerResponse errorResponse(Status status, const QString &code, const QString &description)
{
    return json({{QStringLiteral("error"), code}, {QStringLiteral("error_description"), description}}, status);
}

// A refused request's body: RFC 6750 §3.1's error and description, plus the rulebook's reason code
// (policy::reasonCode), which lets a live simulation on the lab log the same reasons as its model (docs/lab.md).
QHttpServerResponse refusalResponse(Status status, const QString &code, const QString &description,
                                    policy::Reason reason)
{
    return json({{QStringLiteral("error"), code},
                 {QStringLiteral("error_description"), description},
                 {QStringLiteral("reason"), QString::fromLatin1(policy::reasonCode(reason))}},
                status);
}

QString stringMember(const JsonValue &object, QStringView name)
{
    const JsonValue *value = object.value(name);
    return value && value->isString() ? value->string : QString();
}

// The value of one cookie in a Cookie header (RFC 6265 §5.4: "name=value" pairs separated by "; ").
QByteArray cookieValue(const QByteArray &header, const QString &name)
{
    const QByteArray wanted = name.toLatin1() + '=';
    for (QByteArray pair : header.split(';')) {
        pair = pair.trimmed();
        if (pair.startsWith(wanted))
            return pair.mid(wanted.size());
    }
    return {};
}

QByteArray newSessionId()
{
    unsigned char bytes[32];
    if (RAND_bytes(bytes, int(sizeof bytes)) != 1)
        return {};
    return Base64Url::encode(QByteArray(reinterpret_cast<const char *>(bytes), qsizetype(sizeof bytes)));
}

} // namespace

// What a check concluded: the subject, or a 401 or 503 with an error code and why.
struct ResourceServer::Outcome
{
    enum class Kind { Accepted, Unauthorized, Unavailable };
    Kind kind = Kind::Unauthorized;
    QString subject;
    QString error; // RFC 6750 §3.1 code ("invalid_token") or the lab's ("temporarily_unavailable")
    QString description;
    policy::Reason reason = policy::Reason::None; // the rulebook's name for a refusal, the answer's "reason"

    static Outcome accepted(const QString &subject) { return {Kind::Accepted, subject, {}, {}, policy::Reason::None}; }
    static Outcome unauthorized(policy::Reason reason, const QString &description)
    {
        return {Kind::Unauthorized, {}, QStringLiteral("invalid_token"), description, reason};
    }
    static Outcome unavailable(policy::Reason reason, const QString &description)
    {
        return {Kind::Unavailable, {}, QStringLiteral("temporarily_unavailable"), description, reason};
    }
};

ResourceServer::ResourceServer(const ResourceServerConfig &config, QObject *parent) : QObject(parent), m_config(config)
{
    if (!m_config.clock)
        m_config.clock = &SystemClock::instance();
}

ResourceServer::~ResourceServer()
{
    stop();
}

qint64 ResourceServer::now() const
{
    return m_config.clock->nowSeconds();
}

QUrl ResourceServer::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    return url;
}

ServerCounters ResourceServer::counters() const
{
    ServerCounters counters;
    counters.index = m_config.index;
    counters.port = port();
    counters.up = m_up.load();
    counters.requests = m_requests.load();
    counters.accepted = m_accepted.load();
    counters.unauthorized = m_unauthorized.load();
    counters.unavailable = m_unavailable.load();
    counters.storeRoundTrips = m_store ? m_store->roundTrips() : 0;
    counters.issuerRoundTrips = m_issuerClient ? m_issuerClient->roundTrips() : 0;
    counters.jwksFetches = m_jwksFetches.load();
    return counters;
}

Result<void> ResourceServer::start()
{
    const CheckMode mode = m_config.mode;
    if (mode == CheckMode::Blocklist
        || (mode == CheckMode::Session && m_config.sessionStore == SessionStoreKind::Shared)) {
        m_store = std::make_unique<RedisStore>(m_config.redis, m_config.storeTimeoutMs);
        if (m_config.storeFailFastMs > 0)
            m_store->setFailFastMs(m_config.storeFailFastMs);
    }
    if (mode == CheckMode::Introspection || mode == CheckMode::Session)
        m_issuerClient = std::make_unique<IssuerClient>();
    if (mode == CheckMode::Stateless || mode == CheckMode::Blocklist) {
        m_network = new QNetworkAccessManager(this);
        m_network->setProxy(QNetworkProxy::NoProxy);
        m_jwks = new JwksCache(m_network, m_config.clock, this);
        // The first key set is fetched before the server takes requests; later ones in the background.
        QEventLoop loop;
        connect(m_jwks, &JwksCache::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(initialKeyFetchTimeoutMs, &loop, &QEventLoop::quit);
        fetchKeysIfDue();
        loop.exec();
        if (!m_jwks->entry(JwksCache::SourceKind::Issuer, m_config.issuer))
            return Error {"lab.server_no_keys",
                          tr("server %1: cannot fetch the issuer's keys from %2")
                              .arg(m_config.index)
                              .arg(m_config.issuer.toString())};
    }
    return listen();
}

Result<void> ResourceServer::listen()
{
    m_server = std::make_unique<QHttpServer>();
    const std::pair<const char *, const char *> routes[] = {
        {"/api/whoami", "whoami"}, {"/login", "login"}, {"/logout", "logout"},
        {"/health", "health"},     {"/hello", "hello"},
    };
    for (const auto &[path, endpoint] : routes) {
        const QString name = QString::fromLatin1(endpoint);
        m_server->route(QString::fromLatin1(path), QHttpServerRequest::Method::AnyKnown,
                        [this, name](const QHttpServerRequest &request) { return handle(name, request); });
    }
    m_server->setMissingHandler([](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        errorResponse(Status::NotFound, QStringLiteral("not_found"), QStringLiteral("no such path"))
            .write(std::move(responder));
    });
    const quint16 port = m_server->listen(QHostAddress::LocalHost, m_port.load() ? m_port.load() : m_config.port);
    if (port == 0) {
        m_server.reset();
        return Error {"lab.server_not_listening",
                      tr("server %1: cannot listen on 127.0.0.1 port %2").arg(m_config.index).arg(m_config.port)};
    }
    m_port = port;
    m_up = true;
    return {};
}

void ResourceServer::stop()
{
    takeDown(DataLoss::KeepsData);
    m_store.reset();
    m_issuerClient.reset();
}

void ResourceServer::storeRestored()
{
    if (m_store)
        m_store->clearFailFast();
}

void ResourceServer::takeDown(DataLoss loss)
{
    if (m_server) {
        for (QTcpServer *listener : m_server->servers())
            listener->close();
        m_server.reset(); // closes every connection it accepted
    }
    m_up = false;
    if (loss == DataLoss::LosesData) {
        m_memorySessions.clear();
        m_introspectionCache.clear();
    }
}

Result<void> ResourceServer::bringUp()
{
    return m_server ? Result<void>() : listen();
}

void ResourceServer::logRejection(int status, const QString &why)
{
    // Bounded: an outage under load must not turn into a flood of identical lines.
    const qint64 second = now();
    if (second != m_logWindowStart) {
        m_logWindowStart = second;
        m_logLinesInWindow = 0;
    }
    if (++m_logLinesInWindow > maxLogLinesPerSecond)
        return;
    if (status >= 500)
        qCWarning(lcLab).noquote() << QStringLiteral("server %1: %2 %3").arg(m_config.index).arg(status).arg(why);
    else
        qCInfo(lcLab).noquote() << QStringLiteral("server %1: %2 %3").arg(m_config.index).arg(status).arg(why);
}

QHttpServerResponse ResourceServer::handle(const QString &endpoint, const QHttpServerRequest &request)
{
    qsizetype headerBytes = 0;
    for (const auto &[name, value] : request.headers())
        headerBytes += name.size() + value.size() + 4;
    if (headerBytes > maxHeaderBytes)
        return errorResponse(Status::RequestHeaderFieldsTooLarge, QStringLiteral("invalid_request"),
                             tr("request headers over %1 bytes").arg(maxHeaderBytes));
    if (request.body().size() > maxBodyBytes)
        return errorResponse(Status::PayloadTooLarge, QStringLiteral("invalid_request"),
                             tr("request body over %1 bytes").arg(maxBodyBytes));
    const bool isGet = request.method() == QHttpServerRequest::Method::Get;
    const bool isPost = request.method() == QHttpServerRequest::Method::Post;
    if (endpoint == u"health" || endpoint == u"hello") {
        if (!isGet)
            return errorResponse(Status::MethodNotAllowed, QStringLiteral("invalid_request"), tr("use GET"));
        return QHttpServerResponse(QByteArrayLiteral("text/plain"),
                                   endpoint == u"hello" ? QByteArrayLiteral("hello\n") : QByteArrayLiteral("ok\n"));
    }
    if (endpoint == u"whoami") {
        if (!isGet)
            return errorResponse(Status::MethodNotAllowed, QStringLiteral("invalid_request"), tr("use GET"));
        return whoami(request);
    }
    if (m_config.mode != CheckMode::Session)
        return errorResponse(Status::NotFound, QStringLiteral("not_found"),
                             tr("%1 is for session mode").arg(request.url().path()));
    if (!isPost)
        return errorResponse(Status::MethodNotAllowed, QStringLiteral("invalid_request"), tr("use POST"));
    return endpoint == u"login" ? login(request) : logout(request);
}

QHttpServerResponse ResourceServer::whoami(const QHttpServerRequest &request)
{
    ++m_requests;
    Outcome outcome;
    bool credentialGiven = true;
    if (m_config.mode == CheckMode::Session) {
        const QByteArray sessionId = cookieValue(request.value(QByteArrayLiteral("Cookie")), sessionCookie);
        credentialGiven = !sessionId.isEmpty();
        outcome = credentialGiven ? checkSession(sessionId)
                                  : Outcome::unauthorized(policy::Reason::NoSession, tr("no session cookie"));
    } else {
        // RFC 6750 §2.1: "Bearer" is case-insensitive, followed by one space and the token.
        const QByteArray authorization = request.value(QByteArrayLiteral("Authorization"));
        credentialGiven = authorization.size() > 7 && authorization.first(7).toLower() == "bearer ";
        outcome = credentialGiven ? checkBearer(authorization.mid(7).trimmed())
                                  : Outcome::unauthorized(policy::Reason::TokenInvalid, tr("no bearer token"));
    }
    switch (outcome.kind) {
    case Outcome::Kind::Accepted:
        ++m_accepted;
        return json({{QStringLiteral("sub"), outcome.subject}, {QStringLiteral("server"), m_config.index}}, Status::Ok);
    case Outcome::Kind::Unavailable: {
        ++m_unavailable;
        logRejection(503, outcome.description);
        QHttpServerResponse response
            = refusalResponse(Status::ServiceUnavailable, outcome.error, outcome.description, outcome.reason);
        response.addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
        return response;
    }
    case Outcome::Kind::Unauthorized:
        break;
    }
    ++m_unauthorized;
    logRejection(401, outcome.description);
    QHttpServerResponse response
        = refusalResponse(Status::Unauthorized, outcome.error, outcome.description, outcome.reason);
    if (m_config.mode != CheckMode::Session) {
        // RFC 6750 §3.1: a request without credentials gets the challenge without an error code.
        QByteArray challenge = "Bearer realm=\"" + realm + '"';
        if (credentialGiven)
            challenge += ", error=\"" + outcome.error.toLatin1() + "\", error_description=\""
                + quotable(outcome.description) + '"';
        response.addHeader(QByteArrayLiteral("WWW-Authenticate"), challenge);
    }
    return response;
}

ResourceServer::Outcome ResourceServer::checkBearer(const QByteArray &token)
{
    if (m_config.mode == CheckMode::Introspection)
        return introspect(token);
    QString jti;
    QString sid;
    Outcome outcome = verifyJwt(token, &jti, &sid);
    if (outcome.kind != Outcome::Kind::Accepted || m_config.mode != CheckMode::Blocklist)
        return outcome;
    const Outcome blocked = checkBlocklist(jti, sid);
    return blocked.kind == Outcome::Kind::Accepted ? outcome : blocked;
}

void ResourceServer::fetchKeysIfDue()
{
    if (!m_jwks || m_jwks->isFetching())
        return;
    const qint64 t = now();
    const std::optional<JwksCache::Entry> entry = m_jwks->entry(JwksCache::SourceKind::Issuer, m_config.issuer);
    const bool due = !entry
        || (m_config.jwksCacheAgeSeconds >= 0 ? t - entry->fetchedAt >= m_config.jwksCacheAgeSeconds
                                              : t >= entry->trustedUntil);
    // Without keys, or when the lab's own cache age has run out, at most one attempt a second.
    if (!due || (m_lastKeyFetchAttempt != 0 && t - m_lastKeyFetchAttempt < 1))
        return;
    m_lastKeyFetchAttempt = t;
    ++m_jwksFetches;
    FetchOptions options;
    options.limits.timeoutMs = m_config.issuerTimeoutMs;
    m_jwks->fetch(JwksCache::SourceKind::Issuer, m_config.issuer, options,
                  entry ? JwksCache::Trigger::Stale : JwksCache::Trigger::User);
}

ResourceServer::Outcome ResourceServer::verifyJwt(const QByteArray &token, QString *jti, QString *sid)
{
    fetchKeysIfDue();
    const std::optional<JwksCache::Entry> entry = m_jwks->entry(JwksCache::SourceKind::Issuer, m_config.issuer);
    if (!entry)
        return Outcome::unavailable(policy::Reason::ServerUnavailable,
                                    tr("no keys from the issuer %1 yet").arg(m_config.issuer.toString()));
    const DecodeResult decoded = CompactToken::decode(token);
    if (!decoded)
        return Outcome::unauthorized(policy::Reason::TokenInvalid, tr("malformed: %1").arg(decoded.error.message));
    if (m_config.jwksCacheAgeSeconds < 0) {
        FetchOptions options;
        options.limits.timeoutMs = m_config.issuerTimeoutMs;
        // An unknown kid may be a key the issuer rotated in: one background re-fetch (with JwksCache's cooldown).
        if (m_jwks->refreshIfNeeded(JwksCache::SourceKind::Issuer, m_config.issuer, decoded.token->keyId(), options))
            ++m_jwksFetches;
    }
    VerificationPolicy policy;
    policy.expectedIssuer = m_config.issuer.toString();
    policy.expectedAudience = m_config.audience;
    policy.leewaySeconds = m_config.leewaySeconds;
    policy.requiredClaims = {QStringLiteral("exp"), QStringLiteral("sub")};
    policy.clock = m_config.clock;
    const VerificationResult result = TokenVerifier::verify(*decoded.token, entry->fetched.keys, policy);
    if (!result.isValid())
        return Outcome::unauthorized(policy::verifierVerdict(result.reason),
                                     reasonName(result.reason) + QStringLiteral(": ") + result.message);
    const JsonValue &payload = *decoded.token->payload;
    *jti = stringMember(payload, u"jti");
    *sid = stringMember(payload, u"sid");
    return Outcome::accepted(stringMember(payload, u"sub"));
}

ResourceServer::Outcome ResourceServer::checkBlocklist(const QString &jti, const QString &sid)
{
    if (jti.isEmpty())
        return Outcome::unauthorized(policy::Reason::TokenInvalid, tr("missing_claim: the blocklist needs a jti"));
    QList<QByteArray> keys {StoreKeys::blockedTokenId(jti)};
    if (!sid.isEmpty())
        keys << StoreKeys::blockedFamily(sid);
    const StoreReply reply = m_store->exists(keys); // one round trip for both keys
    if (!reply)
        return Outcome::unavailable(policy::Reason::StoreUnavailable, reply.error);
    if (reply.integer > 0)
        return Outcome::unauthorized(policy::Reason::Blocklisted, tr("revoked: the token is on the blocklist"));
    return Outcome::accepted({});
}

ResourceServer::Outcome ResourceServer::introspect(const QByteArray &token)
{
    const qint64 t = now();
    const QByteArray cacheKey = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    if (m_config.introspectionCacheTtlSeconds > 0) {
        const auto cached = m_introspectionCache.constFind(cacheKey);
        if (cached != m_introspectionCache.cend() && t < cached->until)
            return cached->active
                ? Outcome::accepted(cached->subject)
                : Outcome::unauthorized(policy::Reason::Inactive, tr("inactive (cached introspection)"));
    }
    const IssuerReply reply = m_issuerClient->postForm(
        QUrl(m_config.issuer.toString() + QStringLiteral("/introspect")),
        "token=" + QUrl::toPercentEncoding(QString::fromLatin1(token)) + "&token_type_hint=access_token",
        IssuerClient::basicAuthorization(m_config.clientId, m_config.clientSecret), m_config.issuerTimeoutMs);
    if (!reply.reached())
        return Outcome::unavailable(policy::Reason::ServerUnavailable, tr("introspection: %1").arg(reply.error));
    if (reply.status != 200)
        return Outcome::unavailable(policy::Reason::ServerUnavailable,
                                    tr("introspection: the issuer answered HTTP %1").arg(reply.status));
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    // RFC 7662 §2.2: "active" is the only member that must be there.
    if (!body.value(QStringLiteral("active")).isBool())
        return Outcome::unavailable(policy::Reason::ServerUnavailable,
                                    tr("introspection: the issuer's answer has no \"active\""));
    const bool active = body.value(QStringLiteral("active")).toBool();
    const QString subject = body.value(QStringLiteral("sub")).toString();
    const qint64 expiresAt = body.value(QStringLiteral("exp")).toInteger(0);
    const bool audienceOk
        = !active || m_config.audience.isEmpty() || body.value(QStringLiteral("aud")).toString() == m_config.audience;
    if (m_config.introspectionCacheTtlSeconds > 0) {
        if (m_introspectionCache.size() >= maxIntrospectionCacheEntries)
            m_introspectionCache.clear();
        qint64 until = t + m_config.introspectionCacheTtlSeconds;
        if (active && expiresAt > 0)
            until = std::min(until, expiresAt + m_config.leewaySeconds);
        m_introspectionCache.insert(cacheKey, {active && audienceOk, subject, until});
    }
    if (!active)
        return Outcome::unauthorized(policy::Reason::Inactive, tr("inactive: the issuer says the token is not active"));
    if (!audienceOk)
        return Outcome::unauthorized(policy::Reason::TokenInvalid,
                                     tr("aud_mismatch: the token is for another audience"));
    return Outcome::accepted(subject);
}

ResourceServer::Outcome ResourceServer::checkSession(const QByteArray &sessionId)
{
    if (m_config.sessionStore == SessionStoreKind::PerServer) {
        const auto found = m_memorySessions.constFind(sessionId);
        if (found == m_memorySessions.cend())
            return Outcome::unauthorized(policy::Reason::NoSession,
                                         tr("unknown session on server %1").arg(m_config.index));
        if (found->expiresAt <= now())
            return Outcome::unauthorized(policy::Reason::SessionExpired, tr("the session expired"));
        return Outcome::accepted(found->subject);
    }
    const StoreReply reply = m_store->get(StoreKeys::session(sessionId));
    if (!reply)
        return Outcome::unavailable(policy::Reason::StoreUnavailable, reply.error);
    if (!reply.value)
        return Outcome::unauthorized(policy::Reason::NoSession, tr("unknown session"));
    // The value is "<expires-at> <subject>": expiry is judged by the servers' clock, which a live simulation runs
    // far faster than Redis's real-second TTL (that TTL stays as a safety net that frees the key).
    const qsizetype space = reply.value->indexOf(' ');
    bool parsed = false;
    const qint64 expiresAt = space > 0 ? reply.value->left(space).toLongLong(&parsed) : 0;
    if (!parsed)
        return Outcome::unauthorized(policy::Reason::NoSession, tr("unknown session"));
    if (expiresAt <= now())
        return Outcome::unauthorized(policy::Reason::SessionExpired, tr("the session expired"));
    return Outcome::accepted(QString::fromUtf8(reply.value->mid(space + 1)));
}

QHttpServerResponse ResourceServer::login(const QHttpServerRequest &request)
{
    const issuer::FormParameters form = issuer::FormParameters::parse(request.body());
    const QString username = form.value(QStringLiteral("username"));
    const QString password = form.value(QStringLiteral("password"));
    if (!form || username.isEmpty() || password.isEmpty())
        return errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
                             form ? tr("username and password are required") : form.error);
    // The resource owner password grant (RFC 6749 §4.3) at the issuer checks the credentials.
    const QByteArray grant = "grant_type=password&username=" + QUrl::toPercentEncoding(username)
        + "&password=" + QUrl::toPercentEncoding(password) + "&scope=openid";
    const IssuerReply reply = m_issuerClient->postForm(
        QUrl(m_config.issuer.toString() + QStringLiteral("/token")), grant,
        IssuerClient::basicAuthorization(m_config.clientId, m_config.clientSecret), m_config.issuerTimeoutMs);
    if (!reply.reached() || reply.status >= 500) {
        const QString why = reply.reached() ? tr("the issuer answered HTTP %1").arg(reply.status) : reply.error;
        logRejection(503, tr("login: %1").arg(why));
        return refusalResponse(Status::ServiceUnavailable, QStringLiteral("temporarily_unavailable"), why,
                               policy::Reason::ServerUnavailable);
    }
    if (reply.status != 200)
        return errorResponse(Status::Unauthorized, QStringLiteral("invalid_grant"),
                             tr("the issuer refused the username or password"));
    const QByteArray accessToken
        = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("access_token")).toString().toLatin1();
    const DecodeResult decoded = CompactToken::decode(accessToken);
    const QString subject
        = decoded && decoded.token->payload ? stringMember(*decoded.token->payload, u"sub") : QString();
    const QByteArray sessionId = newSessionId();
    if (subject.isEmpty() || sessionId.isEmpty())
        return errorResponse(Status::ServiceUnavailable, QStringLiteral("temporarily_unavailable"),
                             tr("the issuer's token response has no subject"));
    if (m_config.sessionStore == SessionStoreKind::PerServer) {
        if (m_memorySessions.size() >= maxMemorySessions)
            return errorResponse(Status::ServiceUnavailable, QStringLiteral("temporarily_unavailable"),
                                 tr("server %1 holds its maximum of sessions").arg(m_config.index));
        m_memorySessions.insert(sessionId, {subject, now() + m_config.sessionTtlSeconds});
    } else {
        const QByteArray value = QByteArray::number(now() + m_config.sessionTtlSeconds) + ' ' + subject.toUtf8();
        const StoreReply stored = m_store->setWithTtl(StoreKeys::session(sessionId), value, m_config.sessionTtlSeconds);
        if (!stored) {
            logRejection(503, stored.error);
            return refusalResponse(Status::ServiceUnavailable, QStringLiteral("temporarily_unavailable"), stored.error,
                                   policy::Reason::StoreUnavailable);
        }
    }
    QHttpServerResponse response
        = json({{QStringLiteral("sub"), subject}, {QStringLiteral("server"), m_config.index}}, Status::Ok);
    response.addHeader(QByteArrayLiteral("Set-Cookie"),
                       sessionCookie.toLatin1() + '=' + sessionId + "; Path=/; HttpOnly; SameSite=Lax; Max-Age="
                           + QByteArray::number(m_config.sessionTtlSeconds));
    return response;
}

QHttpServerResponse ResourceServer::logout(const QHttpServerRequest &request)
{
    const QByteArray sessionId = cookieValue(request.value(QByteArrayLiteral("Cookie")), sessionCookie);
    if (!sessionId.isEmpty()) {
        if (m_config.sessionStore == SessionStoreKind::PerServer) {
            m_memorySessions.remove(sessionId);
        } else if (const StoreReply removed = m_store->remove(StoreKeys::session(sessionId)); !removed) {
            return errorResponse(Status::ServiceUnavailable, QStringLiteral("temporarily_unavailable"), removed.error);
        }
    }
    QHttpServerResponse response = json({{QStringLiteral("logged_out"), true}}, Status::Ok);
    response.addHeader(QByteArrayLiteral("Set-Cookie"), sessionCookie.toLatin1() + "=; Path=/; Max-Age=0");
    return response;
}

} // namespace tokenscope::lab
