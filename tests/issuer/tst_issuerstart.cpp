// MockIssuer::start says why it failed: each cause is provoked for real on loopback (a port a socket of the test
// holds, an address off loopback or not of this machine, a database it cannot open, one a later Tokenscope wrote, a
// failed migration, an unreadable signing key, PostgreSQL not answering) and the code and the message that names the
// cause are checked, with the issuer left stopped.
#include "common/SqlTestConnection.h"
#include "issuer/MockIssuer.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using tokenscope::testing::SqlTestConnection;

class TestIssuerStart : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;

    [[nodiscard]] MockIssuerOptions optionsFor(const QString &databaseName) const
    {
        MockIssuerOptions options;
        options.databasePath = m_directory.filePath(databaseName);
        return options;
    }

    // A database a first issuer created and closed again, for the test to tamper with.
    [[nodiscard]] bool createDatabase(const QString &databaseName) const
    {
        MockIssuer issuer;
        const Result<void> started = issuer.start(optionsFor(databaseName));
        if (!started)
            qWarning("%s", qPrintable(started.error().message()));
        return bool(started);
    }

    static QString describe(const Result<void> &result)
    {
        return result ? QStringLiteral("started")
                      : QStringLiteral("%1: %2").arg(result.error().code().toString(), result.error().message());
    }

