// Two `tokenscope-cli issuer serve` replicas on one PostgreSQL (docs/issuer.md "Replicas on PostgreSQL"), each test
// with a PostgreSQL server of its own (tests/common/PostgresCluster):
// - fifty concurrent refreshes of one refresh token spread over both replicas: exactly one succeeds, and under
//   revoke-family the family ends revoked;
// - kill -9 of one replica during refresh traffic: no family is lost, and no revoked or rotated token works again;
// - PostgreSQL restarted under traffic: requests fail cleanly with 503 while it is down, and recover after;
// - a bad database URL, an unreachable PostgreSQL or a failed migration: a clear message, exit 2 or 3, and no
//   partial schema (SQLite too).
#include "IssuerTestSupport.h"
#include "common/PostgresCluster.h"
#include "common/SqlTestConnection.h"

#include <QJsonArray>
#include <QProcess>
#include <QTest>

#include <functional>
#include <memory>

using namespace tokenscope;
using namespace tokenscope::issuer::testing;
using tokenscope::testing::PostgresCluster;
using tokenscope::testing::SqlTestConnection;

namespace {

const QByteArray demoClient = basic(QStringLiteral("demo"), QStringLiteral("demo-secret"));

QByteArray refreshForm(const QString &refreshToken)
{
    return form({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                 {QStringLiteral("refresh_token"), refreshToken}});
}

// A complete HTTP/1.1 refresh request, to write on a raw connection.
QByteArray refreshRequest(const QUrl &token, const QString &refreshToken)
{
    const QByteArray body = refreshForm(refreshToken);
    return "POST " + token.path().toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(token.port())
        + "\r\nAuthorization: " + demoClient
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// The issuer's families by id, from GET /admin/state.
QHash<QString, QJsonObject> familiesOf(const QJsonObject &state)
{
    QHash<QString, QJsonObject> families;
    for (const QJsonValue &value : state.value(u"families").toArray())
        families.insert(value.toObject().value(u"id").toString(), value.toObject());
    return families;
}

} // namespace

class TestIssuerReplicas : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PostgresCluster> m_cluster;
    QString m_database; // the URL of this test's database

    // A PostgreSQL server with a fresh database `issuer`, or a skip when PostgreSQL is not installed.
    bool startCluster()
    {
        m_cluster = PostgresCluster::startWithDatabase(QStringLiteral("issuer"));
        if (!m_cluster)
            return false;
        m_database = m_cluster->url(QStringLiteral("issuer"));
        return true;
    }

    // The cluster, and two replicas on its database. auth0: every refresh rotates, reuse revokes the family, no
    // grace: the strictest policy for the race.
    bool startReplicas(ServeProcess (&replicas)[2], const QStringList &extraArguments = {})
    {
        return startCluster() && startReplica(replicas[0], extraArguments) && startReplica(replicas[1], extraArguments);
    }

    bool startReplica(ServeProcess &replica, const QStringList &extraArguments = {})
    {
        return replica.start(
            QStringList {QStringLiteral("--db"), m_database, QStringLiteral("--preset"), QStringLiteral("auth0")}
            + extraArguments);
    }

    HttpResult refresh(HttpClient &http, const ServeProcess &replica, const QString &refreshToken)
    {
        return http.post(replica.url(QStringLiteral("/token")), refreshForm(refreshToken),
                         {{"Authorization", demoClient}});
    }

    HttpResult login(HttpClient &http, const ServeProcess &replica)
    {
        return http.post(replica.url(QStringLiteral("/token")),
                         form({{QStringLiteral("grant_type"), QStringLiteral("password")},
                               {QStringLiteral("username"), QStringLiteral("alice")},
                               {QStringLiteral("password"), QStringLiteral("alice")}}),
                         {{"Authorization", demoClient}});
    }

    bool introspectActive(HttpClient &http, const ServeProcess &replica, const QString &token)
    {
        return http
            .post(replica.url(QStringLiteral("/introspect")), form({{QStringLiteral("token"), token}}),
                  {{"Authorization", demoClient}})
            .json()
            .value(u"active")
            .toBool();
    }

