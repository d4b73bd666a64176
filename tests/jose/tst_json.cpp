#include "jose/Json.h"

#include <QTest>

using namespace tokenscope;
using Code = JsonParseError::Code;

namespace {

QByteArray repeated(char character, qsizetype count)
{
    return QByteArray(count, character);
}

} // namespace

class TestJson : public QObject
{
    Q_OBJECT

private slots:
    void keepsNumberLexemesAsWritten_data();
    void keepsNumberLexemesAsWritten();
    void convertsNumbersToIntegers_data();
    void convertsNumbersToIntegers();
    void convertsNumbersToDoubles();
    void keepsMembersInSourceOrder();
    void reportsDuplicateMembersWithSpans();
    void reportsDuplicatesInLargeAndNestedObjects();
    void limitsNestingDepth_data();
    void limitsNestingDepth();
    void limitsInputSize();
    void rejectsInvalidUtf8_data();
    void rejectsInvalidUtf8();
    void acceptsValidUtf8_data();
    void acceptsValidUtf8();
    void unescapesStrings_data();
    void unescapesStrings();
    void rejectsBadEscapes_data();
    void rejectsBadEscapes();
    void rejectsInvalidSyntax_data();
    void rejectsInvalidSyntax();
    void acceptsInsignificantWhitespace();
    void recordsSpansOfMembersAndValues();
    void writesPrettyAndCompact();
    void writeEscapesMinimally();
    void writeRoundTrips_data();
    void writeRoundTrips();
    void buildsValuesWithHelpers();
    void writesOnlyValidNumberLexemes_data();
    void writesOnlyValidNumberLexemes();
};

void TestJson::keepsNumberLexemesAsWritten_data()
{
    QTest::addColumn<QByteArray>("lexeme");
    QTest::newRow("beyond 64 bits") << QByteArray("12345678901234567890123");
    QTest::newRow("2^53 + 1") << QByteArray("9007199254740993");
    QTest::newRow("negative zero") << QByteArray("-0");
    QTest::newRow("fraction") << QByteArray("3.14159265358979323846264338327950288");
    QTest::newRow("exponent") << QByteArray("1.5E+3");
    QTest::newRow("trailing zeros") << QByteArray("1.500");
}

void TestJson::keepsNumberLexemesAsWritten()
{
    QFETCH(QByteArray, lexeme);
    const QByteArray document = "{\"n\":" + lexeme + ",\"a\":[" + lexeme + "]}";
    const JsonParseResult result = Json::parse(document);
    QVERIFY2(result, qPrintable(result.error.message));
    QCOMPARE(result.value->value(u"n")->lexeme, lexeme);
    QCOMPARE(result.value->value(u"a")->elements.at(0).lexeme, lexeme);
    QCOMPARE(Json::write(*result.value, Json::Style::Compact), document);
}

void TestJson::convertsNumbersToIntegers_data()
{
    QTest::addColumn<QByteArray>("lexeme");
    QTest::addColumn<bool>("integral");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("zero") << QByteArray("0") << true << qint64(0);
    QTest::newRow("exp") << QByteArray("1300819380") << true << qint64(1300819380);
    QTest::newRow("negative") << QByteArray("-42") << true << qint64(-42);
    QTest::newRow("1.5e3") << QByteArray("1.5e3") << true << qint64(1500);
    QTest::newRow("1e0") << QByteArray("1E0") << true << qint64(1);
    QTest::newRow("2.0") << QByteArray("2.0") << true << qint64(2);
    QTest::newRow("1500e-2") << QByteArray("1500e-2") << true << qint64(15);
    QTest::newRow("1500e-4") << QByteArray("1500e-4") << false << qint64(0);
    QTest::newRow("0.0e999999999999") << QByteArray("0.0e999999999999") << true << qint64(0);
    QTest::newRow("int64 max") << QByteArray("9223372036854775807") << true << qint64(9223372036854775807LL);
    QTest::newRow("int64 min") << QByteArray("-9223372036854775808") << true << std::numeric_limits<qint64>::min();
    QTest::newRow("int64 max + 1") << QByteArray("9223372036854775808") << false << qint64(0);
    QTest::newRow("huge") << QByteArray("12345678901234567890123") << false << qint64(0);
    QTest::newRow("1.5") << QByteArray("1.5") << false << qint64(0);
    QTest::newRow("1e-1") << QByteArray("1e-1") << false << qint64(0);
    QTest::newRow("1e19") << QByteArray("1e19") << false << qint64(0);
    QTest::newRow("1e18") << QByteArray("1e18") << true << qint64(1000000000000000000LL);
    QTest::newRow("long fraction of zeros") << QByteArray("7.000000000000000000000000") << true << qint64(7);
}

