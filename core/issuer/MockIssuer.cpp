// Over 700 lines, and due to be split (key ring, token minter, one handler per endpoint family, the authorize
// page and the admin API): today it holds routing and every endpoint, so a change to one grant reads as a change
// to the issuer. Until then, each endpoint family sits under its own banner comment below.

#include "issuer/MockIssuer.h"

#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "issuer/FormParameters.h"
#include "issuer/GuardedTcpServer.h"
#include "issuer/IssuerTokens.h"
#include "issuer/MediaType.h"
#include "jose/Base64Url.h"
#include "policy/RefreshRules.h"
#include "verify/TokenSigner.h"
#include "verify/TokenVerifier.h"

#include <QCoreApplication>
#include <QDir>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QMetaMethod>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QUrlQuery>

#include <optional>

namespace tokenscope::issuer {

namespace {

using Status = QHttpServerResponder::StatusCode;

const QByteArray jsonType = QByteArrayLiteral("application/json");
const QByteArray htmlType = QByteArrayLiteral("text/html; charset=utf-8");
const QString realm = QStringLiteral("tokenscope-mock-issuer");

// Keys the issuer keeps signing with across a restart are its own; this label is what KeyParser records.
const QString keySource = QStringLiteral("mock issuer database");

// RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.
QString safeDescription(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        out += (u >= 0x20 && u <= 0x7e && u != u'"' && u != u'\\') ? c : QChar(u'?');
    }
    return out;
}

QHttpServerResponse jsonResponse(const QJsonObject &object, Status status = Status::Ok, bool noStore = true)
{
    QHttpServerResponse response(jsonType, QJsonDocument(object).toJson(QJsonDocument::Compact), status);
    if (noStore) {
        // RFC 6749 §5.1: responses with tokens or credentials must not be cached.
        response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        response.setHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    }
    return response;
}

QString escapeHtml(const QString &text)
{
    return text.toHtmlEscaped();
}

JsonValue toJson(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return JsonValue::makeBool(value.toBool());
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return JsonValue::makeNumber(value.toLongLong());
    case QMetaType::Double:
        return JsonValue::makeNumberLexeme(QByteArray::number(value.toDouble(), 'g', 17));
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        JsonValue array = JsonValue::makeArray();
        for (const QVariant &element : value.toList())
            array.elements.push_back(toJson(element));
        return array;
    }
    case QMetaType::QVariantMap: {
        JsonValue object = JsonValue::makeObject();
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            object.append(it.key(), toJson(it.value()));
        return object;
    }
    default:
        if (value.isNull())
            return {};
        return JsonValue::makeString(value.toString());
    }
}

QString stringClaim(const JsonValue &payload, QStringView name)
{
    const JsonValue *value = payload.value(name);
    return value && value->isString() ? value->string : QString();
}

qint64 integerClaim(const JsonValue &payload, QStringView name)
{
    const JsonValue *value = payload.value(name);
    return value && value->isNumber() ? value->toInteger().value_or(0) : 0;
}

bool isLoopback(const QHostAddress &address)
{
    return address.isLoopback()
        || (address.protocol() == QAbstractSocket::IPv6Protocol && QHostAddress(address.toIPv4Address()).isLoopback()
            && address.toIPv4Address() != 0);
}

// RFC 9110 §15.5.6: a 405 names the methods the resource takes. (OPTIONS is answered only as a CORS preflight,
// with an Origin, so it is not listed.)
QByteArray allowedMethods(QStringView endpoint)
{
    if (endpoint == u"discovery" || endpoint == u"jwks" || endpoint == u"admin/state")
        return QByteArrayLiteral("GET, HEAD");
    if (endpoint == u"token" || endpoint == u"revoke" || endpoint == u"introspect" || endpoint.startsWith(u"admin/"))
        return QByteArrayLiteral("POST");
    return QByteArrayLiteral("GET, HEAD, POST"); // authorize, userinfo, end-session
}

const QStringList supportedGrants = {
    QStringLiteral("authorization_code"),
    QStringLiteral("client_credentials"),
    QStringLiteral("password"),
    QStringLiteral("refresh_token"),
};

} // namespace

struct MockIssuer::Request
{
    explicit Request(const QHttpServerRequest &request) : http(request) { }
    const QHttpServerRequest &http;
    FormParameters form;
    std::optional<StoredClient> client;
    IssuerLogEntry log;
    std::optional<QHttpServerResponse> failure;

    [[nodiscard]] bool isPost() const { return http.method() == QHttpServerRequest::Method::Post; }
    [[nodiscard]] bool isGet() const
    {
        return http.method() == QHttpServerRequest::Method::Get || http.method() == QHttpServerRequest::Method::Head;
    }

    // RFC 6749 §5.2 error response.
    QHttpServerResponse error(Status status, const QString &code, const QString &description)
    {
        log.error = code;
        QJsonObject body {{QStringLiteral("error"), code}};
        if (!description.isEmpty())
            body.insert(QStringLiteral("error_description"), safeDescription(description));
        QHttpServerResponse response = jsonResponse(body, status);
        if (status == Status::Unauthorized)
            response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                               QStringLiteral("Basic realm=\"%1\"").arg(realm).toUtf8());
        return response;
    }
    bool fail(Status status, const QString &code, const QString &description)
    {
        failure.emplace(error(status, code, description));
        return false;
    }
};

struct MockIssuer::Issued
{
    QByteArray accessToken;
    qint64 expiresIn = 0;
    QString scope;
    QByteArray refreshToken;
    QByteArray idToken;
};

struct MockIssuer::AccessTokenInfo
{
    JsonValue payload;
    QString subject;
    QString clientId;
    QString scope;
    QString jti;
    QString familyId;
    qint64 expiresAt = 0;
    qint64 issuedAt = 0;
};

MockIssuer::MockIssuer(QObject *parent) : QObject(parent), m_clock(std::make_unique<IssuerClock>())
{
    qRegisterMetaType<tokenscope::issuer::IssuerLogEntry>();
    qRegisterMetaType<tokenscope::issuer::IssuedTokens>();
}

MockIssuer::~MockIssuer()
{
    stop();
}

QString MockIssuer::defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/tokenscope/issuer.sqlite");
}

qint64 MockIssuer::now() const
{
    return m_clock->nowSeconds();
}

bool MockIssuer::isRunning() const
{
    return m_running;
}

QUrl MockIssuer::issuerUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_address.toString());
    url.setPort(m_port);
    return url;
}

bool MockIssuer::start(const MockIssuerOptions &options, QString *error)
{
    auto failed = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (m_running)
        return failed(tr("the issuer is already running"));
    m_config = options.config;
    m_clock->base = options.clock;
    const QString path = options.databasePath.isEmpty() ? defaultDatabasePath() : options.databasePath;
    QString storeError;
    if (!m_store.open(path, &storeError))
        return failed(storeError);
    if (!loadSharedState(options.configGiven, error))
        return false;

    m_server = std::make_unique<QHttpServer>();
    const std::pair<const char *, const char *> routes[] = {
        {"/.well-known/openid-configuration", "discovery"},
        {"/jwks", "jwks"},
        {"/token", "token"},
        {"/authorize", "authorize"},
        {"/revoke", "revoke"},
        {"/introspect", "introspect"},
        {"/userinfo", "userinfo"},
        {"/end-session", "end-session"},
        {"/admin/revoke", "admin/revoke"},
        {"/admin/ban", "admin/ban"},
        {"/admin/unban", "admin/unban"},
        {"/admin/rotate-keys", "admin/rotate-keys"},
        {"/admin/advance-clock", "admin/advance-clock"},
        {"/admin/set-clock", "admin/set-clock"},
        {"/admin/config", "admin/config"},
        {"/admin/state", "admin/state"},
    };
    for (const auto &[routePath, endpoint] : routes) {
        const QString name = QString::fromLatin1(endpoint);
        // Every method reaches the handler, which answers 405 itself with an RFC 6749 error body.
        m_server->route(QString::fromLatin1(routePath), QHttpServerRequest::Method::AnyKnown,
                        [this, name](const QHttpServerRequest &request) { return dispatch(name, request); });
        m_endpoints.insert(QString::fromLatin1(routePath), name);
    }
    m_server->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        // Qt 6.4 routes only the methods it knows (not TRACE): a known path still answers 405 itself.
        if (const QString endpoint = m_endpoints.value(request.url().path()); !endpoint.isEmpty()) {
            dispatch(endpoint, request).write(std::move(responder));
            return;
        }
        IssuerLogEntry entry;
        entry.time = now();
        entry.path = request.url().path();
        entry.status = 404;
        entry.error = QStringLiteral("not_found");
        emit requestHandled(entry);
        QHttpServerResponse response
            = jsonResponse({{QStringLiteral("error"), QStringLiteral("not_found")}}, Status::NotFound, false);
        response.write(std::move(responder));
    });
    // Qt HTTP Server 6.4 reads requests laxly; every connection passes the guard first (docs/issuer.md "HTTP").
    auto *listener = new GuardedTcpServer(options.httpLimits, m_server.get());
    connect(listener, &GuardedTcpServer::requestRefused, this,
            [this](const QByteArray &method, const QByteArray &target, int status, const QString &) {
                IssuerLogEntry entry;
                entry.time = now();
                entry.method = QString::fromLatin1(method);
                entry.path = QUrl(QString::fromLatin1(target)).path();
                entry.status = status;
                entry.error
                    = status == 503 ? QStringLiteral("temporarily_unavailable") : QStringLiteral("invalid_request");
                emit requestHandled(entry);
            });
    if (!listener->listen(options.address, options.port)) {
        const QString reason = listener->errorString();
        m_server.reset();
        return failed(
            tr("cannot listen on %1 port %2: %3").arg(options.address.toString()).arg(options.port).arg(reason));
    }
    m_server->bind(listener);
    const quint16 port = listener->serverPort();
    m_address = options.address;
    m_port = port;
    m_localRequests = LocalRequestCheck(m_address, m_port);
    m_issuerString = issuerUrl().toString();
    m_running = true;
    return true;
}

