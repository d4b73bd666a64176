// `tokenscope-cli issuer serve` as a child process: a malformed config is refused naming the line and field, and
// kill -9 during refresh traffic: many refresh families
// rotate concurrently, the process is killed with SIGKILL mid-traffic (three times, at different points), and
// after each restart on the same database no family is lost, none jumped more than the one request that was in
// flight, no refresh-token row is duplicated, and no revoked family or token works again.
#include "IssuerTestSupport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QTest>

#include <functional>

using namespace tokenscope;
using namespace tokenscope::issuer::testing;

namespace {

struct Family
{
    QString sid;
    QString refreshToken;
    int generation = 0; // the generation of refreshToken, as the client knows it
    bool revoked = false; // revoked by this test (RFC 7009)
    bool stale = false; // the server committed a refresh whose answer the kill swallowed
    bool inFlight = false;
    bool lostThisRound = false; // the answer to this round's last refresh was lost in the kill
};

} // namespace

class TestIssuerServe : public QObject
{
    Q_OBJECT

private:
    ServeProcess m_serve;
    QProcess &m_server = m_serve.process();
    QString m_database;

    bool startServer(const QStringList &extraArguments = {})
    {
        // auth0: every refresh rotates, reuse revokes the family, no grace: the strictest policy to lose state under.
        return m_serve.start(QStringList {QStringLiteral("--db"), m_database, QStringLiteral("--preset"),
                                          QStringLiteral("auth0"), QStringLiteral("--port"), QStringLiteral("0")}
                             + extraArguments);
    }