void TestJson::convertsNumbersToIntegers()
{
    QFETCH(QByteArray, lexeme);
    QFETCH(bool, integral);
    QFETCH(qint64, expected);
    const JsonParseResult result = Json::parse(lexeme);
    QVERIFY2(result, qPrintable(result.error.message));
    const std::optional<qint64> number = result.value->toInteger();
    QCOMPARE(number.has_value(), integral);
    if (integral)
        QCOMPARE(*number, expected);
}

void TestJson::convertsNumbersToDoubles()
{
    QCOMPARE(Json::parse("1.5e3").value->toDouble(), std::optional<double>(1500.0));
    QCOMPARE(Json::parse("-0.25").value->toDouble(), std::optional<double>(-0.25));
    QVERIFY(!Json::parse("\"1\"").value->toDouble());
    QVERIFY(!Json::parse("\"1\"").value->toInteger());
}

void TestJson::keepsMembersInSourceOrder()
{
    const JsonParseResult result = Json::parse(R"({"z":1,"a":2,"m":3,"b":{"y":1,"x":2}})");
    QVERIFY(result);
    QStringList names;
    for (const JsonMember &member : result.value->members)
        names << member.name;
    QCOMPARE(names, QStringList({u"z"_qs, u"a"_qs, u"m"_qs, u"b"_qs}));
    QCOMPARE(result.value->value(u"b")->members.at(0).name, u"y"_qs);
    QVERIFY(result.duplicates.empty());
}

void TestJson::reportsDuplicateMembersWithSpans()
{
    const QByteArray document = R"({"alg":"HS256","kid":"a","alg":"none"})";
    const JsonParseResult result = Json::parse(document);
    QVERIFY(result);
    QCOMPARE(result.value->members.size(), size_t(3));
    // member() returns the first occurrence; both are kept.
    QCOMPARE(result.value->value(u"alg")->string, u"HS256"_qs);
    QCOMPARE(result.duplicates.size(), size_t(1));
    const JsonDuplicate &duplicate = result.duplicates.front();
    QCOMPARE(duplicate.name, u"alg"_qs);
    QCOMPARE(duplicate.firstNameSpan, (Span {1, 5}));
    QCOMPARE(document.mid(duplicate.duplicateNameSpan.start, duplicate.duplicateNameSpan.length),
             QByteArray("\"alg\""));
    QCOMPARE(duplicate.duplicateNameSpan.start, document.lastIndexOf("\"alg\""));
}

void TestJson::reportsDuplicatesInLargeAndNestedObjects()
{
    QByteArray document = "{";
    for (int index = 0; index < 100; ++index)
        document += "\"m" + QByteArray::number(index) + "\":" + QByteArray::number(index) + ",";
    document += "\"m7\":0,\"inner\":{\"x\":1,\"x\":2,\"x\":3}}";
    const JsonParseResult result = Json::parse(document);
    QVERIFY(result);
    QCOMPARE(result.duplicates.size(), size_t(3));
    QStringList names;
    for (const JsonDuplicate &duplicate : result.duplicates)
        names << duplicate.name;
    names.sort();
    QCOMPARE(names, QStringList({u"m7"_qs, u"x"_qs, u"x"_qs}));
    for (const JsonDuplicate &duplicate : result.duplicates) {
        QVERIFY(duplicate.firstNameSpan.start < duplicate.duplicateNameSpan.start);
        QCOMPARE(document.mid(duplicate.firstNameSpan.start, duplicate.firstNameSpan.length),
                 document.mid(duplicate.duplicateNameSpan.start, duplicate.duplicateNameSpan.length));
    }
}