    // `requestCount` refreshes of one refresh token, alternating between the replicas: every connection opened
    // first, then every request written at once. Counts the 200s and the invalid_grant refusals; false (with a
    // test failure) on any other answer.
    bool race(ServeProcess (&replicas)[2], const QString &refreshToken, int requestCount, int *succeeded, int *refused)
    {
        std::vector<std::unique_ptr<RawHttpConnection>> connections;
        for (int i = 0; i < requestCount; ++i) {
            connections.push_back(std::make_unique<RawHttpConnection>(quint16(replicas[i % 2].url(QString()).port())));
            if (!connections.back()->waitConnected()) {
                qWarning("cannot connect to replica %d", i % 2);
                return false;
            }
        }
        for (int i = 0; i < requestCount; ++i)
            connections[i]->write(refreshRequest(replicas[i % 2].url(QStringLiteral("/token")), refreshToken));
        for (const auto &connection : connections) {
            const RawResponse response = connection->readResponse(0, 60000);
            if (response.status == 200) {
                ++*succeeded;
            } else if (response.status == 400 && response.error() == u"invalid_grant") {
                ++*refused;
            } else {
                qWarning("unexpected answer %d: %s", response.status, response.body.constData());
                return false;
            }
        }
        return true;
    }

private slots:
    void init()
    {
        if (const QString missing = PostgresCluster::missingReason(); !missing.isEmpty())
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

    void replicasShareKeysClockAndFamilies()
    {
        ServeProcess replicas[2];
        QVERIFY(startReplicas(replicas, {QStringLiteral("--fixed-time"), QStringLiteral("1700000000")}));
        ServeProcess &first = replicas[0];
        ServeProcess &second = replicas[1];
        HttpClient http;
        // One key ring: both publish the same JWKS.
        const QByteArray jwks = http.get(first.url(QStringLiteral("/jwks"))).body;
        QVERIFY(jwks.contains("\"kid\""));
        QCOMPARE(http.get(second.url(QStringLiteral("/jwks"))).body, jwks);
        // A family started on one replica refreshes on the other.
        const HttpResult login = this->login(http, first);
        QCOMPARE(login.status, 200);
        const HttpResult refreshed = refresh(http, second, login.string("refresh_token"));
        QCOMPARE(refreshed.status, 200);
        // One clock: advanced on one replica, read on the other.
        QCOMPARE(http.post(first.url(QStringLiteral("/admin/advance-clock")),
                           form({{QStringLiteral("seconds"), QStringLiteral("600")}}))
                     .status,
                 200);
        QCOMPARE(http.get(second.url(QStringLiteral("/admin/state"))).json().value(u"now").toInteger(), 1'700'000'600);
        // A key rotated on one replica is published by both.
        const HttpResult rotated = http.post(second.url(QStringLiteral("/admin/rotate-keys")), QByteArray());
        QCOMPARE(rotated.status, 200);
        const QByteArray rotatedJwks = http.get(first.url(QStringLiteral("/jwks"))).body;
        QVERIFY(rotatedJwks != jwks);
        QCOMPARE(http.get(second.url(QStringLiteral("/jwks"))).body, rotatedJwks);
        QVERIFY(first.terminate());
        QVERIFY(second.terminate());
    }

    void concurrentRefreshesAcrossReplicasExactlyOneSucceeds()
    {
        ServeProcess replicas[2];
        QVERIFY(startReplicas(replicas));
        HttpClient http;
        const HttpResult login = this->login(http, replicas[0]);
        QCOMPARE(login.status, 200);
        const QString refreshToken = login.string("refresh_token");
        const QString family = sidOf(login.string("access_token"));
        QVERIFY(!family.isEmpty());

        constexpr int requestCount = 50;
        int succeeded = 0;
        int refused = 0;
        QVERIFY(race(replicas, refreshToken, requestCount, &succeeded, &refused));
        QCOMPARE(succeeded, 1);
        QCOMPARE(refused, requestCount - 1);
        // The other 49 were reuse of a rotated token: revoke-family revoked the family, on both replicas.
        for (const ServeProcess &replica : replicas) {
            const QJsonObject stored
                = familiesOf(http.get(replica.url(QStringLiteral("/admin/state"))).json()).value(family);
            QVERIFY(stored.value(u"revoked").toBool());
            QCOMPARE(stored.value(u"revoked_reason").toString(), QStringLiteral("reuse_detected"));
            QCOMPARE(stored.value(u"generation").toInteger(), 1); // one rotation, not two
        }
        QVERIFY(replicas[0].terminate());
        QVERIFY(replicas[1].terminate());
    }

    void sameTokenAtBothReplicasAtOnceOneWinsEveryRound()
    {
        ServeProcess replicas[2];
        QVERIFY(startReplicas(replicas));
        HttpClient http;
        // Each round a new family, its refresh token sent to both replicas at the same moment: one rotation, one
        // reuse. Which replica wins varies; that exactly one does must not.
        constexpr int rounds = 25;
        for (int round = 0; round < rounds; ++round) {
            const HttpResult login = this->login(http, replicas[round % 2]);
            QCOMPARE(login.status, 200);
            const QString family = sidOf(login.string("access_token"));
            int succeeded = 0;
            int refused = 0;
            QVERIFY(race(replicas, login.string("refresh_token"), 2, &succeeded, &refused));
            QVERIFY2(succeeded == 1 && refused == 1,
                     qPrintable(
                         QStringLiteral("round %1: %2 succeeded, %3 refused").arg(round).arg(succeeded).arg(refused)));
            const QJsonObject stored
                = familiesOf(http.get(replicas[round % 2].url(QStringLiteral("/admin/state"))).json()).value(family);
            QCOMPARE(stored.value(u"generation").toInteger(), 1);
            QCOMPARE(stored.value(u"revoked_reason").toString(), QStringLiteral("reuse_detected"));
        }
        QVERIFY(replicas[0].terminate());
        QVERIFY(replicas[1].terminate());
    }

    void killOfOneReplicaDuringRefreshTrafficLosesNothing()
    {
        ServeProcess replicas[2];
        QVERIFY(startReplicas(replicas));
        HttpClient http;

        struct Family
        {
            QString sid;
            QString refreshToken;
            QStringList rotatedTokens; // every earlier generation's token
            int generation = 0;
            bool revoked = false;
            bool lost = false; // the answer to a refresh was lost in the kill: committed or not
            int replica = 0;
        };
        constexpr int familyCount = 10;
        QList<Family> families;
        for (int i = 0; i < familyCount; ++i) {
            const HttpResult login = this->login(http, replicas[i % 2]);
            QCOMPARE(login.status, 200);
            families.append(
                {sidOf(login.string("access_token")), login.string("refresh_token"), {}, 0, false, false, i % 2});
        }
        for (int i : {0, 1}) { // revoked before the traffic, one through each replica
            QCOMPARE(http.post(replicas[i].url(QStringLiteral("/revoke")),
                               form({{QStringLiteral("token"), families[i].refreshToken}}),
                               {{"Authorization", demoClient}})
                         .status,
                     200);
            families[i].revoked = true;
        }

        // Every live family keeps one refresh in flight, alternating replicas; replica 1 is killed mid-traffic.
        int answered = 0;
        int pending = 0;
        bool killed = false;
        QEventLoop loop;
        QNetworkAccessManager network;
        std::function<void(int)> send = [&](int index) {
            Family &family = families[index];
            family.replica = 1 - family.replica;
            if (killed)
                family.replica = 0;
            QNetworkRequest request(replicas[family.replica].url(QStringLiteral("/token")));
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/x-www-form-urlencoded"));
            request.setRawHeader("Authorization", demoClient);
            request.setTransferTimeout(20000);
            QNetworkReply *reply = network.post(request, refreshForm(family.refreshToken));
            ++pending;
            const bool toKilledReplica = family.replica == 1;
            connect(reply, &QNetworkReply::finished, this, [&, reply, index, toKilledReplica] {
                reply->deleteLater();
                --pending;
                Family &f = families[index];
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 200) {
                    f.rotatedTokens << f.refreshToken;
                    f.refreshToken
                        = QJsonDocument::fromJson(reply->readAll()).object().value(u"refresh_token").toString();
                    ++f.generation;
                    ++answered;
                } else if (killed && toKilledReplica) {
                    f.lost = true; // this family is left alone from here on
                } else {
                    QFAIL(qPrintable(QStringLiteral("refresh failed with %1").arg(status)));
                }
                if (answered >= 60 && !killed) {
                    killed = true;
                    replicas[1].kill();
                }
                if (answered >= 140 || pending == 0) {
                    if (pending == 0)
                        loop.quit();
                    return;
                }
                if (!f.lost)
                    send(index);
            });
        };
        for (int i = 0; i < families.size(); ++i) {
            if (!families[i].revoked)
                send(i);
        }
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY(killed);
        QCOMPARE(replicas[1].process().exitStatus(), QProcess::CrashExit);
        qInfo("%d refreshes answered, a replica killed after the 60th; %lld answers lost in the kill", answered,
              qint64(std::count_if(families.cbegin(), families.cend(), [](const Family &f) { return f.lost; })));

        // The surviving replica and a restarted one see the same, complete state.
        ServeProcess restarted;
        QVERIFY(startReplica(restarted));
        for (const ServeProcess *replica : {&replicas[0], &restarted}) {
            const QJsonObject state = http.get(replica->url(QStringLiteral("/admin/state"))).json();
            const QHash<QString, QJsonObject> stored = familiesOf(state);
            QCOMPARE(stored.size(), familyCount); // no family lost, none duplicated
            qint64 expectedRows = 0;
            for (const QJsonObject &row : stored)
                expectedRows += row.value(u"generation").toInteger() + 1;
            QCOMPARE(state.value(u"counts").toObject().value(u"refresh_tokens").toInteger(), expectedRows);
            for (const Family &family : std::as_const(families)) {
                const QJsonObject row = stored.value(family.sid);
                QVERIFY(!row.isEmpty());
                QCOMPARE(row.value(u"revoked").toBool(), family.revoked);
                const qint64 generation = row.value(u"generation").toInteger();
                QVERIFY2(generation == family.generation || (family.lost && generation == family.generation + 1),
                         qPrintable(QStringLiteral("family %1: stored generation %2, client generation %3")
                                        .arg(family.sid)
                                        .arg(generation)
                                        .arg(family.generation)));
                // No revoked or rotated token works again.
                for (const QString &rotated : family.rotatedTokens)
                    QVERIFY(!introspectActive(http, *replica, rotated));
                if (family.revoked)
                    QVERIFY(!introspectActive(http, *replica, family.refreshToken));
                else if (!family.lost || generation == family.generation)
                    QVERIFY(introspectActive(http, *replica, family.refreshToken));
            }
        }
        // A revoked family stays revoked when its token is presented to either replica.
        for (const ServeProcess *replica : {&replicas[0], &restarted}) {
            QCOMPARE(refresh(http, *replica, families[0].refreshToken).error(), QStringLiteral("invalid_grant"));
        }
        QVERIFY(replicas[0].terminate());
        QVERIFY(restarted.terminate());
    }

    void postgresRestartAnswers503ThenRecovers()
    {
        ServeProcess replicas[2];
        QVERIFY(startReplicas(replicas));
        HttpClient http;
        const HttpResult login = this->login(http, replicas[0]);
        QCOMPARE(login.status, 200);
        QString refreshToken = login.string("refresh_token");
        auto refreshCurrent = [&](const ServeProcess &replica) {
            return refresh(http, replica, refreshToken);
        };
        auto clientCredentials = [&](const ServeProcess &replica) {
            return http.post(replica.url(QStringLiteral("/token")),
                             form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}}),
                             {{"Authorization", demoClient}});
        };
        for (const ServeProcess &replica : replicas) {
            const HttpResult refreshed = refreshCurrent(replica);
            QCOMPARE(refreshed.status, 200);
            refreshToken = refreshed.string("refresh_token");
        }

        QString error;
        QVERIFY2(m_cluster->stop(&error), qPrintable(error));
        // Down: every answer is a clean 503 with an RFC 6749 error body and Retry-After, never a hang or a crash.
        for (int round = 0; round < 3; ++round) {
            for (const ServeProcess &replica : replicas) {
                for (const HttpResult &answer : {refreshCurrent(replica), clientCredentials(replica),
                                                 http.get(replica.url(QStringLiteral("/jwks")))}) {
                    QCOMPARE(answer.status, 503);
                    QCOMPARE(answer.error(), QStringLiteral("temporarily_unavailable"));
                    QCOMPARE(answer.header("Retry-After"), QByteArrayLiteral("1"));
                }
            }
        }
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        // Back: the first request on each replica reconnects; the family refreshes on where it left off.
        for (const ServeProcess &replica : replicas) {
            QCOMPARE(clientCredentials(replica).status, 200);
            const HttpResult refreshed = refreshCurrent(replica);
            QCOMPARE(refreshed.status, 200);
            refreshToken = refreshed.string("refresh_token");
        }
        QVERIFY(replicas[0].terminate());
        QVERIFY(replicas[1].terminate());
    }

    void badDatabaseIsRefusedWithoutPartialSchema_data()
    {
        QTest::addColumn<QString>("url"); // %1: the cluster's port
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("no user") << QStringLiteral("postgresql://127.0.0.1:%1/issuer") << 2
                                 << QStringLiteral("the user is missing");
        QTest::newRow("no database") << QStringLiteral("postgresql://tokenscope@127.0.0.1:%1/") << 2
                                     << QStringLiteral("the database name is missing");
        QTest::newRow("port out of range") << QStringLiteral("postgresql://tokenscope@127.0.0.1:70000/issuer") << 2
                                           << QStringLiteral("not a valid URL");
        QTest::newRow("query parameters") << QStringLiteral("postgresql://tokenscope@127.0.0.1:%1/issuer?sslmode=x")
                                          << 2 << QStringLiteral("query parameters");
        QTest::newRow("another scheme") << QStringLiteral("mysql://tokenscope@127.0.0.1:%1/issuer") << 2
                                        << QStringLiteral("mysql:// URLs are not supported");
        QTest::newRow("no such database") << QStringLiteral("postgresql://tokenscope@127.0.0.1:%1/missing") << 2
                                          << QStringLiteral("refused the connection");
        QTest::newRow("nothing listening") << QStringLiteral("postgresql://tokenscope@127.0.0.1:1/issuer") << 3
                                           << QStringLiteral("cannot reach PostgreSQL");
    }

    void badDatabaseIsRefusedWithoutPartialSchema()
    {
        QFETCH(QString, url);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QVERIFY(startCluster());
        QProcess process;
        process.start(QStringLiteral(TOKENSCOPE_CLI_PATH),
                      {QStringLiteral("issuer"), QStringLiteral("serve"), QStringLiteral("--db"),
                       QString(url).replace(QStringLiteral("%1"), QString::number(m_cluster->port()))});
        QVERIFY(process.waitForFinished(30000));
        const QString standardError = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(standardError.contains(message), qPrintable(standardError));
        QCOMPARE(process.exitCode(), exitCode);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        QCOMPARE(SqlTestConnection(QStringLiteral("QPSQL"), QStringLiteral("issuer"), m_cluster->port()).tables(),
                 QStringList());
    }

    void failedMigrationLeavesNoPartialSchema_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("PostgreSQL") << QStringLiteral("QPSQL");
        QTest::newRow("SQLite") << QStringLiteral("QSQLITE");
    }

    void failedMigrationLeavesNoPartialSchema()
    {
        QFETCH(QString, backend);
        QTemporaryDir directory;
        const bool postgres = backend == u"QPSQL";
        quint16 port = 0;
        QString databaseName = directory.filePath(QStringLiteral("issuer.sqlite"));
        QString location = databaseName;
        if (postgres) {
            QVERIFY(startCluster());
            port = m_cluster->port();
            databaseName = QStringLiteral("issuer");
            location = m_database;
        }
        // A table in the way: migration 1 keeps an existing `families` table, then cannot index its missing column.
        QVERIFY(SqlTestConnection(backend, databaseName, port).exec(QStringLiteral("CREATE TABLE families (id TEXT)")));
        QProcess process;
        process.start(QStringLiteral(TOKENSCOPE_CLI_PATH),
                      {QStringLiteral("issuer"), QStringLiteral("serve"), QStringLiteral("--db"), location});
        QVERIFY(process.waitForFinished(30000));
        const QString standardError = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(standardError.contains(u"schema migration 1"), qPrintable(standardError));
        QVERIFY2(standardError.contains(u"nothing of it was applied"), qPrintable(standardError));
        QCOMPARE(process.exitCode(), 2);
        // Rolled back: the table that was there, and nothing else (no schema_version, no half of the schema).
        QCOMPARE(SqlTestConnection(backend, databaseName, port).tables(), QStringList {QStringLiteral("families")});
    }
};

QTEST_GUILESS_MAIN(TestIssuerReplicas)
#include "tst_issuerreplicas.moc"
