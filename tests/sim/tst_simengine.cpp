// SimEngine: determinism, analytical exposure windows for every revocation strategy, the effect of each policy
// knob, and lazily signed tokens that verify with the core verifier.

#include "SimTestSupport.h"
#include "common/Clock.h"
#include "jose/CompactToken.h"
#include "verify/TokenVerifier.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::sim;
using namespace tokenscope::test;
using namespace Qt::StringLiterals;

class TestSimEngine : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedGivesTheSameEventLogByteForByte();
    void differentSeedGivesADifferentEventLog();
    void stepAndRunUntilGiveTheSameLogAsRun();
    void randomDistributionsArePortable();
    void untilShortensOrLengthensTheRun();

    void exposureWindowEqualsTheAnalyticalValue_data();
    void exposureWindowEqualsTheAnalyticalValue();
    void statelessTheftExposureIsTheRemainingLifetime();
    void emergencyKeyRotationExposureIsTheJwksCacheAge();
    void demotionKeepsTheOldRoleUntilExpiryOnlyWithStatelessTokens_data();
    void demotionKeepsTheOldRoleUntilExpiryOnlyWithStatelessTokens();

    void rotationWithFamilyRevocationCatchesAThief();
    void withoutRotationTheThiefRefreshesUntilTheEnd();
    void rejectReplayLogsOutTheVictimAndKeepsTheThief();
    void concurrentRefreshRace_data();
    void concurrentRefreshRace();
    void blocklistCostsOneLookupPerRequest();
    void introspectionCacheCutsLookups();
    void twoServersWithoutSharedStoreLogUsersOutAtEachHop_data();
    void twoServersWithoutSharedStoreLogUsersOutAtEachHop();
    void storeOutageRejectsAndDataLossLogsEveryoneOut();
    void serverOutageMovesStickyUsersAndLogsThemOut();
    void refreshTokenLifetimeModes_data();
    void refreshTokenLifetimeModes();
    void rotationAfterPercentRotatesOnlyOldTokens();
    void bannedUserCannotLogInAgain();
    void refreshTiming_data();
    void refreshTiming();
    void keyRotationWithoutOverlapRejectsUntilRefetch();

    void tokensAreSignedLazilyAndVerify();
    void sessionIdsAreOpaqueAndStable();
};

void TestSimEngine::sameSeedGivesTheSameEventLogByteForByte()
{
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(u"i-concurrent-refresh-race"_s);
    QVERIFY(loaded);
    Scenario scenario = loaded.variants.first();
    scenario.clients.count = 40;
    scenario.duration = 3600;
    SimOptions options;
    options.recordEvents = true;
    SimEngine first(scenario, options);
    first.run();
    SimEngine second(scenario, options);
    second.run();
    QVERIFY(first.events().size() > 1000);
    QCOMPARE(first.eventLog(), second.eventLog());
    QCOMPARE(first.metrics().toJson(), second.metrics().toJson());
}

void TestSimEngine::differentSeedGivesADifferentEventLog()
{
    Scenario scenario = ScenarioLoader::loadBuiltIn(u"i-concurrent-refresh-race"_s).variants.first();
    scenario.clients.count = 40;
    scenario.duration = 3600;
    SimOptions options;
    options.recordEvents = true;
    SimEngine first(scenario, options);
    first.run();
    scenario.seed += 1;
    SimEngine second(scenario, options);
    second.run();
    QVERIFY(first.eventLog() != second.eventLog());
}

void TestSimEngine::stepAndRunUntilGiveTheSameLogAsRun()
{
    Scenario scenario = ScenarioLoader::loadBuiltIn(u"d-ban-or-demote"_s).variants.first();
    SimOptions options;
    options.recordEvents = true;
    SimEngine whole(scenario, options);
    whole.run();

    SimEngine stepped(scenario, options);
    int steps = 0;
    while (steps < 100 && stepped.step())
        ++steps;
    stepped.runUntil(1200);
    QCOMPARE(stepped.now(), 1200);
    QVERIFY(!stepped.finished());
    // The ban at 20 min is under way: its exposure is open while the banned user's access token still works.
    QCOMPARE(stepped.metrics().exposures.size(), 2);
    QVERIFY(stepped.metrics().exposures.last().open);
    stepped.runUntil(1800);
    stepped.run();
    QVERIFY(stepped.finished());
    QCOMPARE(stepped.eventLog(), whole.eventLog());
}

