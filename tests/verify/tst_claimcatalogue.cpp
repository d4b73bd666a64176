// The claim catalogue resource: loads, describes every entry, knows which claims are dates, covers the providers'
// claims, and turns a broken catalogue into an error instead of a crash.

#include "verify/ClaimCatalogue.h"

#include <QTest>

using namespace tokenscope;
using namespace Qt::StringLiterals;

class TestClaimCatalogue : public QObject
{
    Q_OBJECT

private slots:
    void resourceLoads()
    {
        const ClaimCatalogue &catalogue = ClaimCatalogue::instance();
        QVERIFY2(catalogue.error().isEmpty(), qPrintable(catalogue.error()));
        QVERIFY(catalogue.entries().size() > 80);
        QCOMPARE(&ClaimCatalogue::instance(), &catalogue);
    }

    void everyEntryIsDescribed()
    {
        for (const ClaimCatalogue::Entry &entry : ClaimCatalogue::instance().entries()) {
            QVERIFY2(!entry.description.isEmpty(), qPrintable(entry.name));
            QVERIFY2(!entry.description.contains(u'\n'), qPrintable(entry.name));
            QVERIFY2(!entry.source.isEmpty(), qPrintable(entry.name));
            QVERIFY2(entry.where == u"payload" || entry.where == u"header", qPrintable(entry.name));
        }
    }