void TestJson::limitsNestingDepth_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("100000 brackets") << repeated('[', 100000) << 64 << false;
    QTest::newRow("100000 objects") << QByteArray("{\"a\":").repeated(100000) << 64 << false;
    QTest::newRow("64 levels allowed") << repeated('[', 64) + repeated(']', 64) << 64 << true;
    QTest::newRow("65 levels rejected") << repeated('[', 65) + repeated(']', 65) << 64 << false;
    QTest::newRow("caller limit is capped") << repeated('[', 100000) + repeated(']', 100000) << 1000000 << false;
}

void TestJson::limitsNestingDepth()
{
    QFETCH(QByteArray, document);
    QFETCH(int, maxDepth);
    QFETCH(bool, accepted);
    JsonLimits limits;
    limits.maxDepth = maxDepth;
    const JsonParseResult result = Json::parse(document, limits);
    QCOMPARE(bool(result), accepted);
    if (!accepted) {
        QCOMPARE(result.error.code, Code::DepthLimit);
        QVERIFY2(result.error.message.contains(u"nesting"), qPrintable(result.error.message));
        QVERIFY(result.error.offset > 0);
    }
}

void TestJson::limitsInputSize()
{
    JsonLimits limits;
    limits.maxBytes = 10;
    QVERIFY(Json::parse("[1,2,3,4]", limits));
    const JsonParseResult result = Json::parse("[1,2,3,4,5]", limits);
    QVERIFY(!result);
    QCOMPARE(result.error.code, Code::SizeLimit);
    QVERIFY2(result.error.message.contains(u"limit"), qPrintable(result.error.message));
}

void TestJson::rejectsInvalidUtf8_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("mention");
    QTest::addColumn<Code>("code");
    QTest::newRow("overlong slash C0 AF")
        << QByteArray("\"a\xc0\xaf\"") << qsizetype(2) << u"overlong"_qs << Code::InvalidUtf8;
    QTest::newRow("overlong 3-byte") << QByteArray("\"\xe0\x80\xaf\"") << qsizetype(1) << u"overlong"_qs
                                     << Code::InvalidUtf8;
    QTest::newRow("overlong 4-byte") << QByteArray("\"\xf0\x80\x80\xaf\"") << qsizetype(1) << u"overlong"_qs
                                     << Code::InvalidUtf8;
    QTest::newRow("surrogate D800") << QByteArray("\"\xed\xa0\x80\"") << qsizetype(1) << u"surrogate"_qs
                                    << Code::InvalidUtf8;
    QTest::newRow("surrogate DFFF") << QByteArray("\"\xed\xbf\xbf\"") << qsizetype(1) << u"surrogate"_qs
                                    << Code::InvalidUtf8;
    QTest::newRow("above 10FFFF F4 90") << QByteArray("\"\xf4\x90\x80\x80\"") << qsizetype(1) << u"10FFFF"_qs
                                        << Code::InvalidUtf8;
    QTest::newRow("above 10FFFF F5") << QByteArray("\"\xf5\x80\x80\x80\"") << qsizetype(1) << u"10FFFF"_qs
                                     << Code::InvalidUtf8;
    QTest::newRow("lone continuation") << QByteArray("\"ab\x80\"") << qsizetype(3) << u"cannot start"_qs
                                       << Code::InvalidUtf8;
    QTest::newRow("truncated 2-byte") << QByteArray("\"\xc3\"") << qsizetype(1) << u"truncated"_qs << Code::InvalidUtf8;
    QTest::newRow("truncated 3-byte") << QByteArray("\"\xe2\x82\"") << qsizetype(1) << u"truncated"_qs
                                      << Code::InvalidUtf8;
    QTest::newRow("truncated at end") << QByteArray("\"\xe2\x82") << qsizetype(1) << u"truncated"_qs
                                      << Code::InvalidUtf8;
    QTest::newRow("FF byte") << QByteArray("\"\xff\"") << qsizetype(1) << u"cannot start"_qs << Code::InvalidUtf8;
    QTest::newRow("in member name") << QByteArray("{\"\xc0\x80\":1}") << qsizetype(2) << u"overlong"_qs
                                    << Code::InvalidUtf8;
    QTest::newRow("raw newline in string")
        << QByteArray("\"a\nb\"") << qsizetype(2) << u"U+000a"_qs << Code::ControlCharacter;
    QTest::newRow("raw tab in string") << QByteArray("\"a\tb\"") << qsizetype(2) << u"control"_qs
                                       << Code::ControlCharacter;
    QTest::newRow("raw NUL in string") << QByteArray("\"a\0b\"", 5) << qsizetype(2) << u"control"_qs
                                       << Code::ControlCharacter;
    QTest::newRow("non-ASCII outside a string")
        << QByteArray("\xc3\xa9") << qsizetype(0) << u"0xc3"_qs << Code::UnexpectedCharacter;
}

