#include "sim/LiveIssuer.h"

#include "net/BlockingHttp.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>

namespace tokenscope::sim {

namespace {

// The roles a run's users hold at the issuer, as the model's tokens name them (TokenMinter's "role").
const QString adminRole = QStringLiteral("admin");
const QString userRole = QStringLiteral("user");

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct LiveIssuerText
{
    Q_DECLARE_TR_FUNCTIONS(LiveIssuer)
};

QByteArray randomSecret()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// The mock issuer ends a refused refresh's error_description with the rulebook's reason code (docs/issuer.md).
policy::Reason refusalReason(const QJsonObject &body)
{
    const QString description = body.value(QStringLiteral("error_description")).toString();
    const qsizetype colon = description.lastIndexOf(u':');
    const QByteArray code = description.mid(colon + 1).trimmed().toLatin1();
    return policy::reasonFromCode(code).value_or(policy::Reason::FamilyRevoked);
}

} // namespace

struct LiveIssuer::Response
{
    bool answered = false; // an HTTP status came back
    int status = 0;
    QJsonObject json;
    [[nodiscard]] bool ok() const { return answered && status == 200; }
};

LiveIssuer::LiveIssuer(const Scenario &scenario)
    : m_scenario(scenario), m_network(std::make_unique<QNetworkAccessManager>()),
      m_banned(size_t(scenario.clients.users > 0 ? scenario.clients.users : scenario.clients.count), false)
{ }

LiveIssuer::~LiveIssuer() = default;

QString LiveIssuer::tooLargeReason(const Scenario &scenario)
{
    const int users = scenario.clients.users > 0 ? scenario.clients.users : scenario.clients.count;
    if (scenario.clients.count > maxClients)
        return LiveIssuerText::tr(
                   "%1 clients is too many for a live run (at most %2: every login and refresh is an HTTP exchange);"
                   " run it against the model instead")
            .arg(scenario.clients.count)
            .arg(maxClients);
    if (users > maxUsers)
        return LiveIssuerText::tr("%1 users is too many for a live run (at most %2); run it against the model instead")
            .arg(users)
            .arg(maxUsers);
    return {};
}

void LiveIssuer::fail(FailureKind kind, const QString &message)
{
    if (m_failureKind != FailureKind::None)
        return; // the first failure is the cause
    m_failureKind = kind;
    m_failure = message;
}

LiveIssuer::Response LiveIssuer::exchange(const QString &path, const QByteArray *body, bool clientAuth)
{
    Response response;
    if (m_failureKind != FailureKind::None)
        return response;
    QUrl url = m_issuerUrl;
    url.setPath(m_issuerUrl.path() + path);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(int(timeoutMs));
    if (clientAuth) {
        // RFC 6749 §2.3.1: HTTP Basic with the form-encoded client id and secret.
        const QByteArray credentials
            = QUrl::toPercentEncoding(m_clientId) + ':' + QUrl::toPercentEncoding(m_clientSecret);
        request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
    }
    if (body)
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    ++m_exchanges;
    const HttpAnswer answer = sendAndWait(*m_network, request, body);
    if (!answer.answered) {
        fail(FailureKind::Network, LiveIssuerText::tr("no answer from %1: %2").arg(url.toString(), answer.error));
        return response;
    }
    response.answered = true;
    response.status = answer.status;
    response.json = QJsonDocument::fromJson(answer.body).object();
    return response;
}

LiveIssuer::Response LiveIssuer::post(const QString &path, const QList<std::pair<QString, QString>> &form,
                                      bool clientAuth)
{
    QUrlQuery query;
    for (const auto &[name, value] : form)
        query.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(name)),
                           QString::fromLatin1(QUrl::toPercentEncoding(value)));
    const QByteArray body = query.toString(QUrl::FullyEncoded).toLatin1();
    return exchange(path, &body, clientAuth);
}

LiveIssuer::Response LiveIssuer::get(const QString &path)
{
    return exchange(path, nullptr, false);
}

QString LiveIssuer::userName(qint32 user) const
{
    return QStringLiteral("user-%1").arg(user, 7, 10, QLatin1Char('0'));
}