void TestSimEngine::randomDistributionsArePortable()
{
    // std::mt19937_64's 10000th output is fixed by the C++ standard ([rand.predef]); the distributions on top are
    // Tokenscope's own, so these values are the same with every standard library.
    SimRandom standard(5489);
    quint64 value = 0;
    for (int i = 0; i < 10000; ++i)
        value = standard.nextBits();
    QCOMPARE(value, Q_UINT64_C(9981545732273789042));

    SimRandom random(42);
    qint64 sum = 0;
    for (int i = 0; i < 100000; ++i) {
        const qint64 draw = random.exponentialSeconds(60);
        QVERIFY(draw >= 1);
        sum += draw;
    }
    QVERIFY(qAbs(double(sum) / 100000.0 - 60.0) < 1.0);
    SimRandom bounded(1);
    for (int i = 0; i < 1000; ++i)
        QVERIFY(bounded.below(7) < 7);
    SimRandom a(3), b(3);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(a.exponentialSeconds(30), b.exponentialSeconds(30));
}

void TestSimEngine::untilShortensOrLengthensTheRun()
{
    const Scenario scenario = simpleScenario(60); // 4 h
    for (const qint64 until : {qint64(3600), qint64(8 * 3600)}) {
        SimOptions options;
        options.until = until;
        SimEngine engine(scenario, options);
        engine.run();
        QCOMPARE(engine.metrics().simulatedSeconds, until);
        QCOMPARE(engine.metrics().legitRequests, quint64(until / 60));
    }
}

void TestSimEngine::exposureWindowEqualsTheAnalyticalValue_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("action");
    QTest::addColumn<qint64>("cacheTtl");
    QTest::addColumn<qint64>("expected");

    // Revoked at t = 300 s; the access token was issued at 0 with 15 min to live.
    QTest::newRow("stateless: the access token lives on (15 min issued at t - 5 min -> 10 min)")
        << int(ServerMode::StatelessJwt) << int(OperatorAction::RevokeRefreshToken) << qint64(0) << qint64(600);
    QTest::newRow("blocklist: 0") << int(ServerMode::JwtBlocklist) << int(OperatorAction::RevokeRefreshToken)
                                  << qint64(0) << qint64(0);
    QTest::newRow("introspection without cache: 0")
        << int(ServerMode::Introspection) << int(OperatorAction::RevokeRefreshToken) << qint64(0) << qint64(0);
    // Requests every 100 s: the answer cached at 200 s lives until 320 s.
    QTest::newRow("introspection, 120 s cache: until the cached answer expires")
        << int(ServerMode::Introspection) << int(OperatorAction::RevokeRefreshToken) << qint64(120) << qint64(20);
    QTest::newRow("session deleted: 0") << int(ServerMode::Session) << int(OperatorAction::LogoutEverywhere)
                                        << qint64(0) << qint64(0);
    QTest::newRow("ban, stateless") << int(ServerMode::StatelessJwt) << int(OperatorAction::BanUser) << qint64(0)
                                    << qint64(600);
    QTest::newRow("ban, blocklist") << int(ServerMode::JwtBlocklist) << int(OperatorAction::BanUser) << qint64(0)
                                    << qint64(0);
    QTest::newRow("logout everywhere, stateless")
        << int(ServerMode::StatelessJwt) << int(OperatorAction::LogoutEverywhere) << qint64(0) << qint64(600);
    QTest::newRow("blocklist add, blocklist")
        << int(ServerMode::JwtBlocklist) << int(OperatorAction::BlocklistAdd) << qint64(0) << qint64(0);
    QTest::newRow("blocklist add without a blocklist")
        << int(ServerMode::StatelessJwt) << int(OperatorAction::BlocklistAdd) << qint64(0) << qint64(600);
}

