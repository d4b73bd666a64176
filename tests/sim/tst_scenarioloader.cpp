// ScenarioLoader and the built-in scenarios: every built-in loads and runs with the headline metrics it exists to
// show; malformed files are rejected with the path of the member and what is wrong; provider presets.

#include "SimTestSupport.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::sim;
using namespace tokenscope::test;
using namespace Qt::StringLiterals;

namespace {

// Runs every variant of a built-in scenario; returns metrics by variant name.
QHash<QString, SimMetrics> runBuiltIn(const QString &name)
{
    QHash<QString, SimMetrics> results;
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(name);
    if (!loaded) {
        qWarning() << name << (loaded.errors.isEmpty() ? QString() : loaded.errors.first().toString());
        return results;
    }
    for (const Scenario &scenario : loaded.variants)
        results.insert(scenario.variant, runScenario(scenario));
    return results;
}

qint64 firstExposure(const SimMetrics &metrics)
{
    return metrics.exposures.isEmpty() ? -1 : metrics.exposures.first().seconds();
}

} // namespace

class TestScenarioLoader : public QObject
{
    Q_OBJECT

private slots:
    void parsesDurations_data();
    void parsesDurations();
    void rejectsMalformedScenarios_data();
    void rejectsMalformedScenarios();
    void overridesAreReadAsMembersAfterTheVariants();
    void readsEveryMember();
    void variantsOverrideTheBase();
    void presetsCarryTheProvidersDefaults_data();
    void presetsCarryTheProvidersDefaults();
    void presetsReuseClassesBehaveAsDocumented_data();
    void presetsReuseClassesBehaveAsDocumented();

    void everyBuiltInLoadsAndRuns();
    void builtInA_sessionsAcrossServers();
    void builtInB_storeOutage();
    void builtInC_stolenAccessToken();
    void builtInD_banAndDemote();
    void builtInE_refreshRevoked();
    void builtInF_rotationCatchesThief();
    void builtInG_blocklist();
    void builtInH_keyRotation();
    void builtInI_concurrentRefreshRace();
    void builtInJ_bytesPerRequest();
};

void TestScenarioLoader::parsesDurations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("seconds"); // -1: rejected
    QTest::newRow("bare seconds") << u"90"_s << qint64(90);
    QTest::newRow("seconds") << u"45s"_s << qint64(45);
    QTest::newRow("minutes") << u"15m"_s << qint64(900);
    QTest::newRow("combined") << u"1h30m"_s << qint64(5400);
    QTest::newRow("days") << u"7d"_s << qint64(604800);
    QTest::newRow("weeks") << u"2w"_s << qint64(1209600);
    QTest::newRow("zero") << u"0"_s << qint64(0);
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("unknown unit") << u"1x"_s << qint64(-1);
    QTest::newRow("unit without number") << u"h"_s << qint64(-1);
    QTest::newRow("trailing number after unit") << u"1h30"_s << qint64(-1);
    QTest::newRow("negative") << u"-5"_s << qint64(-1);
    QTest::newRow("too long") << u"100000d"_s << qint64(-1);
}

void TestScenarioLoader::parsesDurations()
{
    QFETCH(QString, text);
    QFETCH(qint64, seconds);
    const std::optional<qint64> parsed = ScenarioLoader::parseDuration(text);
    QCOMPARE(parsed.value_or(-1), seconds);
}

