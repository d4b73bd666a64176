// OidcHashes: at_hash, c_hash and s_hash from the OpenID Connect Core examples (Appendix A.3, A.4) and the hash each
// alg implies, then the checks of an ID token against what came with it.

#include "BindingTestSupport.h"
#include "binding/OidcHashes.h"

#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

namespace {
// OIDC Core Appendix A.3 (access token) and A.4 (code), RS256.
const QByteArray kAccessToken = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
const QByteArray kCode = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
const QString kAtHash = QStringLiteral("77QmUPtjPfzWtF2AnpK9RQ");
const QString kCHash = QStringLiteral("LDktKdoQak3Pk0cnXxCltA");

QByteArray idToken(const QByteArray &claims, const QByteArray &alg = "RS256")
{
    // The hash checks read alg and claims only; the signature is verify's job.
    return unsignedToken("{\"alg\":\"" + alg + "\",\"kid\":\"1e9gdk7\"}", claims, "not-checked-here");
}
} // namespace

class TestOidcHashes : public QObject
{
    Q_OBJECT

private slots:
    void computesTheLeftHalfOfTheAlgorithmsHash_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("OIDC A.3 at_hash RS256") << "RS256" << kAccessToken << QStringList {kAtHash};
        QTest::newRow("OIDC A.4 c_hash RS256") << "RS256" << kCode << QStringList {kCHash};
        QTest::newRow("ES256 is SHA-256 too") << "ES256" << kCode << QStringList {kCHash};
        QTest::newRow("s_hash of a state")
            << "PS256" << QByteArray("af0ifjsldkj") << QStringList {QStringLiteral("bOhtX8F73IMjSPeVAqxyTQ")};
        // SHA-384 and SHA-512 halves, and EdDSA's per-curve hashes, computed independently with Python's hashlib.
        QTest::newRow("HS384 is SHA-384") << "HS384" << QByteArray("dNZX1hEZ9wBCzNL40Upu646bdzQA")
                                          << QStringList {QStringLiteral("phZaPQJosyg-qi-OIYyQ3xJB9wsHYEEz")};
        QTest::newRow("RS512 is SHA-512")
            << "RS512" << QByteArray("dNZX1hEZ9wBCzNL40Upu646bdzQA")
            << QStringList {QStringLiteral("8xltSlOGYrWy8W9yNvRlEth1i_bXW-JROWPLvCv5zog")};
        QTest::newRow("Ed25519 is SHA-512")
            << "Ed25519" << QByteArray("dNZX1hEZ9wBCzNL40Upu646bdzQA")
            << QStringList {QStringLiteral("8xltSlOGYrWy8W9yNvRlEth1i_bXW-JROWPLvCv5zog")};
        QTest::newRow("Ed448 is SHAKE256/114")
            << "Ed448" << QByteArray("dNZX1hEZ9wBCzNL40Upu646bdzQA")
            << QStringList {
                   QStringLiteral("ACuRpk9jl5IEa3yqpBCNNOCpBEI7qjud6mc80cs6vWX2fcqpsk8RozYBKTUuSS6SqJhw302xFZeM")};
        QTest::newRow("EdDSA tries both curves")
            << "EdDSA" << QByteArray("dNZX1hEZ9wBCzNL40Upu646bdzQA")
            << QStringList {
                   QStringLiteral("8xltSlOGYrWy8W9yNvRlEth1i_bXW-JROWPLvCv5zog"),
                   QStringLiteral("ACuRpk9jl5IEa3yqpBCNNOCpBEI7qjud6mc80cs6vWX2fcqpsk8RozYBKTUuSS6SqJhw302xFZeM")};
    }
    void computesTheLeftHalfOfTheAlgorithmsHash()
    {
        QFETCH(QString, alg);
        QFETCH(QByteArray, value);
        QFETCH(QStringList, expected);
        const std::optional<Algorithm> algorithm = Algorithms::fromName(alg);
        QVERIFY(algorithm);
        QStringList computed;
        for (const OidcHashes::HashChoice &choice : OidcHashes::leftHalfHashes(*algorithm, value))
            computed << choice.value;
        QCOMPARE(computed, expected);
    }

    void checksAnIdTokenAgainstItsCompanions_data()
    {
        QTest::addColumn<QByteArray>("claims");
        QTest::addColumn<QByteArray>("accessToken"); // empty: none
        QTest::addColumn<QByteArray>("code"); // empty: none
        QTest::addColumn<QString>("nonce");
        QTest::addColumn<bool>("frontChannel");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QString>("reason");
        const QByteArray both = "{\"iss\":\"https://server.example.com\",\"nonce\":\"n-0S6_WzA2Mj\",\"at_hash\":\""
            + kAtHash.toLatin1() + "\",\"c_hash\":\"" + kCHash.toLatin1() + "\"}";
        QTest::newRow("at_hash matches") << both << kAccessToken << QByteArray() << QString() << false << "at_hash"
                                         << "pass"
                                         << "";
        QTest::newRow("c_hash matches") << both << QByteArray() << kCode << QString() << true << "c_hash"
                                        << "pass"
                                        << "";
        QTest::newRow("at_hash of a swapped token")
            << both << QByteArray("another-access-token") << QByteArray() << QString() << false << "at_hash"
            << "fail"
            << "at_hash_mismatch";
        QTest::newRow("c_hash of an injected code")
            << both << QByteArray() << QByteArray("injected-code") << QString() << true << "c_hash"
            << "fail"
            << "c_hash_mismatch";
        QTest::newRow("at_hash without the access token")
            << both << QByteArray() << QByteArray() << QString() << false << "at_hash"
            << "not_checked"
            << "";
        const QByteArray bare = "{\"iss\":\"https://server.example.com\"}";
        QTest::newRow("no at_hash from the token endpoint")
            << bare << kAccessToken << QByteArray() << QString() << false << "at_hash"
            << "not_checked"
            << "";
        QTest::newRow("no at_hash in a front-channel response")
            << bare << kAccessToken << QByteArray() << QString() << true << "at_hash"
            << "fail"
            << "at_hash_mismatch";
        QTest::newRow("no c_hash in a hybrid response")
            << bare << QByteArray() << kCode << QString() << true << "c_hash"
            << "fail"
            << "c_hash_mismatch";
        QTest::newRow("nonce matches") << both << QByteArray() << QByteArray() << "n-0S6_WzA2Mj" << false
                                       << "id_token_nonce"
                                       << "pass"
                                       << "";
        QTest::newRow("nonce differs") << both << QByteArray() << QByteArray() << "another" << false << "id_token_nonce"
                                       << "fail"
                                       << "id_token_nonce_mismatch";
        QTest::newRow("nonce missing") << bare << QByteArray() << QByteArray() << "n-0S6_WzA2Mj" << false
                                       << "id_token_nonce"
                                       << "fail"
                                       << "id_token_nonce_mismatch";
    }
    void checksAnIdTokenAgainstItsCompanions()
    {
        QFETCH(QByteArray, claims);
        QFETCH(QByteArray, accessToken);
        QFETCH(QByteArray, code);
        QFETCH(QString, nonce);
        QFETCH(bool, frontChannel);
        QFETCH(QString, check);
        QFETCH(QString, outcome);
        QFETCH(QString, reason);
        OidcCompanions companions;
        if (!accessToken.isEmpty())
            companions.accessToken = accessToken;
        if (!code.isEmpty())
            companions.code = code;
        companions.nonce = nonce;
        companions.channel
            = frontChannel ? OidcCompanions::Channel::AuthorizationEndpoint : OidcCompanions::Channel::TokenEndpoint;
        const BindingChecks checks = OidcHashes::check(decoded(idToken(claims)), companions);
        const BindingCheck *line = findCheck(checks, check);
        QVERIFY2(line, qPrintable(describe(checks)));
        QCOMPARE(Binding::outcomeName(line->outcome), outcome);
        QCOMPARE(line->reason, reason);
    }

    void failedChecksBecomeCatalogueFindings()
    {
        OidcCompanions companions;
        companions.accessToken = QByteArray("swapped");
        const QByteArray claims = "{\"at_hash\":\"" + kAtHash.toLatin1() + "\"}";
        const Findings findings = Binding::findings(OidcHashes::check(decoded(idToken(claims)), companions));
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().id, QStringLiteral("at_hash_mismatch"));
        QCOMPARE(findings.first().severity, Finding::Severity::High);
    }
};

QTEST_GUILESS_MAIN(TestOidcHashes)
#include "tst_oidchashes.moc"