void TestSimEngine::exposureWindowEqualsTheAnalyticalValue()
{
    QFETCH(int, mode);
    QFETCH(int, action);
    QFETCH(qint64, cacheTtl);
    QFETCH(qint64, expected);
    Scenario scenario = simpleScenario(100);
    scenario.server.mode = ServerMode(mode);
    scenario.server.introspectionCacheTtl = cacheTtl;
    scenario.events.push_back(operatorEvent(OperatorAction(action), 300));
    const SimMetrics metrics = runScenario(scenario);
    QCOMPARE(metrics.exposures.size(), 1);
    const Exposure &exposure = metrics.exposures.first();
    QCOMPARE(exposure.kind, u"revocation"_s);
    QCOMPARE(exposure.start, 300);
    QVERIFY(!exposure.open);
    QCOMPARE(exposure.seconds(), expected);
}

void TestSimEngine::statelessTheftExposureIsTheRemainingLifetime()
{
    Scenario scenario = simpleScenario(100);
    scenario.server.leeway = 30;
    scenario.attackers.push_back(attacker(StolenCredential::AccessToken, 300, 1));
    const SimMetrics metrics = runScenario(scenario);
    QCOMPARE(metrics.exposures.size(), 1);
    // 900 s token issued at 0, stolen at 300, accepted until exp + leeway (RFC 7519 §4.1.4).
    QCOMPARE(metrics.exposures.first().seconds(), 600 + 30);
    // The attacker probes every second: it got in from 300 to 929 inclusive.
    QCOMPARE(metrics.attackerAccepted, quint64(630));
}

void TestSimEngine::emergencyKeyRotationExposureIsTheJwksCacheAge()
{
    Scenario scenario = simpleScenario(100);
    scenario.server.jwksCacheAge = 600;
    OperatorEvent rotate = operatorEvent(OperatorAction::RotateKey, 1201);
    rotate.emergency = true;
    scenario.events.push_back(rotate);
    SimOptions options;
    options.recordEvents = true;
    SimEngine engine(scenario, options);
    engine.run();
    QCOMPARE(engine.metrics().exposures.size(), 1);
    // The verifiers fetched the JWKS at 1200 s: they trust the withdrawn key until their copy is 600 s old.
    QCOMPARE(engine.metrics().exposures.first().seconds(), 600 - 1);
    QVERIFY(engine.metrics().legitRejectedUnknownKey == 0 || engine.metrics().legitAccepted > 0);
}

void TestSimEngine::demotionKeepsTheOldRoleUntilExpiryOnlyWithStatelessTokens_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("stateless jwt") << int(ServerMode::StatelessJwt) << qint64(600);
    QTest::newRow("jwt + blocklist") << int(ServerMode::JwtBlocklist) << qint64(0);
    QTest::newRow("introspection") << int(ServerMode::Introspection) << qint64(0);
    QTest::newRow("session") << int(ServerMode::Session) << qint64(0);
}

void TestSimEngine::demotionKeepsTheOldRoleUntilExpiryOnlyWithStatelessTokens()
{
    QFETCH(int, mode);
    QFETCH(qint64, expected);
    Scenario scenario = simpleScenario(100);
    scenario.server.mode = ServerMode(mode);
    scenario.clients.adminUsers = {0};
    scenario.events.push_back(operatorEvent(OperatorAction::DemoteUser, 300));
    const SimMetrics metrics = runScenario(scenario);
    QCOMPARE(metrics.exposures.size(), 1);
    QCOMPARE(metrics.exposures.first().seconds(), expected);
}

void TestSimEngine::rotationWithFamilyRevocationCatchesAThief()
{
    Scenario scenario = simpleScenario(60);
    scenario.issuer.rotation = RotationMode::Always;
    scenario.issuer.reuse = ReuseHandling::RevokeFamily;
    AttackerConfig thief = attacker(StolenCredential::RefreshToken, 100, 60);
    thief.refreshDelay = 10;
    scenario.attackers.push_back(thief);
    SimOptions options;
    options.recordEvents = true;
    SimEngine engine(scenario, options);
    engine.run();
    const SimMetrics &metrics = engine.metrics();
    // The thief redeems generation 0 at 110 s; the user presents generation 0 again at 900 s: reuse, family revoked.
    QCOMPARE(metrics.reuseDetections, quint64(1));
    QCOMPARE(metrics.familiesRevoked, quint64(1));
    QCOMPARE(metrics.collateralLogouts, quint64(1));
    QCOMPARE(metrics.wrongfulLogouts, quint64(0));
    QCOMPARE(metrics.exposures.size(), 1);
    // What the thief keeps is the access token it got at 110 s: it works until 110 + 900.
    QVERIFY(!metrics.exposures.first().open);
    QCOMPARE(metrics.exposures.first().end, 1010);
    QVERIFY(engine.eventLog().contains("\"reason\":\"reuse_detected\""));
}