void MockIssuer::stop()
{
    if (!m_server)
        return;
    for (QTcpServer *server : m_server->servers())
        server->close();
    m_server.reset();
    m_running = false;
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

bool MockIssuer::loadKeys(QString *error)
{
    m_keys.clear();
    for (const StoredKey &stored : m_store.keys()) {
        const KeyParseResult parsed = KeyParser::parsePem(stored.privatePem, keySource);
        const auto found
            = std::find_if(parsed.keys.begin(), parsed.keys.end(), [](const Key &key) { return key.hasPrivate(); });
        if (found == parsed.keys.end()) {
            if (error)
                *error = tr("the signing key %1 in the database cannot be read: %2").arg(stored.kid, parsed.error);
            return false;
        }
        Key key = *found;
        key.setKid(stored.kid);
        key.setJwkAlgorithm(stored.algorithm);
        key.setUse(QStringLiteral("sig"));
        appendKey(stored, key);
    }
    return true;
}

bool MockIssuer::addKey(qint64 publishFrom, qint64 signFrom, QString *kid, QString *error)
{
    const Algorithm algorithm = m_config.policy.signingAlgorithm;
    KeyGenerationResult generated = KeyGenerator::generate(algorithm);
    if (!generated) {
        if (error)
            *error = tr("cannot generate a signing key: %1").arg(generated.error);
        return false;
    }
    Key key = generated.key;
    // RFC 7638 §1: the thumbprint makes a stable, unique kid.
    key.setKid(key.thumbprint());
    key.setJwkAlgorithm(Algorithms::name(algorithm));
    key.setUse(QStringLiteral("sig"));
    StoredKey stored;
    stored.kid = key.kid();
    stored.algorithm = Algorithms::name(algorithm);
    stored.privatePem = key.toPem(Key::Export::IncludePrivate);
    stored.createdAt = now();
    stored.publishFrom = publishFrom;
    stored.signFrom = signFrom;
    if (!m_store.insertKey(stored)) {
        if (error)
            *error = tr("cannot store the signing key: %1").arg(m_store.lastError());
        return false;
    }
    appendKey(stored, key);
    if (kid)
        *kid = stored.kid;
    return true;
}

void MockIssuer::appendKey(const StoredKey &stored, const Key &key)
{
    const Key publicKey = key.publicKey();
    m_keys.append({stored, key, publicKey, publicKey.toJwk(Key::Export::PublicOnly)});
}

const MockIssuer::LoadedKey *MockIssuer::signingKey()
{
    const qint64 t = now();
    const LoadedKey *best = nullptr;
    for (const LoadedKey &key : std::as_const(m_keys)) {
        if (key.stored.algorithm != Algorithms::name(m_config.policy.signingAlgorithm))
            continue;
        if (key.stored.signFrom <= t && (key.stored.retireAt == 0 || t < key.stored.retireAt)
            && (!best || key.stored.signFrom >= best->stored.signFrom))
            best = &key;
    }
    return best;
}

QList<const MockIssuer::LoadedKey *> MockIssuer::publishedKeys()
{
    const qint64 t = now();
    QList<const LoadedKey *> list;
    for (const LoadedKey &key : std::as_const(m_keys)) {
        if (key.stored.publishFrom <= t && (key.stored.retireAt == 0 || t < key.stored.retireAt))
            list << &key;
    }
    return list;
}

std::optional<qint64> MockIssuer::dueSuccessorSignFrom()
{
    const policy::IssuerPolicy &policy = m_config.policy;
    const LoadedKey *current = signingKey();
    if (!current || policy.keyRotationInterval <= 0)
        return std::nullopt;
    // Scheduled rotation: the successor is published `keyOverlap` before it signs, one interval after the current
    // key started signing; the current key stays published `keyOverlap` after it stops (DESIGN "Simulator model").
    qint64 latestSignFrom = current->stored.signFrom;
    for (const LoadedKey &key : std::as_const(m_keys))
        latestSignFrom = std::max(latestSignFrom, key.stored.signFrom);
    if (latestSignFrom > current->stored.signFrom)
        return std::nullopt; // the successor is already published
    const qint64 t = now();
    if (t + policy.keyOverlap < current->stored.signFrom + policy.keyRotationInterval)
        return std::nullopt;
    // After a long jump of the clock, skip the intervals that passed unseen.
    const qint64 steps
        = std::max<qint64>(1, (t + policy.keyOverlap - current->stored.signFrom) / policy.keyRotationInterval);
    return current->stored.signFrom + steps * policy.keyRotationInterval;
}

bool MockIssuer::ensureKeys(QString *error)
{
    if (signingKey() && !dueSuccessorSignFrom())
        return true;
    auto failed = [&] {
        if (error && error->isEmpty())
            *error = m_store.lastError();
        (void)loadKeys(nullptr); // drop what was not stored
        return false;
    };
    // Replicas sharing the database: one changes the key ring at a time, and each decides on the ring as the
    // previous one left it, so a due key is made once, not once per replica.
    IssuerStore::Transaction transaction(m_store, IssuerStore::TransactionScope::IssuerState);
    if (!transaction.isActive() || !loadKeys(error))
        return failed();
    const policy::IssuerPolicy &policy = m_config.policy;
    const qint64 t = now();
    if (!signingKey()) {
        // No key of the policy's algorithm signs now (a new database, or the algorithm changed): one at once.
        // Keys of another algorithm (the policy changed since they were made) stay published long enough for the
        // tokens they signed to expire, then retire.
        const qint64 retireAt = t + std::max(policy.keyOverlap, policy.accessTokenTtl);
        for (LoadedKey &key : m_keys) {
            if (key.stored.retireAt == 0 || key.stored.retireAt > retireAt) {
                if (!m_store.setKeyRetireAt(key.stored.kid, retireAt))
                    return failed();
                key.stored.retireAt = retireAt;
            }
        }
        if (!addKey(t, t, nullptr, error) || !transaction.commit())
            return failed();
        return true;
    }
    const std::optional<qint64> signFrom = dueSuccessorSignFrom();
    if (!signFrom)
        return transaction.commit() || failed(); // another replica made the successor while this one waited
    const QString currentKid = signingKey()->stored.kid;
    if (!addKey(std::min(t, *signFrom - policy.keyOverlap), *signFrom, nullptr, error)
        || !m_store.setKeyRetireAt(currentKid, *signFrom + policy.keyOverlap) || !transaction.commit())
        return failed();
    for (LoadedKey &key : m_keys) {
        if (key.stored.kid == currentKid)
            key.stored.retireAt = *signFrom + policy.keyOverlap;
    }
    emit stateChanged();
    return true;
}

bool MockIssuer::rotateKeys(QString *newKid, QString *error)
{
    const qint64 t = now();
    const qint64 overlap = m_config.policy.keyOverlap;
    IssuerStore::Transaction transaction(m_store);
    QStringList retiring;
    for (const LoadedKey &key : std::as_const(m_keys)) {
        if (key.stored.retireAt == 0 || key.stored.retireAt > t + 2 * overlap)
            retiring << key.stored.kid;
    }
    for (const QString &kid : std::as_const(retiring)) {
        if (!m_store.setKeyRetireAt(kid, t + 2 * overlap)) {
            if (error)
                *error = m_store.lastError();
            return false;
        }
    }
    // Published now, signing after the overlap, so verifiers that refresh their JWKS see it before it is used.
    if (!addKey(t, t + overlap, newKid, error))
        return false;
    if (!transaction.commit()) {
        if (error)
            *error = m_store.lastError();
        (void)loadKeys(nullptr); // drop the key that was not stored
        return false;
    }
    for (LoadedKey &key : m_keys) {
        if (retiring.contains(key.stored.kid))
            key.stored.retireAt = t + 2 * overlap;
    }
    emit stateChanged();
    return true;
}

QByteArray MockIssuer::jwks()
{
    const QList<const LoadedKey *> published = publishedKeys();
    QByteArray kids;
    for (const LoadedKey *key : published)
        kids += key->stored.kid.toLatin1() + ' ';
    // The body changes only when the published set does (a rotation, or the clock passing a key's dates).
    if (kids == m_jwksKids && !m_jwksBody.isEmpty())
        return m_jwksBody;
    QByteArray body = QByteArrayLiteral("{\"keys\":[");
    bool first = true;
    for (const LoadedKey *key : published) {
        if (!first)
            body += ',';
        first = false;
        body += key->publicJwk;
    }
    body += "]}";
    m_jwksKids = kids;
    m_jwksBody = body;
    return body;
}

// ---------------------------------------------------------------------------------------------------------------
// Clock, bans, revocation

bool MockIssuer::advanceClock(qint64 seconds, QString *error)
{
    if (seconds < 0 || seconds > 100LL * 365 * 86400) {
        if (error)
            *error = tr("the clock only moves forward, by at most 100 years");
        return false;
    }
    IssuerStore::Transaction transaction(m_store);
    if (!m_store.setMetaInteger(QStringLiteral("clock_offset"), m_clock->offset + seconds) || !transaction.commit()) {
        if (error)
            *error = m_store.lastError();
        return false;
    }
    m_clock->offset += seconds;
    if (!ensureKeys(error))
        return false;
    emit stateChanged();
    return true;
}

bool MockIssuer::setUserBanned(const QString &username, bool banned, QString *error)
{
    IssuerStore::Transaction transaction(m_store);
    const std::optional<StoredUser> user = m_store.user(username);
    if (!user || !m_store.setBanned(username, banned)) {
        if (error)
            *error = tr("no user \"%1\"").arg(username);
        return false;
    }
    if (banned && m_store.revokeFamiliesOfSubject(user->subject, QStringLiteral("user_banned"), now()) < 0) {
        if (error)
            *error = m_store.lastError();
        return false;
    }
    if (!transaction.commit()) {
        if (error)
            *error = m_store.lastError();
        return false;
    }
    emit stateChanged();
    return true;
}

bool MockIssuer::revokeRefreshFamily(const QString &familyId, const QString &reason)
{
    return m_store.revokeFamily(familyId, reason, now());
}

std::optional<StoredUser> MockIssuer::userBySubject(const QString &subject)
{
    return m_store.userBySubject(subject);
}

std::optional<StoredClient> MockIssuer::findClient(const QString &clientId) const
{
    const auto found = m_clients.constFind(clientId);
    if (found == m_clients.constEnd())
        return std::nullopt;
    return *found;
}

bool MockIssuer::redirectUriAllowed(const StoredClient &client, const QString &redirectUri) const
{
    const QUrl given(redirectUri, QUrl::StrictMode);
    if (!given.isValid() || given.hasFragment())
        return false; // RFC 6749 §3.1.2: no fragment
    for (const QString &registered : client.redirectUris) {
        if (registered == redirectUri)
            return true;
        // RFC 8252 §7.3: a loopback redirect URI matches whatever port the native app listens on.
        const QUrl candidate(registered);
        if (candidate.scheme() == u"http" && given.scheme() == u"http"
            && (candidate.host() == u"127.0.0.1" || candidate.host() == u"localhost" || candidate.host() == u"[::1]"
                || candidate.host() == u"::1")
            && candidate.host() == given.host() && candidate.path() == given.path()
            && candidate.query() == given.query())
            return true;
    }
    return false;
}

QString MockIssuer::grantedScope(const StoredClient &client, const QString &requested, bool *ok) const
{
    *ok = true;
    if (requested.isEmpty())
        return client.scope;
    const QStringList allowed = client.scope.split(u' ', Qt::SkipEmptyParts);
    const QStringList asked = requested.split(u' ', Qt::SkipEmptyParts);
    for (const QString &scope : asked) {
        if (!client.scope.isEmpty() && !allowed.contains(scope))
            *ok = false;
    }
    return asked.join(u' ');
}

// ---------------------------------------------------------------------------------------------------------------
// Dispatch

QHttpServerResponse MockIssuer::dispatch(const QString &endpoint, const QHttpServerRequest &http)
{
    Request request(http);
    request.log.time = now();
    request.log.path = http.url().path();
    request.log.method
        = QString::fromLatin1(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(http.method())))
              .toUpper();

    // Replicas (MockIssuerSharedState.cpp): admin changes one at a time, every request on the store's latest state.
    std::optional<IssuerStore::Transaction> adminTransaction;
    const bool storeReady = syncWithStore(endpoint.startsWith(u"admin/") ? &adminTransaction : nullptr);
    auto unavailable = [&request] {
        QHttpServerResponse answer
            = request.error(Status::ServiceUnavailable, QStringLiteral("temporarily_unavailable"),
                            QStringLiteral("the issuer's database cannot be reached"));
        answer.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
        return answer;
    };

    // CORS (Fetch standard): a browser application (an SPA with the public client) calls these endpoints from
    // another origin. Tokens travel in bodies and the Authorization header, never in cookies, so "*" is enough.
    static const QStringList corsEndpoints
        = {QStringLiteral("discovery"), QStringLiteral("jwks"),     QStringLiteral("token"),
           QStringLiteral("revoke"),    QStringLiteral("userinfo"), QStringLiteral("end-session")};
    const bool cors = corsEndpoints.contains(endpoint) && !http.value(QByteArrayLiteral("Origin")).isEmpty();

    std::optional<QHttpServerResponse> response;
    if (!storeReady) {
        response.emplace(unavailable());
    } else if (cors && http.method() == QHttpServerRequest::Method::Options) {
        response.emplace(Status::NoContent);
        response->setHeader(QByteArrayLiteral("Access-Control-Allow-Methods"), QByteArrayLiteral("GET, POST"));
        response->setHeader(QByteArrayLiteral("Access-Control-Allow-Headers"),
                            QByteArrayLiteral("Authorization, Content-Type"));
        response->setHeader(QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600"));
    } else if (endpoint == u"discovery") {
        response.emplace(handleDiscovery(request));
    } else if (endpoint == u"jwks") {
        response.emplace(handleJwks(request));
    } else if (endpoint == u"token") {
        response.emplace(handleToken(request));
    } else if (endpoint == u"authorize") {
        response.emplace(handleAuthorize(request));
    } else if (endpoint == u"revoke") {
        response.emplace(handleRevoke(request));
    } else if (endpoint == u"introspect") {
        response.emplace(handleIntrospect(request));
    } else if (endpoint == u"userinfo") {
        response.emplace(handleUserinfo(request));
    } else if (endpoint == u"end-session") {
        response.emplace(handleEndSession(request));
    } else {
        response.emplace(handleAdmin(request, endpoint.mid(6)));
    }
    if (!finishWithStore(adminTransaction, int(response->statusCode())))
        response.emplace(unavailable());
    if (cors) {
        response->setHeader(QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*"));
        response->setHeader(QByteArrayLiteral("Access-Control-Expose-Headers"), QByteArrayLiteral("WWW-Authenticate"));
    }
    if (response->statusCode() == Status::MethodNotAllowed)
        response->setHeader(QByteArrayLiteral("Allow"), allowedMethods(endpoint));
    // RFC 9112 §9.6: the front door closes the connection after this answer; the answer says so.
    if (HttpRequestHead::listContains(HttpRequestHead::fieldValues(http.headers(), "Connection").join(','), "close"))
        response->setHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
    request.log.status = int(response->statusCode());
    emit requestHandled(request.log);
    return std::move(*response);
}

bool MockIssuer::readForm(Request &request)
{
    if (request.isPost()) {
        // RFC 6749 §3.2: the token endpoint takes application/x-www-form-urlencoded, the media type itself (RFC 9110
        // §8.3.1), in UTF-8 if a charset is named; one Content-Type field only.
        const QList<QByteArray> contentTypes = HttpRequestHead::fieldValues(request.http.headers(), "Content-Type");
        if (contentTypes.size() != 1
            || !MediaType::parse(contentTypes.constFirst()).is("application/x-www-form-urlencoded", "utf-8"))
            return request.fail(Status::BadRequest, QStringLiteral("invalid_request"),
                                QStringLiteral("Content-Type must be application/x-www-form-urlencoded"));
        request.form = FormParameters::parse(request.http.body());
    } else {
        request.form = FormParameters::parse(request.http.url().query(QUrl::FullyEncoded).toUtf8());
    }
    if (!request.form)
        return request.fail(Status::BadRequest, QStringLiteral("invalid_request"), request.form.error);
    return true;
}

bool MockIssuer::authenticateClient(Request &request, bool requireConfidential)
{
    const QList<QByteArray> authorizations = HttpRequestHead::fieldValues(request.http.headers(), "Authorization");
    if (authorizations.size() > 1)
        return request.fail(Status::BadRequest, QStringLiteral("invalid_request"),
                            QStringLiteral("more than one Authorization header"));
    const QByteArray authorization = authorizations.value(0);
    const bool basic = authorization.size() >= 6 && authorization.first(6).toLower() == "basic ";
    const bool secretInBody = request.form.has(QStringLiteral("client_secret"));
    QString clientId;
    QString secret;
    if (basic) {
        // RFC 6749 §2.3: a client must not use more than one authentication method in a request.
        if (secretInBody)
            return request.fail(Status::BadRequest, QStringLiteral("invalid_request"),
                                QStringLiteral("client authenticated with both Basic and client_secret"));
        const QByteArray decoded
            = QByteArray::fromBase64(authorization.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        const qsizetype colon = decoded.indexOf(':');
        // RFC 6749 §2.3.1: the id and secret are form-urlencoded before Basic encoding.
        if (decoded.isEmpty() || colon <= 0 || !FormParameters::decodeComponent(decoded.first(colon), clientId)
            || !FormParameters::decodeComponent(decoded.sliced(colon + 1), secret))
            return request.fail(Status::Unauthorized, QStringLiteral("invalid_client"),
                                QStringLiteral("malformed Basic credentials"));
        if (request.form.has(QStringLiteral("client_id"))
            && request.form.value(QStringLiteral("client_id")) != clientId)
            return request.fail(Status::Unauthorized, QStringLiteral("invalid_client"),
                                QStringLiteral("client_id differs from the authenticated client"));
    } else if (!authorization.isEmpty()) {
        return request.fail(Status::Unauthorized, QStringLiteral("invalid_client"),
                            QStringLiteral("unsupported client authentication scheme"));
    } else {
        clientId = request.form.value(QStringLiteral("client_id"));
        secret = request.form.value(QStringLiteral("client_secret"));
    }
    request.log.clientId = clientId;
    if (clientId.isEmpty())
        return request.fail(Status::Unauthorized, QStringLiteral("invalid_client"),
                            QStringLiteral("client authentication required"));
    const std::optional<StoredClient> client = findClient(clientId);
    // The hash of whatever was presented is compared in constant time (CRYPTO_memcmp), also for unknown clients,
    // so the response time does not tell which part was wrong.
    const QByteArray presented = IssuerTokens::sha256(secret.toUtf8());
    const QByteArray expected
        = client && client->isConfidential() ? client->secretSha256 : IssuerTokens::sha256(QByteArrayView());
    const bool secretMatches = IssuerTokens::constantTimeEquals(presented, expected);
    if (!client)
        return request.fail(Status::Unauthorized, QStringLiteral("invalid_client"), QStringLiteral("unknown client"));
    if (client->isConfidential()) {
        if (secret.isEmpty() || !secretMatches)
            return request.fail(Status::Unauthorized, QStringLiteral("invalid_client"),
                                QStringLiteral("client authentication failed"));
    } else {
        if (!secret.isEmpty())
            return request.fail(Status::Unauthorized, QStringLiteral("invalid_client"),
                                QStringLiteral("a public client has no secret"));
        if (requireConfidential)
            return request.fail(Status::Unauthorized, QStringLiteral("invalid_client"),
                                QStringLiteral("this endpoint requires a confidential client"));
    }
    request.client = client;
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Discovery and JWKS

QHttpServerResponse MockIssuer::handleDiscovery(Request &request)
{
    if (!request.isGet())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use GET"));
    const QString base = m_issuerString;
    auto endpoint = [&](const char *path) {
        return base + QString::fromLatin1(path);
    };
    // OpenID Connect Discovery 1.0 §3 and RFC 8414 §2.
    const QJsonObject document {
        {QStringLiteral("issuer"), base},
        {QStringLiteral("authorization_endpoint"), endpoint("/authorize")},
        {QStringLiteral("token_endpoint"), endpoint("/token")},
        {QStringLiteral("jwks_uri"), endpoint("/jwks")},
        {QStringLiteral("userinfo_endpoint"), endpoint("/userinfo")},
        {QStringLiteral("revocation_endpoint"), endpoint("/revoke")},
        {QStringLiteral("introspection_endpoint"), endpoint("/introspect")},
        {QStringLiteral("end_session_endpoint"), endpoint("/end-session")},
        {QStringLiteral("response_types_supported"), QJsonArray {QStringLiteral("code")}},
        {QStringLiteral("grant_types_supported"), QJsonArray::fromStringList(supportedGrants)},
        {QStringLiteral("subject_types_supported"), QJsonArray {QStringLiteral("public")}},
        {QStringLiteral("id_token_signing_alg_values_supported"),
         QJsonArray {Algorithms::name(m_config.policy.signingAlgorithm)}},
        {QStringLiteral("token_endpoint_auth_methods_supported"),
         QJsonArray {QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                     QStringLiteral("none")}},
        {QStringLiteral("revocation_endpoint_auth_methods_supported"),
         QJsonArray {QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                     QStringLiteral("none")}},
        {QStringLiteral("introspection_endpoint_auth_methods_supported"),
         QJsonArray {QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray {QStringLiteral("S256")}},
        {QStringLiteral("scopes_supported"),
         QJsonArray {QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"),
                     QStringLiteral("offline_access")}},
        {QStringLiteral("claims_supported"),
         QJsonArray {QStringLiteral("sub"), QStringLiteral("iss"), QStringLiteral("aud"), QStringLiteral("exp"),
                     QStringLiteral("iat"), QStringLiteral("auth_time"), QStringLiteral("nonce"),
                     QStringLiteral("sid")}},
        {QStringLiteral("authorization_response_iss_parameter_supported"), true},
    };
    QHttpServerResponse response = jsonResponse(document, Status::Ok, false);
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("public, max-age=300"));
    return response;
}

QHttpServerResponse MockIssuer::handleJwks(Request &request)
{
    if (!request.isGet())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use GET"));
    QHttpServerResponse response(QByteArrayLiteral("application/jwk-set+json"), jwks());
    // Verifiers cache the key set this long; a rotation publishes the next key at least an overlap ahead.
    response.setHeader(QByteArrayLiteral("Cache-Control"),
                       QStringLiteral("public, max-age=%1").arg(m_config.jwksMaxAge).toLatin1());
    return response;
}

// ---------------------------------------------------------------------------------------------------------------
// Token endpoint (RFC 6749 §3.2)

QHttpServerResponse MockIssuer::handleToken(Request &request)
{
    if (!request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                             QStringLiteral("the token endpoint takes POST"));
    if (!readForm(request))
        return std::move(*request.failure);
    const QString grantType = request.form.value(QStringLiteral("grant_type"));
    request.log.grantType = grantType;
    if (!authenticateClient(request, false))
        return std::move(*request.failure);
    if (grantType.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("grant_type is missing"));
    if (!supportedGrants.contains(grantType))
        return request.error(Status::BadRequest, QStringLiteral("unsupported_grant_type"),
                             QStringLiteral("unsupported grant_type"));
    const StoredClient &client = *request.client;
    const bool grantAllowed = client.grantTypes.isEmpty()
        ? (grantType != u"client_credentials" || client.isConfidential())
        : client.grantTypes.contains(grantType);
    // RFC 6749 §4.4: client credentials only for confidential clients.
    if (!grantAllowed || (grantType == u"client_credentials" && !client.isConfidential()))
        return request.error(Status::BadRequest, QStringLiteral("unauthorized_client"),
                             QStringLiteral("this client may not use this grant type"));
    if (grantType == u"client_credentials")
        return grantClientCredentials(request);
    if (grantType == u"password")
        return grantPassword(request);
    if (grantType == u"refresh_token")
        return grantRefreshToken(request);
    return grantAuthorizationCode(request);
}

bool MockIssuer::signAccessToken(const QString &subject, const QString &clientId, const QString &scope,
                                 const QString &familyId, Issued &issued, QString *error)
{
    const LoadedKey *key = signingKey();
    if (!key) {
        *error = QStringLiteral("no signing key");
        return false;
    }
    const qint64 t = now();
    const qint64 ttl = m_config.policy.accessTokenTtl;
    // RFC 9068 §2: JWT access tokens, typ "at+jwt".
    JsonValue header = JsonValue::makeObject();
    header.append(QStringLiteral("typ"), JsonValue::makeString(QStringLiteral("at+jwt")));
    JsonValue payload = JsonValue::makeObject();
    payload.append(QStringLiteral("iss"), JsonValue::makeString(m_issuerString));
    payload.append(QStringLiteral("sub"), JsonValue::makeString(subject));
    payload.append(QStringLiteral("aud"), JsonValue::makeString(m_config.audience));
    payload.append(QStringLiteral("client_id"), JsonValue::makeString(clientId));
    payload.append(QStringLiteral("iat"), JsonValue::makeNumber(t));
    payload.append(QStringLiteral("exp"), JsonValue::makeNumber(t + ttl));
    payload.append(QStringLiteral("jti"),
                   JsonValue::makeString(QString::fromLatin1(Base64Url::encode(IssuerTokens::randomBytes(16)))));
    if (!scope.isEmpty())
        payload.append(QStringLiteral("scope"), JsonValue::makeString(scope));
    if (!familyId.isEmpty()) {
        // The refresh family is the session: revoking it makes this token inactive at introspection.
        payload.append(QStringLiteral("sid"), JsonValue::makeString(familyId));
        if (const std::optional<StoredUser> user = m_store.userBySubject(subject)) {
            for (auto it = user->claims.begin(); it != user->claims.end(); ++it) {
                if (!payload.member(it.key()))
                    payload.append(it.key(), toJson(it.value()));
            }
        }
    }
    const SignedToken token = TokenSigner::sign(header, payload, m_config.policy.signingAlgorithm, key->key,
                                                TokenSigner::KeyIdChoice::FromKey);
    if (!token) {
        *error = token.error;
        return false;
    }
    issued.accessToken = token.token;
    issued.expiresIn = ttl;
    issued.scope = scope;
    return true;
}

bool MockIssuer::signIdToken(const QString &subject, const QString &clientId, const QString &nonce, qint64 authTime,
                             const QString &familyId, Issued &issued, QString *error)
{
    const LoadedKey *key = signingKey();
    if (!key) {
        *error = QStringLiteral("no signing key");
        return false;
    }
    const qint64 t = now();
    JsonValue header = JsonValue::makeObject();
    header.append(QStringLiteral("typ"), JsonValue::makeString(QStringLiteral("JWT")));
    // OpenID Connect Core 1.0 §2.
    JsonValue payload = JsonValue::makeObject();
    payload.append(QStringLiteral("iss"), JsonValue::makeString(m_issuerString));
    payload.append(QStringLiteral("sub"), JsonValue::makeString(subject));
    payload.append(QStringLiteral("aud"), JsonValue::makeString(clientId));
    payload.append(QStringLiteral("iat"), JsonValue::makeNumber(t));
    payload.append(QStringLiteral("exp"), JsonValue::makeNumber(t + m_config.policy.accessTokenTtl));
    payload.append(QStringLiteral("auth_time"), JsonValue::makeNumber(authTime));
    if (!nonce.isEmpty())
        payload.append(QStringLiteral("nonce"), JsonValue::makeString(nonce));
    if (!familyId.isEmpty())
        payload.append(QStringLiteral("sid"), JsonValue::makeString(familyId));
    if (const std::optional<StoredUser> user = m_store.userBySubject(subject)) {
        for (auto it = user->claims.begin(); it != user->claims.end(); ++it) {
            if (!payload.member(it.key()))
                payload.append(it.key(), toJson(it.value()));
        }
    }
    const SignedToken token = TokenSigner::sign(header, payload, m_config.policy.signingAlgorithm, key->key,
                                                TokenSigner::KeyIdChoice::FromKey);
    if (!token) {
        *error = token.error;
        return false;
    }
    issued.idToken = token.token;
    return true;
}

QHttpServerResponse MockIssuer::tokenResponse(const Request &request, const Issued &issued, const QString &subject,
                                              const QString &familyId)
{
    if (isSignalConnected(QMetaMethod::fromSignal(&MockIssuer::tokensIssued))) {
        IssuedTokens tokens;
        tokens.time = now();
        tokens.grantType = request.log.grantType;
        tokens.clientId = request.client ? request.client->clientId : QString();
        tokens.subject = subject;
        tokens.familyId = familyId;
        tokens.accessToken = issued.accessToken;
        tokens.refreshToken = issued.refreshToken;
        tokens.idToken = issued.idToken;
        emit tokensIssued(tokens);
    }
    // RFC 6749 §5.1.
    QJsonObject body {
        {QStringLiteral("access_token"), QString::fromLatin1(issued.accessToken)},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), issued.expiresIn},
    };
    if (!issued.scope.isEmpty())
        body.insert(QStringLiteral("scope"), issued.scope);
    if (!issued.refreshToken.isEmpty())
        body.insert(QStringLiteral("refresh_token"), QString::fromLatin1(issued.refreshToken));
    if (!issued.idToken.isEmpty())
        body.insert(QStringLiteral("id_token"), QString::fromLatin1(issued.idToken));
    return jsonResponse(body);
}

QHttpServerResponse MockIssuer::grantClientCredentials(Request &request)
{
    bool scopeOk = true;
    const QString scope = grantedScope(*request.client, request.form.value(QStringLiteral("scope")), &scopeOk);
    if (!scopeOk)
        return request.error(Status::BadRequest, QStringLiteral("invalid_scope"), QStringLiteral("scope not allowed"));
    Issued issued;
    QString error;
    // RFC 6749 §4.4.3: no refresh token for client credentials.
    if (!signAccessToken(request.client->clientId, request.client->clientId, scope, QString(), issued, &error))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), error);
    return tokenResponse(request, issued, request.client->clientId, QString());
}