void TestScenarioLoader::rejectsMalformedScenarios_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::newRow("not json") << QByteArray("{\"duration\": ") << QString() << u"not valid JSON at byte"_s;
    QTest::newRow("array at the top") << QByteArray("[]") << QString() << u"expected a JSON object"_s;
    QTest::newRow("duplicate member") << QByteArray(R"({"seed":1,"seed":2})") << u"seed"_s << u"twice"_s;
    QTest::newRow("wrong schema") << QByteArray(R"({"schema":"other/2"})") << u"schema"_s << u"tokenscope-scenario/1"_s;
    QTest::newRow("count zero") << QByteArray(R"({"clients":{"count":0}})") << u"clients.count"_s << u"out of range"_s;
    QTest::newRow("count not a number") << QByteArray(R"({"clients":{"count":"many"}})") << u"clients.count"_s
                                        << u"expected an integer"_s;
    QTest::newRow("misspelt member") << QByteArray(R"({"issuer":{"acessTokenTtl":"15m"}})") << u"issuer.acessTokenTtl"_s
                                     << u"unknown member"_s;
    QTest::newRow("bad duration") << QByteArray(R"({"issuer":{"accessTokenTtl":"15 minutes"}})")
                                  << u"issuer.accessTokenTtl"_s << u"expected a duration"_s;
    QTest::newRow("zero access token ttl")
        << QByteArray(R"({"issuer":{"accessTokenTtl":0}})") << u"issuer.accessTokenTtl"_s << u"out of range"_s;
    QTest::newRow("bad rotation") << QByteArray(R"({"issuer":{"refreshToken":{"rotation":"sometimes"}}})")
                                  << u"issuer.refreshToken.rotation"_s
                                  << u"expected one of never, always, after_percent"_s;
    QTest::newRow("bad grace") << QByteArray(R"({"issuer":{"refreshToken":{"grace":{"mode":"lots"}}}})")
                               << u"issuer.refreshToken.grace.mode"_s << u"new_token"_s;
    QTest::newRow("percent over 100") << QByteArray(R"({"issuer":{"refreshToken":{"rotateAfterPercent":150}}})")
                                      << u"issuer.refreshToken.rotateAfterPercent"_s << u"out of range"_s;
    QTest::newRow("unknown preset") << QByteArray(R"({"issuer":{"preset":"acme"}})") << u"issuer.preset"_s
                                    << u"auth0"_s;
    QTest::newRow("unknown algorithm") << QByteArray(R"({"issuer":{"signing":{"algorithm":"none"}}})")
                                       << u"issuer.signing.algorithm"_s << u"JWS algorithm"_s;
    QTest::newRow("overlap as long as the rotation")
        << QByteArray(R"({"issuer":{"signing":{"rotateEvery":"1h","overlap":"1h"}}})") << u"issuer.signing.overlap"_s
        << u"shorter than"_s;
    QTest::newRow("too many servers") << QByteArray(R"({"resourceServer":{"servers":65}})")
                                      << u"resourceServer.servers"_s << u"out of range"_s;
    QTest::newRow("bad mode") << QByteArray(R"({"resourceServer":{"mode":"magic"}})") << u"resourceServer.mode"_s
                              << u"stateless_jwt"_s;
    QTest::newRow("probability over 1") << QByteArray(R"({"clients":{"concurrentRefreshProbability":2}})")
                                        << u"clients.concurrentRefreshProbability"_s << u"from 0 to 1"_s;
    QTest::newRow("unknown action") << QByteArray(R"({"events":[{"at":"10m","action":"explode"}]})")
                                    << u"events[0].action"_s << u"ban_user"_s;
    QTest::newRow("missing action") << QByteArray(R"({"events":[{"at":"10m"}]})") << u"events[0].action"_s
                                    << u"required"_s;
    QTest::newRow("event after the end") << QByteArray(
        R"({"duration":"1h","events":[{"at":"2h","action":"ban_user"}]})")
                                         << u"events[0].at"_s << u"after the end"_s;
    QTest::newRow("event for a missing user")
        << QByteArray(R"({"clients":{"count":3},"events":[{"at":"1m","action":"ban_user","user":5}]})")
        << u"events[0].user"_s << u"does not exist"_s;
    QTest::newRow("server outage without a server")
        << QByteArray(R"({"events":[{"at":"1m","action":"server_outage","duration":"5m"}]})") << u"events[0].server"_s
        << u"server's number"_s;
    QTest::newRow("outage without duration") << QByteArray(R"({"events":[{"at":"1m","action":"store_outage"}]})")
                                             << u"events[0].duration"_s << u"needs a duration"_s;
    QTest::newRow("steals nothing") << QByteArray(R"({"attackers":[{"at":"1m"}]})") << u"attackers[0].steals"_s
                                    << u"required"_s;
    QTest::newRow("session id from a token server")
        << QByteArray(R"({"attackers":[{"at":"1m","steals":"session_id"}]})") << u"attackers[0].steals"_s
        << u"no session id"_s;
    QTest::newRow("attacker on a missing client")
        << QByteArray(R"({"attackers":[{"at":"1m","steals":"access_token","client":4}]})") << u"attackers[0].client"_s
        << u"does not exist"_s;
    QTest::newRow("refresh token without refresh tokens") << QByteArray(
        R"({"issuer":{"refreshToken":{"enabled":false}},"attackers":[{"at":"1m","steals":"refresh_token"}]})")
                                                          << u"attackers[0].steals"_s << u"no refresh tokens"_s;
    QTest::newRow("duration too long") << QByteArray(R"({"duration":"500d"})") << u"duration"_s << u"out of range"_s;
    QTest::newRow("too much work") << QByteArray(
        R"({"duration":"400d","clients":{"count":1000000,"requestInterval":1}})")
                                   << QString()
                                   << u"3.46e+13 events (3.46e+13 client requests); a run may take at most 2e+08"_s;
    QTest::newRow("variant over the event budget")
        << QByteArray(R"({"variants":[{"name":"big","overrides":{"duration":"400d","clients":{"count":100000}}}]})")
        << QString()
        << u"client requests); a run may take at most 2e+08 (see \"Limits\" in docs/scenarios.md) (in variant \"big\")"_s;
    QTest::newRow("start not UTC") << QByteArray(R"({"start":"2026-01-01T00:00:00+02:00"})") << u"start"_s << u"UTC"_s;
    QTest::newRow("variants not an array") << QByteArray(R"({"variants":{}})") << u"variants"_s << u"non-empty array"_s;
    QTest::newRow("variant without name")
        << QByteArray(R"({"variants":[{"overrides":{}}]})") << u"variants[0].name"_s << u"non-empty string"_s;
    QTest::newRow("variant breaks a member")
        << QByteArray(R"({"variants":[{"name":"x","overrides":{"clients":{"count":-1}}}]})") << u"clients.count"_s
        << u"in variant \"x\""_s;
    QTest::newRow("variant twice") << QByteArray(R"({"variants":[{"name":"x"},{"name":"x"}]})") << u"variants[1].name"_s
                                   << u"used twice"_s;
    QTest::newRow("too large") << QByteArray(ScenarioLoader::maxFileBytes + 1, ' ') << QString() << u"at most"_s;
    QTest::newRow("too deep") << QByteArray(R"({"a":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]})") << QString()
                              << u"not valid JSON"_s;
}

