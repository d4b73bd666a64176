// Several issuers on one server, each under /NAME (docs/issuer.md "Several issuers"): two tenants with their own
// clients, users and policies next to the root issuer; each one's discovery, tokens, JWKS and introspection are its
// own, and nothing one issues is accepted by another. Bad names and configs are refused naming the field. SQLite by
// default; one PostgreSQL test shows two tenants on one database (a schema each) staying apart.
#include "IssuerTestSupport.h"
#include "common/PostgresCluster.h"
#include "issuer/IssuerTenantName.h"
#include "net/JwksClient.h"
#include "verify/TokenVerifier.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;
using tokenscope::testing::PostgresCluster;

namespace {

// acme and globex differ in every part a tenant owns: client, user, audience, access-token lifetime, algorithm.
constexpr char twoTenants[] = R"({
  "issuers": {
    "acme": {
      "audience": "acme-api",
      "policy": {"access_token_ttl": 600},
      "clients": [{"client_id": "acme-app", "client_secret": "acme-secret"}],
      "users": [{"username": "wile", "password": "coyote"}]
    },
    "globex": {
      "audience": "globex-api",
      "policy": {"access_token_ttl": 120, "signing_algorithm": "EdDSA"},
      "clients": [{"client_id": "globex-app", "client_secret": "globex-secret"}],
      "users": [{"username": "hank", "password": "scorpio"}]
    }
  }
})";

struct TenantAccount
{
    QString client;
    QString secret;
    QString username;
    QString password;
};

TenantAccount accountOf(const QString &tenant)
{
    if (tenant == u"acme")
        return {QStringLiteral("acme-app"), QStringLiteral("acme-secret"), QStringLiteral("wile"),
                QStringLiteral("coyote")};
    if (tenant == u"globex")
        return {QStringLiteral("globex-app"), QStringLiteral("globex-secret"), QStringLiteral("hank"),
                QStringLiteral("scorpio")};
    return {QStringLiteral("demo"), QStringLiteral("demo-secret"), QStringLiteral("alice"), QStringLiteral("alice")};
}

QJsonObject payloadOf(const QString &token)
{
    const QList<QString> parts = token.split(u'.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(parts.at(1).toLatin1(),
                                      QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
        .object();
}

IssuerConfig configWithTwoTenants()
{
    const IssuerConfigResult parsed = IssuerConfigReader::parse(twoTenants, QStringLiteral("tenants.json"));
    return parsed ? *parsed.config : IssuerConfig();
}

// The root issuer with acme and globex behind it, on one listener.
class TenantsFixture : public IssuerFixture
{
public:
    explicit TenantsFixture(const QString &databasePath = {})
        : IssuerFixture(configWithTwoTenants(), 1'700'000'000, databasePath)
    { }

    // `tenant` empty: the root issuer.
    [[nodiscard]] QUrl tenantUrl(const QString &tenant, const QString &path) const
    {
        QUrl url = issuer.issuerUrl();
        url.setPath((tenant.isEmpty() ? QString() : QLatin1Char('/') + tenant) + path);
        return url;
    }
    [[nodiscard]] QString issuerOf(const QString &tenant) const
    {
        return tenant.isEmpty() ? issuer.issuerUrl().toString() : tenantUrl(tenant, QString()).toString();
    }

    HttpResult clientCredentials(const QString &tenant, const TenantAccount &account)
    {
        return http.post(tenantUrl(tenant, QStringLiteral("/token")),
                         form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}}),
                         {{QByteArrayLiteral("Authorization"), basic(account.client, account.secret)}});
    }
    HttpResult password(const QString &tenant, const TenantAccount &account)
    {
        return http.post(tenantUrl(tenant, QStringLiteral("/token")),
                         form({{QStringLiteral("grant_type"), QStringLiteral("password")},
                               {QStringLiteral("username"), account.username},
                               {QStringLiteral("password"), account.password},
                               {QStringLiteral("scope"), QStringLiteral("openid offline_access")}}),
                         {{QByteArrayLiteral("Authorization"), basic(account.client, account.secret)}});
    }
    HttpResult introspectAt(const QString &tenant, const QString &token)
    {
        const TenantAccount account = accountOf(tenant);
        return http.post(tenantUrl(tenant, QStringLiteral("/introspect")), form({{QStringLiteral("token"), token}}),
                         {{QByteArrayLiteral("Authorization"), basic(account.client, account.secret)}});
    }
    KeySet jwksOf(const QString &tenant)
    {
        const JwksFetchResult fetched = JwksClient::fetchFromIssuerBlocking(http.network(), QUrl(issuerOf(tenant)));
        return fetched ? fetched.keys : KeySet();
    }
};

