// The mock issuer's coordinator: owns the HTTP server, the routes, the store and the shared state; reads forms and
// authenticates clients for the endpoints, which live in files of their own (MockIssuer*.cpp).
#include "issuer/IssuerTenantName.h"
#include "issuer/IssuerTenants.h"
#include "issuer/MockIssuerHttp.h"

#include <QDateTime>
#include <QLocale>

namespace tokenscope::issuer {

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
    url.setPath(m_basePath);
    return url;
}

QStringList MockIssuer::tenantNames() const
{
    return m_tenants ? m_tenants->names() : QStringList();
}

MockIssuer *MockIssuer::tenant(const QString &name) const
{
    return m_tenants ? m_tenants->tenant(name) : nullptr;
}

namespace {

// Every endpoint's path below the issuer's base path, with the endpoint name dispatch() takes. One table for the
// root's routes and a tenant's lookups, so a tenant serves exactly what the root does.
const std::pair<const char *, const char *> endpointRoutes[] = {
    {"/.well-known/openid-configuration", "discovery"},
    {"/jwks", "jwks"},
    {"/token", "token"},
    {"/authorize", "authorize"},
    {"/revoke", "revoke"},
    {"/introspect", "introspect"},
    {"/userinfo", "userinfo"},
    {"/end-session", "end-session"},
    {"/device_authorization", "device_authorization"},
    {"/device", "device"},
    {"/admin/revoke", "admin/revoke"},
    {"/admin/ban", "admin/ban"},
    {"/admin/roles", "admin/roles"},
    {"/admin/unban", "admin/unban"},
    {"/admin/rotate-keys", "admin/rotate-keys"},
    {"/admin/advance-clock", "admin/advance-clock"},
    {"/admin/set-clock", "admin/set-clock"},
    {"/admin/config", "admin/config"},
    {"/admin/state", "admin/state"},
    {"/admin/faults", "admin/faults"},
};

ErrorCode startErrorFor(IssuerStore::OpenFailure failure)
{
    switch (failure) {
    case IssuerStore::OpenFailure::Unreachable:
        return MockIssuerStartError::DatabaseUnreachable;
    case IssuerStore::OpenFailure::Schema:
        return MockIssuerStartError::MigrationFailed;
    case IssuerStore::OpenFailure::SchemaTooNew:
        return MockIssuerStartError::SchemaTooNew;
    case IssuerStore::OpenFailure::None:
    case IssuerStore::OpenFailure::BadLocation:
        break;
    }
    return MockIssuerStartError::DatabaseNotOpened;
}

} // namespace