    void knowsClaims_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("where");
        QTest::addColumn<bool>("timestamp");
        QTest::addColumn<QString>("sourceContains");
        const auto row = [](const char *name, const char *where, bool timestamp, const char *source) {
            QTest::newRow((QByteArray(where) + ' ' + name).constData())
                << QString::fromUtf8(name) << QString::fromUtf8(where) << timestamp << QString::fromUtf8(source);
        };
        // RFC 7519 registered claims
        row("iss", "payload", false, "RFC 7519 §4.1.1");
        row("sub", "payload", false, "RFC 7519");
        row("aud", "payload", false, "RFC 7519");
        row("exp", "payload", true, "RFC 7519 §4.1.4");
        row("nbf", "payload", true, "RFC 7519");
        row("iat", "payload", true, "RFC 7519");
        row("jti", "payload", false, "RFC 7519");
        // JOSE header
        for (const char *name : {"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"})
            row(name, "header", false, "RFC 7515");
        row("enc", "header", false, "RFC 7516");
        row("zip", "header", false, "RFC 7516");
        row("b64", "header", false, "RFC 7797");
        // OIDC
        row("auth_time", "payload", true, "OIDC");
        row("updated_at", "payload", true, "OIDC");
        row("nonce", "payload", false, "OIDC");
        row("email_verified", "payload", false, "OIDC");
        row("phone_number_verified", "payload", false, "OIDC");
        // RFC 9068 / 8693 / 7800
        row("client_id", "payload", false, "RFC 9068");
        row("scope", "payload", false, "RFC 9068");
        row("act", "payload", false, "RFC 8693");
        row("may_act", "payload", false, "RFC 8693");
        row("cnf", "payload", false, "RFC 7800");
        // Providers
        for (const char *name : {"oid", "tid", "scp", "ver", "appid", "upn", "unique_name", "idp", "ipaddr", "wids",
                                 "uti", "rh", "aio", "xms_cc"})
            row(name, "payload", false, "Microsoft");
        for (const char *name :
             {"token_use", "username", "cognito:groups", "cognito:username", "origin_jti", "event_id"})
            row(name, "payload", false, "Cognito");
        for (const char *name : {"realm_access", "resource_access", "typ", "session_state", "allowed-origins"})
            row(name, "payload", false, "Keycloak");
        row("permissions", "payload", false, "Auth0");
        row("org_id", "payload", false, "Auth0");
        row("hd", "payload", false, "Google");
    }
    void knowsClaims()
    {
        QFETCH(QString, name);
        QFETCH(QString, where);
        QFETCH(bool, timestamp);
        QFETCH(QString, sourceContains);
        const ClaimCatalogue &catalogue = ClaimCatalogue::instance();
        const ClaimCatalogue::Entry *entry
            = where == u"header" ? catalogue.headerParameter(name) : catalogue.claim(name);
        QVERIFY2(entry, qPrintable(name));
        QCOMPARE(entry->name, name);
        QCOMPARE(entry->where, where);
        QCOMPARE(entry->timestamp, timestamp);
        QVERIFY2(entry->source.contains(sourceContains), qPrintable(entry->source));
    }

    void lookupsKeepHeaderAndPayloadApart()
    {
        const ClaimCatalogue &catalogue = ClaimCatalogue::instance();
        QVERIFY(!catalogue.claim(u"alg"));
        QVERIFY(!catalogue.headerParameter(u"exp"));
        QVERIFY(!catalogue.claim(u"Exp")); // claim names are case-sensitive (RFC 7519 §4)
        QVERIFY(!catalogue.claim(u"no_such_claim"));
        // typ is both a header parameter (RFC 7515) and Keycloak's payload claim.
        QVERIFY(catalogue.claim(u"typ")->source.contains(u"Keycloak"_s));
        QVERIFY(catalogue.headerParameter(u"typ")->source.contains(u"RFC 7515"_s));
    }

    void malformedCatalogueGivesAnError_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("errorContains");
        QTest::newRow("not JSON") << QByteArray("{\"claims\":[") << u"not JSON"_s;
        QTest::newRow("not an object") << QByteArray("[]") << u"object"_s;
        QTest::newRow("no claims") << QByteArray("{\"entries\":[]}") << u"\"claims\""_s;
        QTest::newRow("entry not an object") << QByteArray("{\"claims\":[1]}") << u"entry 1"_s;
        QTest::newRow("no name") << QByteArray("{\"claims\":[{\"description\":\"d\"}]}") << u"\"name\""_s;
        QTest::newRow("no description") << QByteArray("{\"claims\":[{\"name\":\"x\"}]}") << u"\"description\""_s;
        QTest::newRow("bad where") << QByteArray(
            "{\"claims\":[{\"name\":\"x\",\"description\":\"d\",\"where\":\"footer\"}]}")
                                   << u"\"where\""_s;
        QTest::newRow("timestamp a string")
            << QByteArray("{\"claims\":[{\"name\":\"x\",\"description\":\"d\",\"timestamp\":\"yes\"}]}")
            << u"\"timestamp\""_s;
        QTest::newRow("listed twice") << QByteArray("{\"claims\":[{\"name\":\"x\",\"description\":\"d\"},"
                                                    "{\"name\":\"x\",\"description\":\"e\"}]}")
                                      << u"twice"_s;
        QTest::newRow("empty input") << QByteArray() << u"not JSON"_s;
    }
    void malformedCatalogueGivesAnError()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, errorContains);
        const ClaimCatalogue catalogue = ClaimCatalogue::fromJson(json);
        QVERIFY(catalogue.entries().isEmpty());
        QVERIFY2(catalogue.error().contains(errorContains), qPrintable(catalogue.error()));
        QVERIFY(!catalogue.claim(u"x"));
    }

    void smallCatalogueParses()
    {
        const ClaimCatalogue catalogue = ClaimCatalogue::fromJson(
            R"({"claims":[{"name":"exp","description":"d","source":"s","timestamp":true},{"name":"kid","where":"header","description":"k"}]})");
        QVERIFY2(catalogue.error().isEmpty(), qPrintable(catalogue.error()));
        QCOMPARE(catalogue.entries().size(), 2);
        QVERIFY(catalogue.claim(u"exp")->timestamp);
        QCOMPARE(catalogue.headerParameter(u"kid")->description, u"k"_s);
    }
};

QTEST_GUILESS_MAIN(TestClaimCatalogue)
#include "tst_claimcatalogue.moc"
