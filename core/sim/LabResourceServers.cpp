#include "sim/LabResourceServers.h"

#include "net/BlockingHttp.h"
#include "sim/LiveIssuer.h"
#include "sim/SimContext.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

namespace tokenscope::sim {

using policy::Reason;

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct ServersText
{
    Q_DECLARE_TR_FUNCTIONS(LabResourceServers)
};

// A request on a paused store waits for the lab's store timeout (100 ms by default) before its 503; anything slower
// than this is a lab that stopped answering.
constexpr int requestTimeoutMs = 10'000;
// How long an outage, a restore or a revocation sync may take to show in the lab's state.
constexpr int settleTimeoutMs = 10'000;
constexpr int statePollIntervalMs = 2;
// The control endpoint ends an outage by itself after this long (LabOutages::maxSeconds); the run restores it
// earlier, at the model's time.
constexpr qint64 outageSafetySeconds = 3600;

QNetworkAccessManager *loopbackNetwork()
{
    auto *network = new QNetworkAccessManager;
    network->setProxy(QNetworkProxy::NoProxy);
    return network;
}

bool serverUp(const QJsonObject &state, qint32 server)
{
    const QJsonArray servers = state.value(QStringLiteral("servers")).toArray();
    return server < servers.size() && servers.at(server).toObject().value(QStringLiteral("up")).toBool();
}

} // namespace

struct LabResourceServers::Answer
{
    HttpAnswer http;
    QJsonObject json;
};

LabResourceServers::LabResourceServers(SimContext &context, LiveIssuer &issuer, const LabTarget &lab)
    : m_context(context), m_issuer(issuer), m_lab(lab), m_network(loopbackNetwork())
{ }

LabResourceServers::~LabResourceServers() = default;

QString LabResourceServers::labModeName(ServerMode mode)
{
    switch (mode) {
    case ServerMode::StatelessJwt:
        return QStringLiteral("stateless");
    case ServerMode::JwtBlocklist:
        return QStringLiteral("blocklist");
    case ServerMode::Introspection:
        return QStringLiteral("introspection");
    case ServerMode::Session:
        break;
    }
    return QStringLiteral("session");
}

QString LabResourceServers::unsupportedReason(const Scenario &scenario)
{
    const ResourceServerConfig &config = scenario.server;
    if (config.mode != ServerMode::Session || config.sharedStore)
        return {};
    for (const OperatorEvent &event : scenario.events) {
        if (event.action == OperatorAction::StoreOutage)
            return ServersText::tr(
                "a store outage with a store per server cannot run on a lab: those stores live in the "
                "servers' memory, and the lab takes down only its Redis");
    }
    return {};
}

qint64 LabResourceServers::sessionLifetime(const Scenario &scenario)
{
    const qint64 lifetime = scenario.issuer.sessionMaxLifetime;
    return lifetime > 0 ? lifetime : scenario.duration + 86400;
}

QString LabResourceServers::mismatch(const QJsonObject &state, const Scenario &scenario)
{
    const ResourceServerConfig &config = scenario.server;
    QStringList differences;
    const auto compare = [&](const QString &member, const QJsonValue &wanted) {
        if (state.value(member) != wanted)
            differences << ServersText::tr("%1 is %2, the scenario needs %3")
                               .arg(member, state.value(member).toVariant().toString(), wanted.toVariant().toString());
    };
    compare(QStringLiteral("mode"), labModeName(config.mode));
    if (config.mode != ServerMode::Session)
        compare(QStringLiteral("audience"), scenario.issuer.audience);
    const qsizetype servers = state.value(QStringLiteral("servers")).toArray().size();
    if (servers != config.servers)
        differences << ServersText::tr("it has %1 servers, the scenario needs %2").arg(servers).arg(config.servers);
    if (config.mode == ServerMode::Session) {
        compare(QStringLiteral("store"), config.sharedStore ? QStringLiteral("shared") : QStringLiteral("per-server"));
        compare(QStringLiteral("session_ttl_s"), double(sessionLifetime(scenario)));
    } else {
        compare(QStringLiteral("leeway_s"), double(config.leeway));
    }
    if (config.mode == ServerMode::Introspection)
        compare(QStringLiteral("introspection_cache_ttl_s"), double(config.introspectionCacheTtl));
    if (state.value(QStringLiteral("clock")).toString() != u"issuer")
        differences << ServersText::tr(
                           "its servers keep the %1 clock, not its own issuer's (start it without --issuer)")
                           .arg(state.value(QStringLiteral("clock")).toString());
    return differences.join(QStringLiteral("; "));
}