void TestScenarioLoader::rejectsMalformedScenarios()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const ScenarioLoadResult result = ScenarioLoader::load(json, u"bad"_s);
    QVERIFY(!result);
    QVERIFY(result.variants.isEmpty());
    bool found = false;
    QStringList all;
    for (const ScenarioError &error : result.errors) {
        all << error.toString();
        if (error.path == path && error.message.contains(message))
            found = true;
    }
    QVERIFY2(found, qPrintable(all.join(u" | "_s)));
}

void TestScenarioLoader::overridesAreReadAsMembersAfterTheVariants()
{
    const QByteArray json = R"({"duration":"2h","clients":{"count":4,"requestInterval":"3m"},
        "variants":[{"name":"a","overrides":{"clients":{"count":5}}},{"name":"b"}]})";
    JsonValue overrides = JsonValue::makeObject();
    JsonValue clients = JsonValue::makeObject();
    clients.append(u"count"_s, JsonValue::makeNumber(3));
    overrides.append(u"clients"_s, std::move(clients));
    overrides.append(u"seed"_s, JsonValue::makeNumber(9));
    const ScenarioLoadResult result = ScenarioLoader::load(json, u"o"_s, overrides);
    QVERIFY(result);
    QCOMPARE(result.variants.size(), 2);
    for (const Scenario &scenario : result.variants) {
        QCOMPARE(scenario.clients.count, 3);
        QCOMPARE(scenario.clients.requestInterval, 180); // the rest of the member is the file's
        QCOMPARE(scenario.seed, quint64(9));
        QCOMPARE(scenario.duration, 7200);
    }

    overrides.members[0].value.members[0].value = JsonValue::makeNumber(ScenarioLoader::maxClients + 1);
    const ScenarioLoadResult outOfRange = ScenarioLoader::load(json, u"o"_s, overrides);
    QVERIFY(!outOfRange);
    QCOMPARE(outOfRange.errors.first().path, u"clients.count"_s);
    QVERIFY(outOfRange.errors.first().message.contains(u"out of range"_s));
}

