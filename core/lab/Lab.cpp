#include "lab/Lab.h"

#include "issuer/FormParameters.h"
#include "issuer/MockIssuer.h"
#include "lab/LabOutages.h"
#include "lab/LoadBalancer.h"
#include "lab/RedisProcess.h"
#include "lab/RevocationFeed.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QThread>

namespace tokenscope::lab {

namespace {

using Status = QHttpServerResponder::StatusCode;

QHttpServerResponse jsonResponse(const QJsonObject &object, Status status = Status::Ok)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json"),
                                 QJsonDocument(object).toJson(QJsonDocument::Compact), status);
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

QHttpServerResponse controlError(Status status, const QString &description)
{
    return jsonResponse({{QStringLiteral("error"), QStringLiteral("invalid_request")},
                         {QStringLiteral("error_description"), description}},
                        status);
}

bool needsRedis(const LabOptions &options)
{
    return options.mode == CheckMode::Blocklist
        || (options.mode == CheckMode::Session && options.sessionStore == SessionStoreKind::Shared);
}

QString clockSourceName(Lab::ClockSource source)
{
    switch (source) {
    case Lab::ClockSource::Injected:
        return QStringLiteral("injected");
    case Lab::ClockSource::Issuer:
        return QStringLiteral("issuer");
    case Lab::ClockSource::System:
        break;
    }
    return QStringLiteral("system");
}

QUrl loopbackUrl(quint16 port)
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    return url;
}

} // namespace

Lab::Lab(QObject *parent) : QObject(parent)
{ }

Lab::~Lab()
{
    stop();
}