QString LiveIssuer::password(qint32 user) const
{
    // 96 bits each: short enough for 500 accounts in one request, and never guessed within a run.
    return QString::fromLatin1(
        QCryptographicHash::hash(m_passwordSeed + QByteArray::number(user), QCryptographicHash::Sha256)
            .left(12)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool LiveIssuer::connectTo(const QUrl &issuerUrl)
{
    m_issuerUrl = issuerUrl;
    if (m_issuerUrl.path().endsWith(u'/'))
        m_issuerUrl.setPath(m_issuerUrl.path().chopped(1));
    // A mock issuer on loopback is never reached through an environment's HTTP proxy.
    if (const QHostAddress host(m_issuerUrl.host()); host.isLoopback() || m_issuerUrl.host() == u"localhost")
        m_network->setProxy(QNetworkProxy::NoProxy);

    // OpenID Connect Discovery 1.0 §4: the issuer says what it is and where its endpoints are.
    const Response discovery = get(QStringLiteral("/.well-known/openid-configuration"));
    if (!discovery.answered)
        return false;
    if (!discovery.ok() || !discovery.json.value(QStringLiteral("token_endpoint")).isString()) {
        fail(FailureKind::NotAnIssuer,
             LiveIssuerText::tr(
                 "%1 is not an OpenID Connect issuer: no discovery document at /.well-known/openid-configuration")
                 .arg(m_issuerUrl.toString()));
        return false;
    }
    for (const char *endpoint : {"jwks_uri", "revocation_endpoint", "introspection_endpoint"}) {
        if (!discovery.json.value(QLatin1String(endpoint)).isString()) {
            fail(FailureKind::NotAnIssuer,
                 LiveIssuerText::tr("%1 has no %2 (RFC 7517/7009/7662), which a live run needs")
                     .arg(m_issuerUrl.toString(), QLatin1String(endpoint)));
            return false;
        }
    }
    m_jwksUri = QUrl(discovery.json.value(QStringLiteral("jwks_uri")).toString());
    m_issuerIdentifier = discovery.json.value(QStringLiteral("issuer")).toString();
    const Response state = get(QStringLiteral("/admin/state"));
    if (!state.answered)
        return false;
    if (!state.ok() || !state.json.value(QStringLiteral("now")).isDouble()) {
        fail(FailureKind::NoAdminApi,
             LiveIssuerText::tr(
                 "%1 has no Tokenscope admin API (GET /admin/state answered %2): a live run sets the issuer's policy"
                 " and clock through it")
                 .arg(m_issuerUrl.toString())
                 .arg(state.status));
        return false;
    }

    m_clientId = QStringLiteral("tokenscope-sim");
    m_clientSecret = QString::fromLatin1(randomSecret());
    m_passwordSeed = randomSecret();
    // The scenario's admins hold the "admin" role in their tokens (docs/issuer.md "Users"); a demotion takes it.
    // Other users carry no roles claim, which keeps the configuration under the admin API's body limit.
    QJsonArray users;
    for (qint32 user = 0; user < qint32(m_banned.size()); ++user) {
        QJsonObject entry {{QStringLiteral("username"), userName(user)}, {QStringLiteral("password"), password(user)}};
        if (m_scenario.clients.adminUsers.contains(user))
            entry.insert(QStringLiteral("claims"), QJsonObject {{QStringLiteral("roles"), QJsonArray {adminRole}}});
        users.append(entry);
    }
    QJsonObject config {
        {QStringLiteral("policy"), policy::toConfigJson(m_scenario.issuer)},
        {QStringLiteral("audience"), m_scenario.issuer.audience},
        {QStringLiteral("clients"),
         QJsonArray {QJsonObject {
             {QStringLiteral("client_id"), m_clientId},
             {QStringLiteral("client_secret"), m_clientSecret},
             {QStringLiteral("grant_types"), QJsonArray {QStringLiteral("password"), QStringLiteral("refresh_token")}},
             {QStringLiteral("scope"), QStringLiteral("openid offline_access")}}}},
        {QStringLiteral("users"), users},
    };
    if (m_lab) {
        // The lab's servers introspect and log users in with a client of their own (docs/lab.md).
        QJsonArray clients = config.value(QStringLiteral("clients")).toArray();
        clients.append(QJsonObject {{QStringLiteral("client_id"), m_lab->clientId},
                                    {QStringLiteral("client_secret"), m_lab->clientSecret},
                                    {QStringLiteral("grant_types"), QJsonArray {QStringLiteral("password")}},
                                    {QStringLiteral("scope"), QStringLiteral("openid")}});
        config.insert(QStringLiteral("clients"), clients);
    }
    const Response configured = post(
        QStringLiteral("/admin/config"),
        {{QStringLiteral("config"), QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Compact))}}, false);
    if (!configured.answered)
        return false;
    if (!configured.ok()) {
        fail(FailureKind::NoAdminApi,
             LiveIssuerText::tr("%1 refused the run's configuration (POST /admin/config answered %2: %3)")
                 .arg(m_issuerUrl.toString())
                 .arg(configured.status)
                 .arg(configured.json.value(QStringLiteral("error_description")).toString()));
        return false;
    }
    // The clock only moves forward: an issuer already past the scenario's start runs the scenario from its now.
    m_runStart = std::max(m_scenario.start, qint64(state.json.value(QStringLiteral("now")).toDouble()));
    return syncClock(0);
}