void TestJson::rejectsInvalidUtf8()
{
    QFETCH(QByteArray, document);
    QFETCH(qsizetype, offset);
    QFETCH(QString, mention);
    QFETCH(Code, code);
    const JsonParseResult result = Json::parse(document);
    QVERIFY(!result);
    QCOMPARE(result.error.code, code);
    QCOMPARE(result.error.offset, offset);
    QVERIFY2(result.error.message.contains(mention, Qt::CaseInsensitive), qPrintable(result.error.message));
}

void TestJson::acceptsValidUtf8_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("text");
    QTest::newRow("2-byte") << QByteArray("\"caf\xc3\xa9\"") << u"café"_qs;
    QTest::newRow("right single quote") << QByteArray("\"It\xe2\x80\x99s\"") << u"It\u2019s"_qs;
    QTest::newRow("U+FFFF edge") << QByteArray("\"\xef\xbf\xbf\"") << QString(QChar(0xFFFF));
    QTest::newRow("U+D7FF before surrogates") << QByteArray("\"\xed\x9f\xbf\"") << QString(QChar(0xD7FF));
    QTest::newRow("emoji") << QByteArray("\"\xf0\x9f\x98\x80\"") << u"\U0001F600"_qs;
    QTest::newRow("U+10FFFF") << QByteArray("\"\xf4\x8f\xbf\xbf\"") << QString::fromUcs4(U"\U0010FFFF", 1);
}

void TestJson::acceptsValidUtf8()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, text);
    const JsonParseResult result = Json::parse(document);
    QVERIFY2(result, qPrintable(result.error.message));
    QCOMPARE(result.value->string, text);
    QCOMPARE(Json::write(*result.value, Json::Style::Compact), document);
}

void TestJson::unescapesStrings_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("text");
    QTest::newRow("simple escapes") << QByteArray(R"("\" \\ \/ \b \f \n \r \t")") << u"\" \\ / \b \f \n \r \t"_qs;
    QTest::newRow("unicode escape") << QByteArray(R"("caf\u00e9")") << u"café"_qs;
    QTest::newRow("uppercase hex") << QByteArray(R"("\u00E9")") << u"é"_qs;
    QTest::newRow("NUL escape") << QByteArray(R"("a\u0000b")") << QString(QStringLiteral("a") + QChar(0) + u'b');
    QTest::newRow("surrogate pair") << QByteArray(R"("\ud83d\ude00")") << u"\U0001F600"_qs;
    QTest::newRow("mixed with UTF-8") << QByteArray("\"\xc3\xa9\\n\\u2019\"") << u"é\n\u2019"_qs;
    QTest::newRow("interned name still right") << QByteArray(R"("alg")") << u"alg"_qs;
}

void TestJson::unescapesStrings()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, text);
    const JsonParseResult result = Json::parse(document);
    QVERIFY2(result, qPrintable(result.error.message));
    QCOMPARE(result.value->string, text);
    QCOMPARE(result.value->span, (Span {0, document.size()}));
}

