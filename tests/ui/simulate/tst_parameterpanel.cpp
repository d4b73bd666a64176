// ParameterPanel: the Simulate workspace's knobs. Showing a scenario and reading it back changes nothing (and is
// not an edit); an edit by the user is reported once and lands in the scenario; knobs that do nothing under the
// current choices are disabled; scripted actors are kept pointing at clients and servers that still exist.

#include "SimulateTestSupport.h"
#include "common/Settings.h"
#include "sim/Scenario.h"
#include "simulate/ParameterPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;
using tokenscope::test::byAccessibleName;

namespace {

Scenario scenarioF()
{
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltIn(u"f-rotation-reuse-detection"_s);
    return loaded ? loaded.variants.first() : Scenario();
}

} // namespace

class TestParameterPanel : public QObject
{
    Q_OBJECT

private slots:
    void showingAndReadingBackChangesNothing();
    void anEditIsReportedAndReadBack();
    void knobsThatDoNothingAreDisabled_data();
    void knobsThatDoNothingAreDisabled();
    void scriptedActorsFollowFewerClientsAndServers();
};

void TestParameterPanel::showingAndReadingBackChangesNothing()
{
    const auto settings = Settings::throwaway();
    ParameterPanel panel(settings.get());
    QCOMPARE(panel.accessibleName(), u"Parameters"_s);
    QSignalSpy edited(&panel, &ParameterPanel::edited);
    const Scenario original = scenarioF();
    QVERIFY(!original.name.isEmpty());
    panel.showScenario(original);
    QCOMPARE(edited.count(), 0);
    Scenario read = original;
    panel.readInto(read);
    QCOMPARE(read.issuer.accessTokenTtl, original.issuer.accessTokenTtl);
    QCOMPARE(read.issuer.rotation, original.issuer.rotation);
    QCOMPARE(read.issuer.reuse, original.issuer.reuse);
    QCOMPARE(read.issuer.refreshTokenLifetime, original.issuer.refreshTokenLifetime);
    QCOMPARE(read.server.mode, original.server.mode);
    QCOMPARE(read.server.leeway, original.server.leeway);
    QCOMPARE(read.clients.count, original.clients.count);
    QCOMPARE(read.clients.requestInterval, original.clients.requestInterval);
    QCOMPARE(read.duration, original.duration);
    QCOMPARE(read.seed, original.seed);
    QVERIFY(read.issuer.presetName.isEmpty()); // read back from the knobs: by hand
}

void TestParameterPanel::anEditIsReportedAndReadBack()
{
    const auto settings = Settings::throwaway();
    ParameterPanel panel(settings.get());
    panel.showScenario(scenarioF());
    QSignalSpy edited(&panel, &ParameterPanel::edited);
    auto *clients = byAccessibleName<QSpinBox>(&panel, u"Clients"_s);
    QVERIFY(clients);
    clients->setValue(clients->value() + 7);
    QCOMPARE(edited.count(), 1);
    Scenario read = scenarioF();
    panel.readInto(read);
    QCOMPARE(read.clients.count, scenarioF().clients.count + 7);

    auto *ttl = byAccessibleName<QSpinBox>(&panel, u"Access token TTL"_s);
    QVERIFY(ttl);
    ttl->setValue(0); // the panel never writes a zero lifetime
    QCOMPARE(edited.count(), 2);
    panel.readInto(read);
    QCOMPARE(read.issuer.accessTokenTtl, 1);
}

void TestParameterPanel::knobsThatDoNothingAreDisabled_data()
{
    QTest::addColumn<bool>("refreshTokens");
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("rotationEnabled");
    QTest::addColumn<bool>("jwksCacheEnabled");
    QTest::addColumn<bool>("sessionIdleEnabled");
    QTest::newRow("JWT with refresh tokens") << true << int(ServerMode::StatelessJwt) << true << true << false;
    QTest::newRow("no refresh tokens: no rotation") << false << int(ServerMode::StatelessJwt) << false << true << false;
    QTest::newRow("sessions: no JWKS, session limits") << true << int(ServerMode::Session) << true << false << true;
}

void TestParameterPanel::knobsThatDoNothingAreDisabled()
{
    QFETCH(bool, refreshTokens);
    QFETCH(int, mode);
    const auto settings = Settings::throwaway();
    ParameterPanel panel(settings.get());
    Scenario scenario = scenarioF();
    scenario.issuer.refreshTokensEnabled = refreshTokens;
    scenario.server.mode = ServerMode(mode);
    panel.showScenario(scenario);
    QTEST(byAccessibleName<QComboBox>(&panel, u"Rotation"_s)->isEnabled(), "rotationEnabled");
    QTEST(byAccessibleName<QSpinBox>(&panel, u"JWKS cache age"_s)->isEnabled(), "jwksCacheEnabled");
    QTEST(byAccessibleName<QSpinBox>(&panel, u"Session idle"_s)->isEnabled(), "sessionIdleEnabled");
}

void TestParameterPanel::scriptedActorsFollowFewerClientsAndServers()
{
    const auto settings = Settings::throwaway();
    ParameterPanel panel(settings.get());
    Scenario scenario = scenarioF();
    scenario.clients.count = 5;
    scenario.server.servers = 3;
    AttackerConfig attacker;
    attacker.client = 4;
    scenario.attackers = {attacker};
    OperatorEvent event;
    event.client = 4;
    event.server = 2;
    scenario.events = {event};
    panel.showScenario(scenario);
    byAccessibleName<QSpinBox>(&panel, u"Clients"_s)->setValue(2);
    byAccessibleName<QSpinBox>(&panel, u"Servers"_s)->setValue(1);
    panel.readInto(scenario);
    QCOMPARE(scenario.attackers.front().client, 1);
    QCOMPARE(scenario.events.front().client, 1);
    QCOMPARE(scenario.events.front().server, 0);
}

QTEST_MAIN(TestParameterPanel)
#include "tst_parameterpanel.moc"
