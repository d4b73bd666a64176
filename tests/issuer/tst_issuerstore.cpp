// IssuerStore on both back ends: the versioned migrations (a fresh database gets all of them, a second open none, a
// SQLite database from before versioning is adopted with its data, a newer database is refused untouched), the
// state generation replicas watch, and PostgreSQL's row lock that makes two replicas' refreshes of one family
// take turns. PostgreSQL rows run on a server of the test's own (tests/common/PostgresCluster).
#include "common/PostgresCluster.h"
#include "common/SqlTestConnection.h"
#include "issuer/IssuerMigrations.h"
#include "issuer/IssuerStore.h"

#include <QDeadlineTimer>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace tokenscope;
using namespace tokenscope::issuer;
using tokenscope::testing::PostgresCluster;
using tokenscope::testing::SqlTestConnection;

namespace {

StoredFamily familyAtGeneration0(const QString &id)
{
    StoredFamily family;
    family.id = id;
    family.clientId = QStringLiteral("demo");
    family.subject = QStringLiteral("alice");
    family.scope = QStringLiteral("openid");
    family.authTime = 1'700'000'000;
    family.state.createdAt = 1'700'000'000;
    family.state.generationIssuedAt = 1'700'000'000;
    return family;
}

} // namespace

class TestIssuerStore : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PostgresCluster> m_cluster;
    QTemporaryDir m_directory;
    QString m_driver; // QSQLITE or QPSQL, for SqlTestConnection
    QString m_databaseName; // the SQLite file, or the PostgreSQL database
    QString m_location; // what IssuerStore::open takes
    quint16 m_port = 0;

    // The back end of the current data row, with an empty database.
    bool prepare(const QString &backend)
    {
        m_driver = backend;
        m_port = 0;
        if (backend == u"QSQLITE") {
            m_databaseName
                = m_directory.filePath(QStringLiteral("%1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag())));
            QFile::remove(m_databaseName);
            m_location = m_databaseName;
            return true;
        }
        m_cluster = PostgresCluster::startWithDatabase(QStringLiteral("issuer"));
        if (!m_cluster)
            return false;
        m_databaseName = QStringLiteral("issuer");
        m_location = m_cluster->url(m_databaseName);
        m_port = m_cluster->port();
        return true;
    }

    [[nodiscard]] SqlTestConnection inspect() const { return SqlTestConnection(m_driver, m_databaseName, m_port); }

    static void backends()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("SQLite") << QStringLiteral("QSQLITE");
        QTest::newRow("PostgreSQL") << QStringLiteral("QPSQL");
    }

private slots:
    void init()
    {
        const bool postgres = QByteArrayView(QTest::currentDataTag()) == "PostgreSQL"
            || QByteArrayView(QTest::currentTestFunction()).startsWith("rowLock");
        if (const QString missing = PostgresCluster::missingReason(); postgres && !missing.isEmpty())
            QSKIP(qPrintable(missing));
    }

    void cleanup()
    {
        if (m_cluster) {
            QString error;
            QVERIFY2(m_cluster->stop(&error), qPrintable(error));
            m_cluster.reset();
        }
    }

    void freshDatabaseGetsEveryMigrationOnce_data() { backends(); }
    void freshDatabaseGetsEveryMigrationOnce()
    {
        QFETCH(QString, backend);
        QVERIFY(prepare(backend));
        QVariantList expected;
        for (int version = 1; version <= IssuerMigrations::latestVersion(); ++version)
            expected << version;
        for (int open = 0; open < 2; ++open) { // the second open finds nothing to do
            IssuerStore store;
            const Result<void> opened = store.open(m_location);
            QVERIFY2(opened, qPrintable(opened.errorMessage()));
            QCOMPARE(store.backend() == IssuerStore::Backend::Postgres, backend == u"QPSQL");
            QCOMPARE(store.stateGeneration(), std::optional<qint64>(0));
        }
        const SqlTestConnection db = inspect();
        QVariantList versions;
        for (const QVariant &value : db.column(QStringLiteral("SELECT version FROM schema_version ORDER BY version")))
            versions << value.toInt();
        QCOMPARE(versions, expected);
        QCOMPARE(db.tables(),
                 (QStringList {QStringLiteral("authorization_codes"), QStringLiteral("clients"),
                               QStringLiteral("dpop_proofs"), QStringLiteral("families"),
                               QStringLiteral("issuer_secrets"), QStringLiteral("keys"), QStringLiteral("meta"),
                               QStringLiteral("refresh_tokens"), QStringLiteral("revoked_access_tokens"),
                               QStringLiteral("schema_version"), QStringLiteral("users")}));
    }

    // DPoP (RFC 9449 §11.1): one statement tells a fresh proof from a replay on both back ends, expired proofs are
    // pruned, a family keeps its DPoP key, and the first replica's secret is the one every replica gets.
    void dpopStateRoundTrips_data() { backends(); }
    void dpopStateRoundTrips()
    {
        QFETCH(QString, backend);
        QVERIFY(prepare(backend));
        IssuerStore store;
        const Result<void> opened = store.open(m_location);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        const QByteArray proof(32, '\x5A');
        QCOMPARE(store.useDpopProof(proof, 1'700'000'061, 1'700'000'000), IssuerStore::ProofUse::Fresh);
        QCOMPARE(store.useDpopProof(proof, 1'700'000'061, 1'700'000'030), IssuerStore::ProofUse::Replayed);
        QCOMPARE(store.useDpopProof(QByteArray(32, '\x01'), 1'700'000'090, 1'700'000'030),
                 IssuerStore::ProofUse::Fresh);
        // At its expiry the row is pruned: only proofs that could still be replayed are kept.
        QCOMPARE(store.useDpopProof(QByteArray(32, '\x02'), 1'700'000'120, 1'700'000'061),
                 IssuerStore::ProofUse::Fresh);
        QCOMPARE(inspect().column(QStringLiteral("SELECT COUNT(*) FROM dpop_proofs")).value(0).toInt(), 2);

        const StoredFamily family = familyAtGeneration0(QStringLiteral("f-dpop"));
        QVERIFY2(store.insertFamily(family), qPrintable(store.lastError()));
        QCOMPARE(store.familyDpopJkt(family.id), std::optional<QString>(QString()));
        QVERIFY(store.setFamilyDpopJkt(family.id, QStringLiteral("jkt-1")));
        QCOMPARE(store.familyDpopJkt(family.id), std::optional<QString>(QStringLiteral("jkt-1")));
        QVERIFY(!store.setFamilyDpopJkt(QStringLiteral("no-such-family"), QStringLiteral("jkt-1")));

        QCOMPARE(store.sharedSecret(QStringLiteral("k"), QByteArray("first\0bytes", 11)),
                 QByteArray("first\0bytes", 11));
        QCOMPARE(store.sharedSecret(QStringLiteral("k"), QByteArray("second")), QByteArray("first\0bytes", 11));
    }

    void familiesRoundTripWithTheSameColumnTypes_data() { backends(); }
    void familiesRoundTripWithTheSameColumnTypes()
    {
        QFETCH(QString, backend);
        QVERIFY(prepare(backend));
        IssuerStore store;
        const Result<void> opened = store.open(m_location);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        StoredFamily family = familyAtGeneration0(QStringLiteral("f1"));
        family.state.expiresAt = RefreshFamilyState::never; // stored as NULL
        QVERIFY2(store.insertFamily(family), qPrintable(store.lastError()));
        StoredRefreshToken token {QByteArray(32, '\xA7'), family.id, 0, 1'700'000'000, QByteArray("\x00\xFF", 2)};
        QVERIFY2(store.insertRefreshToken(token), qPrintable(store.lastError()));
        // A second row for the same generation is refused by the schema on both back ends.
        QVERIFY(!store.insertRefreshToken({QByteArray(32, '\x01'), family.id, 0, 1'700'000'000, {}}));
        const std::optional<StoredFamily> read = store.family(family.id);
        QVERIFY(read);
        QCOMPARE(read->state, family.state);
        QCOMPARE(read->subject, family.subject);
        const std::optional<StoredRefreshToken> readToken = store.refreshToken(token.tokenSha256);
        QVERIFY(readToken);
        QCOMPARE(readToken->familyId, family.id);
        QCOMPARE(readToken->sealedNext, token.sealedNext); // bytes, not text
    }

    void unversionedSqliteDatabaseIsAdoptedWithItsData()
    {
        // A database of a Tokenscope from before versioned migrations: the version in `meta`, no schema_version.
        m_driver = QStringLiteral("QSQLITE");
        m_databaseName = m_location = m_directory.filePath(QStringLiteral("unversioned.sqlite"));
        {
            const SqlTestConnection db = inspect();
            QVERIFY(db.exec(QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")));
            QVERIFY(db.exec(QStringLiteral("INSERT INTO meta VALUES ('schema_version', 1), ('clock_offset', 90)")));
            QVERIFY(db.exec(QStringLiteral(
                "CREATE TABLE families (id TEXT PRIMARY KEY, client_id TEXT NOT NULL, subject TEXT NOT NULL, scope "
                "TEXT "
                "NOT NULL, auth_time INTEGER NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER, generation "
                "INTEGER NOT NULL, generation_issued_at INTEGER NOT NULL, last_rotated_at INTEGER NOT NULL, revoked "
                "INTEGER NOT NULL DEFAULT 0, revoked_reason TEXT NOT NULL DEFAULT '', revoked_at INTEGER NOT NULL "
                "DEFAULT 0)")));
            QVERIFY(db.exec(QStringLiteral(
                "INSERT INTO families (id, client_id, subject, scope, auth_time, created_at, generation, "
                "generation_issued_at, last_rotated_at) VALUES ('old', 'demo', 'alice', 'openid', 1, 1, 3, 1, 1)")));
        }
        IssuerStore store;
        const Result<void> opened = store.open(m_location);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        const std::optional<StoredFamily> old = store.family(QStringLiteral("old"));
        QVERIFY(old);
        QCOMPARE(old->state.generation, 3);
        QCOMPARE(store.metaInteger(QStringLiteral("clock_offset")), std::optional<qint64>(90));
        QCOMPARE(inspect().column(QStringLiteral("SELECT COUNT(*) FROM schema_version")).value(0).toInt(),
                 IssuerMigrations::latestVersion());
    }

    void newerDatabaseIsRefusedUntouched_data() { backends(); }
    void newerDatabaseIsRefusedUntouched()
    {
        QFETCH(QString, backend);
        QVERIFY(prepare(backend));
        {
            IssuerStore store;
            const Result<void> opened = store.open(m_location);
            QVERIFY2(opened, qPrintable(opened.errorMessage()));
        }
        QVERIFY(inspect().exec(QStringLiteral("INSERT INTO schema_version VALUES (99, 'from a later Tokenscope')")));
        IssuerStore store;
        const Result<void> opened = store.open(m_location);
        QVERIFY(!opened);
        QVERIFY(opened.error().code() == IssuerMigrations::NewerThanKnown);
        QVERIFY2(opened.error().message().contains(u"schema version 99"), qPrintable(opened.error().message()));
        QCOMPARE(store.openFailure(), IssuerStore::OpenFailure::SchemaTooNew);
        QCOMPARE(inspect().column(QStringLiteral("SELECT MAX(version) FROM schema_version")).value(0).toInt(), 99);
    }

    void stateChangesMoveTheGenerationOtherStoresSee_data() { backends(); }
    void stateChangesMoveTheGenerationOtherStoresSee()
    {
        QFETCH(QString, backend);
        QVERIFY(prepare(backend));
        IssuerStore writer;
        IssuerStore reader; // another replica on the same database
        const Result<void> writerOpened = writer.open(m_location);
        QVERIFY2(writerOpened, qPrintable(writerOpened.errorMessage()));
        const Result<void> readerOpened = reader.open(m_location);
        QVERIFY2(readerOpened, qPrintable(readerOpened.errorMessage()));
        const std::optional<qint64> before = reader.stateGeneration();
        QVERIFY(before);
        QVERIFY(writer.setMetaInteger(QStringLiteral("clock_offset"), 600));
        QCOMPARE(reader.stateGeneration(), std::optional<qint64>(*before + 1));
        QVERIFY(
            writer.insertKey({QStringLiteral("k1"), QStringLiteral("ES256"), QByteArrayLiteral("pem"), 1, 1, 1, 0}));
        QCOMPARE(reader.stateGeneration(), std::optional<qint64>(*before + 2));
        QCOMPARE(reader.metaInteger(QStringLiteral("clock_offset")), std::optional<qint64>(600));
        // Families and tokens are read per request, not cached: they leave the generation alone.
        QVERIFY(writer.insertFamily(familyAtGeneration0(QStringLiteral("f1"))));
        QCOMPARE(reader.stateGeneration(), std::optional<qint64>(*before + 2));
    }

    void rowLockMakesTheSecondRefreshOfAFamilyWait()
    {
        // Two replicas read the same family to rotate it. With FOR UPDATE the second read waits for the first
        // transaction and then sees its rotation; without it, both would rotate generation 0.
        QVERIFY(prepare(QStringLiteral("QPSQL")));
        IssuerStore first;
        const Result<void> opened = first.open(m_location);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        const StoredFamily family = familyAtGeneration0(QStringLiteral("f1"));
        QVERIFY(first.insertFamily(family));

        IssuerStore::Transaction transaction(first);
        QVERIFY(transaction.isActive());
        const std::optional<StoredFamily> locked = first.family(family.id, RowLock::ForUpdate);
        QVERIFY(locked);
        QCOMPARE(locked->state.generation, 0);

        // The second replica, on a thread of its own (a Qt SQL connection belongs to the thread that made it).
        std::atomic<int> secondSaw = -1;
        std::atomic<bool> secondDone = false;
        QSemaphore secondStarted;
        std::unique_ptr<QThread> second(QThread::create([&] {
            IssuerStore store;
            if (!store.open(m_location)) {
                secondStarted.release();
                secondDone = true;
                return;
            }
            secondStarted.release();
            IssuerStore::Transaction racing(store);
            const std::optional<StoredFamily> read = store.family(family.id, RowLock::ForUpdate);
            secondSaw = read ? read->state.generation : -2;
            (void)racing.commit();
            secondDone = true;
        }));
        second->start();
        QVERIFY(secondStarted.tryAcquire(1, 30000));
        // Held: the second read is still waiting on the lock a while later.
        QTest::qWait(400);
        QVERIFY(!secondDone);

        RefreshFamilyState rotated = family.state;
        rotated.generation = 1;
        rotated.lastRotatedAt = 1'700'000'010;
        QVERIFY(first.updateFamilyState(family.id, rotated));
        QVERIFY(transaction.commit());
        QVERIFY(second->wait(QDeadlineTimer(30000)));
        QCOMPARE(secondSaw.load(), 1); // the rotation, not the generation it had read past
    }
};

QTEST_GUILESS_MAIN(TestIssuerStore)
#include "tst_issuerstore.moc"