Result<void> MockIssuer::start(const MockIssuerOptions &options)
{
    auto failed = [](ErrorCode code, const QString &message) {
        return Error {code, message};
    };
    if (m_running)
        return failed(MockIssuerStartError::AlreadyRunning, tr("the issuer is already running"));
    // Refused before the database is touched, so the refusal leaves no file behind.
    if (options.listenScope == MockIssuerOptions::ListenScope::LoopbackOnly && !options.address.isLoopback())
        return failed(MockIssuerStartError::AddressNotLoopback,
                      tr("refusing to listen on %1: the mock issuer listens on loopback only (127.0.0.1 or ::1)")
                          .arg(options.address.toString()));
    // Tenant names and count are refused before any database is touched, as the address is.
    QList<MockIssuerOptions::Tenant> tenants;
    for (const IssuerTenantConfig &configured : options.config.tenants)
        tenants.append({configured.name, configured.config, options.configGiven});
    tenants.append(options.tenants);
    if (const QString problem = IssuerTenants::problem(tenants); !problem.isEmpty())
        return failed(MockIssuerStartError::BadTenant, problem);
    const QString path = options.databasePath.isEmpty() ? defaultDatabasePath() : options.databasePath;
    if (const Result<void> opened = m_store.open(path); !opened)
        return failed(startErrorFor(m_store.openFailure()), opened.error().message());
    if (Result<void> loaded = openState(options, nullptr); !loaded)
        return loaded;

    m_server = std::make_unique<QHttpServer>();
    for (const auto &[routePath, endpoint] : endpointRoutes) {
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
        // Everything under /NAME/ that Qt's router left alone: the tenant NAME answers it.
        if (m_tenants) {
            if (std::optional<QHttpServerResponse> answered = m_tenants->answer(request)) {
                answered->write(std::move(responder));
                return;
            }
        }
        notFound(request,
                 m_tenants ? tr("no issuer on this server has that path; the issuers are /%1 and the root")
                                 .arg(m_tenants->names().join(QStringLiteral(", /")))
                           : QString())
            .write(std::move(responder));
    });
    // Qt HTTP Server 6.4 reads requests laxly; every connection passes the guard first (docs/issuer.md "HTTP").
    auto *listener = new GuardedTcpServer(options.httpLimits, m_server.get());
    listener->setAnswerDropper([this] {
        // A request is one issuer's: at most one of these was set by it, and both are cleared.
        const bool rootDrops = std::exchange(m_dropAnswer, false);
        const bool tenantDrops = m_tenants && m_tenants->takeDropAnswer();
        return rootDrops || tenantDrops;
    });
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
        const QAbstractSocket::SocketError socketError = listener->serverError();
        const QString reason = listener->errorString();
        m_server.reset();
        const QString address = options.address.toString();
        switch (socketError) {
        case QAbstractSocket::AddressInUseError:
            return failed(MockIssuerStartError::PortInUse,
                          tr("cannot listen on %1 port %2: the port is already in use").arg(address).arg(options.port));
        case QAbstractSocket::SocketAddressNotAvailableError:
            return failed(MockIssuerStartError::AddressNotAvailable,
                          tr("cannot listen on %1 port %2: the address is not one of this machine's")
                              .arg(address)
                              .arg(options.port));
        case QAbstractSocket::SocketAccessError:
            return failed(MockIssuerStartError::PortAccessDenied,
                          tr("cannot listen on %1 port %2: the system does not let this user listen there (ports "
                             "below 1024 need privileges)")
                              .arg(address)
                              .arg(options.port));
        default:
            return failed(MockIssuerStartError::ListenFailed,
                          tr("cannot listen on %1 port %2: %3").arg(address).arg(options.port).arg(reason));
        }
    }
    m_server->bind(listener);
    const quint16 port = listener->serverPort();
    m_address = options.address;
    m_port = port;
    m_localRequests = LocalRequestCheck(m_address, m_port);
    m_issuerString = issuerUrl().toString();
    m_running = true;
    if (!tenants.isEmpty()) {
        // After listening: a tenant's issuer URL needs the port, and no request is served before start() returns.
        const IssuerDatabaseLocationResult location = IssuerDatabaseLocationParser::parse(path);
        m_tenants = std::make_unique<IssuerTenants>(*this);
        Result<void> started = location ? m_tenants->start(tenants, options, *location.location)
                                        : Result<void>(Error {MockIssuerStartError::DatabaseNotOpened, location.error});
        if (!started) {
            stop();
            return started;
        }
    }
    return {};
}

Result<void> MockIssuer::openState(const MockIssuerOptions &options, const IssuerDatabaseLocation *location)
{
    m_config = options.config;
    m_clock->base = options.clock;
    // nullptr: the root's store, opened by start() from the path as given, so its messages stay as they were.
    if (location) {
        if (const Result<void> opened = m_store.open(*location); !opened)
            return Error {startErrorFor(m_store.openFailure()), opened.error().message()};
    }
    return loadSharedState(options.configGiven);
}

Result<void> MockIssuer::startBehind(const MockIssuerOptions &options, const IssuerDatabaseLocation &location,
                                     const QString &basePath)
{
    if (Result<void> loaded = openState(options, &location); !loaded)
        return loaded;
    for (const auto &[routePath, endpoint] : endpointRoutes)
        m_endpoints.insert(QString::fromLatin1(routePath), QString::fromLatin1(endpoint));
    m_basePath = basePath;
    m_address = options.address;
    m_port = options.port;
    // The same Host and Origin rule as the root's: the tenant's admin API and pages are on the same listener.
    m_localRequests = LocalRequestCheck(m_address, m_port);
    m_issuerString = issuerUrl().toString();
    m_running = true;
    return {};
}

