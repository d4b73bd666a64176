#include "cli/CliProcess.h"

#include <QEventLoop>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

// tokenscope-cli end to end: exit codes and JSON output, on tokens made by an independent implementation (PyJWT and
// pyca/cryptography, run by tests/cli/make_tokens.py), and --jwks-url against a real HTTP server on loopback.
class TestCli : public QObject
{
    Q_OBJECT

private:
    using Run = CliRun;

    Run cli(const QStringList &arguments, const QByteArray &input = {}) const
    {
        return cliPiped(arguments, input.isEmpty() ? QList<QByteArray> {} : QList<QByteArray> {input});
    }

    Run cliPiped(const QStringList &arguments, const QList<QByteArray> &chunks, int pauseMs = 300) const
    {
        return runCli(QStringLiteral(TOKENSCOPE_CLI_PATH), arguments, chunks, pauseMs);
    }

    // A compact HS256 JWS over exactly these payload bytes, MACed by Qt's own HMAC (independent of Tokenscope's).
    static QByteArray hs256Token(const QByteArray &payload, const QByteArray &header = "{\"alg\":\"HS256\"}")
    {
        const auto encode = [](const QByteArray &bytes) {
            return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        };
        const QByteArray signingInput = encode(header) + '.' + encode(payload);
        return signingInput + '.'
            + encode(QMessageAuthenticationCode::hash(signingInput, hmacSecret, QCryptographicHash::Sha256));
    }
    static constexpr char hmacSecret[] = "a-32-byte-secret-for-pipe-tests!";

    QString file(const QString &name) const { return m_dir.filePath(name); }
    QByteArray token(const QString &name) const
    {
        QFile f(file(name));
        return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
    }

