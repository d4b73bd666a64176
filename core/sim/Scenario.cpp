// Over 700 lines: the one reader of the scenario format (docs/scenarios.md), every member with its checks and its
// error message naming the line and field; the names of enum values and the work estimate live apart.
#include "sim/Scenario.h"

#include "jose/Json.h"
#include "sim/WorkEstimate.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>

#include <cmath>
#include <functional>

namespace tokenscope::sim {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct ScenarioText
{
    Q_DECLARE_TR_FUNCTIONS(ScenarioLoader)
};

const QString builtInDirectory = QStringLiteral(":/tokenscope/scenarios");

// Walks one JSON object, remembering which members were read, so that a misspelt member is reported instead of
// silently ignored.
class ObjectReader
{
public:
    ObjectReader(const JsonValue *object, QString path, QList<ScenarioError> *errors)
        : m_object(object), m_path(std::move(path)), m_errors(errors)
    { }

    [[nodiscard]] QString pathOf(const QString &member) const
    {
        return m_path.isEmpty() ? member : m_path + u'.' + member;
    }

    void error(const QString &member, const QString &message) const { m_errors->append({pathOf(member), message}); }

    const JsonValue *take(const QString &member)
    {
        m_known << member;
        return m_object ? m_object->value(member) : nullptr;
    }

    void string(const QString &member, QString *out)
    {
        const JsonValue *value = take(member);
        if (!value)
            return;
        if (!value->isString()) {
            error(member, ScenarioText::tr("expected a string"));
            return;
        }
        if (value->string.size() > 4096) {
            error(member, ScenarioText::tr("longer than 4096 characters"));
            return;
        }
        *out = value->string;
    }

    void boolean(const QString &member, bool *out)
    {
        const JsonValue *value = take(member);
        if (!value)
            return;
        if (!value->isBool()) {
            error(member, ScenarioText::tr("expected true or false"));
            return;
        }
        *out = value->boolean;
    }

    template<typename Int> void integer(const QString &member, Int *out, qint64 minimum, qint64 maximum)
    {
        const JsonValue *value = take(member);
        if (!value)
            return;
        const std::optional<qint64> number = value->isNumber() ? value->toInteger() : std::nullopt;
        if (!number) {
            error(member, ScenarioText::tr("expected an integer"));
            return;
        }
        if (*number < minimum || *number > maximum) {
            error(member, ScenarioText::tr("%1 is out of range (%2 to %3)").arg(*number).arg(minimum).arg(maximum));
            return;
        }
        *out = Int(*number);
    }

    void probability(const QString &member, double *out)
    {
        const JsonValue *value = take(member);
        if (!value)
            return;
        const std::optional<double> number = value->isNumber() ? value->toDouble() : std::nullopt;
        if (!number || !std::isfinite(*number) || *number < 0.0 || *number > 1.0) {
            error(member, ScenarioText::tr("expected a number from 0 to 1"));
            return;
        }
        *out = *number;
    }

    // A duration: an integer number of seconds or a string such as "15m", "1h30m", "7d".
    void duration(const QString &member, qint64 *out, qint64 minimum = 0, qint64 maximum = ScenarioLoader::maxDuration)
    {
        const JsonValue *value = take(member);
        if (!value)
            return;
        std::optional<qint64> seconds;
        if (value->isNumber())
            seconds = value->toInteger();
        else if (value->isString())
            seconds = ScenarioLoader::parseDuration(value->string);
        if (!seconds) {
            error(member, ScenarioText::tr("expected a duration such as 90, \"45s\", \"15m\", \"1h30m\" or \"7d\""));
            return;
        }
        if (*seconds < minimum || *seconds > maximum) {
            error(member,
                  ScenarioText::tr("%1 s is out of range (%2 to %3 s)").arg(*seconds).arg(minimum).arg(maximum));
            return;
        }
        *out = *seconds;
    }

    template<typename Enum>
    void enumeration(const QString &member, Enum *out, std::optional<Enum> (*fromName)(QStringView),
                     const QStringList &allowed)
    {
        const JsonValue *value = take(member);
        if (!value)
            return;
        const std::optional<Enum> parsed = value->isString() ? fromName(value->string) : std::nullopt;
        if (!parsed) {
            error(member, ScenarioText::tr("expected one of %1").arg(allowed.join(QStringLiteral(", "))));
            return;
        }
        *out = *parsed;
    }