    QUrl url(const QString &path) const { return m_serve.url(path); }

private slots:
    void malformedConfigIsRefusedNamingLineAndField()
    {
        QTemporaryDir directory;
        QFile config(directory.filePath(QStringLiteral("issuer.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("{\n  \"clients\": [\n    {\"client_id\": \"a\", \"client_secret\": 42}\n  ]\n}\n");
        config.close();
        QProcess process;
        process.start(QStringLiteral(TOKENSCOPE_CLI_PATH),
                      {QStringLiteral("issuer"), QStringLiteral("serve"), QStringLiteral("--config"), config.fileName(),
                       QStringLiteral("--db"), directory.filePath(QStringLiteral("db.sqlite"))});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 2);
        QCOMPARE(process.readAllStandardOutput(), QByteArray());
        QCOMPARE(process.readAllStandardError().trimmed(),
                 QByteArrayLiteral("tokenscope-cli: issuer.json:3:41: clients[0].client_secret: expected a string"));
    }

    void fixedTimeClockMovesOnlyThroughTheAdminApi()
    {
        QTemporaryDir directory;
        m_database = directory.filePath(QStringLiteral("fixed.sqlite"));
        QVERIFY(startServer({QStringLiteral("--fixed-time"), QStringLiteral("1700000000")}));
        HttpClient http;
        auto issuedAt = [&] {
            const HttpResult token
                = http.post(url(QStringLiteral("/token")),
                            form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}}),
                            {{"Authorization", basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))}});
            const DecodeResult decoded = CompactToken::decode(token.string("access_token").toLatin1());
            const JsonValue *iat = decoded && decoded.token->payload ? decoded.token->payload->value(u"iat") : nullptr;
            return iat ? iat->toInteger().value_or(0) : qint64(0);
        };
        QCOMPARE(issuedAt(), qint64(1'700'000'000));
        QCOMPARE(http.post(url(QStringLiteral("/admin/advance-clock")),
                           form({{QStringLiteral("seconds"), QStringLiteral("60")}}))
                     .status,
                 200);
        QCOMPARE(issuedAt(), qint64(1'700'000'060));
        m_server.terminate();
        QVERIFY(m_server.waitForFinished(10000));
        QCOMPARE(m_server.exitCode(), 0);
    }

    void tenantFlagsServeEachTenantOnTheSamePort()
    {
        QTemporaryDir directory;
        m_database = directory.filePath(QStringLiteral("tenants.sqlite"));
        QVERIFY(startServer(
            {QStringLiteral("--tenant"), QStringLiteral("a"), QStringLiteral("--tenant"), QStringLiteral("b")}));
        // The first line stays the root issuer's URL; each tenant's follows on a line of its own, in order.
        QStringList tenantUrls;
        while (tenantUrls.size() < 2) {
            if (!m_server.canReadLine())
                QVERIFY(m_server.waitForReadyRead(20000));
            while (m_server.canReadLine() && tenantUrls.size() < 2)
                tenantUrls << QString::fromLatin1(m_server.readLine().trimmed());
        }
        const QString root = url(QString()).toString();
        QCOMPARE(tenantUrls, (QStringList {root + QStringLiteral("/a"), root + QStringLiteral("/b")}));
        HttpClient http;
        for (const QString &issuer : tenantUrls) {
            const HttpResult discovery = http.get(QUrl(issuer + QStringLiteral("/.well-known/openid-configuration")));
            QCOMPARE(discovery.status, 200);
            QCOMPARE(discovery.string("issuer"), issuer);
            // Each tenant has the demo set-up of its own.
            const HttpResult token
                = http.post(QUrl(issuer + QStringLiteral("/token")),
                            form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}}),
                            {{"Authorization", basic(QStringLiteral("demo"), QStringLiteral("demo-secret"))}});
            QCOMPARE(token.status, 200);
            const DecodeResult decoded = CompactToken::decode(token.string("access_token").toLatin1());
            QVERIFY(decoded && decoded.token->payload);
            const JsonValue *iss = decoded.token->payload->value(u"iss");
            QVERIFY(iss && iss->isString());
            QCOMPARE(iss->string, issuer);
        }
        QVERIFY(QFileInfo::exists(directory.filePath(QStringLiteral("tenants.tenant-a.sqlite"))));
        QVERIFY(m_serve.terminate());
    }

    void badTenantFlagIsRefusedNamingTheFlag()
    {
        QTemporaryDir directory;
        QProcess process;
        process.start(QStringLiteral(TOKENSCOPE_CLI_PATH),
                      {QStringLiteral("issuer"), QStringLiteral("serve"), QStringLiteral("--tenant"),
                       QStringLiteral("Not_A_Name"), QStringLiteral("--db"),
                       directory.filePath(QStringLiteral("db.sqlite"))});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 2);
        QCOMPARE(process.readAllStandardOutput(), QByteArray());
        QVERIFY(
            process.readAllStandardError().startsWith("tokenscope-cli: --tenant: \"Not_A_Name\" is not a tenant name"));
    }

    void killDuringRefreshTrafficLosesNothing()
    {
        QTemporaryDir directory;
        m_database = directory.filePath(QStringLiteral("crash.sqlite"));
        QVERIFY(startServer());
        HttpClient http;
        const QByteArray demo = basic(QStringLiteral("demo"), QStringLiteral("demo-secret"));

        constexpr int familyCount = 12;
        QList<Family> families;
        for (int i = 0; i < familyCount; ++i) {
            const HttpResult login = http.post(url(QStringLiteral("/token")),
                                               form({{QStringLiteral("grant_type"), QStringLiteral("password")},
                                                     {QStringLiteral("username"), QStringLiteral("alice")},
                                                     {QStringLiteral("password"), QStringLiteral("alice")}}),
                                               {{"Authorization", demo}});
            QCOMPARE(login.status, 200);
            families.append(
                {sidOf(login.string("access_token")), login.string("refresh_token"), 0, false, false, false, false});
        }
        // Two families revoked before the traffic.
        for (int i : {0, 1}) {
            QCOMPARE(http.post(url(QStringLiteral("/revoke")),
                               form({{QStringLiteral("token"), families[i].refreshToken}}), {{"Authorization", demo}})
                         .status,
                     200);
            families[i].revoked = true;
        }

        // The kill lands a few milliseconds after the threshold, while the server is busy with the requests in flight.
        const std::pair<int, int> rounds[] = {{40, 0}, {90, 2}, {150, 5}};
        for (const std::pair<int, int> &round : rounds) {
            // Plain variables, not structured bindings: the lambdas below capture them (clang before 16 cannot).
            const int killAfter = round.first;
            const int killDelayMs = round.second;
            // Hammer: every live family has one refresh in flight at a time.
            int answered = 0;
            int pending = 0;
            bool killScheduled = false;
            bool killed = false;
            QEventLoop loop;
            std::function<void(int)> send;
            QNetworkAccessManager network; // destroyed first: replies it aborts still find the state above
            send = [&](int index) {
                Family &family = families[index];
                QNetworkRequest request(url(QStringLiteral("/token")));
                request.setHeader(QNetworkRequest::ContentTypeHeader,
                                  QByteArrayLiteral("application/x-www-form-urlencoded"));
                request.setRawHeader("Authorization", demo);
                request.setTransferTimeout(10000);
                QNetworkReply *reply
                    = network.post(request,
                                   form({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                         {QStringLiteral("refresh_token"), family.refreshToken}}));
                family.inFlight = true;
                ++pending;
                connect(reply, &QNetworkReply::finished, this, [&, reply, index] {
                    reply->deleteLater();
                    --pending;
                    Family &f = families[index];
                    f.inFlight = false;
                    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    if (status == 200) {
                        f.refreshToken
                            = QJsonDocument::fromJson(reply->readAll()).object().value(u"refresh_token").toString();
                        ++f.generation;
                        ++answered;
                    } else if (!killed) {
                        QFAIL(qPrintable(QStringLiteral("refresh failed with %1 before the kill").arg(status)));
                    } else {
                        // The answer was lost in the kill: the server may or may not have committed it.
                        f.stale = true;
                        f.lostThisRound = true;
                    }
                    if (!killScheduled && answered >= killAfter) {
                        killScheduled = true;
                        QTimer::singleShot(killDelayMs, this, [&] {
                            killed = true;
                            m_server.kill(); // SIGKILL, while refreshes are in flight
                            if (pending == 0)
                                loop.quit();
                        });
                    }
                    if (!killed)
                        send(index);
                    if (killed && pending == 0)
                        loop.quit();
                });
            };
            for (int i = 0; i < families.size(); ++i) {
                if (!families[i].revoked && !families[i].stale)
                    send(i);
            }
            QTimer::singleShot(60000, &loop, &QEventLoop::quit);
            loop.exec();
            QVERIFY(killed);
            QVERIFY(m_server.state() == QProcess::NotRunning || m_server.waitForFinished(10000));
            QCOMPARE(m_server.exitStatus(), QProcess::CrashExit);

            QVERIFY(startServer());
            const QJsonObject state = http.get(url(QStringLiteral("/admin/state"))).json();
            QHash<QString, QJsonObject> stored;
            qint64 expectedRows = 0;
            for (const QJsonValue &value : state.value(u"families").toArray()) {
                stored.insert(value.toObject().value(u"id").toString(), value.toObject());
                expectedRows += value.toObject().value(u"generation").toInteger() + 1;
            }
            QCOMPARE(stored.size(), familyCount); // no family lost, none duplicated
            // One refresh-token row per generation: nothing written twice, nothing half-written.
            QCOMPARE(state.value(u"counts").toObject().value(u"refresh_tokens").toInteger(), expectedRows);

            int lost = 0;
            int committedButLost = 0;
            for (Family &family : families) {
                QVERIFY(stored.contains(family.sid));
                const QJsonObject row = stored.value(family.sid);
                if (family.revoked) {
                    QVERIFY(row.value(u"revoked").toBool());
                    QCOMPARE(http.post(url(QStringLiteral("/introspect")),
                                       form({{QStringLiteral("token"), family.refreshToken}}),
                                       {{"Authorization", demo}})
                                 .json()
                                 .value(u"active")
                                 .toBool(),
                             false);
                    continue;
                }
                const int generation = int(row.value(u"generation").toInteger());
                // The committed generation is the last one answered, or one more (committed, answer lost).
                QVERIFY2(generation == family.generation || (family.stale && generation == family.generation + 1),
                         qPrintable(QStringLiteral("family %1: server generation %2, client generation %3")
                                        .arg(family.sid)
                                        .arg(generation)
                                        .arg(family.generation)));
                if (family.lostThisRound) {
                    family.lostThisRound = false;
                    ++lost;
                    if (generation == family.generation)
                        family.stale = false; // the lost request never committed: the client's token is still current
                    else
                        ++committedButLost;
                }
                const bool active
                    = http.post(url(QStringLiteral("/introspect")),
                                form({{QStringLiteral("token"), family.refreshToken}}), {{"Authorization", demo}})
                          .json()
                          .value(u"active")
                          .toBool();
                QCOMPARE(active, !family.stale);
            }
            qInfo("killed after %d answered refreshes: %d answers lost in the kill, %d of them committed", answered,
                  lost, committedButLost);
        }
        // Revoked refresh tokens stay dead for good.
        for (int i : {0, 1}) {
            const HttpResult refresh = http.post(url(QStringLiteral("/token")),
                                                 form({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                                       {QStringLiteral("refresh_token"), families[i].refreshToken}}),
                                                 {{"Authorization", demo}});
            QCOMPARE(refresh.error(), QStringLiteral("invalid_grant"));
        }
        m_server.terminate(); // SIGTERM: clean shutdown
        QVERIFY(m_server.waitForFinished(10000));
        QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_server.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestIssuerServe)
#include "tst_issuerserve.moc"