void TestScenarioLoader::readsEveryMember()
{
    const QByteArray json = R"({
      "schema": "tokenscope-scenario/1", "name": "n", "title": "t", "description": "d",
      "start": "2026-03-01T00:00:00Z", "duration": "2d", "seed": 99, "sampleInterval": "30m",
      "issuer": { "accessTokenTtl": "5m", "issuerUrl": "https://i.example", "audience": "api",
        "refreshToken": { "enabled": true, "lifetime": "1d", "lifetimeMode": "sliding_idle", "maxLifetime": "3d",
          "rotation": "after_percent", "rotateAfterPercent": 50, "reuse": "reject_replay",
          "grace": { "mode": "same_token", "seconds": 10 } },
        "signing": { "algorithm": "EdDSA", "rotateEvery": "12h", "overlap": "1h" },
        "session": { "idle": "20m", "maxLifetime": "8h" } },
      "resourceServer": { "mode": "introspection", "servers": 3, "routing": "sticky", "sharedStore": false,
        "leeway": "30s", "jwksCacheAge": "10m", "refetchOnUnknownKid": false, "unknownKidRefetchInterval": "1m",
        "introspectionCacheTtl": "45s", "blocklistOnRevoke": false },
      "clients": { "count": 6, "users": 3, "loginSpread": "1m", "requestInterval": "20s", "requestDistribution": "fixed",
        "refresh": "ahead", "refreshAhead": "1m", "concurrentRefreshProbability": 0.25, "concurrentRefreshDelay": "2s",
        "reloginDelay": "5s", "stopAfter": "1d", "adminUsers": [1, 2] },
      "attackers": [ { "at": "1h", "steals": "refresh_token", "client": 5, "requestInterval": "2m", "refreshDelay": "3m", "stopAfter": "6h" } ],
      "events": [ { "at": "2h", "action": "store_outage", "duration": "5m", "losesData": true, "server": 2 },
                  { "at": "3h", "action": "rotate_key", "emergency": true } ]
    })";
    const ScenarioLoadResult result = ScenarioLoader::load(json);
    QVERIFY2(result, qPrintable(result.errors.isEmpty() ? QString() : result.errors.first().toString()));
    const Scenario &s = result.variants.first();
    QCOMPARE(s.name, u"n"_s);
    QCOMPARE(s.start, qint64(1772323200));
    QCOMPARE(s.duration, qint64(2 * 86400));
    QCOMPARE(s.seed, quint64(99));
    QCOMPARE(s.sampleInterval, qint64(1800));
    QCOMPARE(s.issuer.accessTokenTtl, qint64(300));
    QCOMPARE(s.issuer.lifetimeMode, RefreshLifetimeMode::SlidingIdle);
    QCOMPARE(s.issuer.refreshTokenMaxLifetime, qint64(3 * 86400));
    QCOMPARE(s.issuer.rotation, RotationMode::AfterPercent);
    QCOMPARE(s.issuer.rotateAfterPercent, 50);
    QCOMPARE(s.issuer.reuse, ReuseHandling::RejectReplay);
    QCOMPARE(s.issuer.grace, GraceMode::SameToken);
    QCOMPARE(s.issuer.graceSeconds, qint64(10));
    QCOMPARE(s.issuer.signingAlgorithm, Algorithm::EdDSA);
    QCOMPARE(s.issuer.keyRotationInterval, qint64(12 * 3600));
    QCOMPARE(s.issuer.sessionIdle, qint64(1200));
    QCOMPARE(s.server.mode, ServerMode::Introspection);
    QCOMPARE(s.server.routing, Routing::Sticky);
    QCOMPARE(s.server.introspectionCacheTtl, qint64(45));
    QCOMPARE(s.clients.users, 3);
    QCOMPARE(s.clients.exponentialIntervals, false);
    QCOMPARE(s.clients.refresh, RefreshTiming::Ahead);
    QCOMPARE(s.clients.concurrentRefreshProbability, 0.25);
    QCOMPARE(s.clients.adminUsers, (QList<int> {1, 2}));
    QCOMPARE(s.attackers.size(), size_t(1));
    QCOMPARE(s.attackers[0].steals, StolenCredential::RefreshToken);
    QCOMPARE(s.attackers[0].refreshDelay, qint64(180));
    QCOMPARE(s.events.size(), size_t(2));
    QCOMPARE(s.events[0].action, OperatorAction::StoreOutage);
    QCOMPARE(s.events[0].server, 2);
    QVERIFY(s.events[1].emergency);
    // And it runs.
    const SimMetrics metrics = runScenario(s);
    QVERIFY(metrics.legitRequests > 0);
}

