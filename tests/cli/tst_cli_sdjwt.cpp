// tokenscope-cli decode and verify of SD-JWTs (RFC 9901) end to end: exit codes, the --json report's disclosures and
// sd_jwt members, and the key-binding options, over the RFC's examples in tests/data/sdjwt.

#include "CliProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

namespace {

const qint64 kRfcKeyBindingIat = 1748537244; // RFC 9901 §5.2

QByteArray dataFile(const QString &name)
{
    QFile file(QStringLiteral(TOKENSCOPE_TESTS_DIR "/data/sdjwt/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
}

QString issuerKeyPath()
{
    return QStringLiteral(TOKENSCOPE_TESTS_DIR "/data/sdjwt/rfc9901-a5-issuer-key.jwk");
}

CliRun run(const QStringList &arguments, const QByteArray &input)
{
    return runCli(QStringLiteral(TOKENSCOPE_CLI_PATH), arguments, {input});
}

QStringList findingIds(const QJsonObject &report)
{
    QStringList ids;
    for (const QJsonValue &finding : report.value(u"findings").toArray())
        ids << finding.toObject().value(u"id").toString();
    return ids;
}

} // namespace

class TestCliSdJwt : public QObject
{
    Q_OBJECT

private slots:
    void decodeJsonHasDisclosuresAndProcessedClaims()
    {
        const CliRun result
            = run({u"decode"_qs, u"--json"_qs, u"--now"_qs, QString::number(kRfcKeyBindingIat + 10), u"-"_qs},
                  "vp_token=" + dataFile(u"rfc9901-5.2-presentation.txt"_qs) + "&state=x");
        QCOMPARE(result.exitCode, 0);
        const QJsonObject report = result.json();
        QCOMPARE(report.value(u"kind").toString(), u"SD-JWT"_qs);
        const QJsonArray disclosures = report.value(u"disclosures").toArray();
        QCOMPARE(disclosures.size(), 4);
        const QJsonObject first = disclosures.first().toObject();
        QCOMPARE(first.value(u"claim_name").toString(), u"family_name"_qs);
        QCOMPARE(first.value(u"digest").toString(), u"TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo"_qs);
        QCOMPARE(first.value(u"path").toString(), u"/family_name"_qs);
        QVERIFY(disclosures.last().toObject().value(u"claim_name").isNull());
        QCOMPARE(disclosures.last().toObject().value(u"path").toString(), u"/nationalities/0"_qs);
        const QJsonObject sdJwt = report.value(u"sd_jwt").toObject();
        QCOMPARE(sdJwt.value(u"undisclosed_digests").toInt(), 6);
        QCOMPARE(sdJwt.value(u"hash_alg").toString(), u"sha-256"_qs);
        QCOMPARE(sdJwt.value(u"claims").toObject(),
                 QJsonDocument::fromJson(dataFile(u"rfc9901-5.2-processed.json"_qs)).object());
        QCOMPARE(sdJwt.value(u"key_binding").toObject().value(u"reason").toString(), u"valid"_qs);
    }

    void verifyVerdicts_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("finding"); // expected among the findings; empty: none of the sd_* ones

        const QByteArray presentation = dataFile(u"rfc9901-5.2-presentation.txt"_qs);
        const QByteArray issuance = dataFile(u"rfc9901-5.1-issuance.txt"_qs);
        const QStringList rfcVerifier {u"--kb-nonce"_qs, u"1234567890"_qs, u"--kb-aud"_qs,
                                       u"https://verifier.example.org"_qs};
        QTest::newRow("RFC §5.2 with key binding")
            << presentation << (QStringList {u"--require-kb"_qs} + rfcVerifier) << 0 << u"valid"_qs << QString();
        QTest::newRow("RFC §5.1 without key binding") << issuance << QStringList() << 0 << u"valid"_qs << QString();
        QTest::newRow("key binding required, none given") << issuance << QStringList {u"--require-kb"_qs} << 1
                                                          << u"key_binding_invalid"_qs << u"sd_key_binding_missing"_qs;
        QTest::newRow("another verifier's nonce") << presentation << QStringList {u"--kb-nonce"_qs, u"other"_qs} << 1
                                                  << u"key_binding_invalid"_qs << u"sd_key_binding_invalid"_qs;
        // ["dummysalt", "foo", "bar"]: a Disclosure the issuer never signed a digest for.
        QTest::newRow("a Disclosure added by the holder")
            << issuance + "WyJkdW1teXNhbHQiLCAiZm9vIiwgImJhciJd~" << QStringList() << 1 << u"disclosure_invalid"_qs
            << u"sd_disclosure_unreferenced"_qs;
    }

    void verifyVerdicts()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, options);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        QFETCH(QString, finding);

        const QStringList arguments = QStringList {u"verify"_qs,
                                                   u"--key"_qs,
                                                   issuerKeyPath(),
                                                   u"--now"_qs,
                                                   QString::number(kRfcKeyBindingIat + 10),
                                                   u"--json"_qs}
            + options + QStringList {u"-"_qs};
        const CliRun result = run(arguments, input);
        QCOMPARE(result.exitCode, exitCode);
        const QJsonObject report = result.json();
        QCOMPARE(report.value(u"reason").toString(), reason);
        QVERIFY(report.value(u"disclosures").isArray());
        const QStringList ids = findingIds(report);
        if (finding.isEmpty())
            QVERIFY2(ids.filter(u"sd_"_qs).isEmpty(), qPrintable(ids.join(u", ")));
        else
            QVERIFY2(ids.contains(finding), qPrintable(ids.join(u", ")));

        // The text report says the same verdict.
        const CliRun text = run(arguments.mid(0, 5) + options + QStringList {u"-"_qs}, input);
        QCOMPARE(text.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(text.out).contains(exitCode == 0 ? u"valid:"_qs : u"invalid ("_qs + reason),
                 text.out.constData());
        QVERIFY(text.out.contains("Processed claims"));
    }

    void badDisclosureIsNamedByPosition()
    {
        const QByteArray input = dataFile(u"rfc9901-5.1-issuance.txt"_qs) + "Wy+J~";
        const CliRun decoded = run({u"decode"_qs, u"--json"_qs, u"-"_qs}, input);
        QCOMPARE(decoded.exitCode, 1);
        const QJsonObject error = decoded.json().value(u"error").toObject();
        QCOMPARE(error.value(u"code").toString(), u"bad_disclosure"_qs);
        QCOMPARE(error.value(u"segment").toInt(), 11);
        QVERIFY2(error.value(u"message").toString().startsWith(u"disclosure 11 "_qs), decoded.out.constData());

        const CliRun verified = run({u"verify"_qs, u"--key"_qs, issuerKeyPath(), u"--json"_qs, u"-"_qs}, input);
        QCOMPARE(verified.exitCode, 1);
        QCOMPARE(verified.json().value(u"reason").toString(), u"malformed"_qs);
        QVERIFY(verified.err.contains("disclosure 11"));
    }

    void badKeyBindingMaxAgeIsAUsageError()
    {
        const CliRun result = run({u"verify"_qs, u"--key"_qs, issuerKeyPath(), u"--kb-max-age"_qs, u"soon"_qs, u"-"_qs},
                                  dataFile(u"rfc9901-5.2-presentation.txt"_qs));
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("--kb-max-age"));
    }
};

QTEST_GUILESS_MAIN(TestCliSdJwt)
#include "tst_cli_sdjwt.moc"
