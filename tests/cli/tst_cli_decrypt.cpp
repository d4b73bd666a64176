// tokenscope-cli decrypt (and verify --decrypt-key) end to end through the real binary: every JWE vector in
// ../shared/vectors/jwe, tokens made by an independent implementation (python3-jwcrypto, tests/cli/make_jwe.py)
// for every algorithm, the JSON shape and the exit codes.
#include "support/ConformanceVectors.h"
#include "support/TestFiles.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using tokenscope::test::readJsonObject;
using tokenscope::test::vectorPath;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

// One command line and what it reads on standard input.
struct Invocation
{
    QStringList arguments;
    QByteArray input;
};

// Runs the CLI for each invocation, several at a time (each run mostly waits for the process to start).
QList<Run> runAll(const QList<Invocation> &invocations, int parallel = 6)
{
    QList<Run> runs(invocations.size());
    std::vector<std::unique_ptr<QProcess>> processes(size_t(invocations.size()));
    qsizetype next = 0;
    qsizetype done = 0;
    const auto start = [&](qsizetype index) {
        auto &process = processes[size_t(index)];
        process = std::make_unique<QProcess>();
        process->start(QStringLiteral(TOKENSCOPE_CLI_PATH), invocations.at(index).arguments);
        if (process->waitForStarted(10000)) {
            process->write(invocations.at(index).input);
            process->closeWriteChannel();
        }
    };
    while (done < invocations.size()) {
        while (next < invocations.size() && next - done < parallel)
            start(next++);
        QProcess &process = *processes[size_t(done)];
        if (!process.waitForFinished(60000))
            process.kill();
        runs[done] = {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
                      process.readAllStandardOutput(), process.readAllStandardError()};
        processes[size_t(done)].reset();
        ++done;
    }
    return runs;
}