QHttpServerResponse MockIssuer::grantPassword(Request &request)
{
    const QString username = request.form.value(QStringLiteral("username"));
    const QString password = request.form.value(QStringLiteral("password"));
    if (username.isEmpty() || password.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("username and password are required"));
    bool scopeOk = true;
    const QString scope = grantedScope(*request.client, request.form.value(QStringLiteral("scope")), &scopeOk);
    if (!scopeOk)
        return request.error(Status::BadRequest, QStringLiteral("invalid_scope"), QStringLiteral("scope not allowed"));
    const std::optional<StoredUser> user = m_store.user(username);
    const QByteArray salt = user ? user->salt : QByteArray(16, '\0');
    const bool passwordMatches = IssuerTokens::constantTimeEquals(IssuerTokens::sha256(salt + password.toUtf8()),
                                                                  user ? user->passwordSha256 : QByteArray(32, '\0'));
    if (!user || !passwordMatches)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("wrong username or password"));
    if (user->banned)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("user is banned"));

    const qint64 t = now();
    Issued issued;
    QString error;
    IssuerStore::Transaction transaction(m_store);
    QString familyId;
    if (m_config.policy.refreshTokensEnabled) {
        StoredFamily family;
        family.id = QString::fromLatin1(Base64Url::encode(IssuerTokens::randomBytes(16)));
        family.clientId = request.client->clientId;
        family.subject = user->subject;
        family.scope = scope;
        family.authTime = t;
        family.state = RefreshRules::newFamily(m_config.policy, t);
        issued.refreshToken = IssuerTokens::newOpaqueValue();
        StoredRefreshToken row {IssuerTokens::sha256(issued.refreshToken), family.id, 0, t, {}};
        if (!m_store.insertFamily(family) || !m_store.insertRefreshToken(row))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        familyId = family.id;
    }
    if (!signAccessToken(user->subject, request.client->clientId, scope, familyId, issued, &error))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), error);
    if (scope.split(u' ').contains(QStringLiteral("openid"))
        && !signIdToken(user->subject, request.client->clientId, QString(), t, familyId, issued, &error))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), error);
    if (!transaction.commit())
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    emit stateChanged();
    return tokenResponse(request, issued, user->subject, familyId);
}