void TestScenarioLoader::variantsOverrideTheBase()
{
    const QByteArray json = R"({"issuer":{"preset":"okta"},"clients":{"count":2},
        "variants":[{"name":"base"},{"name":"short","overrides":{"issuer":{"accessTokenTtl":"5m"},"clients":{"count":3}}}]})";
    const ScenarioLoadResult result = ScenarioLoader::load(json, u"v"_s);
    QVERIFY(result);
    QCOMPARE(result.variants.size(), 2);
    QCOMPARE(result.variants[0].variant, u"base"_s);
    QCOMPARE(result.variants[0].issuer.accessTokenTtl, qint64(3600));
    QCOMPARE(result.variants[0].issuer.presetName, u"okta"_s);
    QCOMPARE(result.variants[1].issuer.accessTokenTtl, qint64(300));
    QCOMPARE(result.variants[1].issuer.graceSeconds, qint64(30)); // the rest of the preset stays
    QCOMPARE(result.variants[1].issuer.presetName, u"okta (modified)"_s);
    QCOMPARE(result.variants[1].clients.count, 3);
}

void TestScenarioLoader::presetsCarryTheProvidersDefaults_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("accessTtl");
    QTest::addColumn<qint64>("refreshLifetime");
    QTest::addColumn<int>("lifetimeMode");
    QTest::addColumn<int>("rotation");
    QTest::addColumn<int>("reuse");
    QTest::addColumn<int>("grace");
    QTest::addColumn<qint64>("graceSeconds");
    QTest::newRow("auth0") << u"auth0"_s << qint64(86400) << qint64(30 * 86400)
                           << int(RefreshLifetimeMode::InheritRemaining) << int(RotationMode::Always)
                           << int(ReuseHandling::RevokeFamily) << int(GraceMode::None) << qint64(0);
    QTest::newRow("okta") << u"okta"_s << qint64(3600) << qint64(7 * 86400) << int(RefreshLifetimeMode::SlidingIdle)
                          << int(RotationMode::Always) << int(ReuseHandling::RevokeFamily) << int(GraceMode::NewToken)
                          << qint64(30);
    QTest::newRow("cognito") << u"cognito"_s << qint64(3600) << qint64(30 * 86400)
                             << int(RefreshLifetimeMode::InheritRemaining) << int(RotationMode::Always)
                             << int(ReuseHandling::RejectReplay) << int(GraceMode::NewToken) << qint64(60);
    QTest::newRow("keycloak") << u"keycloak"_s << qint64(300) << qint64(1800) << int(RefreshLifetimeMode::SlidingIdle)
                              << int(RotationMode::Always) << int(ReuseHandling::Accept) << int(GraceMode::None)
                              << qint64(0);
    QTest::newRow("node-oidc-provider") << u"node-oidc-provider"_s << qint64(3600) << qint64(14 * 86400)
                                        << int(RefreshLifetimeMode::Absolute) << int(RotationMode::AfterPercent)
                                        << int(ReuseHandling::RevokeFamily) << int(GraceMode::None) << qint64(0);
    QTest::newRow("dex") << u"dex"_s << qint64(86400) << qint64(0) << int(RefreshLifetimeMode::Absolute)
                         << int(RotationMode::Always) << int(ReuseHandling::RejectReplay) << int(GraceMode::SameToken)
                         << qint64(3);
    QTest::newRow("15m-7d") << u"15m-7d"_s << qint64(900) << qint64(7 * 86400) << int(RefreshLifetimeMode::Absolute)
                            << int(RotationMode::Never) << int(ReuseHandling::RevokeFamily) << int(GraceMode::None)
                            << qint64(0);
}