LabResourceServers::Connection LabResourceServers::connect(const QUrl &control, const Scenario &scenario)
{
    Connection connection;
    std::unique_ptr<QNetworkAccessManager> network(loopbackNetwork());
    QUrl stateUrl = control;
    stateUrl.setPath(QStringLiteral("/lab/state"));
    QNetworkRequest request(stateUrl);
    request.setTransferTimeout(requestTimeoutMs);
    const HttpAnswer answer = sendAndWait(*network, request);
    if (!answer.answered) {
        connection.unreachable = true;
        connection.error = ServersText::tr("no answer from the lab at %1: %2").arg(stateUrl.toString(), answer.error);
        return connection;
    }
    const QJsonObject state = QJsonDocument::fromJson(answer.body).object();
    if (answer.status != 200 || !state.value(QStringLiteral("servers")).isArray()) {
        connection.error = ServersText::tr("%1 is not a Tokenscope lab (GET /lab/state answered %2)")
                               .arg(stateUrl.toString())
                               .arg(answer.status);
        return connection;
    }
    if (const QString different = mismatch(state, scenario); !different.isEmpty()) {
        connection.error
            = ServersText::tr("the lab at %1 does not fit %2: %3").arg(control.toString(), scenario.name, different);
        return connection;
    }
    connection.issuerUrl = QUrl(state.value(QStringLiteral("issuer")).toString());
    connection.target.control = control.adjusted(QUrl::RemovePath | QUrl::RemoveQuery);
    for (const QJsonValue &server : state.value(QStringLiteral("servers")).toArray())
        connection.target.servers << QUrl(server.toObject().value(QStringLiteral("url")).toString());
    // `lab serve` has no client options: its servers use the mock issuer's demo client (docs/lab.md).
    connection.target.clientId = state.value(QStringLiteral("client_id")).toString();
    connection.target.clientSecret = QStringLiteral("demo-secret");
    return connection;
}

QUrl LabResourceServers::serverUrl(qint32 server, const QString &path) const
{
    QUrl url = m_lab.servers.value(server);
    url.setPath(path);
    return url;
}