void TestJson::rejectsBadEscapes_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("mention");
    QTest::addColumn<Code>("code");
    QTest::newRow("lone high surrogate") << QByteArray(R"("a\ud83d")") << qsizetype(2) << u"high surrogate"_qs
                                         << Code::LoneSurrogate;
    QTest::newRow("high then text") << QByteArray(R"("\ud83dx")") << qsizetype(1) << u"high surrogate"_qs
                                    << Code::LoneSurrogate;
    QTest::newRow("high then high") << QByteArray(R"("\ud83d\ud83d")") << qsizetype(1) << u"high surrogate"_qs
                                    << Code::LoneSurrogate;
    QTest::newRow("lone low surrogate") << QByteArray(R"("\ude00")") << qsizetype(1) << u"low surrogate"_qs
                                        << Code::LoneSurrogate;
    QTest::newRow("unknown escape") << QByteArray(R"("\x41")") << qsizetype(1) << u"invalid escape"_qs
                                    << Code::BadEscape;
    QTest::newRow("short unicode escape") << QByteArray(R"("\u12")") << qsizetype(3) << u"four"_qs << Code::BadEscape;
    QTest::newRow("non-hex unicode escape")
        << QByteArray(R"("\u12g4")") << qsizetype(5) << u"four"_qs << Code::BadEscape;
    QTest::newRow("unterminated") << QByteArray(R"("abc)") << qsizetype(0) << u"unterminated"_qs
                                  << Code::UnterminatedString;
    QTest::newRow("backslash at end") << QByteArray("\"abc\\") << qsizetype(4) << u"unterminated"_qs
                                      << Code::UnterminatedString;
}

void TestJson::rejectsBadEscapes()
{
    QFETCH(QByteArray, document);
    QFETCH(qsizetype, offset);
    QFETCH(QString, mention);
    QFETCH(Code, code);
    const JsonParseResult result = Json::parse(document);
    QVERIFY(!result);
    QCOMPARE(result.error.code, code);
    QCOMPARE(result.error.offset, offset);
    QVERIFY2(result.error.message.contains(mention, Qt::CaseInsensitive), qPrintable(result.error.message));
}

void TestJson::rejectsInvalidSyntax_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("mention");
    QTest::addColumn<Code>("code");
    QTest::newRow("empty") << QByteArray() << qsizetype(0) << u"empty"_qs << Code::NoValue;
    QTest::newRow("whitespace only") << QByteArray(" \n") << qsizetype(2) << u"whitespace"_qs << Code::NoValue;
    QTest::newRow("leading BOM") << QByteArray("\xef\xbb\xbf{}") << qsizetype(0) << u"byte order mark"_qs
                                 << Code::ByteOrderMark;
    QTest::newRow("trailing garbage") << QByteArray("{} x") << qsizetype(3) << u"after the end"_qs
                                      << Code::TrailingData;
    QTest::newRow("two values") << QByteArray("1 2") << qsizetype(2) << u"after the end"_qs << Code::TrailingData;
    QTest::newRow("trailing comma in object")
        << QByteArray(R"({"a":1,})") << qsizetype(7) << u"member name"_qs << Code::UnexpectedCharacter;
    QTest::newRow("trailing comma in array")
        << QByteArray("[1,]") << qsizetype(3) << u"expected a value"_qs << Code::UnexpectedCharacter;
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << qsizetype(5) << u"':'"_qs
                                   << Code::UnexpectedCharacter;
    QTest::newRow("unquoted name") << QByteArray("{a:1}") << qsizetype(1) << u"member name"_qs
                                   << Code::UnexpectedCharacter;
    QTest::newRow("single quotes") << QByteArray("['a']") << qsizetype(1) << u"expected a value"_qs
                                   << Code::UnexpectedCharacter;
    QTest::newRow("leading zero") << QByteArray("012") << qsizetype(1) << u"leading zeros"_qs << Code::BadNumber;
    QTest::newRow("bare minus") << QByteArray("-") << qsizetype(1) << u"digit"_qs << Code::BadNumber;
    QTest::newRow("dot without digits") << QByteArray("1.") << qsizetype(2) << u"digit"_qs << Code::BadNumber;
    QTest::newRow("empty exponent") << QByteArray("1e+") << qsizetype(3) << u"exponent"_qs << Code::BadNumber;
    QTest::newRow("plus sign") << QByteArray("+1") << qsizetype(0) << u"'+'"_qs << Code::UnexpectedCharacter;
    QTest::newRow("NaN") << QByteArray("NaN") << qsizetype(0) << u"'N'"_qs << Code::UnexpectedCharacter;
    QTest::newRow("truncated true") << QByteArray("tru") << qsizetype(0) << u"'t'"_qs << Code::UnexpectedCharacter;
    QTest::newRow("unclosed object") << QByteArray(R"({"a":1)") << qsizetype(6) << u"end of input"_qs
                                     << Code::UnexpectedEnd;
    QTest::newRow("unclosed array") << QByteArray("[1") << qsizetype(2) << u"end of input"_qs << Code::UnexpectedEnd;
    QTest::newRow("object ends after a name")
        << QByteArray(R"({"a")") << qsizetype(4) << u"':'"_qs << Code::UnexpectedEnd;
    QTest::newRow("array ends after a comma")
        << QByteArray("[1,") << qsizetype(3) << u"end of input"_qs << Code::UnexpectedEnd;
    QTest::newRow("comment") << QByteArray("// x\n{}") << qsizetype(0) << u"'/'"_qs << Code::UnexpectedCharacter;
    QTest::newRow("vertical tab whitespace")
        << QByteArray("\v{}") << qsizetype(0) << u"0x0b"_qs << Code::UnexpectedCharacter;
}

