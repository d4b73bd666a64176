// tokenscope-cli end to end on tokens that travel together: `dpop` on RFC 9449's example requests, `decode` and
// `verify` on a token response and on an ID token with its access token, `verify --require-typ`, and the RFC 9864
// Ed25519/Ed448 algorithms through keygen, sign and verify.

#include "CliProcess.h"
#include "binding/BindingTestSupport.h"
#include "binding/OidcHashes.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

namespace {

CliRun cli(const QStringList &arguments, const QByteArray &input = {})
{
    return runCli(QStringLiteral(TOKENSCOPE_CLI_PATH), arguments,
                  input.isEmpty() ? QList<QByteArray> {} : QList {input});
}

QString checkResult(const QJsonObject &report, const QString &name)
{
    for (const QJsonValue &check : report.value(u"checks").toArray()) {
        const QJsonObject line = check.toObject();
        if (line.value(u"check").toString() == name) {
            const QString reason = line.value(u"reason").toString();
            return line.value(u"result").toString() + (reason.isEmpty() ? QString() : u' ' + reason);
        }
    }
    return QStringLiteral("absent");
}

} // namespace

class TestCliBinding : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    Key m_issuer;
    QString m_keyFile;
    QByteArray m_accessToken;
    QByteArray m_idToken;

    QByteArray response() const
    {
        return "{\"access_token\":\"" + m_accessToken
            + "\",\"token_type\":\"Bearer\",\"refresh_token\":\"8xLOxBtZp8\","
              "\"id_token\":\""
            + m_idToken + "\"}";
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_issuer = generatedKey(Algorithm::ES256, QStringLiteral("as"));
        m_keyFile = m_dir.filePath(QStringLiteral("issuer.jwk"));
        QFile file(m_keyFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_issuer.toJwk());
        file.close();
        m_accessToken = signedToken("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"as\"}",
                                    "{\"iss\":\"https://as.example\",\"sub\":\"alice\",\"aud\":\"https://api.example\","
                                    "\"client_id\":\"app\",\"exp\":1700000600,\"iat\":1700000000,\"jti\":\"a1\"}",
                                    m_issuer, Algorithm::ES256);
        const QByteArray atHash = OidcHashes::leftHalfHashes(Algorithm::ES256, m_accessToken).first().value.toLatin1();
        m_idToken = signedToken("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"as\"}",
                                "{\"iss\":\"https://as.example\",\"sub\":\"alice\",\"aud\":\"app\",\"exp\":1700000600,"
                                "\"iat\":1700000000,\"nonce\":\"n-1\",\"at_hash\":\""
                                    + atHash + "\"}",
                                m_issuer, Algorithm::ES256);
    }

    void dpopChecksTheRfcResourceRequest_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        const QByteArray request
            = "GET /protectedresource HTTP/1.1\r\nHost: resource.example.org\r\nAuthorization: DPoP "
            + kRfc9449AccessToken + "\r\nDPoP: " + kRfc9449ResourceProof + "\r\n\r\n";
        const QString now = QString::number(kRfc9449ResourceIat + 10);
        QTest::newRow("RFC 9449 §7.1 request") << QStringList {QStringLiteral("--now"), now} << request << 0 << "valid";
        QTest::newRow("another URL") << QStringList {QStringLiteral("--now"), now, QStringLiteral("--url"),
                                                     QStringLiteral("https://resource.example.org/other")}
                                     << request << 1 << "dpop_htu_mismatch";
        QTest::newRow("too late for the window")
            << QStringList {QStringLiteral("--now"), QString::number(kRfc9449ResourceIat + 400)} << request << 1
            << "dpop_iat_outside_window";
        QTest::newRow("a wider window") << QStringList {QStringLiteral("--now"),
                                                        QString::number(kRfc9449ResourceIat + 400),
                                                        QStringLiteral("--iat-window"), QStringLiteral("600")}
                                        << request << 0 << "valid";
        QTest::newRow("§4.1 proof alone, with its method and URL")
            << QStringList {QStringLiteral("--now"),    QString::number(kRfc9449TokenRequestIat),
                            QStringLiteral("--method"), QStringLiteral("POST"),
                            QStringLiteral("--url"),    QStringLiteral("https://server.example.com/token")}
            << kRfc9449TokenRequestProof << 0 << "valid";
        QTest::newRow("§4.1 proof with a server nonce")
            << QStringList {QStringLiteral("--now"), QString::number(kRfc9449TokenRequestIat),
                            QStringLiteral("--nonce"), QStringLiteral("eyJ7S_zG.eyJH0-Z.HX4w-7v")}
            << kRfc9449TokenRequestProof << 1 << "dpop_nonce_mismatch";
    }
    void dpopChecksTheRfcResourceRequest()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, input);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        const CliRun run = cli(QStringList {QStringLiteral("dpop"), QStringLiteral("--json")} + arguments
                                   + QStringList {QStringLiteral("-")},
                               input);
        QCOMPARE(run.exitCode, exitCode);
        const QJsonObject report = run.json();
        QCOMPARE(report.value(u"reason").toString(), reason);
        QCOMPARE(report.value(u"valid").toBool(), exitCode == 0);
        QCOMPARE(report.value(u"thumbprint").toString(), kRfc9449Jkt);
        QVERIFY(report.value(u"checks").toArray().size() >= 10);
        // Tokens stay out of error output.
        QVERIFY(!run.err.contains(kRfc9449AccessToken));
    }

    void dpopHumanOutputListsEachCheck()
    {
        const CliRun run
            = cli({QStringLiteral("dpop"), QStringLiteral("--now"), QString::number(kRfc9449TokenRequestIat),
                   QString::fromLatin1(kRfc9449TokenRequestProof)});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith("valid DPoP proof\n"), run.out.constData());
        QVERIFY(run.out.contains(kRfc9449Jkt.toLatin1()));
        for (const char *line : {"pass         dpop_typ", "pass         dpop_signature", "not_checked  dpop_htm"})
            QVERIFY2(run.out.contains(line), line);
    }

    void dpopJudgesALoneTokenAsTheProof()
    {
        // An access token pasted where a proof belongs: checked as one, and refused for its typ and missing jwk.
        const CliRun run = cli({QStringLiteral("dpop"), QStringLiteral("--json"), QStringLiteral("--now"),
                                QStringLiteral("1700000100"), QString::fromLatin1(m_accessToken)});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject report = run.json();
        QCOMPARE(report.value(u"reason").toString(), QStringLiteral("dpop_typ_wrong"));
        QCOMPARE(checkResult(report, QStringLiteral("dpop_jwk")), QStringLiteral("fail dpop_jwk_missing"));
    }

    void dpopUsageAndInputErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("no proof in the text") << QStringList {QStringLiteral("hello")} << 1;
        QTest::newRow("bad window") << QStringList {QStringLiteral("--iat-window"), QStringLiteral("soon"),
                                                    QString::fromLatin1(kRfc9449TokenRequestProof)}
                                    << 2;
        QTest::newRow("unknown option") << QStringList {QStringLiteral("--no-such")} << 2;
    }
    void dpopUsageAndInputErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const CliRun run = cli(QStringList {QStringLiteral("dpop"), QStringLiteral("--json")} + arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY(!run.json().isEmpty());
    }

    void decodeListsEveryTokenOfAResponse()
    {
        const CliRun run = cli({QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("--now"),
                                QStringLiteral("1700000100"), QStringLiteral("-")},
                               response());
        QCOMPARE(run.exitCode, 0);
        const QJsonObject report = run.json();
        QCOMPARE(report.value(u"kind").toString(), QStringLiteral("bundle"));
        QCOMPARE(report.value(u"source").toString(), QStringLiteral("token_response"));
        const QJsonArray tokens = report.value(u"tokens").toArray();
        QCOMPARE(tokens.size(), 3);
        QCOMPARE(tokens.at(0).toObject().value(u"role").toString(), QStringLiteral("access_token"));
        QCOMPARE(tokens.at(0).toObject().value(u"report").toObject().value(u"alg").toString(), QStringLiteral("ES256"));
        QCOMPARE(tokens.at(2).toObject().value(u"role").toString(), QStringLiteral("refresh_token"));
        QVERIFY(tokens.at(2).toObject().value(u"opaque").toBool());
        QVERIFY(tokens.at(2).toObject().value(u"report").isNull());
        QVERIFY(!run.out.contains("8xLOxBtZp8")); // an opaque credential is not echoed
        for (const char *check : {"at_hash", "response_iss", "response_sub", "response_client"})
            QCOMPARE(checkResult(report, QString::fromLatin1(check)), QStringLiteral("pass"));
    }

    void decodeIndexPicksOneTokenOfAResponse()
    {
        const CliRun run = cli({QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("--index"),
                                QStringLiteral("2"), QStringLiteral("-")},
                               response());
        QCOMPARE(run.exitCode, 0);
        const QJsonObject report = run.json();
        QVERIFY(!report.contains(u"checks"));
        QCOMPARE(report.value(u"payload").toObject().value(u"nonce").toString(), QStringLiteral("n-1"));
    }

    void decodeChecksAnIdTokenWithItsAccessToken_data()
    {
        QTest::addColumn<QString>("accessToken");
        QTest::addColumn<QString>("nonce");
        QTest::addColumn<QString>("atHash");
        QTest::addColumn<QString>("nonceCheck");
        QTest::newRow("its access token") << QString::fromLatin1(m_accessToken) << "n-1"
                                          << "pass"
                                          << "pass";
        QTest::newRow("another access token") << "opaque-other"
                                              << "n-2"
                                              << "fail at_hash_mismatch"
                                              << "fail id_token_nonce_mismatch";
    }
    void decodeChecksAnIdTokenWithItsAccessToken()
    {
        QFETCH(QString, accessToken);
        QFETCH(QString, nonce);
        QFETCH(QString, atHash);
        QFETCH(QString, nonceCheck);
        const CliRun run = cli({QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("--access-token"),
                                accessToken, QStringLiteral("--nonce"), nonce, QString::fromLatin1(m_idToken)});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(checkResult(run.json(), QStringLiteral("at_hash")), atHash);
        QCOMPARE(checkResult(run.json(), QStringLiteral("id_token_nonce")), nonceCheck);
    }

    void verifyChecksEveryTokenOfAResponse()
    {
        const CliRun run = cli({QStringLiteral("verify"), QStringLiteral("--key"), m_keyFile, QStringLiteral("--aud"),
                                QStringLiteral("app"), QStringLiteral("--now"), QStringLiteral("1700000100"),
                                QStringLiteral("--json"), QStringLiteral("-")},
                               response());
        QCOMPARE(run.exitCode, 0);
        const QJsonObject report = run.json();
        QVERIFY(report.value(u"valid").toBool());
        const QJsonArray tokens = report.value(u"tokens").toArray();
        QCOMPARE(tokens.at(0).toObject().value(u"verification").toObject().value(u"reason").toString(),
                 QStringLiteral("valid"));
        QCOMPARE(tokens.at(1).toObject().value(u"verification").toObject().value(u"reason").toString(),
                 QStringLiteral("valid"));

        const CliRun late = cli({QStringLiteral("verify"), QStringLiteral("--key"), m_keyFile, QStringLiteral("--now"),
                                 QStringLiteral("1700009999"), QStringLiteral("--json"), QStringLiteral("-")},
                                response());
        QCOMPARE(late.exitCode, 1);
        QCOMPARE(late.json().value(u"reason").toString(), QStringLiteral("expired"));

        // --require-typ names the access token's type; the ID token (typ JWT) is not held to it.
        const CliRun typed = cli({QStringLiteral("verify"), QStringLiteral("--key"), m_keyFile,
                                  QStringLiteral("--require-typ"), QStringLiteral("at+jwt"), QStringLiteral("--now"),
                                  QStringLiteral("1700000100"), QStringLiteral("--json"), QStringLiteral("-")},
                                 response());
        QCOMPARE(typed.exitCode, 0);
        QCOMPARE(typed.json().value(u"reason").toString(), QStringLiteral("valid"));
    }

    void verifyRequiresATyp_data()
    {
        QTest::addColumn<QString>("required");
        QTest::addColumn<bool>("accessToken");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        QTest::newRow("at+jwt on an access token") << "at+jwt" << true << 0 << "valid";
        QTest::newRow("application/at+jwt on an access token") << "application/AT+JWT" << true << 0 << "valid";
        QTest::newRow("at+jwt on an ID token") << "at+jwt" << false << 1 << "typ_mismatch";
    }
    void verifyRequiresATyp()
    {
        QFETCH(QString, required);
        QFETCH(bool, accessToken);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        const CliRun run
            = cli({QStringLiteral("verify"), QStringLiteral("--key"), m_keyFile, QStringLiteral("--require-typ"),
                   required, QStringLiteral("--now"), QStringLiteral("1700000100"), QStringLiteral("--json"),
                   QString::fromLatin1(accessToken ? m_accessToken : m_idToken)});
        QCOMPARE(run.exitCode, exitCode);
        QCOMPARE(run.json().value(u"reason").toString(), reason);
    }

    void fullySpecifiedEdwardsAlgorithmsRoundTrip_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::newRow("Ed25519") << "Ed25519";
        QTest::newRow("Ed448") << "Ed448";
    }
    void fullySpecifiedEdwardsAlgorithmsRoundTrip()
    {
        QFETCH(QString, alg);
        const QString keyFile = m_dir.filePath(alg + QStringLiteral(".jwk"));
        QCOMPARE(
            cli({QStringLiteral("keygen"), QStringLiteral("--alg"), alg, QStringLiteral("--out"), keyFile}).exitCode,
            0);
        const CliRun signedRun = cli({QStringLiteral("sign"), QStringLiteral("--alg"), alg, QStringLiteral("--key"),
                                      keyFile, QStringLiteral("--claim"), QStringLiteral("sub=alice")});
        QCOMPARE(signedRun.exitCode, 0);
        const QByteArray token = signedRun.out.trimmed();
        const CliRun decoded = cli({QStringLiteral("decode"), QStringLiteral("--json"), QString::fromLatin1(token)});
        QCOMPARE(decoded.json().value(u"alg").toString(), alg);
        const CliRun verified = cli({QStringLiteral("verify"), QStringLiteral("--key"), keyFile,
                                     QStringLiteral("--json"), QString::fromLatin1(token)});
        QCOMPARE(verified.exitCode, 0);
        QCOMPARE(verified.json().value(u"reason").toString(), QStringLiteral("valid"));
        const CliRun pinned = cli({QStringLiteral("verify"), QStringLiteral("--key"), keyFile, QStringLiteral("--alg"),
                                   QStringLiteral("EdDSA"), QStringLiteral("--json"), QString::fromLatin1(token)});
        QCOMPARE(pinned.json().value(u"reason").toString(), QStringLiteral("alg_not_allowed"));
    }
};

QTEST_GUILESS_MAIN(TestCliBinding)
#include "tst_cli_binding.moc"