bool LiveIssuer::syncClock(qint64 now)
{
    if (now == m_clockAt)
        return m_failureKind == FailureKind::None;
    if (m_clockDriver) {
        m_clockDriver(m_runStart + now);
        m_clockAt = now;
        m_runClock.seconds = m_runStart + now;
        return m_failureKind == FailureKind::None;
    }
    const Response moved = post(QStringLiteral("/admin/set-clock"),
                                {{QStringLiteral("time"), QString::number(m_runStart + now)}}, false);
    if (!moved.answered)
        return false;
    if (!moved.ok()) {
        fail(FailureKind::NoAdminApi,
             LiveIssuerText::tr("%1 did not move its clock (POST /admin/set-clock answered %2)")
                 .arg(m_issuerUrl.toString())
                 .arg(moved.status));
        return false;
    }
    m_clockAt = now;
    m_runClock.seconds = m_runStart + now;
    return true;
}

bool LiveIssuer::login(qint64 now, qint32 user, qint32, qint32 family)
{
    m_lastAccessToken.clear();
    m_lastRefreshToken.clear();
    if (!syncClock(now))
        return false;
    // RFC 6749 §4.3: the resource owner password credentials grant.
    const Response answer = post(QStringLiteral("/token"),
                                 {{QStringLiteral("grant_type"), QStringLiteral("password")},
                                  {QStringLiteral("username"), userName(user)},
                                  {QStringLiteral("password"), password(user)},
                                  {QStringLiteral("scope"), QStringLiteral("offline_access")}},
                                 true);
    if (!answer.answered)
        return false;
    if (!answer.ok()) {
        if (answer.json.value(QStringLiteral("error")).toString() != u"invalid_grant")
            fail(FailureKind::Protocol,
                 LiveIssuerText::tr("the token endpoint refused a login: %1")
                     .arg(answer.json.value(QStringLiteral("error")).toString()));
        return false; // invalid_grant: the user is banned
    }
    if (!takeIssuedTokens(answer.json))
        return false;
    if (family >= 0) {
        if (m_lastRefreshToken.isEmpty()) {
            fail(FailureKind::Protocol,
                 LiveIssuerText::tr("the issuer issued no refresh token although its policy has them"));
            return false;
        }
        Q_ASSERT(size_t(family) == m_families.size());
        Family record;
        record.user = user;
        record.generations.push_back(m_lastRefreshToken);
        m_families.push_back(std::move(record));
    }
    return true;
}

bool LiveIssuer::takeIssuedTokens(const QJsonObject &answer)
{
    // RFC 6749 §5.1: a successful answer carries the access token. The timeline shows only what the issuer
    // returned, so an answer without one ends the run rather than letting the engine sign a stand-in.
    m_lastAccessToken = answer.value(QStringLiteral("access_token")).toString().toLatin1();
    m_lastRefreshToken = answer.value(QStringLiteral("refresh_token")).toString().toLatin1();
    if (m_lastAccessToken.isEmpty()) {
        fail(FailureKind::Protocol, LiveIssuerText::tr("the token endpoint answered 200 without an access_token"));
        return false;
    }
    return true;
}