void TestJson::rejectsInvalidSyntax()
{
    QFETCH(QByteArray, document);
    QFETCH(qsizetype, offset);
    QFETCH(QString, mention);
    QFETCH(Code, code);
    const JsonParseResult result = Json::parse(document);
    QVERIFY(!result);
    QVERIFY(result.duplicates.empty());
    QCOMPARE(result.error.code, code);
    QCOMPARE(result.error.offset, offset);
    QVERIFY2(result.error.message.contains(mention, Qt::CaseInsensitive), qPrintable(result.error.message));
}

void TestJson::acceptsInsignificantWhitespace()
{
    const JsonParseResult result = Json::parse(" \t\r\n{ \"a\" :\r\n[ 1 , true ,null ] } \n");
    QVERIFY2(result, qPrintable(result.error.message));
    QCOMPARE(Json::write(*result.value, Json::Style::Compact), QByteArray(R"({"a":[1,true,null]})"));
    QCOMPARE(result.value->span, (Span {4, 29}));
}

void TestJson::recordsSpansOfMembersAndValues()
{
    const QByteArray document = "{\"iss\": \"joe\",\r\n \"exp\":1300819380, \"n\":[false,{}]}";
    const JsonParseResult result = Json::parse(document);
    QVERIFY(result);
    const auto text = [&](Span span) {
        return document.mid(span.start, span.length);
    };
    const JsonValue &root = *result.value;
    QCOMPARE(root.span, (Span {0, document.size()}));
    QCOMPARE(text(root.members.at(0).nameSpan), QByteArray("\"iss\""));
    QCOMPARE(text(root.members.at(0).value.span), QByteArray("\"joe\""));
    QCOMPARE(text(root.members.at(1).nameSpan), QByteArray("\"exp\""));
    QCOMPARE(text(root.members.at(1).value.span), QByteArray("1300819380"));
    QCOMPARE(text(root.members.at(2).value.span), QByteArray("[false,{}]"));
    QCOMPARE(text(root.members.at(2).value.elements.at(0).span), QByteArray("false"));
    QCOMPARE(text(root.members.at(2).value.elements.at(1).span), QByteArray("{}"));
}

void TestJson::writesPrettyAndCompact()
{
    const JsonParseResult result = Json::parse(R"({"a":1,"b":[true,null,"x"],"c":{},"d":[],"e":{"f":-1.50e+2}})");
    QVERIFY(result);
    QCOMPARE(Json::write(*result.value, Json::Style::Compact),
             QByteArray(R"({"a":1,"b":[true,null,"x"],"c":{},"d":[],"e":{"f":-1.50e+2}})"));
    QCOMPARE(Json::write(*result.value),
             QByteArray("{\n"
                        "  \"a\": 1,\n"
                        "  \"b\": [\n"
                        "    true,\n"
                        "    null,\n"
                        "    \"x\"\n"
                        "  ],\n"
                        "  \"c\": {},\n"
                        "  \"d\": [],\n"
                        "  \"e\": {\n"
                        "    \"f\": -1.50e+2\n"
                        "  }\n"
                        "}"));
    QCOMPARE(Json::write(JsonValue::makeObject()), QByteArray("{}"));
}