LabResourceServers::Answer LabResourceServers::call(const QUrl &url, const QByteArray *body,
                                                    const QByteArray &credentialHeader, const QByteArray &credential)
{
    Answer answer;
    if (m_issuer.failureKind() != LiveIssuer::FailureKind::None)
        return answer;
    QNetworkRequest request(url);
    request.setTransferTimeout(requestTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // Each simulated client holds its own session: the network's shared cookie jar must neither keep a Set-Cookie
    // nor put the last login's cookie on another client's request.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (!credentialHeader.isEmpty() && !credential.isEmpty())
        request.setRawHeader(credentialHeader, credential);
    if (body)
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    answer.http = sendAndWait(*m_network, request, body);
    answer.json = QJsonDocument::fromJson(answer.http.body).object();
    return answer;
}

LabResourceServers::Answer LabResourceServers::control(const QString &action, const QByteArray *form)
{
    QUrl url = m_lab.control;
    url.setPath(QStringLiteral("/lab/") + action);
    Answer answer = call(url, form, {}, {});
    if (m_issuer.failureKind() != LiveIssuer::FailureKind::None)
        return answer;
    if (!answer.http.answered)
        m_issuer.fail(LiveIssuer::FailureKind::Network,
                      ServersText::tr("no answer from the lab at %1: %2").arg(url.toString(), answer.http.error));
    else if (answer.http.status != 200)
        m_issuer.fail(LiveIssuer::FailureKind::Protocol,
                      ServersText::tr("the lab refused %1 (HTTP %2: %3)")
                          .arg(url.path())
                          .arg(answer.http.status)
                          .arg(answer.json.value(QStringLiteral("error_description")).toString()));
    return answer;
}

Reason LabResourceServers::verdict(const Answer &answer, Reason refusedWithoutCode)
{
    if (m_issuer.failureKind() != LiveIssuer::FailureKind::None)
        return refusedWithoutCode;
    // A server the lab took down refuses the connection: the request fails there, as at a dead process.
    if (!answer.http.answered) {
        if (answer.http.error.contains(u"refused", Qt::CaseInsensitive))
            return Reason::ServerUnavailable;
        m_issuer.fail(LiveIssuer::FailureKind::Network,
                      ServersText::tr("a lab server did not answer: %1").arg(answer.http.error));
        return Reason::ServerUnavailable;
    }
    if (answer.http.status == 200)
        return Reason::None;
    if (answer.http.status != 401 && answer.http.status != 503) {
        m_issuer.fail(LiveIssuer::FailureKind::Protocol,
                      ServersText::tr("a lab server answered HTTP %1 to a request").arg(answer.http.status));
        return refusedWithoutCode;
    }
    // The lab names its refusal with the rulebook's reason code (docs/lab.md).
    const QByteArray code = answer.json.value(QStringLiteral("reason")).toString().toLatin1();
    const std::optional<Reason> named = policy::reasonFromCode(code);
    if (named && *named != Reason::None)
        return *named;
    return answer.http.status == 503 ? Reason::ServerUnavailable : refusedWithoutCode;
}

void LabResourceServers::syncRevocations()
{
    const quint64 sent = m_issuer.revocationsSent();
    if (sent == m_syncedRevocations)
        return;
    const QByteArray noForm;
    const Answer synced = control(QStringLiteral("sync"), &noForm); // a POST
    if (!synced.http.answered || synced.http.status != 200)
        return;
    const qint64 ticket = synced.json.value(QStringLiteral("ticket")).toInteger();
    const bool done = waitForState(
        [ticket](const QJsonObject &state) {
            return state.value(QStringLiteral("revocation_polls_finished")).toInteger() >= ticket;
        },
        ServersText::tr("the lab's blocklist to catch up with the issuer"));
    if (!done)
        return;
    m_syncedRevocations = sent;
}

bool LabResourceServers::waitForState(const std::function<bool(const QJsonObject &)> &done, const QString &what)
{
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        const Answer state = control(QStringLiteral("state"), nullptr);
        if (!state.http.answered || state.http.status != 200)
            return false;
        if (done(state.json)) {
            if (state.json.contains(QStringLiteral("revocation_poll_ok"))
                && !state.json.value(QStringLiteral("revocation_poll_ok")).toBool()) {
                m_issuer.fail(LiveIssuer::FailureKind::Network,
                              ServersText::tr("the lab's revocation feed cannot read the issuer's state"));
                return false;
            }
            return true;
        }
        if (waited.elapsed() > settleTimeoutMs) {
            m_issuer.fail(LiveIssuer::FailureKind::Network,
                          ServersText::tr("waited %1 s for %2").arg(settleTimeoutMs / 1000).arg(what));
            return false;
        }
        pause(statePollIntervalMs);
    }
}

void LabResourceServers::pause(int milliseconds)
{
    QEventLoop loop;
    QTimer::singleShot(milliseconds, &loop, &QEventLoop::quit);
    loop.exec();
}

Reason LabResourceServers::bearerRequest(qint32 server, const QByteArray &accessToken)
{
    if (m_context.serverConfig.mode == ServerMode::JwtBlocklist)
        syncRevocations();
    // RFC 6750 §2.1.
    return verdict(call(serverUrl(server, QStringLiteral("/api/whoami")), nullptr, QByteArrayLiteral("Authorization"),
                        "Bearer " + accessToken),
                   Reason::TokenInvalid);
}