Run cli(const QStringList &arguments, const QByteArray &input = {})
{
    return runAll({{arguments, input}}).first();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestCliDecrypt : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    bool m_haveTokens = false;

    QString file(const QString &name) const { return m_dir.filePath(name); }

    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        QFile out(file(name));
        if (!out.open(QIODevice::WriteOnly))
            return {};
        out.write(bytes);
        return out.fileName();
    }

    QByteArray readFile(const QString &name) const
    {
        QFile in(file(name));
        return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
    }

    // This suite reads only the JWE vectors.
    static bool haveVectors() { return QDir(vectorPath(QStringLiteral("jwe"))).exists(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral(TOKENSCOPE_TESTS_DIR "/cli/make_jwe.py"), m_dir.path()});
        m_haveTokens
            = python.waitForFinished(120000) && python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0;
        if (!m_haveTokens)
            qWarning("jwcrypto tokens unavailable (%s); the interoperability test will be skipped",
                     python.readAllStandardError().constData());
    }

    // Every algorithm, encrypted by jwcrypto: the plain output is exactly the content (the case's name).
    void decryptsIndependentTokens_data()
    {
        QTest::addColumn<QString>("name");
        if (!m_haveTokens)
            QSKIP("/usr/bin/python3 with python3-jwcrypto is needed to make independent tokens");
        for (const QByteArray &name : readFile(QStringLiteral("cases.txt")).split('\n')) {
            if (!name.isEmpty())
                QTest::newRow(name.constData()) << QString::fromUtf8(name);
        }
    }
    void decryptsIndependentTokens()
    {
        QFETCH(QString, name);
        const bool password = QFile::exists(file(name + QStringLiteral(".password")));
        const QStringList keyArguments = password
            ? QStringList {QStringLiteral("--password"),
                           QString::fromUtf8(readFile(name + QStringLiteral(".password")))}
            : QStringList {QStringLiteral("--key"), file(name + QStringLiteral(".key"))};
        const Run run = cli(QStringList {QStringLiteral("decrypt")} + keyArguments + QStringList {QStringLiteral("-")},
                            readFile(name + QStringLiteral(".jwe")));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.out, name.toUtf8());
        QCOMPARE(run.err.contains("jwe_rsa1_5"), name.startsWith(u"RSA1_5"));
    }

    // The issue's bar: every RFC 7520 §5 and Wycheproof JWE vector agrees with its expected result through the CLI.
    void everyPublishedVectorAgreesThroughTheCli()
    {
        if (!haveVectors())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("conformance vectors not found (TOKENSCOPE_VECTORS_DIR)");
        struct Expectation
        {
            QString id;
            bool valid = false;
            QByteArray plaintext; // null: not checked
            QString reason; // empty: any failure
        };
        QList<Invocation> invocations;
        QList<Expectation> expectations;
        const auto add = [&](const QString &id, const QStringList &keyArguments, const QByteArray &token, bool valid,
                             const QByteArray &plaintext, const QString &reason) {
            invocations.append({QStringList {QStringLiteral("decrypt"), QStringLiteral("--json")} + keyArguments
                                    + QStringList {QStringLiteral("-")},
                                token});
            expectations.append({id, valid, plaintext, reason});
        };

        const QDir rfc7520(vectorPath(QStringLiteral("jwe/rfc7520")));
        for (const QString &name : rfc7520.entryList({QStringLiteral("5_*.json")}, QDir::Files, QDir::Name)) {
            const QJsonObject vector = readJsonObject(rfc7520.filePath(name));
            const QJsonObject input = vector.value(QStringLiteral("input")).toObject();
            const QJsonObject output = vector.value(QStringLiteral("output")).toObject();
            QStringList keyArguments;
            if (input.contains(QStringLiteral("pwd"))) {
                keyArguments = {QStringLiteral("--password"), input.value(QStringLiteral("pwd")).toString()};
            } else {
                const QJsonValue key = input.value(QStringLiteral("key"));
                keyArguments = {QStringLiteral("--key"),
                                writeFile(name + QStringLiteral(".key"),
                                          compact(key.isArray() ? key.toArray().first().toObject() : key.toObject()))};
            }
            if (output.contains(QStringLiteral("compact")))
                add(name, keyArguments, output.value(QStringLiteral("compact")).toString().toUtf8(), true,
                    input.value(QStringLiteral("plaintext")).toString().toUtf8(), {});
            else // AAD, unprotected headers and several recipients exist only as JSON: refused by name
                add(name, keyArguments, compact(output.value(QStringLiteral("json")).toObject()), false, {},
                    QStringLiteral("unsupported"));
        }
        const QJsonObject x25519 = readJsonObject(vectorPath(QStringLiteral("jwe/rfc8037/ecdh-es.json")));
        add(QStringLiteral("rfc8037"),
            {QStringLiteral("--key"),
             writeFile(
                 QStringLiteral("rfc8037.key"),
                 compact(x25519.value(QStringLiteral("input")).toObject().value(QStringLiteral("key")).toObject()))},
            x25519.value(QStringLiteral("output")).toObject().value(QStringLiteral("compact")).toString().toUtf8(),
            true,
            x25519.value(QStringLiteral("input")).toObject().value(QStringLiteral("plaintext")).toString().toUtf8(),
            {});

        const QJsonObject wycheproof
            = readJsonObject(vectorPath(QStringLiteral("jwe/wycheproof/testvectors_v1/json_web_encryption_test.json")));
        int group = 0;
        for (const QJsonValue &groupValue : wycheproof.value(QStringLiteral("testGroups")).toArray()) {
            const QJsonObject groupObject = groupValue.toObject();
            const QString keyFile = writeFile(QStringLiteral("wycheproof-%1.key").arg(group++),
                                              compact(groupObject.value(QStringLiteral("private")).toObject()));
            for (const QJsonValue &testValue : groupObject.value(QStringLiteral("tests")).toArray()) {
                const QJsonObject test = testValue.toObject();
                const QJsonValue jwe = test.value(QStringLiteral("jwe"));
                const QString comment = test.value(QStringLiteral("comment")).toString();
                const bool valid = test.value(QStringLiteral("result")).toString() == u"valid";
                const bool paddingOrPoint
                    = test.value(QStringLiteral("flags")).toArray().contains(QStringLiteral("ModifiedPkcs15Padding"))
                    || comment.contains(u"InvalidCurve");
                add(QStringLiteral("wycheproof %1 %2").arg(test.value(QStringLiteral("tcId")).toInt()).arg(comment),
                    {QStringLiteral("--key"), keyFile},
                    jwe.isObject() ? compact(jwe.toObject()) : jwe.toString().toUtf8(), valid,
                    QByteArray::fromHex(test.value(QStringLiteral("pt")).toString().toLatin1()),
                    paddingOrPoint ? QStringLiteral("decrypt_failed") : QString());
            }
        }
        QCOMPARE(expectations.size(), 13 + 1 + 139);

        const QList<Run> runs = runAll(invocations);
        QStringList failures;
        QString decryptFailedMessage;
        for (qsizetype index = 0; index < runs.size(); ++index) {
            const Run &run = runs.at(index);
            const Expectation &expected = expectations.at(index);
            const QJsonObject report = run.json();
            const QString reason = report.value(QStringLiteral("reason")).toString();
            QString problem;
            if (run.exitCode != (expected.valid ? 0 : 1))
                problem = QStringLiteral("exit code %1").arg(run.exitCode);
            else if (report.value(QStringLiteral("valid")).toBool() != expected.valid)
                problem = QStringLiteral("valid is %1").arg(report.value(QStringLiteral("valid")).toBool());
            else if (expected.valid
                     && report.value(QStringLiteral("plaintext")).toString().toUtf8() != expected.plaintext)
                problem = QStringLiteral("plaintext differs");
            else if (!expected.reason.isEmpty() && reason != expected.reason)
                problem = QStringLiteral("reason %1, expected %2").arg(reason, expected.reason);
            // RFC 7516 §11.5: one message for everything that fails inside the decryption.
            if (reason == u"decrypt_failed") {
                const QString message = report.value(QStringLiteral("message")).toString();
                if (decryptFailedMessage.isEmpty())
                    decryptFailedMessage = message;
                else if (message != decryptFailedMessage)
                    problem = QStringLiteral("a different decrypt_failed message: %1").arg(message);
            }
            if (!problem.isEmpty())
                failures << expected.id + QStringLiteral(": ") + problem;
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 8).join(QStringLiteral("; "))));
        QVERIFY(!decryptFailedMessage.isEmpty());
    }

    // RFC 7520 §6: decrypt shows the nested JWS; verify --decrypt-key decrypts and verifies it in one report.
    void nestedTokenIsDecryptedThenVerified()
    {
        if (!haveVectors())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("conformance vectors not found (TOKENSCOPE_VECTORS_DIR)");
        const QJsonObject vector
            = readJsonObject(vectorPath(QStringLiteral("jwe/rfc7520/6.nesting_signatures_and_encryption.json")));
        const QJsonObject encrypt = vector.value(QStringLiteral("encrypt")).toObject();
        QJsonObject signingKey = vector.value(QStringLiteral("sign"))
                                     .toObject()
                                     .value(QStringLiteral("input"))
                                     .toObject()
                                     .value(QStringLiteral("key"))
                                     .toObject();
        for (const QString &member : {QStringLiteral("d"), QStringLiteral("p"), QStringLiteral("q"),
                                      QStringLiteral("dp"), QStringLiteral("dq"), QStringLiteral("qi")})
            signingKey.remove(member);
        const QString decryptionKey = writeFile(
            QStringLiteral("nested-enc.key"),
            compact(encrypt.value(QStringLiteral("input")).toObject().value(QStringLiteral("key")).toObject()));
        const QString verificationKey = writeFile(QStringLiteral("nested-sig.key"), compact(signingKey));
        const QByteArray token
            = encrypt.value(QStringLiteral("output")).toObject().value(QStringLiteral("compact")).toString().toUtf8();

        const Run decrypted
            = cli({QStringLiteral("decrypt"), QStringLiteral("--json"), QStringLiteral("--key"), decryptionKey,
                   QStringLiteral("--now"), QStringLiteral("1300819000"), QString::fromUtf8(token)});
        QCOMPARE(decrypted.exitCode, 0);
        const QJsonObject report = decrypted.json();
        for (const QString &member :
             {QStringLiteral("valid"), QStringLiteral("reason"), QStringLiteral("alg"), QStringLiteral("enc"),
              QStringLiteral("kid"), QStringLiteral("plaintext"), QStringLiteral("nested")})
            QVERIFY2(report.contains(member), qPrintable(member));
        QCOMPARE(report.value(QStringLiteral("alg")).toString(), QStringLiteral("RSA-OAEP"));
        const QJsonObject nested = report.value(QStringLiteral("nested")).toObject();
        QCOMPARE(nested.value(QStringLiteral("alg")).toString(), QStringLiteral("PS256"));
        QCOMPARE(nested.value(QStringLiteral("payload")).toObject().value(QStringLiteral("iss")).toString(),
                 QStringLiteral("hobbiton.example"));

        const Run text
            = cli({QStringLiteral("decrypt"), QStringLiteral("--key"), decryptionKey, QString::fromUtf8(token)});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("nested JWT") && text.out.contains("hobbiton.example"), text.out.constData());

        const QStringList verify = {QStringLiteral("verify"),     QStringLiteral("--json"), QStringLiteral("--now"),
                                    QStringLiteral("1300819000"), QStringLiteral("--key"),  verificationKey};
        const Run verified
            = cli(verify + QStringList {QStringLiteral("--decrypt-key"), decryptionKey, QString::fromUtf8(token)});
        QVERIFY2(verified.exitCode == 0, verified.out.constData());
        QCOMPARE(verified.json().value(QStringLiteral("reason")).toString(), QStringLiteral("valid"));
        QCOMPARE(verified.json().value(QStringLiteral("decryption")).toObject().value(QStringLiteral("enc")).toString(),
                 QStringLiteral("A128GCM"));

        const Run withoutDecryption = cli(verify + QStringList {QString::fromUtf8(token)});
        QCOMPARE(withoutDecryption.exitCode, 1);
        QCOMPARE(withoutDecryption.json().value(QStringLiteral("reason")).toString(), QStringLiteral("encrypted"));

        const QString wrongKey = writeFile(QStringLiteral("wrong.key"),
                                           R"({"kty":"RSA","n":"x","e":"AQAB"})"); // not even usable
        QCOMPARE(
            cli(verify + QStringList {QStringLiteral("--decrypt-key"), wrongKey, QString::fromUtf8(token)}).exitCode,
            2);
    }

    void usageAndInputErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrPart");
        QTest::newRow("no key") << QStringList {QStringLiteral("decrypt"), QStringLiteral("a.b.c.d.e")} << 2
                                << "no key given";
        QTest::newRow("two key sources") << QStringList {QStringLiteral("decrypt"), QStringLiteral("--secret"),
                                                         QStringLiteral("x"),       QStringLiteral("--password"),
                                                         QStringLiteral("y"),       QStringLiteral("a.b.c.d.e")}
                                         << 2 << "one key source";
        QTest::newRow("unreadable key") << QStringList {QStringLiteral("decrypt"), QStringLiteral("--key"),
                                                        QStringLiteral("/nonexistent/key.json"),
                                                        QStringLiteral("a.b.c.d.e")}
                                        << 2 << "cannot read";
        QTest::newRow("unknown flag") << QStringList {QStringLiteral("decrypt"), QStringLiteral("--frobnicate")} << 2
                                      << "frobnicate";
    }
    void usageAndInputErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrPart);
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(stderrPart.toUtf8()), run.err.constData());
    }

    // Exit code 1 with exactly one JSON object that says why, for tokens that do not decrypt.
    void failuresPrintOneJsonObject_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("messagePart");
        const QByteArray tail = ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA";
        QTest::newRow("unsupported alg") << "eyJhbGciOiJSU0EtT0FFUC0zODQiLCJlbmMiOiJBMTI4R0NNIn0" + tail
                                         << "unsupported"
                                         << "\"RSA-OAEP-384\"";
        QTest::newRow("wrong key") << "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4R0NNIn0" + tail << "decrypt_failed"
                                   << "does not decrypt";
        QTest::newRow("a JWS") << QByteArray("eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo")
                               << "malformed"
                               << "five";
    }
    void failuresPrintOneJsonObject()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, reason);
        QFETCH(QString, messagePart);
        const Run run = cli({QStringLiteral("decrypt"), QStringLiteral("--json"), QStringLiteral("--secret-b64"),
                             QStringLiteral("AAECAwQFBgcICQoLDA0ODw"), QString::fromUtf8(token)});
        QCOMPARE(run.exitCode, 1);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(), run.out.constData());
        QCOMPARE(document.object().value(QStringLiteral("valid")).toBool(true), false);
        QCOMPARE(document.object().value(QStringLiteral("reason")).toString(), reason);
        QVERIFY(document.object().value(QStringLiteral("plaintext")).isNull());
        QVERIFY2(document.object().value(QStringLiteral("message")).toString().contains(messagePart),
                 run.out.constData());
    }

    void helpNamesTheCommand()
    {
        const Run usage = cli({QStringLiteral("--help")});
        QCOMPARE(usage.exitCode, 0);
        QVERIFY(usage.out.contains("decrypt"));
        const Run help = cli({QStringLiteral("decrypt"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *option : {"--key", "--secret", "--secret-b64", "--password", "--json"})
            QVERIFY2(help.out.contains(option), option);
        QVERIFY(cli({QStringLiteral("verify"), QStringLiteral("--help")}).out.contains("--decrypt-key"));
    }
};

QTEST_GUILESS_MAIN(TestCliDecrypt)
#include "tst_cli_decrypt.moc"