void TestSimEngine::withoutRotationTheThiefRefreshesUntilTheEnd()
{
    Scenario scenario = simpleScenario(60);
    scenario.attackers.push_back(attacker(StolenCredential::RefreshToken, 100, 60));
    const SimMetrics metrics = runScenario(scenario);
    QCOMPARE(metrics.reuseDetections, quint64(0));
    QVERIFY(metrics.exposures.first().open);
    QCOMPARE(metrics.exposures.first().end, scenario.duration);
    QVERIFY(metrics.attackerAccepted > 200);
}

void TestSimEngine::rejectReplayLogsOutTheVictimAndKeepsTheThief()
{
    Scenario scenario = simpleScenario(60);
    scenario.issuer.rotation = RotationMode::Always;
    scenario.issuer.reuse = ReuseHandling::RejectReplay;
    scenario.attackers.push_back(attacker(StolenCredential::RefreshToken, 100, 60));
    const SimMetrics metrics = runScenario(scenario);
    QCOMPARE(metrics.familiesRevoked, quint64(0));
    QVERIFY(metrics.reuseDetections >= 1);
    QVERIFY(metrics.collateralLogouts >= 1);
    QVERIFY(metrics.exposures.first().open);
}

void TestSimEngine::concurrentRefreshRace_data()
{
    QTest::addColumn<int>("rotation");
    QTest::addColumn<int>("reuse");
    QTest::addColumn<int>("grace");
    QTest::addColumn<qint64>("graceSeconds");
    QTest::addColumn<bool>("loggedOut");

    QTest::newRow("rotation, family revocation, no grace: logged out")
        << int(RotationMode::Always) << int(ReuseHandling::RevokeFamily) << int(GraceMode::None) << qint64(0) << true;
    QTest::newRow("rotation, family revocation, 30 s grace issuing a new token: saved")
        << int(RotationMode::Always) << int(ReuseHandling::RevokeFamily) << int(GraceMode::NewToken) << qint64(30)
        << false;
    QTest::newRow("rotation, family revocation, 3 s grace returning the same token: saved")
        << int(RotationMode::Always) << int(ReuseHandling::RevokeFamily) << int(GraceMode::SameToken) << qint64(3)
        << false;
    QTest::newRow("rotation, reject replay only: the other tab's tokens survive")
        << int(RotationMode::Always) << int(ReuseHandling::RejectReplay) << int(GraceMode::None) << qint64(0) << false;
    QTest::newRow("rotation, reuse accepted: saved")
        << int(RotationMode::Always) << int(ReuseHandling::Accept) << int(GraceMode::None) << qint64(0) << false;
    QTest::newRow("no rotation: nothing to race")
        << int(RotationMode::Never) << int(ReuseHandling::RevokeFamily) << int(GraceMode::None) << qint64(0) << false;
}

void TestSimEngine::concurrentRefreshRace()
{
    QFETCH(int, rotation);
    QFETCH(int, reuse);
    QFETCH(int, grace);
    QFETCH(qint64, graceSeconds);
    QFETCH(bool, loggedOut);
    Scenario scenario = simpleScenario(60);
    scenario.duration = 3600;
    scenario.issuer.accessTokenTtl = 300;
    scenario.issuer.rotation = RotationMode(rotation);
    scenario.issuer.reuse = ReuseHandling(reuse);
    scenario.issuer.grace = GraceMode(grace);
    scenario.issuer.graceSeconds = graceSeconds;
    scenario.clients.concurrentRefreshProbability = 1.0;
    scenario.clients.concurrentRefreshDelay = 1;
    const SimMetrics metrics = runScenario(scenario);
    QVERIFY(metrics.concurrentRefreshes > 0);
    QCOMPARE(metrics.wrongfulLogouts > 0, loggedOut);
    QCOMPARE(metrics.wronglyLoggedOutClients, loggedOut ? quint64(1) : quint64(0));
    if (GraceMode(grace) != GraceMode::None)
        QVERIFY(metrics.graceHonoured > 0);
}