Reason LabResourceServers::sessionRequest(qint32 server, qint64 sessionId)
{
    const auto found = m_sessions.find(sessionId);
    const QByteArray cookie = found == m_sessions.end() ? QByteArray() : found->second.cookie;
    return verdict(call(serverUrl(server, QStringLiteral("/api/whoami")), nullptr, QByteArrayLiteral("Cookie"), cookie),
                   Reason::NoSession);
}

void LabResourceServers::login(qint32 server, qint64 sessionId, qint32 user)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("username"),
                      QString::fromLatin1(QUrl::toPercentEncoding(m_issuer.userName(user))));
    form.addQueryItem(QStringLiteral("password"),
                      QString::fromLatin1(QUrl::toPercentEncoding(m_issuer.password(user))));
    const QByteArray body = form.toString(QUrl::FullyEncoded).toLatin1();
    const Answer answer = call(serverUrl(server, QStringLiteral("/login")), &body, {}, {});
    LabSession &session = m_sessions[sessionId];
    session.server = server;
    // RFC 6265 §4.1: the cookie is the Set-Cookie value up to its first attribute.
    const QByteArray setCookie = answer.http.header("Set-Cookie");
    session.cookie = answer.http.status == 200 ? setCookie.left(setCookie.indexOf(';')) : QByteArray();
    // A login the lab refused (its store or server is down) leaves the client without a session: its requests
    // then fail as the model's do when the session was never stored.
    if (answer.http.answered && answer.http.status != 200 && answer.http.status != 503)
        m_issuer.fail(LiveIssuer::FailureKind::Protocol,
                      ServersText::tr("the lab refused a login (HTTP %1: %2)")
                          .arg(answer.http.status)
                          .arg(answer.json.value(QStringLiteral("error_description")).toString()));
}

void LabResourceServers::logout(qint64 sessionId)
{
    const auto found = m_sessions.find(sessionId);
    if (found == m_sessions.end())
        return;
    const LabSession session = found->second;
    m_sessions.erase(found);
    if (session.cookie.isEmpty())
        return;
    const QByteArray empty;
    (void)call(serverUrl(session.server, QStringLiteral("/logout")), &empty, QByteArrayLiteral("Cookie"),
               session.cookie);
}

void LabResourceServers::controlAndWait(const QString &action, const QByteArray &form,
                                        const std::function<bool(const QJsonObject &)> &done, const QString &what)
{
    const Answer answer = control(action, &form);
    if (answer.http.answered && answer.http.status == 200)
        (void)waitForState(done, what);
}

namespace {

QByteArray outageForm(const QByteArray &target, bool losesData)
{
    return target + "&seconds=" + QByteArray::number(outageSafetySeconds)
        + "&losesData=" + (losesData ? "true" : "false");
}

bool always(const QJsonObject &)
{
    return true;
}

} // namespace

// The store's outage and restore are done when the control endpoint answers (redis-server is paused, stopped or
// started by then); a server's happen in its own thread, so the run waits until the lab's state shows them.
void LabResourceServers::storeOutage(bool losesData)
{
    controlAndWait(QStringLiteral("outage"), outageForm("store=1", losesData), always,
                   ServersText::tr("the store to go down"));
}

void LabResourceServers::serverOutage(qint32 server, bool losesData)
{
    controlAndWait(
        QStringLiteral("outage"), outageForm("server=" + QByteArray::number(server + 1), losesData),
        [server](const QJsonObject &state) { return !serverUp(state, server); },
        ServersText::tr("lab server %1 to go down").arg(server + 1));
}

void LabResourceServers::restoreStore()
{
    // The lab's restore answers once Redis answers again, and ends the servers' fail-fast windows (docs/lab.md).
    controlAndWait(QStringLiteral("restore"), QByteArrayLiteral("store=1"), always,
                   ServersText::tr("the store to come back"));
}

void LabResourceServers::restoreServer(qint32 server)
{
    controlAndWait(
        QStringLiteral("restore"), "server=" + QByteArray::number(server + 1),
        [server](const QJsonObject &state) { return serverUp(state, server); },
        ServersText::tr("lab server %1 to come back").arg(server + 1));
}

} // namespace tokenscope::sim
