#include "cli/CliProcess.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace Qt::StringLiterals;

// tokenscope-cli end to end for the findings on what attackers try: decode and verify print them (text and --json),
// and the forged tokens they describe never verify. Tokens are MACed by Qt's own HMAC, independent of Tokenscope's;
// OIDC discovery is served by a real HTTP server on loopback.
class TestCliAttacks : public QObject
{
    Q_OBJECT

private:
    QHttpServer m_server;
    quint16 m_port = 0;

    static QByteArray encode(const QByteArray &bytes)
    {
        return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    }

    static QByteArray hs256Token(const QByteArray &secret, const QByteArray &header = "{\"alg\":\"HS256\"}")
    {
        const QByteArray input = encode(header) + '.' + encode("{\"sub\":\"admin\",\"exp\":2000000000}");
        return input + '.' + encode(QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256));
    }

    static QByteArray keyFile(const char *name)
    {
        QFile file(QStringLiteral(TOKENSCOPE_TESTS_DIR "/data/keys/") + QLatin1StringView(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static CliRun cli(const QStringList &arguments)
    {
        return runCli(QStringLiteral(TOKENSCOPE_CLI_PATH), arguments, {});
    }

    static QStringList findingIds(const CliRun &run)
    {
        QStringList ids;
        for (const QJsonValue &finding : run.json().value(u"findings").toArray())
            ids << finding.toObject().value(u"id").toString();
        return ids;
    }

    QString base() const { return u"http://127.0.0.1:%1"_s.arg(m_port); }

private slots:
    void initTestCase()
    {
        // A JWKS with one P-256 key (tests/data/keys/ec-p256-public.pem), published through discovery.
        m_server.route(u"/.well-known/openid-configuration"_s, [this] {
            return QJsonObject {{u"issuer"_s, base()}, {u"jwks_uri"_s, base() + u"/keys"_s}};
        });
        m_server.route(u"/keys"_s, [] {
            const QJsonObject key {{u"kty"_s, u"EC"_s},
                                   {u"crv"_s, u"P-256"_s},
                                   {u"x"_s, u"9Bs7TPBhUjQ2_7oJReRo6d4ee2tMBETQwjchqaZojMw"_s},
                                   {u"y"_s, u"xsUtFkBcLRhIImel0OFHxdSrVCIWHQbDmz7qc6nS3XY"_s}};
            return QHttpServerResponse("application/json",
                                       QJsonDocument(QJsonObject {{u"keys"_s, QJsonArray {key}}}).toJson());
        });
        m_port = m_server.listen(QHostAddress::LocalHost);
        QVERIFY(m_port != 0);
    }

    void decodeReportsTokenAttacks_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("id");
        QTest::newRow("jwt.io sample secret") << hs256Token("your-256-bit-secret") << u"hmac_secret_guessed"_s;
        QTest::newRow("empty secret") << hs256Token({}) << u"hmac_empty_secret"_s;
        QTest::newRow("psychic signature") << QByteArray(
            encode("{\"alg\":\"ES256\"}") + '.' + encode("{\"sub\":\"admin\"}") + '.' + encode(QByteArray(64, '\0')))
                                           << u"ecdsa_signature_out_of_range"_s;
    }
    void decodeReportsTokenAttacks()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, id);
        const CliRun json = cli({u"decode"_s, u"--json"_s, QString::fromLatin1(token)});
        QCOMPARE(json.exitCode, 0);
        QVERIFY2(findingIds(json).contains(id), json.out.constData());
        const CliRun text = cli({u"decode"_s, QString::fromLatin1(token)});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("[high] " + id.toLatin1() + ": "), text.out.constData());
    }

    // The header tricks the JWT scanners automate (alg none, a key or key URL carried in the header, kid injection):
    // decode names each, and verify with the real key never lets the token choose its own key or algorithm.
    void headerAttacksAreNamedAndNeverVerify_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QByteArray>("severity");
        const QByteArray forged = encode(QByteArray(256, '\x5a'));
        QTest::newRow("alg none") << QByteArray("{\"alg\":\"none\"}") << QByteArray() << u"alg_none"_s
                                  << QByteArray("high");
        QTest::newRow("alg None, another spelling")
            << QByteArray("{\"alg\":\"None\"}") << QByteArray() << u"alg_unknown"_s << QByteArray("warning");
        QTest::newRow("signature stripped")
            << QByteArray("{\"alg\":\"RS256\"}") << QByteArray() << u"signature_missing"_s << QByteArray("warning");
        QTest::newRow("embedded jwk") << QByteArray("{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"n\":\""
                                                    + encode(QByteArray(256, '\x7f')) + "\",\"e\":\"AQAB\"}}")
                                      << forged << u"header_jwk"_s << QByteArray("warning");
        QTest::newRow("jku") << QByteArray("{\"alg\":\"RS256\",\"jku\":\"https://attacker.example/jwks.json\"}")
                             << forged << u"header_jku"_s << QByteArray("warning");
        QTest::newRow("x5u") << QByteArray("{\"alg\":\"RS256\",\"x5u\":\"https://attacker.example/cert.pem\"}")
                             << forged << u"header_x5u"_s << QByteArray("warning");
        QTest::newRow("kid path traversal")
            << QByteArray("{\"alg\":\"HS256\",\"kid\":\"../../../../dev/null\"}") << encode(QByteArray(32, '\x01'))
            << u"kid_suspicious"_s << QByteArray("high");
        QTest::newRow("kid SQL injection")
            << QByteArray("{\"alg\":\"HS256\",\"kid\":\"x' UNION SELECT 'secret\"}") << encode(QByteArray(32, '\x01'))
            << u"kid_suspicious"_s << QByteArray("high");
    }
    void headerAttacksAreNamedAndNeverVerify()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, signature);
        QFETCH(QString, id);
        QFETCH(QByteArray, severity);
        const QString token
            = QString::fromLatin1(encode(header) + '.' + encode("{\"sub\":\"admin\"}") + '.' + signature);
        const CliRun text = cli({u"decode"_s, token});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains('[' + severity + "] " + id.toLatin1() + ": "), text.out.constData());

        const QString pem = QStringLiteral(TOKENSCOPE_TESTS_DIR "/data/keys/rsa2048-public.pem");
        const CliRun verified = cli({u"verify"_s, u"--json"_s, u"--key"_s, pem, token});
        QCOMPARE(verified.exitCode, 1);
        QCOMPARE(verified.json().value(u"valid").toBool(true), false);
        QVERIFY2(findingIds(verified).contains(id), verified.out.constData());
    }

    // The RS→HS forgery: MACed with the public key's PEM text, verified against that public key (a key file) or
    // against the PEM text given as the secret. Both refuse it; the first names the attack.
    void keyConfusionIsReportedAndRefused_data()
    {
        QTest::addColumn<QStringList>("keyArguments");
        QTest::addColumn<bool>("named");
        const QString pem = QStringLiteral(TOKENSCOPE_TESTS_DIR "/data/keys/rsa2048-public.pem");
        QTest::newRow("public key file") << QStringList {u"--key"_s, pem} << true;
        QTest::newRow("public key text as the secret") << QStringList {u"--secret-file"_s, pem} << false;
    }
    void keyConfusionIsReportedAndRefused()
    {
        QFETCH(QStringList, keyArguments);
        QFETCH(bool, named);
        const QByteArray token = hs256Token(keyFile("rsa2048-public.pem"));
        const CliRun run
            = cli(QStringList {u"verify"_s, u"--json"_s} + keyArguments + QStringList {QString::fromLatin1(token)});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.json().value(u"reason").toString(), u"key_mismatch"_s);
        QCOMPARE(findingIds(run).contains(u"hmac_key_confusion"_s), named);
    }

    void keyUrlOffTheDiscoveredHost_data()
    {
        QTest::addColumn<QString>("jku");
        QTest::addColumn<bool>("flagged");
        QTest::newRow("elsewhere") << u"https://attacker.example/jwks.json"_s << true;
        QTest::newRow("on the issuer's host") << u"http://127.0.0.1/other-keys"_s << false;
    }
    void keyUrlOffTheDiscoveredHost()
    {
        QFETCH(QString, jku);
        QFETCH(bool, flagged);
        const QByteArray header = "{\"alg\":\"HS256\",\"jku\":\"" + jku.toLatin1() + "\"}";
        const QByteArray token = hs256Token("a-secret-nobody-has-in-a-list-0123456789", header);
        const CliRun run = cli({u"verify"_s, u"--json"_s, u"--issuer"_s, base(), QString::fromLatin1(token)});
        QCOMPARE(run.exitCode, 1); // an HS256 token never verifies with the issuer's EC key
        QCOMPARE(findingIds(run).contains(u"key_url_foreign_host"_s), flagged);
        QVERIFY(findingIds(run).contains(u"header_jku"_s));
    }
};

QTEST_GUILESS_MAIN(TestCliAttacks)
#include "tst_cli_attacks.moc"