void TestScenarioLoader::presetsCarryTheProvidersDefaults()
{
    QFETCH(QString, name);
    QFETCH(qint64, accessTtl);
    QFETCH(qint64, refreshLifetime);
    QFETCH(int, lifetimeMode);
    QFETCH(int, rotation);
    QFETCH(int, reuse);
    QFETCH(int, grace);
    QFETCH(qint64, graceSeconds);
    QVERIFY(IssuerPresets::names().contains(name));
    const std::optional<IssuerPolicy> policy = IssuerPresets::byName(name);
    QVERIFY(policy);
    QCOMPARE(policy->presetName, name);
    QCOMPARE(policy->accessTokenTtl, accessTtl);
    QCOMPARE(policy->refreshTokenLifetime, refreshLifetime);
    QCOMPARE(int(policy->lifetimeMode), lifetimeMode);
    QCOMPARE(int(policy->rotation), rotation);
    QCOMPARE(int(policy->reuse), reuse);
    QCOMPARE(int(policy->grace), grace);
    QCOMPARE(policy->graceSeconds, graceSeconds);
    QVERIFY(!IssuerPresets::description(name).isEmpty());
    if (name == u"keycloak")
        QCOMPARE(policy->refreshTokenMaxLifetime, qint64(10 * 3600));
    if (name == u"node-oidc-provider")
        QCOMPARE(policy->rotateAfterPercent, 70);
}

void TestScenarioLoader::presetsReuseClassesBehaveAsDocumented_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<bool>("raceLogsOut");
    QTest::newRow("auth0: reuse leeway 0 and family revocation") << u"auth0"_s << true;
    QTest::newRow("okta: 30 s grace") << u"okta"_s << false;
    QTest::newRow("cognito: grace, replay rejected") << u"cognito"_s << false;
    QTest::newRow("keycloak: old tokens stay valid") << u"keycloak"_s << false;
    QTest::newRow("node-oidc-provider-public: always rotates, no grace") << u"node-oidc-provider-public"_s << true;
    QTest::newRow("dex: reuse interval returns the same token") << u"dex"_s << false;
    QTest::newRow("15m-7d: no rotation") << u"15m-7d"_s << false;
}

void TestScenarioLoader::presetsReuseClassesBehaveAsDocumented()
{
    QFETCH(QString, preset);
    QFETCH(bool, raceLogsOut);
    Scenario scenario = simpleScenario(60);
    scenario.issuer = *IssuerPresets::byName(preset);
    scenario.issuer.accessTokenTtl = 600; // keep the run short; the reuse class is what is compared
    scenario.duration = 3600;
    scenario.clients.concurrentRefreshProbability = 1.0;
    scenario.clients.concurrentRefreshDelay = 1;
    const SimMetrics metrics = runScenario(scenario);
    QVERIFY(metrics.concurrentRefreshes > 0);
    QCOMPARE(metrics.wrongfulLogouts > 0, raceLogsOut);
}