void TestJson::writeEscapesMinimally()
{
    QString text = u"quote\" backslash\\ slash/ newline\n tab\t bell"_qs;
    text += QChar(7);
    text += u" é \u2019 \U0001F600"_qs;
    QCOMPARE(Json::quote(text),
             QByteArray("\"quote\\\" backslash\\\\ slash/ newline\\n tab\\t bell\\u0007 \xc3\xa9 \xe2\x80\x99 "
                        "\xf0\x9f\x98\x80\""));
    // A lone surrogate has no UTF-8 form: the writer substitutes U+FFFD so the output stays valid JSON.
    QCOMPARE(Json::quote(QString(QChar(0xD800))), QByteArray("\"\xef\xbf\xbd\""));
}

void TestJson::writeRoundTrips_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::newRow("rfc7515 A.1 payload") << QByteArray("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n "
                                                       "\"http://example.com/is_root\":true}");
    QTest::newRow("nested") << QByteArray(R"({"a":[[[]],{"b":{"c":[1,2,{"d":"\u0001\ud83d\ude00"}]}}]})");
    QTest::newRow("duplicates kept") << QByteArray(R"({"a":1,"a":2})");
    QTest::newRow("scalar") << QByteArray("\"just a string\"");
}

void TestJson::writeRoundTrips()
{
    QFETCH(QByteArray, document);
    const JsonParseResult first = Json::parse(document);
    QVERIFY(first);
    for (const Json::Style style : {Json::Style::Pretty, Json::Style::Compact}) {
        const QByteArray written = Json::write(*first.value, style);
        const JsonParseResult second = Json::parse(written);
        QVERIFY2(second, qPrintable(second.error.message));
        QCOMPARE(Json::write(*second.value, Json::Style::Compact), Json::write(*first.value, Json::Style::Compact));
        QCOMPARE(second.duplicates.size(), first.duplicates.size());
        QCOMPARE(Json::write(*second.value, style), written);
    }
}

void TestJson::writesOnlyValidNumberLexemes_data()
{
    QTest::addColumn<QByteArray>("lexeme");
    QTest::addColumn<QByteArray>("written");
    QTest::newRow("integer") << QByteArray("42") << QByteArray("42");
    QTest::newRow("negative zero") << QByteArray("-0") << QByteArray("-0");
    QTest::newRow("fraction and exponent") << QByteArray("1.5e-3") << QByteArray("1.5e-3");
    QTest::newRow("empty") << QByteArray() << QByteArray("null");
    QTest::newRow("leading zero") << QByteArray("01") << QByteArray("null");
    QTest::newRow("plus sign") << QByteArray("+1") << QByteArray("null");
    QTest::newRow("bare minus") << QByteArray("-") << QByteArray("null");
    QTest::newRow("dot without digits") << QByteArray("1.") << QByteArray("null");
    QTest::newRow("two numbers") << QByteArray("1 2") << QByteArray("null");
    QTest::newRow("trailing NUL") << QByteArray("1\0", 2) << QByteArray("null");
}

// A lexeme built by hand might not be a JSON number; the writer never emits invalid JSON for it.
void TestJson::writesOnlyValidNumberLexemes()
{
    QFETCH(QByteArray, lexeme);
    QFETCH(QByteArray, written);
    QCOMPARE(Json::write(JsonValue::makeNumberLexeme(lexeme), Json::Style::Compact), written);
}

void TestJson::buildsValuesWithHelpers()
{
    JsonValue object = JsonValue::makeObject();
    object.append(u"sub"_qs, JsonValue::makeString(u"42"_qs));
    object.append(u"exp"_qs, JsonValue::makeNumber(-1700000000));
    object.append(u"big"_qs, JsonValue::makeNumberLexeme("12345678901234567890123"));
    object.append(u"bad"_qs, JsonValue::makeNumberLexeme("1e"));
    JsonValue &list = object.append(u"list"_qs, JsonValue::makeArray());
    list.elements.push_back(JsonValue::makeBool(false));
    list.elements.push_back(JsonValue());
    QCOMPARE(Json::write(object, Json::Style::Compact),
             QByteArray(R"({"sub":"42","exp":-1700000000,"big":12345678901234567890123,"bad":null,)"
                        R"("list":[false,null]})"));
    QCOMPARE(object.value(u"exp")->toInteger(), std::optional<qint64>(-1700000000));
    QVERIFY(!object.member(u"missing"));
    QVERIFY(!object.value(u"missing"));
    QCOMPARE(object.member(u"sub")->name, u"sub"_qs);
}

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
