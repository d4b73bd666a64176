// IssuerLauncher: the server bar's choices become a running mock issuer on 127.0.0.1, or a message that names
// what to change (the config file, the preset, the database, the port).

#include "common/Clock.h"
#include "issuer/IssuerLauncher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

class TestIssuerLauncher : public QObject
{
    Q_OBJECT

private slots:
    void temporaryDatabaseOutlivesStopsUntilRemoved();
    void chosenFileAndConfigAreUsed();
    void refusalsSayWhatToChange_data();
    void refusalsSayWhatToChange();
    void portInUseNamesThePort();
    void tenantsAreServedBesideTheRoot();
    void badTenantNameIsRefusedBeforeTheDatabase();
};

void TestIssuerLauncher::temporaryDatabaseOutlivesStopsUntilRemoved()
{
    FixedClock clock(1'900'000'000);
    IssuerLauncher launcher;
    QCOMPARE(launcher.temporaryDatabasePath(), QString());
    IssuerLauncher::Choices choices;
    choices.clock = &clock;
    IssuerLauncher::Launch launch = launcher.launch(choices);
    QVERIFY2(launch, qPrintable(launch.error));
    QVERIFY(launch.issuer->isRunning());
    QVERIFY(launch.issuer->issuerUrl().toString().startsWith(u"http://127.0.0.1:"_s));
    QCOMPARE(launch.issuer->now(), 1'900'000'000);
    QCOMPARE(launch.databasePath, launcher.temporaryDatabasePath());
    QVERIFY(QFileInfo::exists(launch.databasePath));
    const QString path = launch.databasePath;
    launch.issuer.reset();

    // The next start finds the same database.
    IssuerLauncher::Launch again = launcher.launch(choices);
    QVERIFY2(again, qPrintable(again.error));
    QCOMPARE(again.databasePath, path);
    again.issuer.reset();
    launcher.removeTemporaryDirectory();
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(launcher.temporaryDatabasePath(), QString());
}

void TestIssuerLauncher::chosenFileAndConfigAreUsed()
{
    QTemporaryDir directory;
    const QString configPath = directory.filePath(u"issuer.json"_s);
    QFile config(configPath);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(R"({"clients": [{"client_id": "web", "client_secret": "web-secret"}]})");
    config.close();
    IssuerLauncher launcher;
    IssuerLauncher::Choices choices;
    choices.configPath = configPath;
    choices.presetName = u"okta"_s;
    choices.location = IssuerLauncher::DatabaseLocation::File;
    choices.chosenDatabasePath = directory.filePath(u"chosen.sqlite"_s);
    const IssuerLauncher::Launch launch = launcher.launch(choices);
    QVERIFY2(launch, qPrintable(launch.error));
    QCOMPARE(launch.databasePath, choices.chosenDatabasePath);
    QCOMPARE(launch.issuer->config().clients.size(), 1);
    QCOMPARE(launch.issuer->config().clients.constFirst().clientId, u"web"_s);
    QCOMPARE(launch.issuer->config().policy.presetName, u"okta"_s);
    QCOMPARE(launcher.temporaryDatabasePath(), QString()); // no temporary folder was needed
}

void TestIssuerLauncher::refusalsSayWhatToChange_data()
{
    QTest::addColumn<QString>("config");
    QTest::addColumn<QString>("preset");
    QTest::addColumn<int>("location");
    QTest::addColumn<QString>("said");
    QTest::newRow("invalid config") << u"bad.json"_s << QString() << int(IssuerLauncher::DatabaseLocation::Temporary)
                                    << u"bad.json"_s;
    QTest::newRow("missing config") << u"missing.json"_s << QString()
                                    << int(IssuerLauncher::DatabaseLocation::Temporary) << u"missing.json"_s;
    QTest::newRow("unknown preset") << QString() << u"no-such-preset"_s
                                    << int(IssuerLauncher::DatabaseLocation::Temporary)
                                    << u"no preset named no-such-preset"_s;
    QTest::newRow("file not chosen") << QString() << QString() << int(IssuerLauncher::DatabaseLocation::File)
                                     << u"choose a database file first"_s;
}

void TestIssuerLauncher::refusalsSayWhatToChange()
{
    QFETCH(QString, config);
    QFETCH(QString, preset);
    QFETCH(int, location);
    QFETCH(QString, said);
    QTemporaryDir directory;
    QFile bad(directory.filePath(u"bad.json"_s));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"clients": [{"client_secret": "x"}]})");
    bad.close();
    IssuerLauncher launcher;
    IssuerLauncher::Choices choices;
    choices.configPath = config.isEmpty() ? QString() : directory.filePath(config);
    choices.presetName = preset;
    choices.location = IssuerLauncher::DatabaseLocation(location);
    const IssuerLauncher::Launch launch = launcher.launch(choices);
    QVERIFY(!launch);
    QVERIFY(!launch.issuer);
    QVERIFY2(launch.error.startsWith(u"The issuer did not start"_s), qPrintable(launch.error));
    QVERIFY2(launch.error.contains(said), qPrintable(launch.error));
}

void TestIssuerLauncher::portInUseNamesThePort()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost));
    IssuerLauncher launcher;
    IssuerLauncher::Choices choices;
    choices.port = occupant.serverPort();
    const IssuerLauncher::Launch launch = launcher.launch(choices);
    QVERIFY(!launch);
    QVERIFY2(launch.error.contains(u"port %1"_s.arg(choices.port)), qPrintable(launch.error));
    QVERIFY2(launch.error.contains(u"already in use"_s), qPrintable(launch.error));
}

void TestIssuerLauncher::tenantsAreServedBesideTheRoot()
{
    IssuerLauncher launcher;
    IssuerLauncher::Choices choices;
    choices.tenantNames = {u"acme"_s, u"globex"_s};
    const IssuerLauncher::Launch launch = launcher.launch(choices);
    QVERIFY2(launch, qPrintable(launch.error));
    QCOMPARE(launch.issuer->tenantNames(), choices.tenantNames);
    QCOMPARE(launch.issuer->tenant(u"acme"_s)->issuerUrl().path(), u"/acme"_s);
}

void TestIssuerLauncher::badTenantNameIsRefusedBeforeTheDatabase()
{
    IssuerLauncher launcher;
    IssuerLauncher::Choices choices;
    choices.tenantNames = {u"acme"_s, u"Acme Corp"_s};
    const IssuerLauncher::Launch launch = launcher.launch(choices);
    QVERIFY(!launch);
    QVERIFY2(launch.error.startsWith(u"The issuer did not start"_s), qPrintable(launch.error));
    QVERIFY2(launch.error.contains(u"\"Acme Corp\" is not a tenant name"_s), qPrintable(launch.error));
    QCOMPARE(launcher.temporaryDatabasePath(), QString()); // refused before any database was made
}

QTEST_GUILESS_MAIN(TestIssuerLauncher)
#include "tst_issuerlauncher.moc"