private slots:
    void startsOnLoopbackAddresses_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1");
        QTest::newRow("127.0.0.2, loopback too (127.0.0.0/8)") << QStringLiteral("127.0.0.2");
    }
    void startsOnLoopbackAddresses()
    {
        QFETCH(QString, address);
        MockIssuerOptions options
            = optionsFor(QStringLiteral("loopback-%1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag())));
        options.address = QHostAddress(address);
        MockIssuer issuer;
        const Result<void> started = issuer.start(options);
        QVERIFY2(started, qPrintable(describe(started)));
        QVERIFY(issuer.isRunning());
        QCOMPARE(issuer.issuerUrl().host(), address);
    }

    void refusesAPortAnotherSocketHolds()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        MockIssuerOptions options = optionsFor(QStringLiteral("port-in-use.sqlite"));
        options.port = occupant.serverPort();
        MockIssuer issuer;
        const Result<void> started = issuer.start(options);
        QVERIFY(!started);
        QVERIFY2(started.error().code() == MockIssuerStartError::PortInUse, qPrintable(describe(started)));
        QVERIFY2(started.error().message().contains(QString::number(occupant.serverPort())),
                 qPrintable(started.error().message()));
        QVERIFY2(started.error().message().contains(u"127.0.0.1"), qPrintable(started.error().message()));
        QVERIFY2(started.error().message().contains(u"in use"), qPrintable(started.error().message()));
        QVERIFY(!issuer.isRunning());

        // The port, once free, is the issuer's.
        occupant.close();
        MockIssuer second;
        const Result<void> again = second.start(options);
        QVERIFY2(again, qPrintable(describe(again)));
        QCOMPARE(second.port(), options.port);
    }

    void refusesAnAddressOffLoopback_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("every IPv4 address") << QStringLiteral("0.0.0.0");
        QTest::newRow("every IPv6 address") << QStringLiteral("::");
        QTest::newRow("a documentation address (RFC 5737)") << QStringLiteral("192.0.2.1");
    }
    void refusesAnAddressOffLoopback()
    {
        QFETCH(QString, address);
        MockIssuerOptions options = optionsFor(QStringLiteral("off-loopback.sqlite"));
        options.address = QHostAddress(address);
        MockIssuer issuer;
        const Result<void> started = issuer.start(options);
        QVERIFY(!started);
        QVERIFY2(started.error().code() == MockIssuerStartError::AddressNotLoopback, qPrintable(describe(started)));
        QVERIFY2(started.error().message().contains(address), qPrintable(started.error().message()));
        QVERIFY2(started.error().message().contains(u"loopback"), qPrintable(started.error().message()));
        QVERIFY(!issuer.isRunning());
        // Refused before the database was touched.
        QVERIFY(!QFileInfo::exists(options.databasePath));
    }

    void refusesAnAddressNotOfThisMachine()
    {
        // RFC 5737 TEST-NET-1: no interface has it, so binding fails before any packet could leave.
        const QHostAddress address(QStringLiteral("192.0.2.1"));
        if (QTcpServer probe; probe.listen(address, 0))
            QSKIP("this machine lets sockets bind to addresses it does not have (ip_nonlocal_bind)");
        MockIssuerOptions options = optionsFor(QStringLiteral("not-here.sqlite"));
        options.address = address;
        options.listenScope = MockIssuerOptions::ListenScope::AnyAddress;
        MockIssuer issuer;
        const Result<void> started = issuer.start(options);
        QVERIFY(!started);
        QVERIFY2(started.error().code() == MockIssuerStartError::AddressNotAvailable, qPrintable(describe(started)));
        QVERIFY2(started.error().message().contains(u"192.0.2.1"), qPrintable(started.error().message()));
        QVERIFY2(started.error().message().contains(u"not one of this machine's"),
                 qPrintable(started.error().message()));
        QVERIFY(!issuer.isRunning());
    }

    void refusesAPortTheSystemReserves()
    {
        // Ports below 1024 need privileges unless the test runs as root or the system lowered the limit.
        if (QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 1) || probe.serverError() != QAbstractSocket::SocketAccessError)
            QSKIP("this user may listen on port 1");
        MockIssuerOptions options = optionsFor(QStringLiteral("privileged.sqlite"));
        options.port = 1;
        MockIssuer issuer;
        const Result<void> started = issuer.start(options);
        QVERIFY(!started);
        QVERIFY2(started.error().code() == MockIssuerStartError::PortAccessDenied, qPrintable(describe(started)));
        QVERIFY2(started.error().message().contains(u"port 1:"), qPrintable(started.error().message()));
        QVERIFY2(started.error().message().contains(u"below 1024"), qPrintable(started.error().message()));
    }

    void refusesADatabaseItCannotOpen_data()
    {
        QTest::addColumn<QString>("databasePath");
        QTest::addColumn<QString>("named"); // what the message must name
        const QString blocker = m_directory.filePath(QStringLiteral("a-file"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QTest::newRow("its folder is a file") << blocker + QStringLiteral("/issuer.sqlite") << blocker;
        QTest::newRow("it is a folder") << m_directory.path() << m_directory.path();
        QTest::newRow("a URL of another kind")
            << QStringLiteral("mysql://root@127.0.0.1/issuer") << QStringLiteral("mysql://");
    }
    void refusesADatabaseItCannotOpen()
    {
        QFETCH(QString, databasePath);
        QFETCH(QString, named);
        MockIssuerOptions options;
        options.databasePath = databasePath;
        MockIssuer issuer;
        const Result<void> started = issuer.start(options);
        QVERIFY(!started);
        QVERIFY2(started.error().code() == MockIssuerStartError::DatabaseNotOpened, qPrintable(describe(started)));
        QVERIFY2(started.error().message().contains(named), qPrintable(started.error().message()));
        QVERIFY(!issuer.isRunning());
    }

    void refusesADatabaseFromANewerTokenscope()
    {
        const QString name = QStringLiteral("newer.sqlite");
        QVERIFY(createDatabase(name));
        const QString path = m_directory.filePath(name);
        QVERIFY(SqlTestConnection(QStringLiteral("QSQLITE"), path)
                    .exec(QStringLiteral("INSERT INTO schema_version VALUES (99, 'from a later Tokenscope')")));
        MockIssuer issuer;
        const Result<void> started = issuer.start(optionsFor(name));
        QVERIFY(!started);
        QVERIFY2(started.error().code() == MockIssuerStartError::SchemaTooNew, qPrintable(describe(started)));
        QVERIFY2(started.error().message().contains(u"schema version 99"), qPrintable(started.error().message()));
        QVERIFY(!issuer.isRunning());
        // Left untouched.
        QCOMPARE(SqlTestConnection(QStringLiteral("QSQLITE"), path)
                     .column(QStringLiteral("SELECT MAX(version) FROM schema_version"))
                     .value(0)
                     .toInt(),
                 99);
    }

    void reportsAMigrationThatFailed()
    {
        // A table in the way: migration 1 keeps an existing `families` table, then cannot index its missing column.
        const QString path = m_directory.filePath(QStringLiteral("in-the-way.sqlite"));
        QVERIFY(
            SqlTestConnection(QStringLiteral("QSQLITE"), path).exec(QStringLiteral("CREATE TABLE families (id TEXT)")));
        MockIssuer issuer;
        const Result<void> started = issuer.start(optionsFor(QStringLiteral("in-the-way.sqlite")));
        QVERIFY(!started);
        QVERIFY2(started.error().code() == MockIssuerStartError::MigrationFailed, qPrintable(describe(started)));
        QVERIFY2(started.error().message().contains(u"schema migration 1"), qPrintable(started.error().message()));
        QVERIFY(!issuer.isRunning());
    }

    void refusesASigningKeyItCannotRead()
    {
        const QString name = QStringLiteral("bad-key.sqlite");
        QVERIFY(createDatabase(name));
        SqlTestConnection database(QStringLiteral("QSQLITE"), m_directory.filePath(name));
        const QString kid = database.column(QStringLiteral("SELECT kid FROM keys")).value(0).toString();
        QVERIFY(!kid.isEmpty());
        QVERIFY(database.exec(QStringLiteral("UPDATE keys SET private_pem = 'not a key'")));
        MockIssuer issuer;
        const Result<void> started = issuer.start(optionsFor(name));
        QVERIFY(!started);
        QVERIFY2(started.error().code() == MockIssuerStartError::SigningKeyFailed, qPrintable(describe(started)));
        QVERIFY2(started.error().message().contains(kid), qPrintable(started.error().message()));
        QVERIFY2(started.error().message().contains(u"cannot be read"), qPrintable(started.error().message()));
        QVERIFY(!issuer.isRunning());
    }

    void reportsPostgresThatDoesNotAnswer()
    {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
            QSKIP("the Qt PostgreSQL driver is not installed");
        // A loopback port nothing listens on: the connection is refused at once.
        quint16 port = 0;
        {
            QTcpServer reserve;
            QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
            port = reserve.serverPort();
        }
        MockIssuerOptions options;
        options.databasePath = QStringLiteral("postgresql://tokenscope@127.0.0.1:%1/issuer").arg(port);
        MockIssuer issuer;
        const Result<void> started = issuer.start(options);
        QVERIFY(!started);
        QVERIFY2(started.error().code() == MockIssuerStartError::DatabaseUnreachable, qPrintable(describe(started)));
        QVERIFY2(started.error().message().contains(u"cannot reach PostgreSQL"), qPrintable(started.error().message()));
        QVERIFY2(started.error().message().contains(QString::number(port)), qPrintable(started.error().message()));
    }

    void refusesASecondStartWhileRunning()
    {
        MockIssuer issuer;
        const Result<void> first = issuer.start(optionsFor(QStringLiteral("twice.sqlite")));
        QVERIFY2(first, qPrintable(describe(first)));
        const quint16 port = issuer.port();
        const Result<void> second = issuer.start(optionsFor(QStringLiteral("twice.sqlite")));
        QVERIFY(!second);
        QVERIFY2(second.error().code() == MockIssuerStartError::AlreadyRunning, qPrintable(describe(second)));
        QVERIFY2(second.error().message().contains(u"already running"), qPrintable(second.error().message()));
        // The running issuer is not disturbed.
        QVERIFY(issuer.isRunning());
        QCOMPARE(issuer.port(), port);
    }
};

QTEST_GUILESS_MAIN(TestIssuerStart)
#include "tst_issuerstart.moc"