void TestSimEngine::blocklistCostsOneLookupPerRequest()
{
    Scenario scenario = simpleScenario(30);
    scenario.clients.count = 20;
    scenario.server.mode = ServerMode::JwtBlocklist;
    scenario.events.push_back(operatorEvent(OperatorAction::LogoutEverywhere, 1000, 3));
    scenario.events.push_back(operatorEvent(OperatorAction::BlocklistAdd, 1500, 4));
    const SimMetrics metrics = runScenario(scenario);
    QCOMPARE(metrics.perRequest(metrics.blocklistLookups), 1.0);
    QCOMPARE(metrics.blocklistLookups, metrics.legitRequests);
    QVERIFY(metrics.blocklistMaxSize >= 1);
    for (const Exposure &exposure : metrics.exposures)
        QCOMPARE(exposure.seconds(), 0);
    // Entries live only for the token's remaining lifetime: the list is empty again at the end.
    QCOMPARE(metrics.blocklistSeries.last().size, 0);
}

void TestSimEngine::introspectionCacheCutsLookups()
{
    Scenario scenario = simpleScenario(10);
    scenario.server.mode = ServerMode::Introspection;
    const SimMetrics uncached = runScenario(scenario);
    QCOMPARE(uncached.perRequest(uncached.introspectionLookups), 1.0);
    scenario.server.introspectionCacheTtl = 60;
    const SimMetrics cached = runScenario(scenario);
    QVERIFY(cached.perRequest(cached.introspectionLookups) < 0.2);
}

void TestSimEngine::twoServersWithoutSharedStoreLogUsersOutAtEachHop_data()
{
    QTest::addColumn<int>("servers");
    QTest::addColumn<bool>("shared");
    QTest::addColumn<int>("routing");
    QTest::addColumn<bool>("loggedOut");
    QTest::newRow("one server") << 1 << false << int(Routing::RoundRobin) << false;
    QTest::newRow("two servers, own stores, round robin") << 2 << false << int(Routing::RoundRobin) << true;
    QTest::newRow("two servers, own stores, random") << 2 << false << int(Routing::Random) << true;
    QTest::newRow("two servers, own stores, sticky sessions") << 2 << false << int(Routing::Sticky) << false;
    QTest::newRow("two servers, shared store") << 2 << true << int(Routing::RoundRobin) << false;
}

void TestSimEngine::twoServersWithoutSharedStoreLogUsersOutAtEachHop()
{
    QFETCH(int, servers);
    QFETCH(bool, shared);
    QFETCH(int, routing);
    QFETCH(bool, loggedOut);
    Scenario scenario = simpleScenario(60);
    scenario.duration = 3600;
    scenario.clients.count = 10;
    scenario.clients.exponentialIntervals = true; // clients in lock-step would alias with the round robin
    scenario.server.mode = ServerMode::Session;
    scenario.server.servers = servers;
    scenario.server.sharedStore = shared;
    scenario.server.routing = Routing(routing);
    const SimMetrics metrics = runScenario(scenario);
    QCOMPARE(metrics.perRequest(metrics.storeLookups), 1.0);
    QCOMPARE(metrics.wrongfulLogouts > 0, loggedOut);
    if (loggedOut && Routing(routing) == Routing::RoundRobin) {
        // Every request that lands on the other server finds no session.
        QVERIFY(metrics.wrongfulLogouts * 3 > metrics.legitRequests);
        QCOMPARE(metrics.wronglyLoggedOutClients, quint64(10));
    }
}