Result<void> Lab::start(const LabOptions &options)
{
    auto failed = [&](ErrorCode code, const QString &message) {
        stop();
        return Error {code, message};
    };
    if (const QString invalid = options.validate(); !invalid.isEmpty())
        return failed("lab.invalid_options", invalid);
    m_options = options;

    // The issuer: given, or a mock issuer in this thread with a throwaway database.
    if (options.issuerUrl.isEmpty()) {
        m_issuerDirectory = std::make_unique<QTemporaryDir>();
        m_issuer = std::make_unique<issuer::MockIssuer>();
        issuer::MockIssuerOptions issuerOptions;
        issuerOptions.databasePath = m_issuerDirectory->filePath(QStringLiteral("issuer.sqlite"));
        if (!m_issuerDirectory->isValid())
            return failed("lab.issuer_not_started",
                          tr("cannot start the mock issuer: cannot create a temporary folder (%1)")
                              .arg(m_issuerDirectory->errorString()));
        if (const Result<void> started = m_issuer->start(issuerOptions); !started)
            return failed("lab.issuer_not_started",
                          tr("cannot start the mock issuer: %1").arg(started.error().message()));
        m_issuerUrl = m_issuer->issuerUrl();
    } else {
        m_issuerUrl = options.issuerUrl.adjusted(QUrl::StripTrailingSlash);
    }

    // The servers keep the time of the clock they are given, else of the lab's own issuer (so moving that issuer's
    // clock through its admin API moves theirs: a live simulation on this lab relies on it), else the system's.
    m_serverClock = options.clock ? options.clock : m_issuer ? &m_issuer->clock() : &SystemClock::instance();
    m_clockSource = options.clock ? ClockSource::Injected : m_issuer ? ClockSource::Issuer : ClockSource::System;

    // The store: given, or a redis-server of the lab's own.
    RedisEndpoint redis;
    if (needsRedis(options)) {
        if (options.redisUrl.isEmpty()) {
            m_redis = std::make_unique<RedisProcess>();
            if (const Result<void> started = m_redis->start(); !started)
                return failed("lab.redis_not_started",
                              tr("cannot start redis-server: %1").arg(started.error().message()));
            redis = m_redis->endpoint();
        } else {
            const Result<RedisEndpoint> given = RedisEndpoint::fromUrl(options.redisUrl);
            if (!given)
                return failed(given.error().code(), given.error().message());
            RedisStore probe(*given, std::max(options.storeTimeoutMs, 1000));
            if (const StoreReply pong = probe.ping(); !pong)
                return failed("lab.redis_unreachable", pong.error);
            redis = *given;
            m_externalRedisUrl = given->url();
        }
    }

    // The servers, each in its own thread. They fetch the issuer's keys while starting, and the in-process issuer
    // answers from this thread, so this thread waits in an event loop rather than blocking.
    QEventLoop loop;
    int pending = options.servers;
    QStringList startErrors;
    for (int i = 0; i < options.servers; ++i) {
        ResourceServerConfig config;
        config.index = i + 1;
        config.mode = options.mode;
        config.sessionStore = options.sessionStore;
        config.redis = redis;
        config.issuer = m_issuerUrl;
        config.clientId = options.clientId;
        config.clientSecret = options.clientSecret;
        config.audience = options.audience;
        config.leewaySeconds = options.leewaySeconds;
        config.jwksCacheAgeSeconds = options.jwksCacheAgeSeconds;
        config.introspectionCacheTtlSeconds = options.introspectionCacheTtlSeconds;
        config.sessionTtlSeconds = options.sessionTtlSeconds;
        config.storeTimeoutMs = options.storeTimeoutMs;
        config.storeFailFastMs = options.storeFailFastMs;
        config.issuerTimeoutMs = options.issuerTimeoutMs;
        config.clock = m_serverClock;
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("lab server %1").arg(config.index));
        auto *server = new ResourceServer(config);
        server->moveToThread(thread);
        thread->start();
        m_threads << thread;
        m_servers << server;
        QMetaObject::invokeMethod(server, [server, &loop, &pending, &startErrors] {
            const Result<void> started = server->start();
            const QString serverError = started ? QString() : started.error().message();
            QMetaObject::invokeMethod(&loop, [ok = bool(started), serverError, &loop, &pending, &startErrors] {
                if (!ok)
                    startErrors << serverError;
                if (--pending == 0)
                    loop.quit();
            });
        });
    }
    loop.exec();
    if (!startErrors.isEmpty())
        return failed("lab.server_not_started", startErrors.join(u"; "));

    QList<quint16> ports;
    for (const ResourceServer *server : std::as_const(m_servers))
        ports << server->port();
    m_balancer = std::make_unique<LoadBalancer>();
    if (const Result<void> started = m_balancer->start(options.routing, ports, options.balancerPort); !started)
        return failed("lab.balancer_not_started",
                      tr("cannot start the load balancer: %1").arg(started.error().message()));

    if (options.mode == CheckMode::Blocklist) {
        m_feed = std::make_unique<RevocationFeed>(m_issuerUrl, redis, options.storeTimeoutMs, options.leewaySeconds,
                                                  options.revocationPollMs);
        m_feed->start();
    }
    m_outages = std::make_unique<LabOutages>(m_redis.get(), m_servers);
    connect(m_outages.get(), &LabOutages::storeRestored, this, [this](DataLoss loss) {
        if (m_feed && loss == DataLoss::LosesData)
            m_feed->resync();
    });
    if (Result<void> control = startControl(options.controlPort); !control) {
        stop();
        return control;
    }
    return {};
}

Result<void> Lab::startControl(quint16 port)
{
    m_control = std::make_unique<QHttpServer>();
    for (const char *action : {"state", "outage", "restore", "sync"}) {
        const QString name = QString::fromLatin1(action);
        m_control->route(QStringLiteral("/lab/") + name, QHttpServerRequest::Method::AnyKnown,
                         [this, name](const QHttpServerRequest &request) { return control(name, request); });
    }
    m_control->setMissingHandler([](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        controlError(Status::NotFound, QStringLiteral("no such path")).write(std::move(responder));
    });
    m_controlPort = m_control->listen(QHostAddress::LocalHost, port);
    if (m_controlPort == 0) {
        m_control.reset();
        return Error {"lab.control_not_listening",
                      tr("cannot listen on 127.0.0.1 port %1 for the lab's control endpoint").arg(port)};
    }
    return {};
}

