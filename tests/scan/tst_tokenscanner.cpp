#include "ScanTestSupport.h"
#include "scan/CandidateSearch.h"
#include "scan/ScanJob.h"
#include "scan/TokenScanner.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace tokenscope;
using namespace ScanTestSupport;

namespace {

const QByteArray kFirst = tokenFor("alice");
const QByteArray kSecond = tokenFor("bob", 1600000000, "https://other.example");
const QByteArray kUnsecured = base64Url(R"({"alg":"none"})") + '.' + base64Url(R"({"sub":"x"})") + '.';
// A header that starts with a line break encodes as "ew…", not "eyJ…".
const QByteArray kNewlineHeader = hs256(R"({"sub":"carol"})", "{\n  \"alg\": \"HS256\"\n}");

QList<QByteArray> tokensOf(const TextScan &scan)
{
    QList<QByteArray> tokens;
    for (const TokenHit &hit : scan.hits)
        tokens << hit.token;
    return tokens;
}

} // namespace

class TestTokenScanner : public QObject
{
    Q_OBJECT

private slots:
    void candidateSearchImplementationsAgree();
    void findsExactlyThePlantedTokens_data();
    void findsExactlyThePlantedTokens();
    void namesTheContextOfTheFirstSighting_data();
    void namesTheContextOfTheFirstSighting();
    void reportsOffsetsAndLines();
    void findsTokensInBinaryInput();
    void scansA50MegabyteLineInLinearTime_data();
    void scansA50MegabyteLineInLinearTime();
    void findsTokensAcrossChunkBoundaries_data();
    void findsTokensAcrossChunkBoundaries();
};

// Each vectorised search this processor runs and the memchr fallback stop at the same places with the same line
// counts, including candidates and line feeds at every phase of a vector block and batch and at the very end.
void TestTokenScanner::candidateSearchImplementationsAgree()
{
    QRandomGenerator random(9901);
    // Candidates need a delimiter before them and a third character a header can have: "eyJ", "eyA", "ewo", …; the
    // third characters include both ends of each range a header allows (A-D, I-L after "ey"; k-r, 0-3 after "ew") and
    // their neighbours outside.
    const QByteArray alphabet = "eeeyyww    \n\n@ADEHILMjkrs/034";
    QByteArray text(1'000'003, Qt::Uninitialized);
    for (char &byte : text)
        byte = alphabet[random.bounded(int(alphabet.size()))];
    text.back() = 'e';
    using Stops = QList<QPair<qsizetype, qint64>>;
    const auto stops = [&text](CandidateSearch::Implementation implementation) {
        Stops result;
        CandidateSearch::Cursor cursor;
        while (CandidateSearch::next(text, cursor, implementation)) {
            result.append({cursor.position, cursor.lineFeeds});
            ++cursor.position;
        }
        result.append({cursor.position, cursor.lineFeeds});
        return result;
    };
    const Stops portable = stops(CandidateSearch::Implementation::Portable);
    using enum CandidateSearch::Implementation;
    for (const CandidateSearch::Implementation implementation : {Fastest, Avx512, Avx2, Sse2}) {
        if (!CandidateSearch::available(implementation)) {
            qInfo("implementation %d does not run on this processor", int(implementation));
            continue;
        }
        QCOMPARE(stops(implementation), portable);
    }
    QCOMPARE(portable.last(), (QPair<qsizetype, qint64>(text.size(), text.count('\n'))));
    QVERIFY(portable.size() > 300); // about one position in two thousand
}