    // Reports members nobody asked for (typos such as "acessTokenTtl").
    void finish() const
    {
        if (!m_object)
            return;
        for (const JsonMember &member : m_object->members) {
            if (!m_known.contains(member.name))
                error(member.name, ScenarioText::tr("unknown member"));
        }
    }

private:
    const JsonValue *m_object;
    QString m_path;
    QList<ScenarioError> *m_errors;
    QStringList m_known;
};

template<typename Enum, size_t N>
std::function<std::optional<Enum>(QStringView)> tableLookup(const std::pair<Enum, const char16_t *> (&table)[N])
{
    return [&table](QStringView name) -> std::optional<Enum> {
        for (const auto &[value, spelling] : table) {
            if (name == QStringView(spelling))
                return value;
        }
        return std::nullopt;
    };
}

template<typename Enum, size_t N> QStringList spellings(const std::pair<Enum, const char16_t *> (&table)[N])
{
    QStringList list;
    for (const auto &entry : table)
        list << QString::fromUtf16(entry.second);
    return list;
}

template<typename Enum, size_t N> QString spellingOf(const std::pair<Enum, const char16_t *> (&table)[N], Enum value)
{
    for (const auto &[candidate, spelling] : table) {
        if (candidate == value)
            return QString::fromUtf16(spelling);
    }
    return {};
}

const std::pair<ServerMode, const char16_t *> serverModes[] = {
    {ServerMode::StatelessJwt, u"stateless_jwt"},
    {ServerMode::JwtBlocklist, u"jwt_blocklist"},
    {ServerMode::Introspection, u"introspection"},
    {ServerMode::Session, u"session"},
};
const std::pair<Routing, const char16_t *> routings[] = {
    {Routing::RoundRobin, u"round_robin"},
    {Routing::Random, u"random"},
    {Routing::Sticky, u"sticky"},
};
const std::pair<RefreshTiming, const char16_t *> refreshTimings[] = {
    {RefreshTiming::Ahead, u"ahead"},
    {RefreshTiming::OnDemand, u"on_demand"},
    {RefreshTiming::AfterRejection, u"after_rejection"},
};
const std::pair<StolenCredential, const char16_t *> stolenCredentials[] = {
    {StolenCredential::AccessToken, u"access_token"},
    {StolenCredential::RefreshToken, u"refresh_token"},
    {StolenCredential::SessionId, u"session_id"},
};
const std::pair<OperatorAction, const char16_t *> operatorActions[] = {
    {OperatorAction::RevokeRefreshToken, u"revoke_refresh_token"},
    {OperatorAction::BanUser, u"ban_user"},
    {OperatorAction::DemoteUser, u"demote_user"},
    {OperatorAction::LogoutEverywhere, u"logout_everywhere"},
    {OperatorAction::RotateKey, u"rotate_key"},
    {OperatorAction::BlocklistAdd, u"blocklist_add"},
    {OperatorAction::StoreOutage, u"store_outage"},
    {OperatorAction::ServerOutage, u"server_outage"},
};

// Adapts a std::function lookup to ObjectReader::enumeration's plain function pointer by going through a static.
template<typename Enum, size_t N>
void readEnum(ObjectReader &reader, const QString &member, Enum *out,
              const std::pair<Enum, const char16_t *> (&table)[N])
{
    const JsonValue *value = reader.take(member);
    if (!value)
        return;
    const std::optional<Enum> parsed = value->isString() ? tableLookup(table)(value->string) : std::nullopt;
    if (!parsed) {
        reader.error(member, ScenarioText::tr("expected one of %1").arg(spellings(table).join(QStringLiteral(", "))));
        return;
    }
    *out = *parsed;
}

void readIssuer(const JsonValue *value, const QString &path, IssuerPolicy *policy, QList<ScenarioError> *errors)
{
    if (!value)
        return;
    if (!value->isObject()) {
        errors->append({path, ScenarioText::tr("expected an object")});
        return;
    }
    ObjectReader reader(value, path, errors);
    if (const JsonValue *preset = reader.take(QStringLiteral("preset"))) {
        const std::optional<IssuerPolicy> named
            = preset->isString() ? IssuerPresets::byName(preset->string) : std::nullopt;
        if (!named)
            reader.error(QStringLiteral("preset"),
                         ScenarioText::tr("expected one of %1").arg(IssuerPresets::names().join(QStringLiteral(", "))));
        else
            *policy = *named;
    }
    reader.duration(QStringLiteral("accessTokenTtl"), &policy->accessTokenTtl, 1);
    reader.string(QStringLiteral("issuerUrl"), &policy->issuerUrl);
    reader.string(QStringLiteral("audience"), &policy->audience);

    if (const JsonValue *refresh = reader.take(QStringLiteral("refreshToken"))) {
        const QString refreshPath = reader.pathOf(QStringLiteral("refreshToken"));
        if (!refresh->isObject()) {
            errors->append({refreshPath, ScenarioText::tr("expected an object")});
        } else {
            ObjectReader r(refresh, refreshPath, errors);
            r.boolean(QStringLiteral("enabled"), &policy->refreshTokensEnabled);
            r.duration(QStringLiteral("lifetime"), &policy->refreshTokenLifetime);
            r.enumeration<RefreshLifetimeMode>(
                QStringLiteral("lifetimeMode"), &policy->lifetimeMode, PolicyNames::lifetimeModeFromName,
                {QStringLiteral("absolute"), QStringLiteral("sliding_idle"), QStringLiteral("inherit_remaining")});
            r.duration(QStringLiteral("maxLifetime"), &policy->refreshTokenMaxLifetime);
            r.enumeration<RotationMode>(
                QStringLiteral("rotation"), &policy->rotation, PolicyNames::rotationFromName,
                {QStringLiteral("never"), QStringLiteral("always"), QStringLiteral("after_percent")});
            r.integer(QStringLiteral("rotateAfterPercent"), &policy->rotateAfterPercent, 0, 100);
            r.enumeration<ReuseHandling>(
                QStringLiteral("reuse"), &policy->reuse, PolicyNames::reuseFromName,
                {QStringLiteral("revoke_family"), QStringLiteral("reject_replay"), QStringLiteral("accept")});
            if (const JsonValue *grace = r.take(QStringLiteral("grace"))) {
                const QString gracePath = r.pathOf(QStringLiteral("grace"));
                if (!grace->isObject()) {
                    errors->append({gracePath, ScenarioText::tr("expected an object with \"mode\" and \"seconds\"")});
                } else {
                    ObjectReader g(grace, gracePath, errors);
                    g.enumeration<GraceMode>(
                        QStringLiteral("mode"), &policy->grace, PolicyNames::graceFromName,
                        {QStringLiteral("none"), QStringLiteral("new_token"), QStringLiteral("same_token")});
                    g.duration(QStringLiteral("seconds"), &policy->graceSeconds, 0, 86400);
                    g.finish();
                }
            }
            r.finish();
        }
    }
    if (const JsonValue *signing = reader.take(QStringLiteral("signing"))) {
        const QString signingPath = reader.pathOf(QStringLiteral("signing"));
        if (!signing->isObject()) {
            errors->append({signingPath, ScenarioText::tr("expected an object")});
        } else {
            ObjectReader s(signing, signingPath, errors);
            if (const JsonValue *alg = s.take(QStringLiteral("algorithm"))) {
                const std::optional<Algorithm> algorithm
                    = alg->isString() ? Algorithms::fromName(alg->string) : std::nullopt;
                if (!algorithm)
                    s.error(QStringLiteral("algorithm"),
                            ScenarioText::tr("expected a JWS algorithm such as ES256, RS256 or EdDSA"));
                else
                    policy->signingAlgorithm = *algorithm;
            }
            s.duration(QStringLiteral("rotateEvery"), &policy->keyRotationInterval);
            s.duration(QStringLiteral("overlap"), &policy->keyOverlap);
            s.finish();
        }
    }
    if (const JsonValue *session = reader.take(QStringLiteral("session"))) {
        const QString sessionPath = reader.pathOf(QStringLiteral("session"));
        if (!session->isObject()) {
            errors->append({sessionPath, ScenarioText::tr("expected an object")});
        } else {
            ObjectReader s(session, sessionPath, errors);
            s.duration(QStringLiteral("idle"), &policy->sessionIdle);
            s.duration(QStringLiteral("maxLifetime"), &policy->sessionMaxLifetime);
            s.finish();
        }
    }
    reader.finish();
    // A preset with changes is no longer the provider's documented behaviour: say so wherever the name is shown.
    if (value->value(u"preset") && value->members.size() > 1 && !policy->presetName.isEmpty())
        policy->presetName += QStringLiteral(" (modified)");
    if (policy->keyRotationInterval > 0 && policy->keyOverlap >= policy->keyRotationInterval)
        errors->append(
            {path + QStringLiteral(".signing.overlap"), ScenarioText::tr("must be shorter than signing.rotateEvery")});
    if (policy->keyRotationInterval > 0 && policy->keyRotationInterval < 60)
        errors->append({path + QStringLiteral(".signing.rotateEvery"),
                        ScenarioText::tr("a key rotation interval under 60 s is not supported")});
}

std::optional<qint64> parseStart(const JsonValue &value)
{
    if (value.isNumber())
        return value.toInteger();
    if (!value.isString())
        return std::nullopt;
    const QDateTime time = QDateTime::fromString(value.string, Qt::ISODate);
    if (!time.isValid() || time.timeSpec() != Qt::UTC)
        return std::nullopt;
    return time.toSecsSinceEpoch();
}

Scenario readScenario(const JsonValue &root, const QString &name, QList<ScenarioError> *errors)
{
    Scenario scenario;
    scenario.name = name;
    ObjectReader reader(&root, {}, errors);
    if (const JsonValue *schema = reader.take(QStringLiteral("schema"))) {
        if (!schema->isString() || schema->string != u"tokenscope-scenario/1")
            reader.error(QStringLiteral("schema"), ScenarioText::tr("expected \"tokenscope-scenario/1\""));
    }
    reader.string(QStringLiteral("name"), &scenario.name);
    reader.string(QStringLiteral("title"), &scenario.title);
    reader.string(QStringLiteral("description"), &scenario.description);
    reader.take(QStringLiteral("variants")); // resolved by the caller
    if (const JsonValue *start = reader.take(QStringLiteral("start"))) {
        const std::optional<qint64> seconds = parseStart(*start);
        if (!seconds || *seconds < 0 || *seconds > 4'000'000'000LL)
            reader.error(
                QStringLiteral("start"),
                ScenarioText::tr("expected seconds since the epoch or a UTC time such as \"2026-01-01T00:00:00Z\""));
        else
            scenario.start = *seconds;
    }
    reader.duration(QStringLiteral("duration"), &scenario.duration, 1);
    reader.integer(QStringLiteral("seed"), &scenario.seed, 0, std::numeric_limits<qint64>::max());
    reader.duration(QStringLiteral("sampleInterval"), &scenario.sampleInterval, 60);

    readIssuer(reader.take(QStringLiteral("issuer")), QStringLiteral("issuer"), &scenario.issuer, errors);

    if (const JsonValue *server = reader.take(QStringLiteral("resourceServer"))) {
        if (!server->isObject()) {
            reader.error(QStringLiteral("resourceServer"), ScenarioText::tr("expected an object"));
        } else {
            ResourceServerConfig &config = scenario.server;
            ObjectReader r(server, QStringLiteral("resourceServer"), errors);
            readEnum(r, QStringLiteral("mode"), &config.mode, serverModes);
            r.integer(QStringLiteral("servers"), &config.servers, 1, ScenarioLoader::maxServers);
            readEnum(r, QStringLiteral("routing"), &config.routing, routings);
            r.boolean(QStringLiteral("sharedStore"), &config.sharedStore);
            r.duration(QStringLiteral("leeway"), &config.leeway, 0, 86400);
            r.duration(QStringLiteral("jwksCacheAge"), &config.jwksCacheAge, 1);
            r.boolean(QStringLiteral("refetchOnUnknownKid"), &config.refetchOnUnknownKid);
            r.duration(QStringLiteral("unknownKidRefetchInterval"), &config.unknownKidRefetchInterval);
            r.duration(QStringLiteral("introspectionCacheTtl"), &config.introspectionCacheTtl);
            r.boolean(QStringLiteral("blocklistOnRevoke"), &config.blocklistOnRevoke);
            r.finish();
        }
    }

    if (const JsonValue *clients = reader.take(QStringLiteral("clients"))) {
        if (!clients->isObject()) {
            reader.error(QStringLiteral("clients"), ScenarioText::tr("expected an object"));
        } else {
            ClientConfig &config = scenario.clients;
            ObjectReader r(clients, QStringLiteral("clients"), errors);
            r.integer(QStringLiteral("count"), &config.count, 1, ScenarioLoader::maxClients);
            r.integer(QStringLiteral("users"), &config.users, 0, ScenarioLoader::maxClients);
            r.duration(QStringLiteral("loginSpread"), &config.loginSpread);
            r.duration(QStringLiteral("requestInterval"), &config.requestInterval, 1);
            if (const JsonValue *distribution = r.take(QStringLiteral("requestDistribution"))) {
                if (distribution->isString() && distribution->string == u"exponential")
                    config.exponentialIntervals = true;
                else if (distribution->isString() && distribution->string == u"fixed")
                    config.exponentialIntervals = false;
                else
                    r.error(QStringLiteral("requestDistribution"),
                            ScenarioText::tr("expected one of exponential, fixed"));
            }
            readEnum(r, QStringLiteral("refresh"), &config.refresh, refreshTimings);
            r.duration(QStringLiteral("refreshAhead"), &config.refreshAhead);
            r.probability(QStringLiteral("concurrentRefreshProbability"), &config.concurrentRefreshProbability);
            r.duration(QStringLiteral("concurrentRefreshDelay"), &config.concurrentRefreshDelay, 0, 3600);
            r.probability(QStringLiteral("lostResponseProbability"), &config.lostResponseProbability);
            r.duration(QStringLiteral("lostResponseRetryDelay"), &config.lostResponseRetryDelay, 0, 3600);
            r.duration(QStringLiteral("reloginDelay"), &config.reloginDelay);
            r.duration(QStringLiteral("stopAfter"), &config.stopAfter);
            if (const JsonValue *admins = r.take(QStringLiteral("adminUsers"))) {
                if (!admins->isArray() || admins->elements.size() > 10'000) {
                    r.error(QStringLiteral("adminUsers"),
                            ScenarioText::tr("expected an array of at most 10000 user numbers"));
                } else {
                    for (size_t i = 0; i < admins->elements.size(); ++i) {
                        const std::optional<qint64> user = admins->elements[i].toInteger();
                        if (!admins->elements[i].isNumber() || !user || *user < 0
                            || *user >= ScenarioLoader::maxClients)
                            errors->append({QStringLiteral("clients.adminUsers[%1]").arg(i),
                                            ScenarioText::tr("expected a user number")});
                        else
                            config.adminUsers << int(*user);
                    }
                }
            }
            r.finish();
        }
    }

    if (const JsonValue *attackers = reader.take(QStringLiteral("attackers"))) {
        if (!attackers->isArray()) {
            reader.error(QStringLiteral("attackers"), ScenarioText::tr("expected an array"));
        } else if (attackers->elements.size() > size_t(ScenarioLoader::maxAttackers)) {
            reader.error(QStringLiteral("attackers"),
                         ScenarioText::tr("more than %1 attackers").arg(ScenarioLoader::maxAttackers));
        } else {
            for (size_t i = 0; i < attackers->elements.size(); ++i) {
                const QString itemPath = QStringLiteral("attackers[%1]").arg(i);
                const JsonValue &item = attackers->elements[i];
                if (!item.isObject()) {
                    errors->append({itemPath, ScenarioText::tr("expected an object")});
                    continue;
                }
                AttackerConfig attacker;
                ObjectReader r(&item, itemPath, errors);
                r.duration(QStringLiteral("at"), &attacker.at);
                if (!item.value(u"steals"))
                    r.error(QStringLiteral("steals"),
                            ScenarioText::tr("required: access_token, refresh_token or session_id"));
                readEnum(r, QStringLiteral("steals"), &attacker.steals, stolenCredentials);
                r.integer(QStringLiteral("client"), &attacker.client, 0, ScenarioLoader::maxClients - 1);
                r.duration(QStringLiteral("requestInterval"), &attacker.requestInterval, 1);
                r.duration(QStringLiteral("refreshDelay"), &attacker.refreshDelay);
                r.duration(QStringLiteral("stopAfter"), &attacker.stopAfter);
                r.finish();
                scenario.attackers.push_back(attacker);
            }
        }
    }

    if (const JsonValue *events = reader.take(QStringLiteral("events"))) {
        if (!events->isArray()) {
            reader.error(QStringLiteral("events"), ScenarioText::tr("expected an array"));
        } else if (events->elements.size() > size_t(ScenarioLoader::maxEvents)) {
            reader.error(QStringLiteral("events"),
                         ScenarioText::tr("more than %1 events").arg(ScenarioLoader::maxEvents));
        } else {
            for (size_t i = 0; i < events->elements.size(); ++i) {
                const QString itemPath = QStringLiteral("events[%1]").arg(i);
                const JsonValue &item = events->elements[i];
                if (!item.isObject()) {
                    errors->append({itemPath, ScenarioText::tr("expected an object")});
                    continue;
                }
                OperatorEvent event;
                ObjectReader r(&item, itemPath, errors);
                r.duration(QStringLiteral("at"), &event.at);
                if (!item.value(u"action"))
                    r.error(QStringLiteral("action"),
                            ScenarioText::tr("required: one of %1")
                                .arg(spellings(operatorActions).join(QStringLiteral(", "))));
                readEnum(r, QStringLiteral("action"), &event.action, operatorActions);
                r.integer(QStringLiteral("client"), &event.client, 0, ScenarioLoader::maxClients - 1);
                r.integer(QStringLiteral("user"), &event.user, 0, ScenarioLoader::maxClients - 1);
                r.boolean(QStringLiteral("emergency"), &event.emergency);
                r.duration(QStringLiteral("duration"), &event.duration);
                r.boolean(QStringLiteral("losesData"), &event.losesData);
                r.integer(QStringLiteral("server"), &event.server, -1, ScenarioLoader::maxServers - 1);
                r.finish();
                scenario.events.push_back(event);
            }
        }
    }
    reader.finish();

    // Cross-member checks, reported where the user would fix them.
    const int users = scenario.clients.users > 0 ? scenario.clients.users : scenario.clients.count;
    for (size_t i = 0; i < scenario.attackers.size(); ++i) {
        const AttackerConfig &attacker = scenario.attackers[i];
        if (attacker.client >= scenario.clients.count)
            errors->append({QStringLiteral("attackers[%1].client").arg(i),
                            ScenarioText::tr("client %1 does not exist (clients.count is %2)")
                                .arg(attacker.client)
                                .arg(scenario.clients.count)});
        if (attacker.at >= scenario.duration)
            errors->append({QStringLiteral("attackers[%1].at").arg(i), ScenarioText::tr("after the end of the run")});
        const bool sessionMode = scenario.server.mode == ServerMode::Session;
        if (sessionMode != (attacker.steals == StolenCredential::SessionId))
            errors->append({QStringLiteral("attackers[%1].steals").arg(i),
                            sessionMode
                                ? ScenarioText::tr("resource servers use sessions: only session_id can be stolen")
                                : ScenarioText::tr("resource servers take tokens: there is no session id to steal")});
        if (attacker.steals == StolenCredential::RefreshToken && !scenario.issuer.refreshTokensEnabled)
            errors->append({QStringLiteral("attackers[%1].steals").arg(i),
                            ScenarioText::tr("the issuer issues no refresh tokens")});
    }
    for (size_t i = 0; i < scenario.events.size(); ++i) {
        const OperatorEvent &event = scenario.events[i];
        if (event.at >= scenario.duration)
            errors->append({QStringLiteral("events[%1].at").arg(i), ScenarioText::tr("after the end of the run")});
        if (event.client >= scenario.clients.count)
            errors->append({QStringLiteral("events[%1].client").arg(i),
                            ScenarioText::tr("client %1 does not exist (clients.count is %2)")
                                .arg(event.client)
                                .arg(scenario.clients.count)});
        if (event.user >= users)
            errors->append({QStringLiteral("events[%1].user").arg(i),
                            ScenarioText::tr("user %1 does not exist (%2 users)").arg(event.user).arg(users)});
        if (event.server >= scenario.server.servers)
            errors->append({QStringLiteral("events[%1].server").arg(i),
                            ScenarioText::tr("server %1 does not exist").arg(event.server)});
        if (event.action == OperatorAction::ServerOutage && event.server < 0)
            errors->append({QStringLiteral("events[%1].server").arg(i),
                            ScenarioText::tr("a server outage needs the server's number")});
        if (event.action == OperatorAction::ServerOutage && event.duration <= 0)
            errors->append(
                {QStringLiteral("events[%1].duration").arg(i), ScenarioText::tr("a server outage needs a duration")});
        if (event.action == OperatorAction::StoreOutage && event.duration <= 0)
            errors->append(
                {QStringLiteral("events[%1].duration").arg(i), ScenarioText::tr("a store outage needs a duration")});
    }
    for (qsizetype i = 0; i < scenario.clients.adminUsers.size(); ++i) {
        if (scenario.clients.adminUsers[i] >= users)
            errors->append({QStringLiteral("clients.adminUsers[%1]").arg(i),
                            ScenarioText::tr("user %1 does not exist").arg(scenario.clients.adminUsers[i])});
    }
    if (scenario.clients.users > scenario.clients.count)
        errors->append({QStringLiteral("clients.users"), ScenarioText::tr("more users than clients")});
    // A bound on work, once the members are known to be good (a run within every limit can still take weeks).
    if (errors->isEmpty()) {
        if (std::optional<ScenarioError> overBudget = WorkBudget::check(scenario))
            errors->append(*overBudget);
    }
    return scenario;
}

// RFC 7396 JSON Merge Patch: a variant's "overrides" applied to the base document.
void mergePatch(JsonValue &target, const JsonValue &patch)
{
    if (!patch.isObject()) {
        target = patch;
        return;
    }
    if (!target.isObject())
        target = JsonValue::makeObject();
    for (const JsonMember &member : patch.members) {
        auto existing = std::find_if(target.members.begin(), target.members.end(),
                                     [&](const JsonMember &m) { return m.name == member.name; });
        if (member.value.isNull()) {
            if (existing != target.members.end())
                target.members.erase(existing);
        } else if (existing != target.members.end()) {
            mergePatch(existing->value, member.value);
        } else {
            JsonValue value;
            mergePatch(value, member.value);
            target.append(member.name, std::move(value));
        }
    }
}

} // namespace

QString ScenarioError::toString() const
{
    return path.isEmpty() ? message : path + QStringLiteral(": ") + message;
}

namespace ScenarioNames {
QString serverMode(ServerMode mode)
{
    return spellingOf(serverModes, mode);
}
QString routing(Routing value)
{
    return spellingOf(routings, value);
}
QString refreshTiming(RefreshTiming timing)
{
    return spellingOf(refreshTimings, timing);
}
QString stolenCredential(StolenCredential credential)
{
    return spellingOf(stolenCredentials, credential);
}
QString operatorAction(OperatorAction action)
{
    return spellingOf(operatorActions, action);
}
} // namespace ScenarioNames

namespace ScenarioLoader {

std::optional<qint64> parseDuration(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 32)
        return std::nullopt;
    // Parsing stops well above any limit a member has, so a long duration is reported as out of range.
    constexpr qint64 parseLimit = 10LL * 366 * 86400;
    qint64 total = 0;
    qint64 number = -1;
    bool sawUnit = false;
    for (const QChar c : text) {
        if (c.isDigit()) {
            number = (number < 0 ? 0 : number) * 10 + c.digitValue();
            if (number > parseLimit)
                return std::nullopt;
            continue;
        }
        if (number < 0)
            return std::nullopt;
        qint64 unit = 0;
        switch (c.unicode()) {
        case u's':
            unit = 1;
            break;
        case u'm':
            unit = 60;
            break;
        case u'h':
            unit = 3600;
            break;
        case u'd':
            unit = 86400;
            break;
        case u'w':
            unit = 7 * 86400;
            break;
        default:
            return std::nullopt;
        }
        total += number * unit;
        if (total > parseLimit)
            return std::nullopt;
        number = -1;
        sawUnit = true;
    }
    if (number >= 0) {
        if (sawUnit)
            return std::nullopt; // "1h30": a number without its unit after a unit
        total += number;
    }
    return total;
}

ScenarioLoadResult load(QByteArrayView json, const QString &name, const JsonValue &overrides)
{
    ScenarioLoadResult result;
    if (json.size() > maxFileBytes) {
        result.errors.append(
            {{},
             ScenarioText::tr("the file is %1 bytes; scenarios may be at most %2").arg(json.size()).arg(maxFileBytes)});
        return result;
    }
    JsonLimits limits;
    limits.maxDepth = 16;
    const JsonParseResult parsed = Json::parse(json, limits);
    if (!parsed) {
        result.errors.append(
            {{}, ScenarioText::tr("not valid JSON at byte %1: %2").arg(parsed.error.offset).arg(parsed.error.message)});
        return result;
    }
    if (!parsed.duplicates.empty()) {
        result.errors.append({parsed.duplicates.front().name, ScenarioText::tr("member appears twice")});
        return result;
    }
    const JsonValue &root = *parsed.value;
    if (!root.isObject()) {
        result.errors.append({{}, ScenarioText::tr("expected a JSON object at the top level")});
        return result;
    }
    if (!overrides.isNull() && !overrides.isObject()) {
        result.errors.append({{}, ScenarioText::tr("overrides must be a JSON object")});
        return result;
    }
    const JsonValue *variants = root.value(u"variants");
    if (!variants) {
        JsonValue merged = root;
        if (overrides.isObject())
            mergePatch(merged, overrides);
        QList<ScenarioError> errors;
        Scenario scenario = readScenario(merged, name, &errors);
        if (errors.isEmpty())
            result.variants.append(std::move(scenario));
        result.errors = errors;
        return result;
    }
    if (!variants->isArray() || variants->elements.empty()) {
        result.errors.append({QStringLiteral("variants"), ScenarioText::tr("expected a non-empty array")});
        return result;
    }
    if (variants->elements.size() > size_t(maxVariants)) {
        result.errors.append({QStringLiteral("variants"), ScenarioText::tr("more than %1 variants").arg(maxVariants)});
        return result;
    }
    QStringList seen;
    for (size_t i = 0; i < variants->elements.size(); ++i) {
        const QString path = QStringLiteral("variants[%1]").arg(i);
        const JsonValue &variant = variants->elements[i];
        if (!variant.isObject()) {
            result.errors.append({path, ScenarioText::tr("expected an object with \"name\" and \"overrides\"")});
            continue;
        }
        const JsonValue *variantName = variant.value(u"name");
        if (!variantName || !variantName->isString() || variantName->string.isEmpty()) {
            result.errors.append({path + QStringLiteral(".name"), ScenarioText::tr("expected a non-empty string")});
            continue;
        }
        if (seen.contains(variantName->string)) {
            result.errors.append(
                {path + QStringLiteral(".name"), ScenarioText::tr("\"%1\" is used twice").arg(variantName->string)});
            continue;
        }
        seen << variantName->string;
        for (const JsonMember &member : variant.members) {
            if (member.name != u"name" && member.name != u"overrides" && member.name != u"title")
                result.errors.append({path + u'.' + member.name, ScenarioText::tr("unknown member")});
        }
        JsonValue merged = root;
        merged.members.erase(std::remove_if(merged.members.begin(), merged.members.end(),
                                            [](const JsonMember &m) { return m.name == u"variants"; }),
                             merged.members.end());
        if (const JsonValue *variantOverrides = variant.value(u"overrides")) {
            if (!variantOverrides->isObject()) {
                result.errors.append({path + QStringLiteral(".overrides"), ScenarioText::tr("expected an object")});
                continue;
            }
            mergePatch(merged, *variantOverrides);
        }
        if (overrides.isObject())
            mergePatch(merged, overrides);
        QList<ScenarioError> errors;
        Scenario scenario = readScenario(merged, name, &errors);
        scenario.variant = variantName->string;
        for (ScenarioError &error : errors)
            error.message = ScenarioText::tr("%1 (in variant \"%2\")").arg(error.message, variantName->string);
        result.errors += errors;
        if (errors.isEmpty())
            result.variants.append(std::move(scenario));
    }
    if (!result.errors.isEmpty())
        result.variants.clear();
    return result;
}

QStringList builtInNames()
{
    QStringList names;
    const QStringList files = QDir(builtInDirectory).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &file : files)
        names << file.chopped(5);
    return names;
}

ScenarioLoadResult loadBuiltIn(const QString &name, const JsonValue &overrides)
{
    QFile file(builtInDirectory + u'/' + name + QStringLiteral(".json"));
    if (name.contains(u'/') || !file.open(QIODevice::ReadOnly)) {
        ScenarioLoadResult result;
        result.errors.append({{},
                              ScenarioText::tr("no built-in scenario \"%1\" (built in: %2)")
                                  .arg(name, builtInNames().join(QStringLiteral(", ")))});
        return result;
    }
    return load(file.readAll(), name, overrides);
}

} // namespace ScenarioLoader
} // namespace tokenscope::sim