QHttpServerResponse Lab::control(const QString &action, const QHttpServerRequest &request)
{
    // A web page in the user's browser can reach loopback; a Host other than the lab's own (DNS rebinding) or a
    // cross-site form post is refused before anything happens.
    const QByteArray host = request.value(QByteArrayLiteral("Host"));
    const QByteArray port = QByteArray::number(m_controlPort);
    if (host != "127.0.0.1:" + port && host != "localhost:" + port && host != "[::1]:" + port)
        return controlError(Status::Forbidden, tr("the Host header must name this lab on loopback"));
    if (!request.value(QByteArrayLiteral("Origin")).isEmpty())
        return controlError(Status::Forbidden, tr("the control endpoint does not answer browsers"));
    if (request.body().size() > maxControlBodyBytes)
        return controlError(Status::PayloadTooLarge, tr("request body over %1 bytes").arg(maxControlBodyBytes));
    if (action == u"state") {
        if (request.method() != QHttpServerRequest::Method::Get)
            return controlError(Status::MethodNotAllowed, tr("use GET"));
        return jsonResponse(state());
    }
    if (request.method() != QHttpServerRequest::Method::Post)
        return controlError(Status::MethodNotAllowed, tr("use POST"));
    if (action == u"sync") {
        // The revocation feed polls the issuer now; GET /lab/state's revocation_polls_finished reaches the ticket
        // when what was revoked before this request is on the blocklist. Without a feed there is nothing to wait for.
        const quint64 ticket = m_feed ? m_feed->requestPoll() : 0;
        return jsonResponse({{QStringLiteral("ticket"), qint64(ticket)},
                             {QStringLiteral("finished"), qint64(m_feed ? m_feed->pollsFinished() : 0)}});
    }
    const issuer::FormParameters form = issuer::FormParameters::parse(request.body());
    if (!form)
        return controlError(Status::BadRequest, form.error);
    const bool store = form.has(QStringLiteral("store"));
    const bool oneServer = form.has(QStringLiteral("server"));
    bool indexOk = false;
    const int index = form.value(QStringLiteral("server")).toInt(&indexOk);
    if (oneServer && !indexOk)
        return controlError(Status::BadRequest, tr("server must be a number"));
    if (action == u"restore") {
        // One target (store, or server=N), or every outage when neither is given.
        if (store && oneServer)
            return controlError(Status::BadRequest, tr("give at most one of store, server=N"));
        if (store || oneServer) {
            const QString target = store ? LabOutages::storeTargetName() : LabOutages::serverTargetName(index);
            if (!m_outages->restore(target))
                return controlError(Status::Conflict, tr("%1 is not down").arg(target));
        } else {
            m_outages->restoreAll();
        }
        return jsonResponse({{QStringLiteral("outages"), m_outages->active()}});
    }
    bool secondsOk = true;
    const qint64 seconds
        = form.has(QStringLiteral("seconds")) ? form.value(QStringLiteral("seconds")).toLongLong(&secondsOk) : 5;
    const QString losesData = form.value(QStringLiteral("losesData"));
    if (!secondsOk)
        return controlError(Status::BadRequest, tr("seconds must be a whole number"));
    if (!losesData.isEmpty() && losesData != u"true" && losesData != u"false")
        return controlError(Status::BadRequest, tr("losesData must be true or false"));
    const DataLoss loss = losesData == u"true" ? DataLoss::LosesData : DataLoss::KeepsData;
    if (store == oneServer)
        return controlError(Status::BadRequest, tr("give exactly one of store, server=N"));
    if (const Result<void> begun
        = store ? m_outages->storeOutage(seconds, loss) : m_outages->serverOutage(index, seconds, loss);
        !begun)
        return controlError(Status::Conflict, begun.error().message());
    return jsonResponse({{QStringLiteral("outages"), m_outages->active()}});
}

void Lab::stop()
{
    m_control.reset();
    m_outages.reset(); // ends outages: a paused Redis is resumed before it is stopped
    m_feed.reset();
    m_balancer.reset();
    for (int i = 0; i < m_servers.size(); ++i) {
        // Deleted in its own thread as that thread finishes (QObject::deleteLater).
        m_servers[i]->deleteLater();
        m_threads[i]->quit();
        m_threads[i]->wait();
        delete m_threads[i];
    }
    m_servers.clear();
    m_threads.clear();
    m_redis.reset();
    if (m_issuer)
        m_issuer->stop();
    m_serverClock = nullptr; // it may be the issuer's
    m_issuer.reset();
    m_issuerDirectory.reset();
    m_controlPort = 0;
}