void TestTokenScanner::findsExactlyThePlantedTokens_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("expected");
    const QByteArray t = kFirst;
    const QByteArray u = kSecond;
    QTest::newRow("bare") << t << QList {t};
    QTest::newRow("log line") << "2026-12-04T10:00:00Z INFO GET /api Authorization: Bearer " + t + "\n" << QList {t};
    QTest::newRow("curl") << "curl -H 'Authorization: Bearer " + t + "' https://api.example/x" << QList {t};
    QTest::newRow("token response") << R"({"access_token":")" + t + R"(","id_token":")" + u + R"(","expires_in":300})"
                                    << QList {t, u};
    QTest::newRow("escaped JSON body") << R"({\"access_token\":\")" + t + R"(\"})" << QList {t};
    QTest::newRow("URL query and fragment")
        << "https://app.example/cb?code=x&access_token=" + t + "#id_token=" + u + "&state=s" << QList {t, u};
    QTest::newRow("cookie") << "Cookie: theme=dark; session=" + t + "; lang=en" << QList {t};
    QTest::newRow("JWE") << "enc " + jwe() + " end" << QList {jwe()};
    QTest::newRow("SD-JWT with disclosures") << "vp_token=" + sdJwt() + " next" << QList {sdJwt()};
    QTest::newRow("unsecured JWS keeps its final dot") << "t=" + kUnsecured + " x" << QList {kUnsecured};
    QTest::newRow("a sentence ends after the token") << "the token is " + t + ". Next" << QList {t};
    QTest::newRow("header starting with a line break") << "x " + kNewlineHeader << QList {kNewlineHeader};
    QTest::newRow("repeats are reported each time") << t + " " + u + "\n" + t << QList {t, u, t};
    QTest::newRow("invalid UTF-8 around") << "\xff\xfe" + t + "\xc3\n\xed\xa0\x80" << QList {t};
    QTest::newRow("words with ey") << QByteArray("hey, they key every eye; money.eyJ") << QList<QByteArray> {};
    QTest::newRow("base64 JSON that is not a JOSE header")
        << "cursor=" + base64Url(R"({"page":2})") + '.' + base64Url("x") + '.' + base64Url("y") << QList<QByteArray> {};
    QTest::newRow("not JSON behind eyJ") << QByteArray("id eyJfoo.bar.baz done") << QList<QByteArray> {};
    QTest::newRow("two parts") << "a " + t.first(t.lastIndexOf('.')) << QList<QByteArray> {};
    QTest::newRow("four parts") << "a " + t + ".abc" << QList<QByteArray> {};
    QTest::newRow("stuck to a letter") << "x" + t << QList<QByteArray> {};
    QTest::newRow("padded header") << "a " + base64Url(R"({"alg":"HS256"})") + "=." + base64Url("{}") + ".c2ln"
                                   << QList<QByteArray> {};
    QTest::newRow("SD-JWT tail that is not a disclosure keeps the JWS") << t + "~notadisclosure~" << QList {t};
}

void TestTokenScanner::findsExactlyThePlantedTokens()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, expected);
    TokenScanner scanner;
    QCOMPARE(tokensOf(scanner.scan(input)), expected);
    // A second pass answers from the scanner's cache and must agree.
    QCOMPARE(tokensOf(scanner.scan(input)), expected);
}

void TestTokenScanner::namesTheContextOfTheFirstSighting_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("context");
    QTest::newRow("bearer header") << "GET / Authorization: Bearer " + kFirst << u"Authorization header"_qs;
    QTest::newRow("query parameter") << "/cb?x=1&id_token=" + kFirst << u"id_token"_qs;
    QTest::newRow("JSON member") << R"({"access_token": ")" + kFirst + "\"}" << u"access_token"_qs;
    QTest::newRow("cookie") << "Cookie: a=b; jwt=" + kFirst << u"cookie jwt"_qs;
    QTest::newRow("bare") << kFirst << QString();
}

void TestTokenScanner::namesTheContextOfTheFirstSighting()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, context);
    TokenScanner scanner;
    const TextScan scan = scanner.scan("line one\n" + input + "\n" + input);
    QCOMPARE(scan.hits.size(), size_t(2));
    QCOMPARE(scan.hits[0].context, context);
    QCOMPARE(scan.hits[1].context, QString()); // a repeat: not worked out again
}

void TestTokenScanner::reportsOffsetsAndLines()
{
    const QByteArray input = "first\nsecond " + kFirst + "\n\n\nfifth " + kSecond + " and " + kFirst + "\nlast\n";
    TokenScanner scanner;
    const TextScan scan = scanner.scan(input);
    QCOMPARE(scan.lineFeeds, 6);
    QCOMPARE(scan.hits.size(), size_t(3));
    QCOMPARE(scan.hits[0].offset, input.indexOf(kFirst));
    QCOMPARE(scan.hits[0].lineFeedsBefore, 1);
    QCOMPARE(scan.hits[1].offset, input.indexOf(kSecond));
    QCOMPARE(scan.hits[1].lineFeedsBefore, 4);
    QCOMPARE(scan.hits[2].offset, input.lastIndexOf(kFirst));
    QCOMPARE(scan.hits[2].lineFeedsBefore, 4);
}