QHttpServerResponse MockIssuer::grantRefreshToken(Request &request)
{
    const QByteArray presented = request.form.value(QStringLiteral("refresh_token")).toUtf8();
    if (presented.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("refresh_token is missing"));
    const qint64 t = now();
    IssuerStore::Transaction transaction(m_store);
    const std::optional<StoredRefreshToken> row = m_store.refreshToken(IssuerTokens::sha256(presented));
    // The family row stays locked until commit: a concurrent refresh of the same family (another replica) waits,
    // then sees this rotation and meets the reuse policy.
    std::optional<StoredFamily> family = row ? m_store.family(row->familyId, RowLock::ForUpdate) : std::nullopt;
    // RFC 6749 §6: the refresh token is bound to the client it was issued to.
    if (!row || !family || family->clientId != request.client->clientId)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("unknown refresh token"));
    bool scopeOk = true;
    QString scope = family->scope;
    if (request.form.has(QStringLiteral("scope"))) {
        // RFC 6749 §6: a refresh may narrow the scope, never widen it.
        const QStringList granted = family->scope.split(u' ', Qt::SkipEmptyParts);
        const QStringList asked = request.form.value(QStringLiteral("scope")).split(u' ', Qt::SkipEmptyParts);
        for (const QString &s : asked)
            scopeOk = scopeOk && granted.contains(s);
        scope = asked.join(u' ');
    }
    if (!scopeOk)
        return request.error(Status::BadRequest, QStringLiteral("invalid_scope"),
                             QStringLiteral("scope wider than granted"));
    const std::optional<StoredUser> user = userBySubject(family->subject);
    const bool banned = !user || user->banned;
    const RefreshDecision decision = RefreshRules::decide(m_config.policy, family->state, row->generation, banned, t);
    if (!decision.accepted()) {
        const QString reason = QString::fromLatin1(policy::reasonCode(decision.reason));
        if (decision.revokeFamily) {
            // RFC 9700 §4.14.2: reuse of a rotated refresh token revokes the whole family, committed before the
            // refusal so a crash cannot revive it.
            if (!revokeRefreshFamily(family->id, reason) || !transaction.commit())
                return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
            emit stateChanged();
        }
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("refresh token rejected: %1").arg(reason));
    }

    // The raw token of the family's current generation, opened along the sealed chain from the presented one.
    QByteArray currentRaw = presented;
    for (int generation = row->generation; generation < family->state.generation; ++generation) {
        const std::optional<StoredRefreshToken> link = m_store.refreshTokenOfGeneration(family->id, generation);
        if (!link || link->sealedNext.isEmpty())
            return request.error(Status::InternalServerError, QStringLiteral("server_error"),
                                 QStringLiteral("refresh chain broken"));
        currentRaw = IssuerTokens::open(link->sealedNext, currentRaw);
    }
    Issued issued;
    if (decision.outcome == RefreshDecision::Outcome::IssueNewGeneration) {
        issued.refreshToken = IssuerTokens::newOpaqueValue();
        const std::optional<StoredRefreshToken> current
            = m_store.refreshTokenOfGeneration(family->id, family->state.generation);
        StoredRefreshToken next {
            IssuerTokens::sha256(issued.refreshToken), family->id, decision.next.generation, t, {}};
        if (!current || !m_store.insertRefreshToken(next)
            || !m_store.setSealedNext(current->tokenSha256, IssuerTokens::seal(issued.refreshToken, currentRaw)))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    } else {
        issued.refreshToken = currentRaw;
    }
    if (decision.next != family->state && !m_store.updateFamilyState(family->id, decision.next))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    QString error;
    if (!signAccessToken(family->subject, family->clientId, scope, family->id, issued, &error))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), error);
    if (scope.split(u' ').contains(QStringLiteral("openid"))
        && !signIdToken(family->subject, family->clientId, QString(), family->authTime, family->id, issued, &error))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), error);
    if (!transaction.commit())
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    emit stateChanged();
    return tokenResponse(request, issued, family->subject, family->id);
}

