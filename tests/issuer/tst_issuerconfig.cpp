// The mock issuer's config file (docs/issuer.md): the demo set-up, presets with overrides, and errors that name the
// line and the field.
#include "issuer/IssuerConfig.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;

class TestIssuerConfig : public QObject
{
    Q_OBJECT

private slots:
    void demoSetUpIsTheDocumentedOne()
    {
        const IssuerConfig demo = IssuerConfig::demo();
        QVERIFY(demo.client(u"demo"));
        QCOMPARE(demo.client(u"demo")->secret, QStringLiteral("demo-secret"));
        QVERIFY(demo.client(u"demo")->isConfidential());
        QVERIFY(demo.client(u"demo-public"));
        QVERIFY(!demo.client(u"demo-public")->isConfidential());
        QVERIFY(demo.user(u"alice"));
        QCOMPARE(demo.user(u"alice")->password, QStringLiteral("alice"));
        QCOMPARE(demo.policy.signingAlgorithm, Algorithm::ES256);
        QCOMPARE(demo.policy.rotation, policy::RotationMode::Always);
    }

    void readsAFullConfig()
    {
        const QByteArray json
            = "{\n"
              "  \"preset\": \"okta\",\n"
              "  \"policy\": {\"access_token_ttl\": 120, \"grace_seconds\": 5, \"key_overlap\": 60},\n"
              "  \"audience\": \"https://api.example\",\n"
              "  \"jwks_max_age\": 30,\n"
              "  \"clients\": [\n"
              "    {\"client_id\": \"web\", \"client_secret\": \"s3cret\", \"redirect_uris\": "
              "[\"http://127.0.0.1/cb\"],\n"
              "     \"grant_types\": [\"authorization_code\", \"refresh_token\"], \"scope\": \"openid\"},\n"
              "    {\"client_id\": \"spa\"}\n"
              "  ],\n"
              "  \"users\": [\n"
              "    {\"username\": \"bob\", \"password\": \"pw\", \"sub\": \"u-1\", \"claims\": {\"email\": "
              "\"bob@example.com\", \"roles\": [\"admin\"], \"level\": 3}}\n"
              "  ]\n"
              "}";
        const IssuerConfigResult result = IssuerConfigReader::parse(json, QStringLiteral("issuer.json"));
        QVERIFY2(result, qPrintable(result.error));
        const IssuerConfig &config = *result.config;
        QCOMPARE(config.policy.presetName, QStringLiteral("okta"));
        QCOMPARE(config.policy.accessTokenTtl, qint64(120)); // override after the preset
        QCOMPARE(config.policy.grace, policy::GraceMode::NewToken); // from the preset
        QCOMPARE(config.policy.graceSeconds, qint64(5));
        QCOMPARE(config.audience, QStringLiteral("https://api.example"));
        QCOMPARE(config.jwksMaxAge, qint64(30));
        QCOMPARE(config.clients.size(), 2);
        QCOMPARE(config.client(u"web")->grantTypes,
                 QStringList({QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}));
        QVERIFY(!config.client(u"spa")->isConfidential());
        QCOMPARE(config.users.size(), 1);
        QCOMPARE(config.user(u"bob")->subject, QStringLiteral("u-1"));
        QCOMPARE(config.user(u"bob")->claims.value(QStringLiteral("level")).toLongLong(), qint64(3));
        QCOMPARE(config.user(u"bob")->claims.value(QStringLiteral("roles")).toList().size(), 1);
    }

    void policyOnlyConfigKeepsTheDemoClientsAndUsers()
    {
        const IssuerConfigResult result = IssuerConfigReader::parse("{\"preset\": \"dex\"}", QStringLiteral("c.json"));
        QVERIFY2(result, qPrintable(result.error));
        QVERIFY(result.config->client(u"demo"));
        QVERIFY(result.config->user(u"alice"));
        QCOMPARE(result.config->policy.grace, policy::GraceMode::SameToken);
    }