void TestScenarioLoader::everyBuiltInLoadsAndRuns()
{
    const QStringList names = ScenarioLoader::builtInNames();
    for (const char *expected :
         {"a-sessions-two-servers", "b-session-store-outage", "c-stolen-access-token", "d-ban-or-demote",
          "e-refresh-token-revoked", "f-rotation-reuse-detection", "g-jti-blocklist", "h-key-rotation-jwks-cache",
          "i-concurrent-refresh-race", "j-bytes-per-request", "two-token"})
        QVERIFY2(names.contains(QLatin1String(expected)), expected);
    for (const QString &name : names) {
        const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(name);
        QVERIFY2(loaded,
                 qPrintable(name + u": "_s + (loaded.errors.isEmpty() ? QString() : loaded.errors.first().toString())));
        for (const Scenario &scenario : loaded.variants) {
            QVERIFY2(!scenario.title.isEmpty() && !scenario.description.isEmpty(), qPrintable(name));
            QCOMPARE(scenario.name, name);
        }
    }
    QVERIFY(!ScenarioLoader::loadBuiltIn(u"no-such-scenario"_s));
    QVERIFY(ScenarioLoader::loadBuiltIn(u"no-such"_s).errors.first().message.contains(u"two-token"_s));
    const QHash<QString, SimMetrics> twoToken = runBuiltIn(u"two-token"_s);
    QVERIFY(twoToken.value(QString()).refreshesPerHour() > 100);
    QCOMPARE(twoToken.value(QString()).wrongfulLogouts, quint64(0));
}

void TestScenarioLoader::builtInA_sessionsAcrossServers()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"a-sessions-two-servers"_s);
    QCOMPARE(runs.size(), 4);
    // Sticky sessions: nobody is logged out until server 1 fails; then its users are, once when they move and once
    // when they move back to the restarted server.
    const SimMetrics &sticky = runs[u"sticky-sessions-server-fails"_s];
    QVERIFY(sticky.wronglyLoggedOutClients >= 20 && sticky.wronglyLoggedOutClients <= 30);
    QVERIFY(sticky.wrongfulLogouts >= 2 * sticky.wronglyLoggedOutClients - 2);
    QVERIFY(sticky.wrongfulLogouts <= 2 * sticky.wronglyLoggedOutClients);
    QCOMPARE(runs[u"one-server"_s].wrongfulLogouts, quint64(0));
    QVERIFY(runs[u"two-servers-own-stores"_s].wrongfulLogouts > 1000);
    QCOMPARE(runs[u"two-servers-own-stores"_s].wronglyLoggedOutClients, quint64(50));
    QCOMPARE(runs[u"two-servers-shared-store"_s].wrongfulLogouts, quint64(0));
    for (const SimMetrics &metrics : runs)
        QCOMPARE(metrics.perRequest(metrics.storeLookups), 1.0);
}

void TestScenarioLoader::builtInB_storeOutage()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"b-session-store-outage"_s);
    QVERIFY(runs[u"store-keeps-data"_s].legitRejectedStoreDown > 500);
    QCOMPARE(runs[u"store-keeps-data"_s].wrongfulLogouts, quint64(0));
    QCOMPARE(runs[u"store-loses-data"_s].wronglyLoggedOutClients, quint64(100));
}

void TestScenarioLoader::builtInC_stolenAccessToken()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"c-stolen-access-token"_s);
    const qint64 short15 = firstExposure(runs[u"jwt-15m"_s]);
    const qint64 long60 = firstExposure(runs[u"jwt-1h"_s]);
    const qint64 session = firstExposure(runs[u"session-7d"_s]);
    QVERIFY(short15 > 0 && short15 <= 900);
    QVERIFY(long60 > short15 && long60 <= 3600);
    QVERIFY(session > 6 * 86400);
}

void TestScenarioLoader::builtInD_banAndDemote()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"d-ban-or-demote"_s);
    const SimMetrics &stateless = runs[u"stateless-jwt"_s];
    QCOMPARE(stateless.exposures.size(), 2);
    for (const Exposure &exposure : stateless.exposures)
        QVERIFY(exposure.seconds() > 0 && exposure.seconds() <= 900);
    for (const QString &instant : {u"jwt-blocklist"_s, u"session"_s}) {
        for (const Exposure &exposure : runs[instant].exposures)
            QCOMPARE(exposure.seconds(), 0);
    }
    for (const Exposure &exposure : runs[u"introspection-60s-cache"_s].exposures)
        QVERIFY(exposure.seconds() <= 60);
}