SimRefreshAnswer LiveIssuer::refresh(qint64 now, qint32 familyIndex, qint32 generation)
{
    SimRefreshAnswer result;
    m_lastAccessToken.clear();
    m_lastRefreshToken.clear();
    Family &family = m_families[size_t(familyIndex)];
    if (!syncClock(now))
        return result;
    const Response answer
        = post(QStringLiteral("/token"),
               {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                {QStringLiteral("refresh_token"), QString::fromLatin1(family.generations[size_t(generation)])}},
               true);
    if (!answer.answered)
        return result;
    const qint32 current = qint32(family.generations.size()) - 1;
    if (!answer.ok()) {
        ++m_revocationsSent; // a refused refresh may have revoked its family (RFC 9700 §4.14.2)
        result.reason = refusalReason(answer.json);
        // RFC 9700 §4.14.2: a replayed rotated token revoked the whole family.
        result.familyRevoked = result.reason == policy::Reason::ReuseDetected;
        family.revoked = family.revoked || result.familyRevoked;
        result.generation = current;
        return result;
    }
    // An older generation was honoured: within the grace window, or reuse accepted. The HTTP answer looks the
    // same either way, so the rulebook's window (which the issuer applied first) says which.
    policy::RefreshFamilyState seen;
    seen.generation = current;
    seen.lastRotatedAt = family.lastRotatedAt;
    result.grace = generation < current && policy::RefreshRules::withinGrace(m_scenario.issuer, seen, generation, now);
    if (!takeIssuedTokens(answer.json))
        return result;
    if (m_lastRefreshToken == family.generations.back()) {
        result.outcome = policy::RefreshDecision::Outcome::ReturnCurrentToken;
        result.generation = current;
    } else {
        family.generations.push_back(m_lastRefreshToken);
        family.lastRotatedAt = now;
        result.outcome = policy::RefreshDecision::Outcome::IssueNewGeneration;
        result.generation = current + 1;
    }
    return result;
}

std::optional<QJsonObject> LiveIssuer::introspect(const QByteArray &token, qint64 now, const QString &typeHint)
{
    if (!syncClock(now))
        return std::nullopt;
    // RFC 7662 §2.1, with the run's client authenticating.
    const Response answer = post(
        QStringLiteral("/introspect"),
        {{QStringLiteral("token"), QString::fromLatin1(token)}, {QStringLiteral("token_type_hint"), typeHint}}, true);
    if (!answer.answered)
        return std::nullopt;
    if (!answer.ok() || !answer.json.value(QStringLiteral("active")).isBool()) {
        fail(FailureKind::Protocol, LiveIssuerText::tr("the introspection endpoint answered %1").arg(answer.status));
        return std::nullopt;
    }
    return answer.json;
}

bool LiveIssuer::wouldAccept(qint64 now, qint32 family, qint32 generation)
{
    const std::optional<QJsonObject> answer
        = introspect(m_families[size_t(family)].generations[size_t(generation)], now, QStringLiteral("refresh_token"));
    return answer && answer->value(QStringLiteral("active")).toBool();
}

SimFamilyTimes LiveIssuer::familyTimes(qint64 now, qint32 familyIndex)
{
    const Family &family = m_families[size_t(familyIndex)];
    SimFamilyTimes times;
    times.lastRotatedAt = family.lastRotatedAt;
    const std::optional<QJsonObject> answer
        = introspect(family.generations.back(), now, QStringLiteral("refresh_token"));
    if (answer && answer->value(QStringLiteral("exp")).isDouble())
        times.expiresAt = qint64(answer->value(QStringLiteral("exp")).toDouble()) - m_runStart;
    return times;
}