    void errorsNameTheLineAndField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("messagePart");

        QTest::newRow("not JSON") << QByteArray("{\n  \"preset\": \"okta\",\n  oops\n}") << 3 << ""
                                  << "not valid JSON";
        QTest::newRow("not an object") << QByteArray("[1, 2]") << 1 << ""
                                       << "expected an object";
        QTest::newRow("unknown member") << QByteArray("{\n  \"presett\": \"okta\"\n}") << 2 << "presett"
                                        << "unknown member";
        QTest::newRow("unknown preset") << QByteArray("{\n\n  \"preset\": \"acme\"\n}") << 3 << "preset"
                                        << "expected one of";
        QTest::newRow("bad rotation") << QByteArray("{\"policy\": {\n  \"rotation\": \"sometimes\"\n}}") << 2
                                      << "policy.rotation"
                                      << "never, always, after_percent";
        QTest::newRow("negative ttl") << QByteArray("{\"policy\": {\n\"access_token_ttl\": -1}}") << 2
                                      << "policy.access_token_ttl"
                                      << "whole number";
        QTest::newRow("HMAC signing") << QByteArray("{\"policy\": {\"signing_algorithm\": \"HS256\"}}") << 1
                                      << "policy.signing_algorithm"
                                      << "asymmetric";
        QTest::newRow("client secret not a string")
            << QByteArray("{\n  \"clients\": [\n    {\"client_id\": \"a\"},\n    {\"client_id\": \"b\",\n     "
                          "\"client_secret\": 42}\n  ]\n}")
            << 5 << "clients[1].client_secret"
            << "expected a string";
        QTest::newRow("client without id")
            << QByteArray("{\"clients\": [\n{\"scope\": \"x\"}]}") << 2 << "clients[0].client_id"
            << "is required";
        QTest::newRow("duplicate client")
            << QByteArray("{\"clients\": [{\"client_id\": \"a\"},\n{\"client_id\": \"a\"}]}") << 2
            << "clients[1].client_id"
            << "defined twice";
        QTest::newRow("unknown grant type")
            << QByteArray("{\"clients\": [{\"client_id\": \"a\",\n \"grant_types\": [\"implicit\"]}]}") << 2
            << "clients[0].grant_types"
            << "unknown grant type";
        QTest::newRow("user without password")
            << QByteArray("{\"users\": [\n\n{\"username\": \"bob\"}]}") << 3 << "users[0].password"
            << "is required";
        QTest::newRow("claims not an object")
            << QByteArray("{\"users\": [{\"username\": \"bob\", \"password\": \"p\",\n\"claims\": []}]}") << 2
            << "users[0].claims"
            << "expected an object";
        QTest::newRow("duplicate member")
            << QByteArray("{\"audience\": \"a\",\n\"audience\": \"b\"}") << 2 << "audience"
            << "appears twice";
    }

    void errorsNameTheLineAndField()
    {
        QFETCH(QByteArray, json);
        const IssuerConfigResult result = IssuerConfigReader::parse(json, QStringLiteral("issuer.json"));
        QVERIFY(!result);
        QTEST(result.line, "line");
        QTEST(result.field, "field");
        QFETCH(QString, messagePart);
        QVERIFY2(result.error.contains(messagePart), qPrintable(result.error));
        QVERIFY2(result.error.startsWith(QStringLiteral("issuer.json:%1:").arg(result.line)), qPrintable(result.error));
    }

    void missingFileIsAnError()
    {
        const IssuerConfigResult result = IssuerConfigReader::readFile(QStringLiteral("/nonexistent/issuer.json"));
        QVERIFY(!result);
        QVERIFY(result.error.contains(QStringLiteral("/nonexistent/issuer.json")));
    }
};

QTEST_GUILESS_MAIN(TestIssuerConfig)
#include "tst_issuerconfig.moc"