QHttpServerResponse MockIssuer::grantAuthorizationCode(Request &request)
{
    const QString code = request.form.value(QStringLiteral("code"));
    const QString redirectUri = request.form.value(QStringLiteral("redirect_uri"));
    const QString verifier = request.form.value(QStringLiteral("code_verifier"));
    if (code.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"), QStringLiteral("code is missing"));
    const qint64 t = now();
    IssuerStore::Transaction transaction(m_store);
    const QByteArray codeHash = IssuerTokens::sha256(code.toUtf8());
    const std::optional<StoredCode> stored = m_store.code(codeHash, RowLock::ForUpdate); // one exchange per code
    if (!stored || stored->clientId != request.client->clientId)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("unknown code"));
    if (stored->used) {
        // RFC 6749 §4.1.2: a code used twice revokes the tokens issued from it.
        if (!stored->familyId.isEmpty()) {
            if (!revokeRefreshFamily(stored->familyId, QStringLiteral("code_reused")) || !transaction.commit())
                return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
            emit stateChanged();
        }
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("code already used"));
    }
    if (t >= stored->expiresAt)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("code expired"));
    // RFC 6749 §4.1.3: redirect_uri must be identical to the one in the authorization request.
    if (redirectUri != stored->redirectUri)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("redirect_uri differs"));
    if (!stored->codeChallenge.isEmpty()) {
        if (verifier.isEmpty())
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("code_verifier is missing"));
        // RFC 7636 §4.1: 43-128 characters of [A-Za-z0-9-._~].
        static const QRegularExpression verifierSyntax(QStringLiteral("^[A-Za-z0-9._~-]{43,128}$"));
        if (!verifierSyntax.match(verifier).hasMatch())
            return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                                 QStringLiteral("code_verifier is not a valid PKCE verifier"));
        // RFC 7636 §4.6: compare BASE64URL(SHA256(verifier)) with the stored challenge.
        if (!IssuerTokens::constantTimeEquals(IssuerTokens::pkceS256(verifier.toLatin1()),
                                              stored->codeChallenge.toLatin1()))
            return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                                 QStringLiteral("PKCE verification failed"));
    } else if (!verifier.isEmpty()) {
        // RFC 9700 §2.1.1: a code_verifier without a code_challenge in the authorization request is refused.
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("code_verifier without code_challenge"));
    }
    const std::optional<StoredUser> user = userBySubject(stored->subject);
    if (!user || user->banned)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("user is banned"));

    Issued issued;
    QString familyId;
    if (m_config.policy.refreshTokensEnabled) {
        StoredFamily family;
        family.id = QString::fromLatin1(Base64Url::encode(IssuerTokens::randomBytes(16)));
        family.clientId = stored->clientId;
        family.subject = stored->subject;
        family.scope = stored->scope;
        family.authTime = stored->authTime;
        family.state = RefreshRules::newFamily(m_config.policy, t);
        issued.refreshToken = IssuerTokens::newOpaqueValue();
        StoredRefreshToken row {IssuerTokens::sha256(issued.refreshToken), family.id, 0, t, {}};
        if (!m_store.insertFamily(family) || !m_store.insertRefreshToken(row))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        familyId = family.id;
    }
    if (!m_store.markCodeUsed(codeHash, familyId))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    QString error;
    if (!signAccessToken(stored->subject, stored->clientId, stored->scope, familyId, issued, &error))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), error);
    if (stored->scope.split(u' ').contains(QStringLiteral("openid"))
        && !signIdToken(stored->subject, stored->clientId, stored->nonce, stored->authTime, familyId, issued, &error))
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), error);
    if (!transaction.commit())
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    emit stateChanged();
    return tokenResponse(request, issued, stored->subject, familyId);
}