void TestScenarioLoader::builtInE_refreshRevoked()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"e-refresh-token-revoked"_s);
    const qint64 fiveMinutes = firstExposure(runs[u"access-5m"_s]);
    const qint64 oneHour = firstExposure(runs[u"access-1h"_s]);
    QVERIFY(fiveMinutes >= 0 && fiveMinutes <= 300);
    QVERIFY(oneHour > 300 && oneHour <= 3600);
    QVERIFY(!runs[u"access-1h"_s].exposures.first().open);
}

void TestScenarioLoader::builtInF_rotationCatchesThief()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"f-rotation-reuse-detection"_s);
    const SimMetrics &caught = runs[u"rotation-family-revocation"_s];
    QCOMPARE(caught.reuseDetections, quint64(1));
    QVERIFY(!caught.exposures.first().open);
    QVERIFY(caught.exposures.first().seconds() <= 60 + 900);
    QVERIFY(runs[u"no-rotation"_s].exposures.first().open);
    QVERIFY(runs[u"rotation-reject-replay"_s].exposures.first().open);
    QVERIFY(runs[u"rotation-reject-replay"_s].collateralLogouts >= 1);
    QVERIFY(runs[u"no-rotation"_s].attackerAccepted > 10 * caught.attackerAccepted);
}

void TestScenarioLoader::builtInG_blocklist()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"g-jti-blocklist"_s);
    const SimMetrics &blocklist = runs[u"blocklist"_s];
    QCOMPARE(blocklist.perRequest(blocklist.blocklistLookups), 1.0);
    QVERIFY(blocklist.blocklistMaxSize >= 1);
    QVERIFY(blocklist.blocklistSeries.size() >= 30);
    for (const Exposure &exposure : blocklist.exposures)
        QCOMPARE(exposure.seconds(), 0);
    qint64 statelessTotal = 0;
    for (const Exposure &exposure : runs[u"stateless"_s].exposures)
        statelessTotal += exposure.seconds();
    QVERIFY(statelessTotal > 600);
    QCOMPARE(runs[u"stateless"_s].blocklistLookups, quint64(0));
}

void TestScenarioLoader::builtInH_keyRotation()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"h-key-rotation-jwks-cache"_s);
    QCOMPARE(runs[u"overlap-2h"_s].legitRejectedUnknownKey, quint64(0));
    QVERIFY(runs[u"no-overlap"_s].legitRejectedUnknownKey > 100);
    QVERIFY(runs[u"no-overlap-refetch-on-unknown-kid"_s].legitRejectedUnknownKey
            < runs[u"no-overlap"_s].legitRejectedUnknownKey);
    const qint64 emergency = firstExposure(runs[u"emergency-rotation"_s]);
    QVERIFY(emergency > 0 && emergency <= 3600);
}

void TestScenarioLoader::builtInI_concurrentRefreshRace()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"i-concurrent-refresh-race"_s);
    QVERIFY(runs[u"no-grace"_s].wrongfulLogouts > 50);
    QVERIFY(runs[u"no-grace"_s].concurrentRefreshes > 50);
    for (const QString &saved : {u"grace-30s-new-token"_s, u"grace-3s-same-token"_s, u"no-rotation"_s})
        QCOMPARE(runs[saved].wrongfulLogouts, quint64(0));
}

void TestScenarioLoader::builtInJ_bytesPerRequest()
{
    const QHash<QString, SimMetrics> runs = runBuiltIn(u"j-bytes-per-request"_s);
    const double session = runs[u"session-id"_s].credentialBytesPerRequest();
    const double es256 = runs[u"jwt-es256"_s].credentialBytesPerRequest();
    const double rs256 = runs[u"jwt-rs256"_s].credentialBytesPerRequest();
    QCOMPARE(session, 55.0);
    QVERIFY(es256 > 5 * session);
    QVERIFY(rs256 >= es256 + 256); // a 256-byte RSA signature against a 64-byte ECDSA one: 342 against 86 characters
    QCOMPARE(runs[u"session-id"_s].perRequest(runs[u"session-id"_s].storeLookups), 1.0);
    QCOMPARE(runs[u"jwt-es256"_s].storeLookups, quint64(0));
}

QTEST_GUILESS_MAIN(TestScenarioLoader)
#include "tst_scenarioloader.moc"
