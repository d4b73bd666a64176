#include "cli/CliProcess.h"
#include "report/RedactedReport.h"
#include "verify/Findings.h"

#include <QTest>

using namespace tokenscope;

namespace {

QByteArray encode(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

const QByteArray kSignature = encode("a-signature-that-must-not-leak");
const QByteArray kToken = encode(R"({"alg":"ES256","kid":"k1","jwk":{"kty":"EC","x":"secret-x"}})") + '.'
    + encode(R"({"iss":"https://issuer.example","sub":"user-4711","email":"alice@example.com","name":"Alice Doe",)"
             R"("phone_number":"+15550100","sid":"session-99","scope":"read","n":12345678901234567890,)"
             R"("exp":1800000600})")
    + '.' + kSignature;

DecodedToken decoded()
{
    return *CompactToken::decode(kToken).token;
}

QByteArray render(RedactedReport::Format format, const QStringList &mask = {}, const QStringList &unmask = {})
{
    const DecodedToken token = decoded();
    return RedactedReport::render(token, FindingsCatalogue::analyzeToken(token, 1800000000), 1800000000,
                                  {mask, unmask, format});
}

// Personal values and key material that no report may contain by default.
const QList<QByteArray> kSecrets
    = {"user-4711", "alice@example.com", "Alice Doe", "+15550100", "session-99", "secret-x"};

} // namespace

class TestRedactedReport : public QObject
{
    Q_OBJECT

private slots:
    void leavesOutSignatureKeysAndPersonalClaims_data();
    void leavesOutSignatureKeysAndPersonalClaims();
    void masksAndUnmasksOnRequest();
    void escapesHtml();
    void redactsThroughTheCli();
};

void TestRedactedReport::leavesOutSignatureKeysAndPersonalClaims_data()
{
    QTest::addColumn<RedactedReport::Format>("format");
    QTest::addColumn<QByteArray>("notice");
    QTest::newRow("markdown") << RedactedReport::Format::Markdown << QByteArray("> Redacted report: the signature");
    QTest::newRow("json") << RedactedReport::Format::Json << QByteArray("\"notice\": \"Redacted report: the signature");
    QTest::newRow("html") << RedactedReport::Format::Html << QByteArray("<p><strong>Redacted report: the signature");
}

void TestRedactedReport::leavesOutSignatureKeysAndPersonalClaims()
{
    QFETCH(RedactedReport::Format, format);
    QFETCH(QByteArray, notice);
    const QByteArray report = render(format);
    QVERIFY2(report.contains(notice), report.constData());
    QVERIFY(report.contains("cannot be verified"));
    QVERIFY(!report.contains(kSignature));
    QVERIFY(!report.contains(kToken.first(kToken.indexOf('.'))));
    for (const QByteArray &secret : kSecrets)
        QVERIFY2(!report.contains(secret), secret.constData());
    // What is not personal stays, numbers as written.
    QVERIFY(report.contains("https://issuer.example"));
    QVERIFY(report.contains("12345678901234567890"));
    QVERIFY(report.contains("[masked]"));
}

void TestRedactedReport::masksAndUnmasksOnRequest()
{
    const QByteArray report = render(RedactedReport::Format::Json, {u"iss"_qs}, {u"sub"_qs});
    QVERIFY(report.contains("\"sub\": \"user-4711\""));
    QVERIFY(report.contains("\"iss\": \"[masked]\""));
    QVERIFY(!report.contains("alice@example.com"));
    QVERIFY(report.contains("6 value(s) are masked")); // email, name, phone_number, sid, iss, and jwk in the header
    QCOMPARE(RedactedReport::maskedClaims({{u"iss"_qs}, {u"sub"_qs}, RedactedReport::Format::Json}).first(),
             u"email"_qs);
}

void TestRedactedReport::escapesHtml()
{
    const QByteArray token = encode(R"({"alg":"HS256"})") + '.' + encode(R"({"note":"<script>x</script>"})") + ".c2ln";
    const DecodedToken decodedToken = *CompactToken::decode(token).token;
    const QByteArray report = RedactedReport::render(decodedToken, {}, 0, {{}, {}, RedactedReport::Format::Html});
    QVERIFY(!report.contains("<script>"));
    QVERIFY(report.contains("&lt;script&gt;"));
}

void TestRedactedReport::redactsThroughTheCli()
{
    const CliRun run = runCli(QStringLiteral(TOKENSCOPE_CLI_PATH),
                              {u"decode"_qs, u"--redacted"_qs, u"--format"_qs, u"md"_qs, u"--unmask"_qs, u"name"_qs,
                               u"--now"_qs, u"1800000000"_qs, u"-"_qs},
                              {"Authorization: Bearer " + kToken}, 0);
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("# Token report (JWS, alg ES256)\n\n> Redacted report:"));
    QVERIFY(run.out.contains("\"name\": \"Alice Doe\""));
    QVERIFY(!run.out.contains("alice@example.com"));
    QVERIFY(!run.out.contains(kSignature));
    const CliRun bad
        = runCli(QStringLiteral(TOKENSCOPE_CLI_PATH),
                 {u"decode"_qs, u"--redacted"_qs, u"--format"_qs, u"pdf"_qs, QString::fromLatin1(kToken)}, {}, 0);
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("--format expects md, json or html"));
}

QTEST_GUILESS_MAIN(TestRedactedReport)
#include "tst_redactedreport.moc"