void TestSimEngine::storeOutageRejectsAndDataLossLogsEveryoneOut()
{
    Scenario scenario = simpleScenario(60);
    scenario.duration = 3 * 3600;
    scenario.clients.count = 10;
    scenario.server.mode = ServerMode::Session;
    scenario.server.servers = 2;
    OperatorEvent outage = operatorEvent(OperatorAction::StoreOutage, 3600);
    outage.duration = 600;
    scenario.events.push_back(outage);
    const SimMetrics kept = runScenario(scenario);
    QCOMPARE(kept.legitRejectedStoreDown, quint64(10 * 10)); // ten requests each in ten minutes
    QCOMPARE(kept.wrongfulLogouts, quint64(0));
    scenario.events.front().losesData = true;
    const SimMetrics lost = runScenario(scenario);
    QCOMPARE(lost.wrongfulLogouts, quint64(10));
}

void TestSimEngine::serverOutageMovesStickyUsersAndLogsThemOut()
{
    Scenario scenario = simpleScenario(60);
    scenario.duration = 3 * 3600;
    scenario.clients.count = 10; // sticky: clients 1, 3, 5, 7, 9 live on server 1
    scenario.server.mode = ServerMode::Session;
    scenario.server.servers = 2;
    scenario.server.sharedStore = false;
    scenario.server.routing = Routing::Sticky;
    OperatorEvent outage = operatorEvent(OperatorAction::ServerOutage, 3600);
    outage.server = 1;
    outage.duration = 600;
    outage.losesData = true;
    scenario.events.push_back(outage);
    const SimMetrics restarted = runScenario(scenario);
    // Each of server 1's users is logged out when moved to server 0, and again when sent back to the empty server.
    QCOMPARE(restarted.wronglyLoggedOutClients, quint64(5));
    QCOMPARE(restarted.wrongfulLogouts, quint64(10));

    scenario.server.sharedStore = true;
    const SimMetrics shared = runScenario(scenario);
    QCOMPARE(shared.wrongfulLogouts, quint64(0));

    // Stateless tokens do not care which server answers.
    scenario.server.mode = ServerMode::StatelessJwt;
    scenario.server.sharedStore = false;
    const SimMetrics tokens = runScenario(scenario);
    QCOMPARE(tokens.wrongfulLogouts, quint64(0));
    QCOMPARE(tokens.legitRejected, quint64(0));

    // Both servers down: requests fail, nobody is logged out.
    scenario.server.mode = ServerMode::Session;
    OperatorEvent second = outage;
    second.server = 0;
    scenario.events.push_back(second);
    scenario.events.front().losesData = false;
    const SimMetrics dark = runScenario(scenario);
    QCOMPARE(dark.legitRejectedServerDown, quint64(10 * 10));
}

void TestSimEngine::refreshTokenLifetimeModes_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("rotation");
    QTest::addColumn<qint64>("maxLifetime");
    QTest::addColumn<quint64>("logins");
    // Refresh tokens of 1 h, an access token of 15 min, a client calling every minute for 4 hours.
    QTest::newRow("absolute, no rotation: sign in again every hour")
        << int(RefreshLifetimeMode::Absolute) << int(RotationMode::Never) << qint64(0) << quint64(4);
    QTest::newRow("absolute, rotation: each generation lives an hour")
        << int(RefreshLifetimeMode::Absolute) << int(RotationMode::Always) << qint64(0) << quint64(1);
    QTest::newRow("inherit remaining, rotation: the family lives an hour")
        << int(RefreshLifetimeMode::InheritRemaining) << int(RotationMode::Always) << qint64(0) << quint64(4);
    QTest::newRow("sliding idle: used every 15 min, never idle for an hour")
        << int(RefreshLifetimeMode::SlidingIdle) << int(RotationMode::Never) << qint64(0) << quint64(1);
    QTest::newRow("sliding idle with a 2 h maximum")
        << int(RefreshLifetimeMode::SlidingIdle) << int(RotationMode::Never) << qint64(7200) << quint64(2);
}