// ---------------------------------------------------------------------------------------------------------------
// Authorization endpoint: a minimal login page (RFC 6749 §4.1.1, RFC 7636 §4.3)

QHttpServerResponse MockIssuer::handleAuthorize(Request &request)
{
    if (!request.isGet() && !request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                             QStringLiteral("use GET or POST"));
    auto page = [](const QString &title, const QString &body, Status status) {
        const QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                            "<title>%1</title></head><body><h1>%1</h1>%2</body></html>\n")
                                 .arg(escapeHtml(title), body);
        QHttpServerResponse response(htmlType, html.toUtf8(), status);
        response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        // The login page must not be framed (clickjacking, RFC 6749 §10.13).
        response.setHeader(QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY"));
        response.setHeader(QByteArrayLiteral("Content-Security-Policy"), QByteArrayLiteral("frame-ancestors 'none'"));
        return response;
    };
    // The login POST signs a user in and hands out a code: only from the issuer's own page, never through a rebound
    // name or from another site (docs/issuer.md).
    if (request.isPost()) {
        if (const QString refusal = m_localRequests.refusal(request.http); !refusal.isEmpty()) {
            request.log.error = QStringLiteral("access_denied");
            return page(tr("Forbidden"), QStringLiteral("<p>%1</p>").arg(escapeHtml(refusal)), Status::Forbidden);
        }
    }
    if (!readForm(request)) {
        request.log.error = QStringLiteral("invalid_request");
        return page(tr("Bad request"), QStringLiteral("<p>%1</p>").arg(escapeHtml(request.form.error)),
                    Status::BadRequest);
    }
    const FormParameters &form = request.form;
    const QString clientId = form.value(QStringLiteral("client_id"));
    const QString redirectUri = form.value(QStringLiteral("redirect_uri"));
    request.log.clientId = clientId;
    const std::optional<StoredClient> client = findClient(clientId);
    // RFC 6749 §4.1.2.1: with an unknown client or a bad redirect URI, tell the user, never redirect.
    if (!client || redirectUri.isEmpty() || !redirectUriAllowed(*client, redirectUri)) {
        request.log.error = QStringLiteral("invalid_request");
        return page(tr("Bad request"), tr("<p>Unknown client or unregistered redirect_uri.</p>"), Status::BadRequest);
    }
    const QString state = form.value(QStringLiteral("state"));
    auto redirect = [&](const QList<std::pair<QString, QString>> &parameters) {
        QUrl target(redirectUri);
        QUrlQuery query(target);
        for (const auto &[name, value] : parameters)
            query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
        if (!state.isEmpty())
            query.addQueryItem(QStringLiteral("state"), QString::fromLatin1(QUrl::toPercentEncoding(state)));
        // RFC 9207: the iss parameter lets the client detect mix-up attacks.
        query.addQueryItem(QStringLiteral("iss"), QString::fromLatin1(QUrl::toPercentEncoding(m_issuerString)));
        target.setQuery(query);
        QHttpServerResponse response(Status::Found);
        response.setHeader(QByteArrayLiteral("Location"), target.toEncoded());
        response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        return response;
    };
    auto redirectError = [&](const QString &code, const QString &description) {
        request.log.error = code;
        return redirect(
            {{QStringLiteral("error"), code}, {QStringLiteral("error_description"), safeDescription(description)}});
    };
    if (form.value(QStringLiteral("response_type")) != u"code")
        return redirectError(QStringLiteral("unsupported_response_type"), QStringLiteral("only response_type=code"));
    const QString challenge = form.value(QStringLiteral("code_challenge"));
    const QString method = form.value(QStringLiteral("code_challenge_method"));
    if (!challenge.isEmpty() && method != u"S256")
        return redirectError(QStringLiteral("invalid_request"), QStringLiteral("code_challenge_method must be S256"));
    if (challenge.isEmpty() && !client->isConfidential())
        return redirectError(QStringLiteral("invalid_request"), QStringLiteral("public clients must use PKCE (S256)"));
    static const QRegularExpression challengeSyntax(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
    if (!challenge.isEmpty() && !challengeSyntax.match(challenge).hasMatch())
        return redirectError(QStringLiteral("invalid_request"), QStringLiteral("malformed code_challenge"));
    bool scopeOk = true;
    const QString scope = grantedScope(*client, form.value(QStringLiteral("scope")), &scopeOk);
    if (!scopeOk)
        return redirectError(QStringLiteral("invalid_scope"), QStringLiteral("scope not allowed"));

    auto loginForm = [&](const QString &message, Status status) {
        QString hidden;
        for (const char *name : {"response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                                 "code_challenge", "code_challenge_method"}) {
            const QString key = QString::fromLatin1(name);
            if (form.has(key))
                hidden += QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">\n")
                              .arg(key, escapeHtml(form.value(key)));
        }
        const QString body
            = QStringLiteral(
                  "<p>%1</p>%2<form method=\"post\" action=\"/authorize\">\n%3"
                  "<p><label>%4 <input name=\"username\" autocomplete=\"username\" autofocus></label></p>\n"
                  "<p><label>%5 <input name=\"password\" type=\"password\" autocomplete=\"current-password\">"
                  "</label></p>\n<p><button type=\"submit\">%6</button></p></form>")
                  .arg(tr("Sign in to %1 for the client %2.").arg(escapeHtml(m_issuerString), escapeHtml(clientId)),
                       message.isEmpty() ? QString()
                                         : QStringLiteral("<p role=\"alert\">%1</p>").arg(escapeHtml(message)),
                       hidden, tr("Username"), tr("Password"), tr("Sign in"));
        return page(tr("Tokenscope mock issuer"), body, status);
    };
    if (request.isGet() || !form.has(QStringLiteral("username")))
        return loginForm(QString(), Status::Ok);

    const std::optional<StoredUser> user = m_store.user(form.value(QStringLiteral("username")));
    const QByteArray salt = user ? user->salt : QByteArray(16, '\0');
    const bool passwordMatches
        = IssuerTokens::constantTimeEquals(IssuerTokens::sha256(salt + form.value(QStringLiteral("password")).toUtf8()),
                                           user ? user->passwordSha256 : QByteArray(32, '\0'));
    if (!user || !passwordMatches || user->banned) {
        request.log.error = QStringLiteral("access_denied");
        return loginForm(tr("Wrong username or password."), Status::Unauthorized);
    }
    const QByteArray code = IssuerTokens::newOpaqueValue();
    StoredCode stored;
    stored.codeSha256 = IssuerTokens::sha256(code);
    stored.clientId = clientId;
    stored.redirectUri = redirectUri;
    stored.subject = user->subject;
    stored.scope = scope;
    stored.nonce = form.value(QStringLiteral("nonce"));
    stored.codeChallenge = challenge;
    stored.authTime = now();
    stored.expiresAt = now() + m_config.authorizationCodeLifetime;
    IssuerStore::Transaction transaction(m_store);
    if (!m_store.insertCode(stored) || !transaction.commit())
        return redirectError(QStringLiteral("server_error"), m_store.lastError());
    return redirect({{QStringLiteral("code"), QString::fromLatin1(code)}});
}

// ---------------------------------------------------------------------------------------------------------------
// Access tokens this issuer signed

bool MockIssuer::inspectAccessToken(QByteArrayView token, AccessTokenInfo &info, bool checkExpiry)
{
    return inspectIssuedJwt(token, IssuedJwtKind::AccessToken, info, checkExpiry);
}

bool MockIssuer::inspectIdToken(QByteArrayView token, AccessTokenInfo &info)
{
    // OpenID Connect RP-Initiated Logout 1.0 §2: an expired ID token is still a good hint.
    return inspectIssuedJwt(token, IssuedJwtKind::IdToken, info, false);
}

bool MockIssuer::inspectIssuedJwt(QByteArrayView token, IssuedJwtKind kind, AccessTokenInfo &info, bool checkExpiry)
{
    KeySet keys;
    VerificationPolicy policy;
    // The algorithms of the issuer's own published keys (a policy change leaves older keys published for a while).
    for (const LoadedKey *key : publishedKeys()) {
        keys << key->publicKey;
        const std::optional<Algorithm> algorithm = Algorithms::fromName(key->stored.algorithm);
        if (algorithm && !policy.allowedAlgorithms.contains(*algorithm))
            policy.allowedAlgorithms << *algorithm;
    }
    policy.expectedIssuer = m_issuerString;
    policy.clock = m_clock.get();
    const VerificationResult result = TokenVerifier::verify(token, keys, policy);
    if (!result.isValid() && (checkExpiry || result.reason != VerificationReason::Expired))
        return false;
    const DecodeResult decoded = CompactToken::decode(token);
    if (!decoded || !decoded.token->payload || !decoded.token->payload->isObject()
        || !TokenKindRules::matches(kind, decoded.token->header, *decoded.token->payload, m_config.audience))
        return false;
    info.payload = *decoded.token->payload;
    info.subject = stringClaim(info.payload, u"sub");
    info.clientId = stringClaim(info.payload, u"client_id");
    info.scope = stringClaim(info.payload, u"scope");
    info.jti = stringClaim(info.payload, u"jti");
    info.familyId = stringClaim(info.payload, u"sid");
    info.expiresAt = integerClaim(info.payload, u"exp");
    info.issuedAt = integerClaim(info.payload, u"iat");
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
// RFC 7009 revocation

QHttpServerResponse MockIssuer::handleRevoke(Request &request)
{
    if (!request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use POST"));
    if (!readForm(request) || !authenticateClient(request, false))
        return std::move(*request.failure);
    const QByteArray token = request.form.value(QStringLiteral("token")).toUtf8();
    if (token.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"), QStringLiteral("token is missing"));
    const QString hint = request.form.value(QStringLiteral("token_type_hint"));
    IssuerStore::Transaction transaction(m_store);
    bool changed = false;
    // The hint only orders the look-ups (RFC 7009 §2.1).
    auto tryRefresh = [&]() -> std::optional<QHttpServerResponse> {
        const std::optional<StoredRefreshToken> row = m_store.refreshToken(IssuerTokens::sha256(token));
        if (!row)
            return std::nullopt;
        const std::optional<StoredFamily> family = m_store.family(row->familyId);
        if (!family)
            return std::nullopt;
        if (family->clientId != request.client->clientId)
            return request.error(Status::BadRequest, QStringLiteral("unauthorized_client"),
                                 QStringLiteral("the token was issued to another client"));
        // RFC 7009 §2.1: revoking a refresh token invalidates the grant: the family and its access tokens.
        if (!revokeRefreshFamily(family->id, QStringLiteral("revoked")))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        changed = true;
        return QHttpServerResponse(Status::Ok);
    };
    auto tryAccess = [&]() -> std::optional<QHttpServerResponse> {
        AccessTokenInfo info;
        if (!inspectAccessToken(token, info, false))
            return std::nullopt;
        if (info.clientId != request.client->clientId)
            return request.error(Status::BadRequest, QStringLiteral("unauthorized_client"),
                                 QStringLiteral("the token was issued to another client"));
        if (!m_store.revokeAccessToken(info.jti, info.expiresAt, now()))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        if (m_config.accessTokenRevocationRevokesFamily && !info.familyId.isEmpty()
            && !revokeRefreshFamily(info.familyId, QStringLiteral("revoked")))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        changed = true;
        return QHttpServerResponse(Status::Ok);
    };
    std::optional<QHttpServerResponse> response = hint == u"access_token" ? tryAccess() : tryRefresh();
    if (!response)
        response = hint == u"access_token" ? tryRefresh() : tryAccess();
    if (changed && !transaction.commit())
        return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
    if (changed)
        emit stateChanged();
    // RFC 7009 §2.2: an invalid or unknown token is answered with 200 too.
    if (!response)
        response.emplace(Status::Ok);
    response->setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return std::move(*response);
}

// ---------------------------------------------------------------------------------------------------------------
// RFC 7662 introspection

QHttpServerResponse MockIssuer::handleIntrospect(Request &request)
{
    if (!request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use POST"));
    // RFC 7662 §2.1: the caller must be authorised; here, any confidential client.
    if (!readForm(request) || !authenticateClient(request, true))
        return std::move(*request.failure);
    const QByteArray token = request.form.value(QStringLiteral("token")).toUtf8();
    if (token.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"), QStringLiteral("token is missing"));
    const qint64 t = now();
    const QJsonObject inactive {{QStringLiteral("active"), false}};

    if (const std::optional<StoredRefreshToken> row = m_store.refreshToken(IssuerTokens::sha256(token))) {
        const std::optional<StoredFamily> family = m_store.family(row->familyId);
        const std::optional<StoredUser> user = family ? userBySubject(family->subject) : std::nullopt;
        if (!family
            || !RefreshRules::wouldAccept(m_config.policy, family->state, row->generation, !user || user->banned, t))
            return jsonResponse(inactive);
        QJsonObject body {
            {QStringLiteral("active"), true},
            {QStringLiteral("token_type"), QStringLiteral("refresh_token")},
            {QStringLiteral("client_id"), family->clientId},
            {QStringLiteral("sub"), family->subject},
            {QStringLiteral("username"), user->username},
            {QStringLiteral("scope"), family->scope},
            {QStringLiteral("iat"), row->issuedAt},
            {QStringLiteral("iss"), m_issuerString},
            {QStringLiteral("sid"), family->id},
        };
        if (family->state.expiresAt != RefreshFamilyState::never)
            body.insert(QStringLiteral("exp"), family->state.expiresAt);
        return jsonResponse(body);
    }
    AccessTokenInfo info;
    if (!inspectAccessToken(token, info, true) || m_store.isAccessTokenRevoked(info.jti))
        return jsonResponse(inactive);
    std::optional<StoredUser> user;
    if (!info.familyId.isEmpty()) {
        const std::optional<StoredFamily> family = m_store.family(info.familyId);
        user = userBySubject(info.subject);
        // Revoking the family (refresh-token revocation, reuse detection, a ban) ends its access tokens too.
        if (!family || family->state.revoked || !user || user->banned)
            return jsonResponse(inactive);
    }
    QJsonObject body {
        {QStringLiteral("active"), true},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("client_id"), info.clientId},
        {QStringLiteral("sub"), info.subject},
        {QStringLiteral("scope"), info.scope},
        {QStringLiteral("exp"), info.expiresAt},
        {QStringLiteral("iat"), info.issuedAt},
        {QStringLiteral("iss"), m_issuerString},
        {QStringLiteral("aud"), m_config.audience},
        {QStringLiteral("jti"), info.jti},
    };
    if (user)
        body.insert(QStringLiteral("username"), user->username);
    return jsonResponse(body);
}

// ---------------------------------------------------------------------------------------------------------------
// OpenID Connect userinfo and RP-initiated logout

QHttpServerResponse MockIssuer::handleUserinfo(Request &request)
{
    auto unauthorized = [&](const QString &code) {
        request.log.error = code;
        QHttpServerResponse response = jsonResponse({{QStringLiteral("error"), code}}, Status::Unauthorized);
        // RFC 6750 §3.
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                           code.isEmpty()
                               ? QStringLiteral("Bearer realm=\"%1\"").arg(realm).toUtf8()
                               : QStringLiteral("Bearer realm=\"%1\", error=\"%2\"").arg(realm, code).toUtf8());
        return response;
    };
    if (!request.isGet() && !request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                             QStringLiteral("use GET or POST"));
    // One Authorization field: with two, which one the answer is about would be a guess.
    const QList<QByteArray> authorizations = HttpRequestHead::fieldValues(request.http.headers(), "Authorization");
    if (authorizations.size() > 1)
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("more than one Authorization header"));
    const QByteArray authorization = authorizations.value(0);
    if (authorization.size() < 8 || authorization.first(7).toLower() != "bearer ")
        return unauthorized(QStringLiteral("invalid_token"));
    const QByteArray token = authorization.mid(7).trimmed();
    AccessTokenInfo info;
    if (!inspectAccessToken(token, info, true) || m_store.isAccessTokenRevoked(info.jti) || info.familyId.isEmpty())
        return unauthorized(QStringLiteral("invalid_token"));
    const std::optional<StoredFamily> family = m_store.family(info.familyId);
    const std::optional<StoredUser> user = userBySubject(info.subject);
    if (!family || family->state.revoked || !user || user->banned)
        return unauthorized(QStringLiteral("invalid_token"));
    QJsonObject body = QJsonObject::fromVariantMap(user->claims);
    body.insert(QStringLiteral("sub"), user->subject);
    body.insert(QStringLiteral("preferred_username"), user->username);
    return jsonResponse(body);
}

QHttpServerResponse MockIssuer::handleEndSession(Request &request)
{
    if (!request.isGet() && !request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                             QStringLiteral("use GET or POST"));
    if (!readForm(request))
        return std::move(*request.failure);
    // Validate everything first, then act: a request answered with an error must not end the session.
    const QByteArray hint = request.form.value(QStringLiteral("id_token_hint")).toUtf8();
    QString clientId;
    QString familyId;
    if (!hint.isEmpty()) {
        AccessTokenInfo info;
        if (!inspectIdToken(hint, info))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("bad id_token_hint"));
        clientId = TokenKindRules::singleAudience(info.payload);
        familyId = info.familyId;
    }
    // RP-Initiated Logout §2: a client_id given beside the hint must be the client the ID token was issued to.
    const QString givenClientId = request.form.value(QStringLiteral("client_id"));
    if (!givenClientId.isEmpty()) {
        if (!clientId.isEmpty() && givenClientId != clientId)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("client_id differs from the id_token_hint's audience"));
        clientId = givenClientId;
    }
    const QString redirectUri = request.form.value(QStringLiteral("post_logout_redirect_uri"));
    if (!redirectUri.isEmpty()) {
        const std::optional<StoredClient> client = findClient(clientId);
        if (!client || !redirectUriAllowed(*client, redirectUri))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("post_logout_redirect_uri is not registered"));
    }
    if (!familyId.isEmpty()) {
        IssuerStore::Transaction transaction(m_store);
        if (!revokeRefreshFamily(familyId, QStringLiteral("logout")) || !transaction.commit())
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        emit stateChanged();
    }
    if (!redirectUri.isEmpty()) {
        QUrl target(redirectUri);
        QUrlQuery query(target);
        if (request.form.has(QStringLiteral("state")))
            query.addQueryItem(
                QStringLiteral("state"),
                QString::fromLatin1(QUrl::toPercentEncoding(request.form.value(QStringLiteral("state")))));
        target.setQuery(query);
        QHttpServerResponse response(Status::Found);
        response.setHeader(QByteArrayLiteral("Location"), target.toEncoded());
        return response;
    }
    const QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1"
                                        "</title></head><body><h1>%1</h1></body></html>\n")
                             .arg(tr("Signed out"));
    return QHttpServerResponse(htmlType, html.toUtf8());
}

