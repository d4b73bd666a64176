#include "ScanTestSupport.h"
#include "scan/HarReader.h"
#include "scan/ScanJob.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tokenscope;

namespace {

QJsonObject pair(const QString &name, const QString &value)
{
    return {{u"name"_qs, name}, {u"value"_qs, value}};
}

QJsonObject validEntry()
{
    return QJsonObject {{u"startedDateTime"_qs, u"2025-12-03T22:13:20.000Z"_qs},
                        {u"request"_qs,
                         QJsonObject {{u"method"_qs, u"GET"_qs},
                                      {u"url"_qs, u"https://api.example.com/x"_qs},
                                      {u"headers"_qs,
                                       QJsonArray {pair(u"Accept"_qs, u"*/*"_qs), pair(u"A"_qs, u"b"_qs),
                                                   pair(u"C"_qs, u"d"_qs), pair(u"E"_qs, u"f"_qs)}},
                                      {u"cookies"_qs, QJsonArray {}},
                                      {u"queryString"_qs, QJsonArray {}}}},
                        {u"response"_qs,
                         QJsonObject {{u"status"_qs, 200},
                                      {u"headers"_qs, QJsonArray {}},
                                      {u"cookies"_qs, QJsonArray {}},
                                      {u"content"_qs, QJsonObject {{u"size"_qs, 2}, {u"text"_qs, u"{}"_qs}}}}}};
}

// A HAR whose entry `index` (of three) went through `change`.
template<typename Change> QByteArray harWith(int index, Change change)
{
    QJsonArray entries;
    for (int i = 0; i < 3; ++i) {
        QJsonObject entry = validEntry();
        if (i == index)
            change(entry);
        entries.append(entry);
    }
    const QJsonObject log {{u"version"_qs, u"1.2"_qs}, {u"entries"_qs, entries}};
    return QJsonDocument(QJsonObject {{u"log"_qs, log}}).toJson();
}

QJsonObject changed(QJsonObject object, const QString &key, const QJsonValue &value)
{
    object[key] = value;
    return object;
}

QString scanError(const QByteArray &har, const HarLimits &limits = {})
{
    QByteArray bytes = har;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    HarReader reader(buffer, {}, limits);
    HarEntry entry;
    while (reader.next(entry)) { }
    return reader.error();
}

QByteArray captureFile()
{
    QFile file(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/scan/capture.har"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestHarReader : public QObject
{
    Q_OBJECT

private slots:
    void readsACaptureEntryByEntry();
    void findsExactlyThePlantedTokensOncePerMessage();
    void namesTheJsonPathOfMalformedInput_data();
    void namesTheJsonPathOfMalformedInput();
    void detectsAHarByItsContent_data();
    void detectsAHarByItsContent();
};

void TestHarReader::readsACaptureEntryByEntry()
{
    QByteArray har = captureFile();
    QVERIFY(!har.isEmpty());
    QBuffer buffer(&har);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    // Sniffed bytes handed back in must be read as if they had not been taken.
    HarReader reader(buffer, buffer.read(100));
    QList<HarEntry> entries;
    HarEntry entry;
    while (reader.next(entry))
        entries << entry;
    QCOMPARE(reader.error(), QString());
    QCOMPARE(entries.size(), 5);
    QCOMPARE(entries[2].method, u"GET"_qs);
    QVERIFY(entries[2].url.startsWith(u"https://app.example.com/report?access_token=eyJ"_qs));
    QCOMPARE(entries[2].startedDateTime, u"2025-12-03T22:13:22.000Z"_qs);
    // The token response was saved base64-encoded (HAR 1.2 content.encoding): it is read decoded.
    const HarField &body = entries[0].fields.back();
    QCOMPARE(body.path, u"log.entries[0].response.content.text"_qs);
    QCOMPARE(body.label, u"response body"_qs);
    QCOMPARE(body.message, HarMessage::Response);
    QVERIFY(body.text.startsWith("{\"access_token\": \"eyJ"));
}

void TestHarReader::findsExactlyThePlantedTokensOncePerMessage()
{
    QFile expectedFile(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/scan/capture.expected.json"));
    QVERIFY(expectedFile.open(QIODevice::ReadOnly));
    const QJsonArray expected = QJsonDocument::fromJson(expectedFile.readAll())[u"tokens"_qs].toArray();
    QByteArray har = captureFile();
    QBuffer buffer(&har);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    ScanReport report({});
    ScanJob job(report, {});
    QCOMPARE(job.scan(buffer, u"capture.har"_qs), QString());
    QCOMPARE(report.tokens().size(), size_t(expected.size()));
    for (qsizetype index = 0; index < expected.size(); ++index) {
        const QJsonObject want = expected[index].toObject();
        const ScannedToken &token = report.tokens()[size_t(index)];
        QCOMPARE(token.fingerprint, want[u"fingerprint"_qs].toString());
        QCOMPARE(token.count, want[u"count"_qs].toInteger());
        QCOMPARE(token.firstSeen.harPath, want[u"path"_qs].toString());
        QCOMPARE(token.firstSeen.source, u"capture.har"_qs);
        QCOMPARE(token.firstSeen.line, 0);
    }
    // The entry is named by method, URL and time; the URL loses its query, which may hold the token itself.
    const ScanPlace &session = report.tokens()[3].firstSeen;
    QCOMPARE(session.context, u"response header Set-Cookie"_qs);
    QCOMPARE(session.method, u"GET"_qs);
    QCOMPARE(session.url, u"https://api.example.com/v1/me"_qs);
    QCOMPARE(session.time, u"2025-12-03T22:13:21.000Z"_qs);
    QCOMPARE(report.tokens()[0].firstSeen.url, u"https://login.example.com/oauth/token"_qs);
}

void TestHarReader::namesTheJsonPathOfMalformedInput_data()
{
    QTest::addColumn<QByteArray>("har");
    QTest::addColumn<QString>("error");
    const auto request = [](const QString &key, const QJsonValue &value) {
        return [key, value](QJsonObject &entry) {
            entry[u"request"_qs] = changed(entry[u"request"_qs].toObject(), key, value);
        };
    };
    QJsonArray headers = validEntry()[u"request"_qs][u"headers"_qs].toArray();
    headers[3] = u"Authorization: Bearer x"_qs;
    QTest::newRow("a header that is not a name/value object")
        << harWith(1, request(u"headers"_qs, headers))
        << u"log.entries[1].request.headers[3]: expected an object "
           "with string \"name\" and \"value\""_qs;
    headers[3] = pair(u"X"_qs, u"y"_qs);
    headers[2] = QJsonObject {{u"name"_qs, u"X"_qs}, {u"value"_qs, 7}};
    QTest::newRow("a header value that is a number")
        << harWith(2, request(u"headers"_qs, headers))
        << u"log.entries[2].request.headers[2]: expected an object with string \"name\" and \"value\""_qs;
    QTest::newRow("headers that are not an array") << harWith(0, request(u"headers"_qs, u"Accept: */*"_qs))
                                                   << u"log.entries[0].request.headers: expected an array"_qs;
    QTest::newRow("a method that is not a string")
        << harWith(1, request(u"method"_qs, 1)) << u"log.entries[1].request.method: expected a string"_qs;
    QTest::newRow("a request that is not an object")
        << harWith(2, [](QJsonObject &entry) { entry[u"request"_qs] = QJsonArray {}; })
        << u"log.entries[2].request: expected an object"_qs;
    QTest::newRow("a body that is not base64 as it says") << harWith(1, [](QJsonObject &entry) {
        QJsonObject response = entry[u"response"_qs].toObject();
        response[u"content"_qs] = QJsonObject {{u"text"_qs, u"*not base64*"_qs}, {u"encoding"_qs, u"base64"_qs}};
        entry[u"response"_qs] = response;
    }) << u"log.entries[1].response.content.text: \"encoding\" is base64 but the text is not"_qs;
    QTest::newRow("an entry that is not an object")
        << QByteArray(R"({"log": {"entries": [1]}})") << u"log.entries[0]: expected an object (an entry)"_qs;
    QTest::newRow("entries that are not an array")
        << QByteArray(R"({"log": {"version": "1.2", "entries": {}}})") << u"log.entries: expected an array"_qs;
    QTest::newRow("no entries") << QByteArray(R"({"log": {"version": "1.2"}})") << u"log.entries: missing"_qs;
    QTest::newRow("no log") << QByteArray(R"({"other": {"entries": []}})") << u"log: missing"_qs;
    QByteArray broken = harWith(-1, [](QJsonObject &) {});
    broken.replace(broken.lastIndexOf("\"GET\""), 5, "GET");
    QTest::newRow("invalid JSON in an entry")
        << broken << u"log.entries[2]: invalid JSON at byte %1: "_qs.arg(broken.lastIndexOf("GET"));
    const QByteArray valid = harWith(-1, [](QJsonObject &) {});
    QTest::newRow("a file cut short") << valid.first(valid.indexOf("\"response\"", valid.indexOf("[") + 900))
                                      << u"log.entries[1]: the file ends inside this value"_qs;
}

void TestHarReader::namesTheJsonPathOfMalformedInput()
{
    QFETCH(QByteArray, har);
    QFETCH(QString, error);
    const QString actual = scanError(har);
    QVERIFY2(actual.startsWith(error), qPrintable(actual));
}

void TestHarReader::detectsAHarByItsContent_data()
{
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<bool>("har");
    QTest::newRow("HAR") << QByteArray("{\n  \"log\": {") << true;
    QTest::newRow("HAR with a byte order mark") << QByteArray("\xEF\xBB\xBF{\"log\":{") << true;
    QTest::newRow("other JSON") << QByteArray(R"({"logs": []})") << false;
    QTest::newRow("a log line") << QByteArray("2025-12-03 INFO {\"log\": 1}") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestHarReader::detectsAHarByItsContent()
{
    QFETCH(QByteArray, prefix);
    QFETCH(bool, har);
    QCOMPARE(HarReader::looksLikeHar(prefix), har);
}

QTEST_GUILESS_MAIN(TestHarReader)
#include "tst_harreader.moc"