void TestSimEngine::refreshTokenLifetimeModes()
{
    QFETCH(int, mode);
    QFETCH(int, rotation);
    QFETCH(qint64, maxLifetime);
    QFETCH(quint64, logins);
    Scenario scenario = simpleScenario(60);
    scenario.issuer.refreshTokenLifetime = 3600;
    scenario.issuer.lifetimeMode = RefreshLifetimeMode(mode);
    scenario.issuer.rotation = RotationMode(rotation);
    scenario.issuer.refreshTokenMaxLifetime = maxLifetime;
    scenario.clients.reloginDelay = 0;
    const SimMetrics metrics = runScenario(scenario);
    QCOMPARE(metrics.logins, logins);
    QCOMPARE(metrics.wrongfulLogouts, quint64(0));
}

void TestSimEngine::rotationAfterPercentRotatesOnlyOldTokens()
{
    Scenario scenario = simpleScenario(60);
    scenario.issuer.refreshTokenLifetime = 3600;
    scenario.issuer.rotation = RotationMode::AfterPercent;
    scenario.issuer.rotateAfterPercent = 70;
    scenario.duration = 3 * 3600;
    const SimMetrics metrics = runScenario(scenario);
    // Refreshes every 15 min; a generation is rotated once 42 min old, i.e. at its third refresh.
    QCOMPARE(metrics.refreshTokensIssued, quint64(1 + metrics.refreshes / 3));
    QCOMPARE(metrics.logins, quint64(1));
}

void TestSimEngine::bannedUserCannotLogInAgain()
{
    Scenario scenario = simpleScenario(60);
    scenario.events.push_back(operatorEvent(OperatorAction::BanUser, 300));
    const SimMetrics metrics = runScenario(scenario);
    QCOMPARE(metrics.logins, quint64(1));
    QCOMPARE(metrics.loginsDenied, quint64(0)); // the client is stopped, not retrying
    QVERIFY(metrics.refreshFailures >= 1);
    QCOMPARE(metrics.wrongfulLogouts, quint64(0));
}

void TestSimEngine::refreshTiming_data()
{
    QTest::addColumn<int>("timing");
    QTest::addColumn<bool>("expiredTokensSent");
    QTest::newRow("ahead of expiry: never sends an expired token") << int(RefreshTiming::Ahead) << false;
    QTest::newRow("on demand: checks exp before calling") << int(RefreshTiming::OnDemand) << false;
    QTest::newRow("after rejection: sends it, gets a 401, refreshes") << int(RefreshTiming::AfterRejection) << true;
}

void TestSimEngine::refreshTiming()
{
    QFETCH(int, timing);
    QFETCH(bool, expiredTokensSent);
    Scenario scenario = simpleScenario(60);
    scenario.clients.refresh = RefreshTiming(timing);
    scenario.clients.refreshAhead = 60;
    SimOptions options;
    options.recordEvents = true;
    SimEngine engine(scenario, options);
    engine.run();
    const SimMetrics &metrics = engine.metrics();
    QCOMPARE(metrics.legitRejected > 0, expiredTokensSent);
    QCOMPARE(metrics.wrongfulLogouts, quint64(0));
    // Four hours of 15-minute tokens: about 16 of them, whichever way the client refreshes.
    QVERIFY(metrics.refreshes >= 14 && metrics.refreshes <= 17);
    if (RefreshTiming(timing) == RefreshTiming::Ahead) {
        // The timer fires a minute before exp: every refresh happens at 840 s into a token's life.
        for (const SimEvent &event : engine.events()) {
            if (event.type == SimEventType::Refresh)
                QCOMPARE(event.time % 840, 0);
        }
    }
}

void TestSimEngine::keyRotationWithoutOverlapRejectsUntilRefetch()
{
    Scenario scenario = simpleScenario(30);
    scenario.clients.count = 5;
    scenario.issuer.keyRotationInterval = 3000; // not a multiple of the cache age
    scenario.server.jwksCacheAge = 3600;
    scenario.server.refetchOnUnknownKid = false;
    const SimMetrics noOverlap = runScenario(scenario);
    QVERIFY(noOverlap.legitRejectedUnknownKey > 0);
    scenario.issuer.keyOverlap = 3600;
    const SimMetrics overlap = runScenario(scenario);
    QCOMPARE(overlap.legitRejectedUnknownKey, quint64(0));
    scenario.issuer.keyOverlap = 0;
    scenario.server.refetchOnUnknownKid = true;
    scenario.server.unknownKidRefetchInterval = 60;
    const SimMetrics refetch = runScenario(scenario);
    QVERIFY(refetch.legitRejectedUnknownKey < noOverlap.legitRejectedUnknownKey);
}