QUrl Lab::balancerUrl() const
{
    return m_balancer ? m_balancer->url() : QUrl();
}

QUrl Lab::controlUrl() const
{
    return m_controlPort ? loopbackUrl(m_controlPort) : QUrl();
}

QString Lab::redisUrl() const
{
    return m_redis ? m_redis->endpoint().url() : m_externalRedisUrl;
}

QList<QUrl> Lab::serverUrls() const
{
    QList<QUrl> urls;
    for (const ResourceServer *server : m_servers)
        urls << server->url();
    return urls;
}

qint64 Lab::redisPid() const
{
    return m_redis ? m_redis->pid() : 0;
}

qint64 Lab::balancerPid() const
{
    return m_balancer ? m_balancer->pid() : 0;
}

QList<ServerCounters> Lab::counters() const
{
    QList<ServerCounters> list;
    for (const ResourceServer *server : m_servers)
        list << server->counters();
    return list;
}

QJsonObject Lab::state() const
{
    QJsonArray servers;
    for (const ServerCounters &c : counters()) {
        servers.append(QJsonObject {
            {QStringLiteral("index"), c.index},
            {QStringLiteral("url"), loopbackUrl(c.port).toString()},
            {QStringLiteral("up"), c.up},
            {QStringLiteral("requests"), qint64(c.requests)},
            {QStringLiteral("accepted"), qint64(c.accepted)},
            {QStringLiteral("unauthorized"), qint64(c.unauthorized)},
            {QStringLiteral("unavailable"), qint64(c.unavailable)},
            {QStringLiteral("store_round_trips"), qint64(c.storeRoundTrips)},
            {QStringLiteral("issuer_round_trips"), qint64(c.issuerRoundTrips)},
            {QStringLiteral("jwks_fetches"), qint64(c.jwksFetches)},
        });
    }
    QJsonObject object {
        {QStringLiteral("mode"), LabNames::checkMode(m_options.mode)},
        {QStringLiteral("routing"), LabNames::routing(m_options.routing)},
        {QStringLiteral("store"), LabNames::sessionStore(m_options.sessionStore)},
        {QStringLiteral("balancer"), balancerUrl().toString()},
        {QStringLiteral("control"), controlUrl().toString()},
        {QStringLiteral("issuer"), m_issuerUrl.toString()},
        {QStringLiteral("redis"), redisUrl()},
        {QStringLiteral("pids"),
         QJsonObject {{QStringLiteral("lab"), QCoreApplication::applicationPid()},
                      {QStringLiteral("redis"), redisPid()},
                      {QStringLiteral("balancer"), balancerPid()}}},
        {QStringLiteral("store_timeout_ms"), m_options.storeTimeoutMs},
        // What a live simulation checks before it runs on this lab (docs/lab.md "Live simulations on the lab").
        {QStringLiteral("clock"), clockSourceName(m_clockSource)},
        {QStringLiteral("now"), m_serverClock ? m_serverClock->nowSeconds() : 0},
        {QStringLiteral("client_id"), m_options.clientId},
        {QStringLiteral("audience"), m_options.audience},
        {QStringLiteral("leeway_s"), m_options.leewaySeconds},
        {QStringLiteral("jwks_cache_age_s"), m_options.jwksCacheAgeSeconds},
        {QStringLiteral("introspection_cache_ttl_s"), m_options.introspectionCacheTtlSeconds},
        {QStringLiteral("session_ttl_s"), m_options.sessionTtlSeconds},
        {QStringLiteral("servers"), servers},
        {QStringLiteral("outages"), m_outages ? m_outages->active() : QJsonArray()},
    };
    if (m_feed) {
        object.insert(QStringLiteral("revocation_poll_ms"), m_feed->intervalMs());
        object.insert(QStringLiteral("blocklist_entries_written"), qint64(m_feed->entriesWritten()));
        object.insert(QStringLiteral("revocation_polls_finished"), qint64(m_feed->pollsFinished()));
        object.insert(QStringLiteral("revocation_poll_ok"), m_feed->lastPollOk());
    }
    return object;
}

} // namespace tokenscope::lab