QHttpServerResponse MockIssuer::answer(const QString &path, const QHttpServerRequest &request)
{
    if (const QString endpoint = m_endpoints.value(path); !endpoint.isEmpty())
        return dispatch(endpoint, request);
    return notFound(request, QString());
}

QHttpServerResponse MockIssuer::notFound(const QHttpServerRequest &request, const QString &description)
{
    IssuerLogEntry entry;
    entry.time = now();
    entry.path = request.url().path();
    entry.status = 404;
    entry.error = QStringLiteral("not_found");
    emit requestHandled(entry);
    QJsonObject body {{QStringLiteral("error"), QStringLiteral("not_found")}};
    if (!description.isEmpty())
        body.insert(QStringLiteral("error_description"), safeDescription(description));
    return jsonResponse(body, Status::NotFound, false);
}

void MockIssuer::stop()
{
    if (m_tenants) {
        m_tenants->stop();
        m_tenants.reset();
    }
    m_running = false;
    if (!m_server)
        return;
    for (QTcpServer *server : m_server->servers())
        server->close();
    m_server.reset();
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
                            QByteArrayLiteral("Authorization, Content-Type, DPoP"));
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
    } else if (endpoint == u"device_authorization") {
        response.emplace(handleDeviceAuthorization(request));
    } else if (endpoint == u"device") {
        response.emplace(handleDevicePage(request));
    } else {
        response.emplace(handleAdmin(request, endpoint.mid(6)));
    }
    if (!finishWithStore(adminTransaction, int(response->statusCode())))
        response.emplace(unavailable());
    if (cors) {
        response->setHeader(QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*"));
        response->setHeader(QByteArrayLiteral("Access-Control-Expose-Headers"),
                            QByteArrayLiteral("WWW-Authenticate, DPoP-Nonce"));
    }
    if (response->statusCode() == Status::MethodNotAllowed)
        response->setHeader(QByteArrayLiteral("Allow"), allowedMethods(endpoint));
    // RFC 9112 §9.6: the front door closes the connection after this answer; the answer says so.
    if (HttpRequestHead::listContains(HttpRequestHead::fieldValues(http.headers(), "Connection").join(','), "close"))
        response->setHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
    // RFC 9110 §6.6.1: an origin server with a clock sends Date; this one is the issuer's (injected) clock, so a
    // client can compare a token's iat with the time of the issuer that made it.
    response->setHeader(
        QByteArrayLiteral("Date"),
        QLocale::c()
            .toString(QDateTime::fromSecsSinceEpoch(now(), Qt::UTC), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
            .toLatin1());
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
    if (request.form.has(QStringLiteral("client_assertion"))
        || request.form.has(QStringLiteral("client_assertion_type"))) {
        // RFC 6749 §2.3: one authentication method per request.
        if (basic || secretInBody || !authorization.isEmpty())
            return request.fail(Status::BadRequest, QStringLiteral("invalid_request"),
                                QStringLiteral("client authenticated with a client_assertion and another method"));
        return authenticateByAssertion(request);
    }
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

// The salted hash of what was typed, compared in constant time, also for an unknown user, so the time taken does
// not tell whether the user exists.
bool MockIssuer::passwordMatches(const std::optional<StoredUser> &user, const QString &password) const
{
    const QByteArray salt = user ? user->salt : QByteArray(16, '\0');
    const bool matches = IssuerTokens::constantTimeEquals(IssuerTokens::sha256(salt + password.toUtf8()),
                                                          user ? user->passwordSha256 : QByteArray(32, '\0'));
    return user && matches;
}

void MockIssuer::loadClients()
{
    m_clients.clear();
    for (StoredClient stored : m_store.clients()) {
        if (const IssuerClient *configured = m_config.client(stored.clientId))
            stored.keys = configured->keys;
        m_clients.insert(stored.clientId, stored);
    }
}

} // namespace tokenscope::issuer