    QTemporaryDir m_dir;
    bool m_haveTokens = false;
    QHttpServer m_server;
    quint16 m_port = 0;
    QByteArray m_jwks;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral(TOKENSCOPE_TESTS_DIR "/cli/make_tokens.py"), m_dir.path()});
        m_haveTokens
            = python.waitForFinished(120000) && python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0;
        if (!m_haveTokens)
            qWarning("PyJWT tokens unavailable (%s); the interoperability tests will be skipped",
                     python.readAllStandardError().constData());

        m_server.route(QStringLiteral("/jwks.json"), [this] {
            QHttpServerResponse response("application/json", m_jwks);
            response.setHeader("Cache-Control", "max-age=300");
            return response;
        });
        m_server.route(QStringLiteral("/.well-known/openid-configuration"), [this] {
            const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
            return QJsonObject {{QStringLiteral("issuer"), base},
                                {QStringLiteral("jwks_uri"), base + QStringLiteral("/jwks.json")}};
        });
        m_port = m_server.listen(QHostAddress::LocalHost);
        QVERIFY(m_port != 0);
    }

    void versionAndHelp()
    {
        const Run version = cli({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("tokenscope-cli " TOKENSCOPE_VERSION));
        QCOMPARE(cli({}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("verify"), QStringLiteral("--no-such-flag")}).exitCode, 2);
        const Run help = cli({QStringLiteral("verify"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--jwks-url"));
    }

    void decodeSampleKeepsLexemesAndOrder()
    {
        QFile sample(QStringLiteral(TOKENSCOPE_SOURCE_DIR "/resources/samples/sample.jwt"));
        QVERIFY(sample.open(QIODevice::ReadOnly));
        const QByteArray token = sample.readAll().trimmed();
        const Run run = cli({QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("--now"),
                             QStringLiteral("2109999000"), QString::fromLatin1(token)});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("12345678901234567890123"), run.out.constData()); // not 1.2345678901234568e+22
        const QJsonObject report = run.json();
        QCOMPARE(report.value(u"kind").toString(), QStringLiteral("JWS"));
        QCOMPARE(report.value(u"alg").toString(), QStringLiteral("ES256"));
        QCOMPARE(report.value(u"header").toObject().value(u"kid").toString(), QStringLiteral("sample-2026"));
        QVERIFY(report.value(u"payload_text").isNull());
        QCOMPARE(report.value(u"times").toObject().value(u"exp").toObject().value(u"relative").toString(),
                 QStringLiteral("expires in 16m 40s"));
        QCOMPARE(report.value(u"times").toObject().value(u"exp").toObject().value(u"utc").toString(),
                 QStringLiteral("2036-11-11T07:06:40Z"));
        // Members in source order: iss first, amount last.
        QVERIFY(run.out.indexOf("\"iss\"") < run.out.indexOf("\"amount\""));
        QStringList ids;
        for (const QJsonValue &finding : report.value(u"findings").toArray())
            ids << finding.toObject().value(u"id").toString();
        QVERIFY2(ids.contains(QStringLiteral("personal_data")), qPrintable(ids.join(u',')));
        QVERIFY2(ids.contains(QStringLiteral("long_lifetime")), qPrintable(ids.join(u',')));

        const Run text = cli({QStringLiteral("decode"), QStringLiteral("--now"), QStringLiteral("2109999000"),
                              QString::fromLatin1(token)});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("expires in 16m 40s"));
        QVERIFY(text.out.contains("\"amount\": 12345678901234567890123"));
    }

    void decodeFindsTokensInPastedText_data()
    {
        QTest::addColumn<QByteArray>("pasted");
        const QByteArray t = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        QTest::newRow("authorization header") << "Authorization: Bearer " + t + "\r\n";
        QTest::newRow("curl") << "curl -sS -H 'Authorization: Bearer " + t + "' https://api.example/orders";
        QTest::newRow("log line") << "2026-11-22T10:00:00Z INFO token=" + t + " user=42";
        QTest::newRow("fragment") << "https://app.example/cb#id_token=" + t + "&state=abc";
        QTest::newRow("quoted") << "  \"" + t + "\"\n";
    }
    void decodeFindsTokensInPastedText()
    {
        QFETCH(QByteArray, pasted);
        const Run run = cli({QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("-")}, pasted);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json().value(u"payload").toObject().value(u"sub").toString(), QStringLiteral("x"));
    }

    void decodeErrorsNameThePartAndCharacter()
    {
        const Run run = cli({QStringLiteral("decode"), QStringLiteral("--json"),
                             QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdW+iOiJ4In0.c2ln")});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject error = run.json().value(u"error").toObject();
        QCOMPARE(error.value(u"code").toString(), QStringLiteral("bad_base64url"));
        QCOMPARE(error.value(u"segment").toInt(), 1);
        QCOMPARE(error.value(u"offset").toInt(), 27);
        QVERIFY2(run.err.contains("27"), run.err.constData());

        // Bytes and offsets as given, not after UTF-8 replacement (0xff would read as 0xef, the first byte of U+FFFD).
        const Run rawByte = cli({QStringLiteral("decode"), QStringLiteral("-")}, "eyJhbGciOiJIUzI1NiJ9\xff.e30.c2ln");
        QCOMPARE(rawByte.exitCode, 1);
        QVERIFY2(rawByte.err.contains("character 20: byte 0xff"), rawByte.err.constData());

        QCOMPARE(cli({QStringLiteral("decode"), QStringLiteral("no token here")}).exitCode, 1);
        const Run random = cli({QStringLiteral("decode"), QStringLiteral("-")}, QByteArray(4096, '\xff'));
        QCOMPARE(random.exitCode, 1);
    }

    void verifiesIndependentTokens_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("keyArguments");
        for (const char *name :
             {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed448"}) {
            QTest::newRow(name) << QString::fromLatin1(
                name) << QStringList {QStringLiteral("--key"), QStringLiteral("%1.pub.pem").arg(QLatin1String(name))};
        }
        for (const char *name : {"HS256", "HS384", "HS512"})
            QTest::newRow(name) << QString::fromLatin1(name)
                                << QStringList {QStringLiteral("--secret-file"), QStringLiteral("secret64.txt")};
    }
    void verifiesIndependentTokens()
    {
        if (!m_haveTokens)
            QSKIP("/usr/bin/python3 with python3-jwt is needed to make independent tokens");
        QFETCH(QString, name);
        QFETCH(QStringList, keyArguments);
        keyArguments[1] = file(keyArguments[1]);
        const Run run = cli(QStringList {QStringLiteral("verify"), QStringLiteral("--json"), QStringLiteral("--iss"),
                                         QStringLiteral("https://issuer.example"), QStringLiteral("--aud"),
                                         QStringLiteral("api://orders"),
                                         QString::fromLatin1(token(name + QStringLiteral(".jwt")))}
                            + keyArguments);
        QVERIFY2(run.exitCode == 0, run.out.constData());
        const QJsonObject report = run.json();
        QCOMPARE(report.value(u"valid").toBool(), true);
        QCOMPARE(report.value(u"reason").toString(), QStringLiteral("valid"));
        QVERIFY(!report.value(u"key").toObject().value(u"thumbprint").toString().isEmpty());
    }

    void verifyFailuresHaveReasons_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        const QString es256 = QStringLiteral("ES256.jwt");
        QTest::newRow("wrong key") << QStringList {es256, QStringLiteral("--key"), QStringLiteral("ES384.pub.pem")} << 1
                                   << QStringLiteral("key_mismatch");
        QTest::newRow("expired") << QStringList {QStringLiteral("expired.jwt"), QStringLiteral("--key"),
                                                 QStringLiteral("ES256.pub.pem")}
                                 << 1 << QStringLiteral("expired");
        QTest::newRow("expired within leeway") << QStringList {
            QStringLiteral("expired.jwt"), QStringLiteral("--key"),      QStringLiteral("ES256.pub.pem"),
            QStringLiteral("--now"),       QStringLiteral("1700003610"), QStringLiteral("--leeway"),
            QStringLiteral("30")} << 0 << QStringLiteral("valid");
        QTest::newRow("issuer") << QStringList {es256, QStringLiteral("--key"), QStringLiteral("ES256.pub.pem"),
                                                QStringLiteral("--iss"), QStringLiteral("https://other.example")}
                                << 1 << QStringLiteral("iss_mismatch");
        QTest::newRow("audience") << QStringList {es256, QStringLiteral("--key"), QStringLiteral("ES256.pub.pem"),
                                                  QStringLiteral("--aud"), QStringLiteral("api://billing")}
                                  << 1 << QStringLiteral("aud_mismatch");
        QTest::newRow("required claim") << QStringList {es256, QStringLiteral("--key"), QStringLiteral("ES256.pub.pem"),
                                                        QStringLiteral("--require"), QStringLiteral("nonce")}
                                        << 1 << QStringLiteral("missing_claim");
        QTest::newRow("alg not allowed") << QStringList {
            es256, QStringLiteral("--key"), QStringLiteral("ES256.pub.pem"), QStringLiteral("--alg"),
            QStringLiteral("RS256")} << 1 << QStringLiteral("alg_not_allowed");
        QTest::newRow("HS256 keyed with a public key")
            << QStringList {QStringLiteral("HS256.jwt"), QStringLiteral("--key"), QStringLiteral("RS256.pub.pem")} << 1
            << QStringLiteral("key_mismatch");
        QTest::newRow("wrong secret") << QStringList {QStringLiteral("HS256.jwt"), QStringLiteral("--secret"),
                                                      QStringLiteral("not-the-secret-not-the-secret-not-the-secret")}
                                      << 1 << QStringLiteral("bad_signature");
        QTest::newRow("missing key file")
            << QStringList {es256, QStringLiteral("--key"), QStringLiteral("no-such.pem")} << 2 << QString();
        QTest::newRow("no key source") << QStringList {es256} << 2 << QString();
        QTest::newRow("two key sources") << QStringList {
            es256, QStringLiteral("--key"), QStringLiteral("ES256.pub.pem"), QStringLiteral("--secret"),
            QStringLiteral("x")} << 2 << QString();
        QTest::newRow("bad leeway") << QStringList {es256, QStringLiteral("--key"), QStringLiteral("ES256.pub.pem"),
                                                    QStringLiteral("--leeway"), QStringLiteral("soon")}
                                    << 2 << QString();
    }
    void verifyFailuresHaveReasons()
    {
        if (!m_haveTokens)
            QSKIP("/usr/bin/python3 with python3-jwt is needed to make independent tokens");
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        arguments[0] = QString::fromLatin1(token(arguments[0]));
        const qsizetype keyIndex = arguments.indexOf(QStringLiteral("--key"));
        if (keyIndex > 0 && arguments[keyIndex + 1] != u"no-such.pem")
            arguments[keyIndex + 1] = file(arguments[keyIndex + 1]);
        const Run run = cli(QStringList {QStringLiteral("verify"), QStringLiteral("--json")} + arguments);
        QVERIFY2(run.exitCode == exitCode, run.out + run.err);
        if (!reason.isEmpty())
            QCOMPARE(run.json().value(u"reason").toString(), reason);
        else
            QVERIFY2(!run.err.isEmpty(), "a usage error says what is wrong");
    }

    void verifiesThroughJwksUrlAndDiscovery()
    {
        if (!m_haveTokens)
            QSKIP("/usr/bin/python3 with python3-jwt is needed to make independent tokens");
        const Run jwks = cli({QStringLiteral("jwks"), QStringLiteral("--json"), QStringLiteral("--key"),
                              file(QStringLiteral("ES256.pub.pem"))});
        QCOMPARE(jwks.exitCode, 0);
        QJsonObject set = QJsonDocument::fromJson(jwks.out).object();
        QJsonArray keys = set.value(u"keys").toArray();
        QCOMPARE(keys.size(), 1);
        QJsonObject key = keys.first().toObject();
        key.insert(QStringLiteral("kid"), QStringLiteral("ES256-key"));
        m_jwks = QJsonDocument(QJsonObject {{QStringLiteral("keys"), QJsonArray {key}}}).toJson();

        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
        const QString es256 = QString::fromLatin1(token(QStringLiteral("ES256.jwt")));
        const Run viaUrl = cli({QStringLiteral("verify"), QStringLiteral("--json"), QStringLiteral("--jwks-url"),
                                base + QStringLiteral("/jwks.json"), es256});
        QVERIFY2(viaUrl.exitCode == 0, viaUrl.out + viaUrl.err);
        QVERIFY(
            viaUrl.json().value(u"key").toObject().value(u"source").toString().contains(QStringLiteral("/jwks.json")));

        const Run viaIssuer = cli({QStringLiteral("verify"), QStringLiteral("--issuer"), base, es256});
        QVERIFY2(viaIssuer.exitCode == 0, viaIssuer.out + viaIssuer.err);

        // Nothing listens on a port we just closed: a network error, exit 3, naming the URL.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 closedPort = closed.serverPort();
        closed.close();
        const QString deadUrl = QStringLiteral("http://127.0.0.1:%1/jwks.json").arg(closedPort);
        const Run refused = cli({QStringLiteral("verify"), QStringLiteral("--jwks-url"), deadUrl, es256});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains(deadUrl.toUtf8()), refused.err.constData());

        const Run missing
            = cli({QStringLiteral("verify"), QStringLiteral("--jwks-url"), base + QStringLiteral("/nothing"), es256});
        QCOMPARE(missing.exitCode, 3);
        QVERIFY2(missing.err.contains("404"), missing.err.constData());

        // Plain http to a non-loopback host is refused before any request.
        const Run insecure = cli({QStringLiteral("verify"), QStringLiteral("--jwks-url"),
                                  QStringLiteral("http://keys.example/jwks.json"), es256});
        QCOMPARE(insecure.exitCode, 2);
    }

    void signsTokensAnIndependentVerifierAccepts_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::addColumn<QString>("keyFile");
        QTest::newRow("RS256") << QStringLiteral("RS256") << QStringLiteral("RS256.key.pem");
        QTest::newRow("PS384") << QStringLiteral("PS384") << QStringLiteral("PS384.key.pem");
        QTest::newRow("ES256") << QStringLiteral("ES256") << QStringLiteral("ES256.key.pem");
        QTest::newRow("ES512") << QStringLiteral("ES512") << QStringLiteral("ES512.key.pem");
        QTest::newRow("EdDSA") << QStringLiteral("EdDSA") << QStringLiteral("EdDSA.key.pem");
    }
    void signsTokensAnIndependentVerifierAccepts()
    {
        if (!m_haveTokens)
            QSKIP("/usr/bin/python3 with python3-jwt is needed to check tokens independently");
        QFETCH(QString, alg);
        QFETCH(QString, keyFile);
        const Run signedToken
            = cli({QStringLiteral("sign"), QStringLiteral("--alg"), alg, QStringLiteral("--key"), file(keyFile),
                   QStringLiteral("--claim"), QStringLiteral("sub=alice"), QStringLiteral("--claim"),
                   QStringLiteral("admin=true"), QStringLiteral("--iat"), QStringLiteral("now"),
                   QStringLiteral("--exp"), QStringLiteral("+15m"), QStringLiteral("--kid"), QStringLiteral("k1")});
        QVERIFY2(signedToken.exitCode == 0, signedToken.err.constData());
        const QByteArray compact = signedToken.out.trimmed();
        QCOMPARE(compact.count('.'), 2);

        QProcess python;
        const QString pub = file(QString(keyFile).replace(QStringLiteral(".key."), QStringLiteral(".pub.")));
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral("-c"),
                      QStringLiteral("import jwt,sys,json;k=open(sys.argv[2],'rb').read();"
                                     "print(json.dumps(jwt.decode(sys.argv[1],k,algorithms=[sys.argv[3]])))"),
                      QString::fromLatin1(compact), pub, alg});
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QJsonObject claims = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
        QCOMPARE(claims.value(u"sub").toString(), QStringLiteral("alice"));
        QCOMPARE(claims.value(u"admin").toBool(), true);
        QCOMPARE(claims.value(u"exp").toInteger() - claims.value(u"iat").toInteger(), 900);
    }

    void keygenSignVerifyRoundTrip_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::addColumn<QString>("out");
        QTest::newRow("ES256 pem") << QStringLiteral("ES256") << QStringLiteral("gen-es256.pem");
        QTest::newRow("PS256 jwk") << QStringLiteral("PS256") << QStringLiteral("gen-ps256.jwk");
        QTest::newRow("EdDSA jwk") << QStringLiteral("EdDSA") << QStringLiteral("gen-ed.jwk");
        QTest::newRow("HS512 jwk") << QStringLiteral("HS512") << QStringLiteral("gen-hs512.jwk");
    }
    void keygenSignVerifyRoundTrip()
    {
        QFETCH(QString, alg);
        QFETCH(QString, out);
        const QString jwksFile = file(out + QStringLiteral(".jwks"));
        const Run generated = cli({QStringLiteral("keygen"), QStringLiteral("--alg"), alg, QStringLiteral("--out"),
                                   file(out), QStringLiteral("--jwks"), jwksFile});
        QVERIFY2(generated.exitCode == 0, generated.err.constData());
        QCOMPARE(QFile::permissions(file(out)) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
        const Run signedToken = cli({QStringLiteral("sign"), QStringLiteral("--alg"), alg, QStringLiteral("--key"),
                                     file(out), QStringLiteral("--claim"), QStringLiteral("sub=bob"),
                                     QStringLiteral("--exp"), QStringLiteral("+1h")});
        QVERIFY2(signedToken.exitCode == 0, signedToken.err.constData());
        const bool secret = alg.startsWith(u'H');
        const Run verified = cli({QStringLiteral("verify"), QStringLiteral("--json"),
                                  secret ? QStringLiteral("--key") : QStringLiteral("--jwks"),
                                  secret ? file(out) : jwksFile, QString::fromLatin1(signedToken.out.trimmed())});
        QVERIFY2(verified.exitCode == 0, verified.out + verified.err);
        QVERIFY(!verified.json().value(u"kid").toString().isEmpty()); // kid defaults to the thumbprint
    }

    void pipedInputIsReadToTheEnd_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QList<QByteArray>>("chunks");
        QTest::addColumn<QByteArray>("expectedOutput");
        const QByteArray small = hs256Token("{\"sub\":\"pipe\",\"exp\":4102444800}");
        const QByteArray big = hs256Token("{\"sub\":\"pipe\",\"blob\":\"" + QByteArray(100 * 1024, 'x') + "\"}");
        const QString secret = QString::fromLatin1(hmacSecret);
        const auto split = [](const QByteArray &bytes, qsizetype at) {
            return QList<QByteArray> {bytes.first(at), bytes.sliced(at)};
        };
        QTest::newRow("decode, token over 64 KiB")
            << QStringList {QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("-")}
            << split(big, 70000) << QByteArray("\"sub\": \"pipe\"");
        QTest::newRow("verify, small token in two writes")
            << QStringList {QStringLiteral("verify"), QStringLiteral("--secret"), secret, QStringLiteral("-")}
            << split(small, 20) << QByteArray("valid:");
        QTest::newRow("verify, secret file from standard input")
            << QStringList {QStringLiteral("verify"), QStringLiteral("--secret-file"), QStringLiteral("-"),
                            QString::fromLatin1(small)}
            << split(QByteArray(hmacSecret) + '\n', 10) << QByteArray("valid:");
        QTest::newRow("sign --payload -") << QStringList {QStringLiteral("sign"),
                                                          QStringLiteral("--alg"),
                                                          QStringLiteral("HS256"),
                                                          QStringLiteral("--secret"),
                                                          secret,
                                                          QStringLiteral("--payload"),
                                                          QStringLiteral("-")}
                                          << split(QByteArray("{\"sub\":\"from-a-pipe\",\"n\":1}"), 8)
                                          << QByteArray(".eyJzdWIiOiJmcm9tLWEtcGlwZSIsIm4iOjF9.");
        QFile scenario(QStringLiteral(TOKENSCOPE_SOURCE_DIR "/resources/scenarios/c-stolen-access-token.json"));
        QVERIFY(scenario.open(QIODevice::ReadOnly));
        QTest::newRow("simulate -") << QStringList {QStringLiteral("simulate"), QStringLiteral("--json"),
                                                    QStringLiteral("-")}
                                    << split(scenario.readAll(), 50) << QByteArray("\"variants\"");
    }
    void pipedInputIsReadToTheEnd()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QList<QByteArray>, chunks);
        QFETCH(QByteArray, expectedOutput);
        const Run run = cliPiped(arguments, chunks);
        QVERIFY2(run.exitCode == 0, run.out + run.err);
        QVERIFY2(run.out.contains(expectedOutput), run.out.left(500) + run.err);
    }

    void pipedInputOverTheCapIsRefused()
    {
        // 17 MiB of zeros in 1 MiB writes: refused by size, as the user's 100 MB stream from /dev/zero is.
        const QList<QByteArray> chunks(17, QByteArray(1024 * 1024, '\0'));
        const Run run = cliPiped({QStringLiteral("decode"), QStringLiteral("-")}, chunks, 10);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("larger than 16777216 bytes"), run.err.constData());
    }

    void verifyFailsClosedOnUnreadableClaims_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QStringList>("extraArguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        const QByteArray expired = "\"exp\":1000,";
        QTest::newRow("deeper than the nesting limit")
            << "{" + expired + "\"x\":" + QByteArray(100, '[') + QByteArray(100, ']') + "}" << QStringList {} << 1
            << QStringLiteral("claims_unreadable");
        QTest::newRow("invalid UTF-8") << "{" + expired + "\"sub\":\"\xc3\"}" << QStringList {} << 1
                                       << QStringLiteral("claims_unreadable");
        QTest::newRow("lone surrogate") << "{" + expired + "\"sub\":\"\\udc00\"}" << QStringList {} << 1
                                        << QStringLiteral("claims_unreadable");
        QTest::newRow("not an object") << QByteArray("[1,2]") << QStringList {} << 1
                                       << QStringLiteral("claims_unreadable");
        QTest::newRow("not an object, with --iss")
            << QByteArray("\"text\"") << QStringList {QStringLiteral("--iss"), QStringLiteral("https://issuer.example")}
            << 1 << QStringLiteral("claims_unreadable");
        QTest::newRow("plain JWS with --payload-any")
            << QByteArray("just bytes") << QStringList {QStringLiteral("--payload-any")} << 0
            << QStringLiteral("valid");
        QTest::newRow("--payload-any still checks a claims object")
            << "{" + expired.chopped(1) + "}" << QStringList {QStringLiteral("--payload-any")} << 1
            << QStringLiteral("expired");
    }
    void verifyFailsClosedOnUnreadableClaims()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QStringList, extraArguments);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        const Run run = cli(QStringList {QStringLiteral("verify"), QStringLiteral("--json"), QStringLiteral("--secret"),
                                         QString::fromLatin1(hmacSecret), QString::fromLatin1(hs256Token(payload))}
                            + extraArguments);
        QVERIFY2(run.exitCode == exitCode, run.out + run.err);
        QCOMPARE(run.json().value(u"reason").toString(), reason);
    }

    void verifyRefusesCharactersStuckToTheToken_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("reason");
        const QByteArray t = hs256Token("{\"sub\":\"x\",\"exp\":4102444800}");
        QTest::newRow("empty fourth part") << t + '.' << QStringLiteral("malformed");
        QTest::newRow("question mark after the signature") << t + '?' << QStringLiteral("malformed");
        QTest::newRow("sentence-ending dot") << "the token is " + t + ". Thanks" << QStringLiteral("malformed");
        QTest::newRow("leading dot") << '.' + t << QStringLiteral("malformed");
        QTest::newRow("Authorization header") << "Authorization: Bearer " + t + "\r\n" << QStringLiteral("valid");
        QTest::newRow("quoted") << "\"" + t + "\"\n" << QStringLiteral("valid");
        QTest::newRow("form body") << "grant_type=x&assertion=" + t + "&scope=a" << QStringLiteral("valid");
        QTest::newRow("URL fragment") << "https://app.example/cb#id_token=" + t + "&state=x" << QStringLiteral("valid");
    }
    void verifyRefusesCharactersStuckToTheToken()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, reason);
        const Run run = cli({QStringLiteral("verify"), QStringLiteral("--json"), QStringLiteral("--secret"),
                             QString::fromLatin1(hmacSecret), QStringLiteral("-")},
                            input);
        QVERIFY2(run.exitCode == (reason == u"valid" ? 0 : 1), run.out + run.err);
        QCOMPARE(run.json().value(u"reason").toString(), reason);

        // decode shows what it recovered and says what it left out.
        const Run decoded = cli({QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("-")}, input);
        QCOMPARE(decoded.exitCode, 0);
        QStringList ids;
        for (const QJsonValue &finding : decoded.json().value(u"findings").toArray())
            ids << finding.toObject().value(u"id").toString();
        QCOMPARE(ids.contains(QStringLiteral("dropped_characters")), reason != u"valid");
    }

    void commandHelpNamesTheCommand_data()
    {
        QTest::addColumn<QString>("command");
        for (const char *command :
             {"decode", "verify", "sign", "keygen", "jwks", "bench", "simulate", "issuer", "probe"})
            QTest::newRow(command) << QString::fromLatin1(command);
    }
    void commandHelpNamesTheCommand()
    {
        QFETCH(QString, command);
        const Run run = cli({command, QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        const QByteArray expected = "Usage: tokenscope-cli " + command.toLatin1() + " [options]";
        QVERIFY2(run.out.startsWith(expected), run.out.left(200).constData());
    }

    void everyJsonRunPrintsOneObject_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("member"); // a member the object must have
        const QString json = QStringLiteral("--json");
        const QString token = QString::fromLatin1(hs256Token("{\"sub\":\"x\"}"));
        QTest::newRow("decode, no token")
            << QStringList {QStringLiteral("decode"), json, QStringLiteral("no token here")} << 1
            << QStringLiteral("error");
        QTest::newRow("decode, bad --now")
            << QStringList {QStringLiteral("decode"), json, QStringLiteral("--now"), QStringLiteral("soon"), token} << 2
            << QStringLiteral("error");
        QTest::newRow("verify, no token")
            << QStringList {QStringLiteral("verify"), json, QStringLiteral("--secret"), QString::fromLatin1(hmacSecret),
                            QStringLiteral("no token here")}
            << 1 << QStringLiteral("reason");
        QTest::newRow("verify, missing key file")
            << QStringList {QStringLiteral("verify"), json, QStringLiteral("--key"),
                            file(QStringLiteral("no-such.pem")), token}
            << 2 << QStringLiteral("error");
        QTest::newRow("verify, unknown flag")
            << QStringList {QStringLiteral("verify"), json, QStringLiteral("--frob"), token} << 2
            << QStringLiteral("error");
        QTest::newRow("jwks, nothing listening")
            << QStringList {QStringLiteral("jwks"), json, QStringLiteral("--jwks-url"),
                            QStringLiteral("http://127.0.0.1:1/jwks.json")}
            << 3 << QStringLiteral("error");
        QTest::newRow("jwks, no key source")
            << QStringList {QStringLiteral("jwks"), json} << 2 << QStringLiteral("error");
        QTest::newRow("simulate, unknown scenario")
            << QStringList {QStringLiteral("simulate"), json, QStringLiteral("no-such-scenario")} << 2
            << QStringLiteral("error");
        QTest::newRow("probe, no issuer")
            << QStringList {QStringLiteral("probe"), json} << 2 << QStringLiteral("error");
    }
    void everyJsonRunPrintsOneObject()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, member);
        const Run run = cli(arguments);
        QVERIFY2(run.exitCode == exitCode, run.out + run.err);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(), run.out.constData());
        QVERIFY2(document.object().contains(member), run.out.constData());
        QVERIFY2(!run.err.isEmpty(), "the error is also said on standard error");
    }

    void nowAndDatesStayInRange_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        const QString token = QString::fromLatin1(hs256Token("{\"sub\":\"x\",\"iat\":1700000000}"));
        for (const char *now : {"-9223372036854775808", "9223372036854775807", "253402300800", "-62135596801"}) {
            QTest::addRow("decode --now %s", now)
                << QStringList {QStringLiteral("decode"), QStringLiteral("--now"), QString::fromLatin1(now), token}
                << 2;
            QTest::addRow("verify --now %s", now)
                << QStringList {QStringLiteral("verify"), QStringLiteral("--secret"), QString::fromLatin1(hmacSecret),
                                QStringLiteral("--now"),  QString::fromLatin1(now),   token}
                << 2;
        }
        QTest::newRow("sign --exp past year 9999") << QStringList {QStringLiteral("sign"),
                                                                   QStringLiteral("--alg"),
                                                                   QStringLiteral("HS256"),
                                                                   QStringLiteral("--secret"),
                                                                   QString::fromLatin1(hmacSecret),
                                                                   QStringLiteral("--exp"),
                                                                   QStringLiteral("9223372036854775807")}
                                                   << 2;
        QTest::newRow("decode --now at the end of year 9999")
            << QStringList {QStringLiteral("decode"), QStringLiteral("--now"), QStringLiteral("253402300799"), token}
            << 0;
    }
    void nowAndDatesStayInRange()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const Run run = cli(arguments);
        QVERIFY2(run.exitCode == exitCode, run.out + run.err);
        if (exitCode == 2)
            QVERIFY2(run.err.contains("9999"), run.err.constData());
    }

    void extremeNumericDatesAreMalformedNotMisread_data()
    {
        QTest::addColumn<QByteArray>("iat");
        QTest::newRow("lowest 64-bit") << QByteArray("-9223372036854775808");
        QTest::newRow("highest 64-bit") << QByteArray("9223372036854775807");
        QTest::newRow("year 10000") << QByteArray("253402300800");
    }
    void extremeNumericDatesAreMalformedNotMisread()
    {
        QFETCH(QByteArray, iat);
        const QByteArray token = hs256Token("{\"sub\":\"x\",\"iat\":" + iat + "}");
        const Run decoded = cli({QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("--now"),
                                 QStringLiteral("1800000000"), QString::fromLatin1(token)});
        QVERIFY2(decoded.exitCode == 0, decoded.err.constData());
        QStringList ids;
        for (const QJsonValue &finding : decoded.json().value(u"findings").toArray())
            ids << finding.toObject().value(u"id").toString();
        QVERIFY2(ids.contains(QStringLiteral("numeric_date_malformed")), qPrintable(ids.join(u',')));
        QVERIFY2(!ids.contains(QStringLiteral("iat_in_future")), qPrintable(ids.join(u',')));
        const Run verified = cli({QStringLiteral("verify"), QStringLiteral("--json"), QStringLiteral("--secret"),
                                  QString::fromLatin1(hmacSecret), QString::fromLatin1(token)});
        QCOMPARE(verified.exitCode, 1);
        QCOMPARE(verified.json().value(u"reason").toString(), QStringLiteral("malformed"));
    }

    void benchPrintsItsFigures()
    {
        const QString tokens = file(QStringLiteral("bench.txt"));
        QFile f(tokens);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 0; i < 5; ++i) {
            const Run run = cli({QStringLiteral("sign"), QStringLiteral("--alg"), QStringLiteral("HS256"),
                                 QStringLiteral("--secret"), QStringLiteral("bench-secret-bench-secret-bench-secret"),
                                 QStringLiteral("--claim"), QStringLiteral("n=%1").arg(i), QStringLiteral("--exp"),
                                 QStringLiteral("+1d")});
            QCOMPARE(run.exitCode, 0);
            f.write(run.out);
        }
        f.close();
        const Run bench = cli({QStringLiteral("bench"), QStringLiteral("--alg"), QStringLiteral("HS256"),
                               QStringLiteral("--secret"), QStringLiteral("bench-secret-bench-secret-bench-secret"),
                               QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--min-time"),
                               QStringLiteral("0.05"), tokens});
        QVERIFY2(bench.exitCode == 0, bench.err.constData());
        QVERIFY2(QRegularExpression(QStringLiteral("^verified \\d+ in [0-9.]+ s \\(\\d+ tokens/s\\)\\n$"))
                     .match(QString::fromUtf8(bench.out))
                     .hasMatch(),
                 bench.out.constData());
        const Run wrongSecret
            = cli({QStringLiteral("bench"), QStringLiteral("--alg"), QStringLiteral("HS256"),
                   QStringLiteral("--secret"), QStringLiteral("another-secret-another-secret-another"),
                   QStringLiteral("--min-time"), QStringLiteral("0"), tokens});
        QCOMPARE(wrongSecret.exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