void LiveIssuer::revokeFamily(qint64 now, qint32 familyIndex)
{
    Family &family = m_families[size_t(familyIndex)];
    if (!syncClock(now))
        return;
    // RFC 7009 §2.1: revoking a refresh token; the issuer revokes its family with it.
    ++m_revocationsSent;
    const Response answer = post(QStringLiteral("/revoke"),
                                 {{QStringLiteral("token"), QString::fromLatin1(family.generations.back())},
                                  {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")}},
                                 true);
    if (answer.answered && !answer.ok())
        fail(FailureKind::Protocol, LiveIssuerText::tr("the revocation endpoint answered %1").arg(answer.status));
    family.revoked = true;
}

void LiveIssuer::banUser(qint64 now, qint32 user)
{
    if (!syncClock(now))
        return;
    ++m_revocationsSent;
    const Response answer = post(QStringLiteral("/admin/ban"), {{QStringLiteral("username"), userName(user)}}, false);
    if (answer.answered && !answer.ok())
        fail(FailureKind::Protocol, LiveIssuerText::tr("POST /admin/ban answered %1").arg(answer.status));
    m_banned[size_t(user)] = true;
}

void LiveIssuer::demoteUser(qint64 now, qint32 user)
{
    if (!syncClock(now))
        return;
    const Response answer
        = post(QStringLiteral("/admin/roles"),
               {{QStringLiteral("username"), userName(user)}, {QStringLiteral("roles"), QStringLiteral(R"(["user"])")}},
               false);
    if (answer.answered && !answer.ok())
        fail(FailureKind::Protocol, LiveIssuerText::tr("POST /admin/roles answered %1").arg(answer.status));
}

void LiveIssuer::rotateKeys(qint64 now)
{
    if (!syncClock(now))
        return;
    const Response answer = post(QStringLiteral("/admin/rotate-keys"), {}, false);
    if (answer.answered && !answer.ok())
        fail(FailureKind::Protocol, LiveIssuerText::tr("POST /admin/rotate-keys answered %1").arg(answer.status));
}

std::optional<LiveIssuer::AccessTokenStatus> LiveIssuer::introspectAccessToken(qint64 now,
                                                                               const QByteArray &accessToken)
{
    const std::optional<QJsonObject> answer = introspect(accessToken, now, QStringLiteral("access_token"));
    if (!answer)
        return std::nullopt;
    return AccessTokenStatus {answer->value(QStringLiteral("active")).toBool(),
                              answer->value(QStringLiteral("roles")).toArray().contains(adminRole)};
}

void LiveIssuer::revokeAccessToken(qint64 now, const QByteArray &accessToken)
{
    if (!syncClock(now))
        return;
    // RFC 7009 §2.1; the run's issuer is configured not to revoke the grant with it (the model does not either).
    ++m_revocationsSent;
    const Response answer = post(QStringLiteral("/revoke"),
                                 {{QStringLiteral("token"), QString::fromLatin1(accessToken)},
                                  {QStringLiteral("token_type_hint"), QStringLiteral("access_token")}},
                                 true);
    if (answer.answered && !answer.ok())
        fail(FailureKind::Protocol, LiveIssuerText::tr("the revocation endpoint answered %1").arg(answer.status));
}

bool LiveIssuer::fetchJwks(qint64 now, JwksCache &cache, JwksCache::Trigger trigger)
{
    if (!syncClock(now))
        return false;
    bool done = false;
    FetchError error;
    QEventLoop loop;
    const QMetaObject::Connection finished = QObject::connect(
        &cache, &JwksCache::finished, &loop, [&](JwksCache::SourceKind, const QUrl &, const FetchError &result) {
            done = true;
            error = result;
            loop.quit();
        });
    ++m_exchanges;
    cache.fetch(JwksCache::SourceKind::JwksUrl, m_jwksUri, FetchOptions {}, trigger);
    QTimer::singleShot(int(timeoutMs), &loop, &QEventLoop::quit);
    if (!done)
        loop.exec();
    QObject::disconnect(finished);
    if (!done) {
        cache.cancel();
        fail(FailureKind::Network,
             LiveIssuerText::tr("no answer from %1 within %2 s").arg(m_jwksUri.toString()).arg(timeoutMs / 1000));
        return false;
    }
    if (error.kind != FetchError::Kind::None) {
        const bool unreachable = error.kind == FetchError::Kind::HostNotFound
            || error.kind == FetchError::Kind::ConnectionRefused || error.kind == FetchError::Kind::Timeout;
        fail(unreachable ? FailureKind::Network : FailureKind::Protocol,
             LiveIssuerText::tr("the JWKS at %1 could not be fetched: %2").arg(m_jwksUri.toString(), error.message));
        return false;
    }
    return true;
}

} // namespace tokenscope::sim