void TestTokenScanner::findsTokensInBinaryInput()
{
    QRandomGenerator random(1504);
    QByteArray input(1024 * 1024, Qt::Uninitialized);
    random.fillRange(reinterpret_cast<quint32 *>(input.data()), input.size() / 4);
    QList<qsizetype> planted;
    for (qsizetype offset = 1000; offset + 2000 < input.size(); offset += 100'003) {
        const QByteArray token = (planted.size() % 2 ? kFirst : kSecond);
        input[offset - 1] = '\0';
        input.replace(offset, token.size(), token);
        input[offset + token.size()] = '\0';
        planted << offset;
    }
    TokenScanner scanner;
    const TextScan scan = scanner.scan(input);
    QCOMPARE(scan.hits.size(), size_t(planted.size()));
    for (qsizetype index = 0; index < planted.size(); ++index)
        QCOMPARE(scan.hits[size_t(index)].offset, planted[index]);
}

void TestTokenScanner::scansA50MegabyteLineInLinearTime_data()
{
    QTest::addColumn<QByteArray>("filler");
    // Text with no line break, and one endless run of base64url that starts like a token but is far too long.
    QTest::newRow("words") << QByteArray("lorem ipsum they key eyJ dolor ");
    QTest::newRow("one base64url run") << QByteArray("eyJhbGciOiJIUzI1NiJ9eyJzdWIiOiJ4In0");
}

void TestTokenScanner::scansA50MegabyteLineInLinearTime()
{
    QFETCH(QByteArray, filler);
    constexpr qsizetype kLineBytes = 50 * 1024 * 1024;
    const QByteArray line = kFirst + ' ' + filler.repeated(kLineBytes / filler.size() + 1) + ' ' + kSecond;

    QElapsedTimer timer;
    timer.start();
    TokenScanner scanner;
    const TextScan scan = scanner.scan(line);
    // Linear work takes well under a second in a release build and a few under sanitizers; quadratic work on 50 MB
    // would take hours.
    QVERIFY2(timer.elapsed() < 60'000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(tokensOf(scan), (QList {kFirst, kSecond}));
    QCOMPARE(scan.lineFeeds, 0);
}

void TestTokenScanner::findsTokensAcrossChunkBoundaries_data()
{
    QTest::addColumn<int>("threads");
    QTest::newRow("one thread") << 1;
    QTest::newRow("two threads") << 2;
    QTest::newRow("three threads") << 3;
}

// Small chunks (twice a 2 KiB token limit) and tokens at every phase against them: each is found once, whole, on
// its line, whatever the thread count.
void TestTokenScanner::findsTokensAcrossChunkBoundaries()
{
    QFETCH(int, threads);
    QByteArray input;
    QList<qint64> lines;
    qint64 line = 1;
    for (int index = 0; index < 400; ++index) {
        input += QByteArray(index % 97, 'x') + ' ';
        if (index % 3 == 0) {
            input += QByteArray(3000, 'A') + ' '; // a run longer than the limit, cut at a chunk's end
        }
        input += "token=" + tokenFor(QByteArray::number(index)) + '\n';
        lines << line++;
    }
    QBuffer buffer(&input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    ScanReport report({});
    ScanOptions options;
    options.threads = threads;
    options.limits.maxTokenBytes = 2048;
    options.chunkBytes = 1; // raised to the minimum, twice the token limit
    ScanJob job(report, options);
    QCOMPARE(job.scan(buffer, u"input"_qs), QString());
    QCOMPARE(report.occurrences(), 400);
    QCOMPARE(report.tokens().size(), size_t(400));
    QCOMPARE(report.scannedBytes(), input.size());
    for (size_t index = 0; index < report.tokens().size(); ++index) {
        const ScannedToken &token = report.tokens()[index];
        QCOMPARE(token.sub, QString::number(index));
        QCOMPARE(token.firstSeen.line, lines[qsizetype(index)]);
        QCOMPARE(token.firstSeen.context, u"token"_qs);
    }
}

QTEST_GUILESS_MAIN(TestTokenScanner)
#include "tst_tokenscanner.moc"