void TestSimEngine::tokensAreSignedLazilyAndVerify()
{
    Scenario scenario = simpleScenario(60);
    scenario.issuer.rotation = RotationMode::Always;
    scenario.issuer.keyRotationInterval = 3600;
    scenario.issuer.keyOverlap = 600;
    SimEngine engine(scenario);
    engine.run();
    QVERIFY(engine.tokenCount() > 20);
    QCOMPARE(engine.metrics().signaturesMade, quint64(0)); // nothing was shown: nothing was signed

    const KeySet keys = engine.verificationKeys();
    QVERIFY(keys.size() >= 3);
    int checked = 0;
    QSet<QString> kids;
    for (qint64 id = 1; id <= engine.tokenCount(); ++id) {
        const SimToken *token = engine.token(id);
        QVERIFY(token);
        const Result<QByteArray> signedText = engine.tokenText(id);
        QVERIFY2(signedText, qPrintable(signedText.errorMessage()));
        const QByteArray text = *signedText;
        FixedClock clock(token->issuedAt);
        VerificationPolicy policy;
        policy.clock = &clock;
        policy.expectedIssuer = scenario.issuer.issuerUrl;
        const VerificationResult result = TokenVerifier::verify(text, keys, policy);
        QVERIFY2(result.isValid(), qPrintable(result.message));
        const DecodeResult decoded = CompactToken::decode(text);
        QVERIFY(decoded);
        kids.insert(decoded.token->keyId());
        const JsonValue &payload = *decoded.token->payload;
        QCOMPARE(payload.value(u"iat")->toInteger().value(), token->issuedAt);
        if (token->kind == CredentialRef::Kind::AccessToken) {
            QCOMPARE(payload.value(u"exp")->toInteger().value() - token->issuedAt, scenario.issuer.accessTokenTtl);
            QCOMPARE(decoded.token->header.value(u"typ")->string, u"at+jwt"_s);
        } else {
            QCOMPARE(payload.value(u"gen")->toInteger().value(), token->generation);
        }
        ++checked;
    }
    QVERIFY(kids.size() >= 3); // tokens signed before and after the scheduled rotations
    QCOMPARE(engine.metrics().signaturesMade, quint64(checked));
    // Asking again gives the same text without signing again.
    const Result<QByteArray> again = engine.tokenText(1);
    QCOMPARE(engine.metrics().signaturesMade, quint64(checked));
    QVERIFY(again && !again->isEmpty());
    const Result<QByteArray> beyond = engine.tokenText(engine.tokenCount() + 1);
    QVERIFY(!beyond);
    QVERIFY(beyond.error().code() == ErrorCode("sim.no_token"));
}

void TestSimEngine::sessionIdsAreOpaqueAndStable()
{
    Scenario scenario = simpleScenario(60);
    scenario.server.mode = ServerMode::Session;
    SimEngine first(scenario);
    first.run();
    SimEngine second(scenario);
    second.run();
    const QByteArray sid = first.tokenText(1).valueOr({});
    QCOMPARE(sid.size(), 43); // 256 bits of base64url
    QCOMPARE(sid, second.tokenText(1).valueOr({}));
    QVERIFY(!sid.contains('.'));
    QCOMPARE(first.metrics().credentialBytesPerRequest(), double(sizeof("Cookie: sid=") - 1 + 43));

    SimOptions options;
    options.keepTokens = false;
    SimEngine headless(scenario, options);
    headless.run();
    const Result<QByteArray> notKept = headless.tokenText(1);
    QVERIFY(!notKept);
    QVERIFY(notKept.error().code() == ErrorCode("sim.tokens_not_kept"));
    QVERIFY(notKept.error().message().contains(u"keepTokens"_s));
}

QTEST_GUILESS_MAIN(TestSimEngine)
#include "tst_simengine.moc"