VerificationPolicy policyFor(const Clock &clock)
{
    VerificationPolicy policy;
    policy.allowedAlgorithms = {Algorithm::ES256, Algorithm::EdDSA};
    policy.clock = &clock;
    return policy;
}

} // namespace

class TestIssuerTenants : public QObject
{
    Q_OBJECT

private slots:
    void discoveryListsTheTenantsOwnUrls_data()
    {
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("root") << QString() << QStringLiteral("ES256");
        QTest::newRow("acme") << QStringLiteral("acme") << QStringLiteral("ES256");
        QTest::newRow("globex") << QStringLiteral("globex") << QStringLiteral("EdDSA");
    }
    void discoveryListsTheTenantsOwnUrls()
    {
        QFETCH(QString, tenant);
        QFETCH(QString, algorithm);
        TenantsFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QCOMPARE(fixture.issuer.tenantNames(), (QStringList {QStringLiteral("acme"), QStringLiteral("globex")}));
        const QString issuer = fixture.issuerOf(tenant);
        const HttpResult discovery
            = fixture.http.get(fixture.tenantUrl(tenant, QStringLiteral("/.well-known/openid-configuration")));
        QCOMPARE(discovery.status, 200);
        const QJsonObject document = discovery.json();
        QCOMPARE(document.value(u"issuer").toString(), issuer);
        for (const char *name :
             {"authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint", "revocation_endpoint",
              "introspection_endpoint", "end_session_endpoint", "device_authorization_endpoint"}) {
            const QString url = document.value(QLatin1String(name)).toString();
            QVERIFY2(url.startsWith(issuer + u'/'), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(name), url)));
            // Each listed endpoint answers at that URL (a 404 would mean the tenant's path is not routed).
            QVERIFY2(fixture.http.get(QUrl(url)).status != 404, name);
        }
        QCOMPARE(document.value(u"id_token_signing_alg_values_supported").toArray().first().toString(), algorithm);
        if (!tenant.isEmpty()) {
            // RFC 8414 §3.1: the path-inserted form of the metadata URL names the same issuer.
            const HttpResult metadata = fixture.http.get(
                fixture.tenantUrl(QString(), QStringLiteral("/.well-known/oauth-authorization-server/") + tenant));
            QCOMPARE(metadata.status, 200);
            QCOMPARE(metadata.json().value(u"issuer").toString(), issuer);
        }
    }

    void tokensVerifyWithTheirOwnJwksOnly_data()
    {
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QString>("other");
        QTest::addColumn<QString>("grant");
        QTest::addColumn<QString>("audience");
        QTest::addColumn<qint64>("lifetime");
        for (const char *grant : {"client_credentials", "password"}) {
            QTest::addRow("acme %s", grant) << QStringLiteral("acme") << QStringLiteral("globex")
                                            << QString::fromLatin1(grant) << QStringLiteral("acme-api") << qint64(600);
            QTest::addRow("globex %s", grant)
                << QStringLiteral("globex") << QStringLiteral("acme") << QString::fromLatin1(grant)
                << QStringLiteral("globex-api") << qint64(120);
            QTest::addRow("root %s", grant) << QString() << QStringLiteral("acme") << QString::fromLatin1(grant)
                                            << QStringLiteral("tokenscope-demo-api") << qint64(900);
        }
    }
    void tokensVerifyWithTheirOwnJwksOnly()
    {
        QFETCH(QString, tenant);
        QFETCH(QString, other);
        QFETCH(QString, grant);
        QFETCH(QString, audience);
        QFETCH(qint64, lifetime);
        TenantsFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const TenantAccount account = accountOf(tenant);
        const HttpResult response
            = grant == u"password" ? fixture.password(tenant, account) : fixture.clientCredentials(tenant, account);
        QCOMPARE(response.status, 200);
        const QString accessToken = response.string("access_token");
        const QJsonObject payload = payloadOf(accessToken);
        QCOMPARE(payload.value(u"iss").toString(), fixture.issuerOf(tenant));
        QCOMPARE(payload.value(u"sub").toString(), grant == u"password" ? account.username : account.client);
        QCOMPARE(payload.value(u"exp").toInteger() - payload.value(u"iat").toInteger(), lifetime);
        if (grant == u"password") {
            QCOMPARE(payloadOf(response.string("id_token")).value(u"iss").toString(), fixture.issuerOf(tenant));
            QVERIFY(!response.string("refresh_token").isEmpty());
        }

        VerificationPolicy policy = policyFor(fixture.clock);
        policy.expectedIssuer = fixture.issuerOf(tenant);
        policy.expectedAudience = audience;
        const KeySet own = fixture.jwksOf(tenant);
        QVERIFY(!own.isEmpty());
        const VerificationResult verdict = TokenVerifier::verify(accessToken.toLatin1(), own, policy);
        QVERIFY2(verdict.isValid(), qPrintable(verdict.message));
        // Another issuer's keys never verify it, even when that issuer is told to expect this one's iss.
        const VerificationResult elsewhere
            = TokenVerifier::verify(accessToken.toLatin1(), fixture.jwksOf(other), policy);
        QVERIFY(!elsewhere.isValid());
    }

    void introspectionAtAnotherTenantSaysInactive_data()
    {
        QTest::addColumn<QString>("issuedBy");
        QTest::addColumn<QString>("askedAt");
        QTest::newRow("acme at globex") << QStringLiteral("acme") << QStringLiteral("globex");
        QTest::newRow("globex at acme") << QStringLiteral("globex") << QStringLiteral("acme");
        QTest::newRow("acme at root") << QStringLiteral("acme") << QString();
        QTest::newRow("root at acme") << QString() << QStringLiteral("acme");
    }
    void introspectionAtAnotherTenantSaysInactive()
    {
        QFETCH(QString, issuedBy);
        QFETCH(QString, askedAt);
        TenantsFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login = fixture.password(issuedBy, accountOf(issuedBy));
        QCOMPARE(login.status, 200);
        for (const char *kind : {"access_token", "refresh_token"}) {
            const QString token = login.string(kind);
            const HttpResult own = fixture.introspectAt(issuedBy, token);
            QCOMPARE(own.status, 200);
            QVERIFY2(own.json().value(u"active").toBool(), kind);
            const HttpResult foreign = fixture.introspectAt(askedAt, token);
            QCOMPARE(foreign.status, 200);
            QCOMPARE(foreign.json(), (QJsonObject {{QStringLiteral("active"), false}}));
        }
        // Nor does the other issuer refresh it, or know the client that holds it.
        const HttpResult refreshed = fixture.http.post(
            fixture.tenantUrl(askedAt, QStringLiteral("/token")),
            form({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                  {QStringLiteral("refresh_token"), login.string("refresh_token")}}),
            {{QByteArrayLiteral("Authorization"), basic(accountOf(askedAt).client, accountOf(askedAt).secret)}});
        QCOMPARE(refreshed.status, 400);
        QCOMPARE(refreshed.error(), QStringLiteral("invalid_grant"));
        QCOMPARE(fixture.clientCredentials(askedAt, accountOf(issuedBy)).status, 401);
    }

    void eachTenantHasItsOwnClockAndAdminApi()
    {
        TenantsFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QSignalSpy log(&fixture.issuer, &MockIssuer::requestHandled);
        QCOMPARE(fixture.http
                     .post(fixture.tenantUrl(QStringLiteral("acme"), QStringLiteral("/admin/advance-clock")),
                           form({{QStringLiteral("seconds"), QStringLiteral("3600")}}))
                     .status,
                 200);
        QCOMPARE(fixture.issuer.tenant(QStringLiteral("acme"))->now(), qint64(1'700'003'600));
        QCOMPARE(fixture.issuer.tenant(QStringLiteral("globex"))->now(), qint64(1'700'000'000));
        QCOMPARE(fixture.issuer.now(), qint64(1'700'000'000));
        // The tenant's requests appear in the server's one log, with their full path.
        QVERIFY(!log.isEmpty());
        QCOMPARE(log.constLast().at(0).value<IssuerLogEntry>().path, QStringLiteral("/acme/admin/advance-clock"));
        // The admin API keeps its Origin check behind a tenant's path.
        const HttpResult foreignOrigin
            = fixture.http.post(fixture.tenantUrl(QStringLiteral("acme"), QStringLiteral("/admin/advance-clock")),
                                form({{QStringLiteral("seconds"), QStringLiteral("1")}}),
                                {{QByteArrayLiteral("Origin"), QByteArrayLiteral("https://attacker.example")}});
        QCOMPARE(foreignOrigin.status, 403);
    }

    void rootAdminStateListsTheTenants()
    {
        TenantsFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QJsonArray tenants = fixture.http.get(fixture.tenantUrl(QString(), QStringLiteral("/admin/state")))
                                       .json()
                                       .value(u"tenants")
                                       .toArray();
        QCOMPARE(tenants.size(), 2);
        for (int i = 0; i < tenants.size(); ++i) {
            const QString name = i == 0 ? QStringLiteral("acme") : QStringLiteral("globex");
            QCOMPARE(tenants.at(i).toObject().value(u"name").toString(), name);
            QCOMPARE(tenants.at(i).toObject().value(u"issuer").toString(), fixture.issuerOf(name));
        }
        // A tenant serves no tenants of its own.
        const QJsonObject acme
            = fixture.http.get(fixture.tenantUrl(QStringLiteral("acme"), QStringLiteral("/admin/state"))).json();
        QVERIFY(acme.contains(u"tenants"));
        QVERIFY(acme.value(u"tenants").toArray().isEmpty());
    }

    void unknownTenantIsNotFoundWithAnOAuthError_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("unknown tenant") << QStringLiteral("/initech/.well-known/openid-configuration");
        QTest::newRow("unknown tenant's token") << QStringLiteral("/initech/token");
        QTest::newRow("tenant's unknown path") << QStringLiteral("/acme/nothing-here");
        QTest::newRow("tenant alone") << QStringLiteral("/acme");
        QTest::newRow("unknown RFC 8414 form") << QStringLiteral("/.well-known/oauth-authorization-server/initech");
        QTest::newRow("case matters") << QStringLiteral("/ACME/token");
    }
    void unknownTenantIsNotFoundWithAnOAuthError()
    {
        QFETCH(QString, path);
        TenantsFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult response = fixture.http.get(fixture.tenantUrl(QString(), path));
        QCOMPARE(response.status, 404);
        QVERIFY(response.header("Content-Type").startsWith("application/json"));
        QCOMPARE(response.error(), QStringLiteral("not_found"));
    }

    void tenantsKeepTheirStateInFilesOfTheirOwn()
    {
        QTemporaryDir directory;
        const QString database = directory.filePath(QStringLiteral("issuer.sqlite"));
        QString acmeToken;
        {
            TenantsFixture fixture(database);
            QVERIFY2(fixture.started, qPrintable(fixture.error));
            QCOMPARE(fixture.issuer.tenant(QStringLiteral("acme"))->store().path(),
                     directory.filePath(QStringLiteral("issuer.tenant-acme.sqlite")));
            acmeToken
                = fixture.password(QStringLiteral("acme"), accountOf(QStringLiteral("acme"))).string("refresh_token");
            QVERIFY(!acmeToken.isEmpty());
        }
        QVERIFY(QFileInfo::exists(directory.filePath(QStringLiteral("issuer.tenant-globex.sqlite"))));
        // Restarted on the same database: each tenant finds its own families again.
        TenantsFixture fixture(database);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QVERIFY(fixture.introspectAt(QStringLiteral("acme"), acmeToken).json().value(u"active").toBool());
        QVERIFY(!fixture.introspectAt(QStringLiteral("globex"), acmeToken).json().value(u"active").toBool());
    }

    void badTenantConfigNamesTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("upper case") << QByteArray(R"({"issuers": {"Acme": {}}})") << QStringLiteral("issuers.Acme");
        QTest::newRow("underscore") << QByteArray(R"({"issuers": {"a_b": {}}})") << QStringLiteral("issuers.a_b");
        QTest::newRow("leading dash") << QByteArray(R"({"issuers": {"-a": {}}})") << QStringLiteral("issuers.-a");
        QTest::newRow("empty name") << QByteArray(R"({"issuers": {"": {}}})") << QStringLiteral("issuers.");
        QTest::newRow("too long") << QByteArray(R"({"issuers": {")" + QByteArray(33, 'a') + R"(": {}}})")
                                  << QStringLiteral("issuers.") + QString(33, u'a');
        QTest::newRow("reserved") << QByteArray(R"({"issuers": {"token": {}}})") << QStringLiteral("issuers.token");
        QTest::newRow("reserved admin") << QByteArray(R"({"issuers": {"admin": {}}})")
                                        << QStringLiteral("issuers.admin");
        QTest::newRow("not an object") << QByteArray(R"({"issuers": []})") << QStringLiteral("issuers");
        QTest::newRow("tenant not an object") << QByteArray(R"({"issuers": {"a": 1}})") << QStringLiteral("issuers.a");
        QTest::newRow("twice") << QByteArray(R"({"issuers": {"a": {}, "a": {}}})") << QStringLiteral("issuers.a");
        QTest::newRow("nested") << QByteArray(R"({"issuers": {"a": {"issuers": {}}}})")
                                << QStringLiteral("issuers.a.issuers");
        QTest::newRow("tenant's policy") << QByteArray(R"({"issuers": {"a": {"policy": {"access_token_ttl": 0}}}})")
                                         << QStringLiteral("issuers.a.policy.access_token_ttl");
        QTest::newRow("tenant's client") << QByteArray(R"({"issuers": {"a": {"clients": [{"client_id": 1}]}}})")
                                         << QStringLiteral("issuers.a.clients[0].client_id");
        QTest::newRow("tenant's preset") << QByteArray(R"({"issuers": {"a": {"preset": "nope"}}})")
                                         << QStringLiteral("issuers.a.preset");
        QTest::newRow("tenant's unknown member")
            << QByteArray(R"({"issuers": {"a": {"colour": "red"}}})") << QStringLiteral("issuers.a.colour");
        QByteArray many = R"({"issuers": {)";
        for (int i = 0; i <= IssuerTenantName::maxTenants; ++i)
            many += (i ? ", " : "") + QByteArray("\"t") + QByteArray::number(i) + "\": {}";
        QTest::newRow("too many") << many + "}}" << QStringLiteral("issuers");
    }
    void badTenantConfigNamesTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        const IssuerConfigResult parsed = IssuerConfigReader::parse(json, QStringLiteral("config.json"));
        QVERIFY(!parsed);
        QCOMPARE(parsed.field, field);
        QVERIFY2(parsed.error.contains(field + QStringLiteral(": ")), qPrintable(parsed.error));
    }

    void badTenantOptionsAreRefusedBeforeTheDatabase_data()
    {
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad name") << QStringList {QStringLiteral("Bad Name")} << QStringLiteral("not a tenant name");
        QTest::newRow("reserved") << QStringList {QStringLiteral("jwks")} << QStringLiteral("a path of the root");
        QTest::newRow("twice") << QStringList {QStringLiteral("a"), QStringLiteral("a")}
                               << QStringLiteral("given twice");
        QStringList many;
        for (int i = 0; i <= IssuerTenantName::maxTenants; ++i)
            many << QStringLiteral("t%1").arg(i);
        QTest::newRow("too many") << many << QStringLiteral("at most 64");
    }
    void badTenantOptionsAreRefusedBeforeTheDatabase()
    {
        QFETCH(QStringList, names);
        QFETCH(QString, message);
        QTemporaryDir directory;
        MockIssuerOptions options;
        options.databasePath = directory.filePath(QStringLiteral("issuer.sqlite"));
        for (const QString &name : names) {
            MockIssuerOptions::Tenant tenant;
            tenant.name = name;
            options.tenants.append(tenant);
        }
        MockIssuer issuer;
        const Result<void> started = issuer.start(options);
        QVERIFY(!started);
        QVERIFY(started.error().code() == MockIssuerStartError::BadTenant);
        QVERIFY2(started.error().message().contains(message), qPrintable(started.error().message()));
        QVERIFY(!issuer.isRunning());
        QVERIFY(!QFileInfo::exists(options.databasePath));
    }

    void reconfiguringWithTenantsIsRefused()
    {
        TenantsFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const Result<void> applied = fixture.issuer.reconfigure(twoTenants);
        QVERIFY(!applied);
        QVERIFY(applied.error().code() == ErrorCode("issuer.bad_config"));
        QCOMPARE(fixture.issuer.tenantNames().size(), 2);
    }

    void twoTenantsOnOnePostgresStayApart()
    {
        if (const QString missing = PostgresCluster::missingReason(); !missing.isEmpty())
            QSKIP(qPrintable(missing));
        const std::unique_ptr<PostgresCluster> cluster = PostgresCluster::startWithDatabase(QStringLiteral("issuer"));
        QVERIFY(cluster);
        const QString url = cluster->url(QStringLiteral("issuer"));
        QString acmeRefresh;
        {
            TenantsFixture fixture(url);
            QVERIFY2(fixture.started, qPrintable(fixture.error));
            QVERIFY(fixture.issuer.tenant(QStringLiteral("acme"))->store().path().endsWith(u"(schema tenant_acme)"));
            const HttpResult acme = fixture.password(QStringLiteral("acme"), accountOf(QStringLiteral("acme")));
            QCOMPARE(acme.status, 200);
            acmeRefresh = acme.string("refresh_token");
            QVERIFY(fixture.introspectAt(QStringLiteral("acme"), acmeRefresh).json().value(u"active").toBool());
            QVERIFY(!fixture.introspectAt(QStringLiteral("globex"), acmeRefresh).json().value(u"active").toBool());
            QVERIFY(!fixture.introspectAt(QString(), acmeRefresh).json().value(u"active").toBool());
            // Different key rings, though the tables have the same names.
            QVERIFY(fixture.jwksOf(QStringLiteral("acme")).first().kid()
                    != fixture.jwksOf(QStringLiteral("globex")).first().kid());
        }
        // A second server on the same database (a replica, or a restart) finds each tenant's own state.
        TenantsFixture replica(url);
        QVERIFY2(replica.started, qPrintable(replica.error));
        QVERIFY(replica.introspectAt(QStringLiteral("acme"), acmeRefresh).json().value(u"active").toBool());
        QVERIFY(!replica.introspectAt(QStringLiteral("globex"), acmeRefresh).json().value(u"active").toBool());
    }
};

QTEST_GUILESS_MAIN(TestIssuerTenants)
#include "tst_issuertenants.moc"