// ---------------------------------------------------------------------------------------------------------------
// Admin API: loopback callers only (docs/issuer.md)

QHttpServerResponse MockIssuer::handleAdmin(Request &request, const QString &action)
{
    if (!isLoopback(request.http.remoteAddress()))
        return request.error(Status::Forbidden, QStringLiteral("access_denied"),
                             QStringLiteral("the admin API answers loopback callers only"));
    // Loopback is not enough: a web page in the user's browser is a loopback caller too (docs/issuer.md).
    if (const QString refusal = m_localRequests.refusal(request.http); !refusal.isEmpty())
        return request.error(Status::Forbidden, QStringLiteral("access_denied"), refusal);
    if (action == u"state") {
        if (!request.isGet())
            return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                                 QStringLiteral("use GET"));
        const qint64 t = now();
        QJsonArray keys;
        const LoadedKey *signer = signingKey();
        for (const LoadedKey &key : std::as_const(m_keys)) {
            keys.append(QJsonObject {
                {QStringLiteral("kid"), key.stored.kid},
                {QStringLiteral("alg"), key.stored.algorithm},
                {QStringLiteral("publish_from"), key.stored.publishFrom},
                {QStringLiteral("sign_from"), key.stored.signFrom},
                {QStringLiteral("retire_at"), key.stored.retireAt},
                {QStringLiteral("published"),
                 key.stored.publishFrom <= t && (key.stored.retireAt == 0 || t < key.stored.retireAt)},
                {QStringLiteral("signing"), signer == &key},
            });
        }
        QJsonArray families;
        for (const StoredFamily &family : m_store.families()) {
            QJsonObject object {
                {QStringLiteral("id"), family.id},
                {QStringLiteral("client_id"), family.clientId},
                {QStringLiteral("sub"), family.subject},
                {QStringLiteral("generation"), family.state.generation},
                {QStringLiteral("created_at"), family.state.createdAt},
                {QStringLiteral("revoked"), family.state.revoked},
            };
            if (family.state.expiresAt != RefreshFamilyState::never)
                object.insert(QStringLiteral("expires_at"), family.state.expiresAt);
            if (family.state.revoked) {
                object.insert(QStringLiteral("revoked_reason"), family.revokedReason);
                object.insert(QStringLiteral("revoked_at"), family.revokedAt);
            }
            families.append(object);
        }
        QJsonArray users;
        for (const StoredUser &user : m_store.users())
            users.append(QJsonObject {{QStringLiteral("username"), user.username},
                                      {QStringLiteral("sub"), user.subject},
                                      {QStringLiteral("banned"), user.banned}});
        QJsonArray clients;
        for (const StoredClient &client : m_store.clients())
            clients.append(
                QJsonObject {{QStringLiteral("client_id"), client.clientId},
                             {QStringLiteral("confidential"), client.isConfidential()},
                             {QStringLiteral("redirect_uris"), QJsonArray::fromStringList(client.redirectUris)}});
        // Access tokens revoked by jti, for blocklists that poll this state (docs/lab.md); an hour past expiry
        // covers any verifier's leeway.
        QJsonArray revokedAccessTokens;
        for (const StoredAccessRevocation &revoked : m_store.revokedAccessTokens(t - 3600))
            revokedAccessTokens.append(QJsonObject {{QStringLiteral("jti"), revoked.jti},
                                                    {QStringLiteral("expires_at"), revoked.expiresAt},
                                                    {QStringLiteral("revoked_at"), revoked.revokedAt}});
        const policy::IssuerPolicy &policy = m_config.policy;
        return jsonResponse(QJsonObject {
            {QStringLiteral("now"), t},
            {QStringLiteral("clock_offset"), m_clock->offset},
            {QStringLiteral("database"), m_store.path()},
            {QStringLiteral("policy"),
             QJsonObject {{QStringLiteral("preset"), policy.presetName},
                          {QStringLiteral("access_token_ttl"), policy.accessTokenTtl},
                          {QStringLiteral("refresh_token_lifetime"), policy.refreshTokenLifetime},
                          {QStringLiteral("lifetime_mode"), policy::PolicyNames::lifetimeMode(policy.lifetimeMode)},
                          {QStringLiteral("rotation"), policy::PolicyNames::rotation(policy.rotation)},
                          {QStringLiteral("reuse"), policy::PolicyNames::reuse(policy.reuse)},
                          {QStringLiteral("grace"), policy::PolicyNames::grace(policy.grace)},
                          {QStringLiteral("grace_seconds"), policy.graceSeconds},
                          {QStringLiteral("signing_algorithm"), Algorithms::name(policy.signingAlgorithm)},
                          {QStringLiteral("key_rotation_interval"), policy.keyRotationInterval},
                          {QStringLiteral("key_overlap"), policy.keyOverlap}}},
            {QStringLiteral("keys"), keys},
            {QStringLiteral("families"), families},
            {QStringLiteral("revoked_access_tokens"), revokedAccessTokens},
            {QStringLiteral("users"), users},
            {QStringLiteral("clients"), clients},
            {QStringLiteral("counts"), m_store.counts()},
        });
    }
    if (!request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use POST"));
    if (!readForm(request))
        return std::move(*request.failure);
    const FormParameters &form = request.form;
    QString error;
    if (action == u"advance-clock") {
        bool ok = false;
        const qint64 seconds = form.value(QStringLiteral("seconds")).toLongLong(&ok);
        if (!ok || !advanceClock(seconds, &error))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 ok ? error : QStringLiteral("seconds must be a whole number"));
        return jsonResponse({{QStringLiteral("now"), now()}, {QStringLiteral("clock_offset"), m_clock->offset}});
    }
    if (action == u"set-clock") {
        bool ok = false;
        const qint64 time = form.value(QStringLiteral("time")).toLongLong(&ok);
        if (!ok || !setClock(time, &error))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 ok ? error : QStringLiteral("time must be a NumericDate"));
        return jsonResponse({{QStringLiteral("now"), now()}, {QStringLiteral("clock_offset"), m_clock->offset}});
    }
    if (action == u"config") {
        if (!form.has(QStringLiteral("config")) || !reconfigure(form.value(QStringLiteral("config")).toUtf8(), &error))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 form.has(QStringLiteral("config")) ? error : QStringLiteral("config is missing"));
        return jsonResponse({{QStringLiteral("clients"), qint64(m_config.clients.size())},
                             {QStringLiteral("users"), qint64(m_config.users.size())}});
    }
    if (action == u"rotate-keys") {
        QString kid;
        if (!rotateKeys(&kid, &error))
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), error);
        return jsonResponse(
            {{QStringLiteral("kid"), kid}, {QStringLiteral("signs_from"), now() + m_config.policy.keyOverlap}});
    }
    if (action == u"ban" || action == u"unban") {
        const QString username = form.value(QStringLiteral("username"));
        if (username.isEmpty())
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("username is missing"));
        if (!setUserBanned(username, action == u"ban", &error))
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"), error);
        return jsonResponse({{QStringLiteral("username"), username}, {QStringLiteral("banned"), action == u"ban"}});
    }
    if (action == u"revoke") {
        // One of: token (refresh or access), family (a family id, the tokens' "sid"), username (every family).
        const int given = int(form.has(QStringLiteral("token"))) + int(form.has(QStringLiteral("family")))
            + int(form.has(QStringLiteral("username")));
        if (given != 1)
            return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                                 QStringLiteral("give exactly one of token, family, username"));
        IssuerStore::Transaction transaction(m_store);
        int revoked = 0;
        if (form.has(QStringLiteral("token"))) {
            const QByteArray token = form.value(QStringLiteral("token")).toUtf8();
            AccessTokenInfo info;
            if (const std::optional<StoredRefreshToken> row = m_store.refreshToken(IssuerTokens::sha256(token))) {
                revoked = revokeRefreshFamily(row->familyId, QStringLiteral("revoked_by_admin")) ? 1 : -1;
            } else if (inspectAccessToken(token, info, false)) {
                revoked = m_store.revokeAccessToken(info.jti, info.expiresAt, now()) ? 1 : -1;
            }
        } else if (form.has(QStringLiteral("family"))) {
            if (m_store.family(form.value(QStringLiteral("family"))))
                revoked = revokeRefreshFamily(form.value(QStringLiteral("family")), QStringLiteral("revoked_by_admin"))
                    ? 1
                    : -1;
        } else {
            const std::optional<StoredUser> user = m_store.user(form.value(QStringLiteral("username")));
            if (user)
                revoked = m_store.revokeFamiliesOfSubject(user->subject, QStringLiteral("revoked_by_admin"), now());
        }
        if (revoked < 0 || !transaction.commit())
            return request.error(Status::InternalServerError, QStringLiteral("server_error"), m_store.lastError());
        if (revoked > 0)
            emit stateChanged();
        if (revoked == 0)
            return request.error(Status::NotFound, QStringLiteral("invalid_request"),
                                 QStringLiteral("nothing to revoke"));
        return jsonResponse({{QStringLiteral("revoked"), revoked}});
    }
    return request.error(Status::NotFound, QStringLiteral("invalid_request"), QStringLiteral("unknown admin action"));
}

} // namespace tokenscope::issuer
