#include "jose/Base64Url.h"
#include "jose/TokenExtractor.h"

#include <QElapsedTimer>
#include <QTest>

using namespace tokenscope;

namespace {

QByteArray makeToken(const QByteArray &header, const QByteArray &payload, const QByteArray &signature)
{
    return Base64Url::encode(header) + '.' + Base64Url::encode(payload) + '.' + Base64Url::encode(signature);
}

const QByteArray kToken
    = makeToken(R"({"alg":"HS256","typ":"JWT"})", R"({"sub":"42","exp":1795000000})", "signature-bytes");
const QByteArray kSecond = makeToken(R"({"alg":"RS256","kid":"k"})", R"({"iss":"https://issuer.example"})", "other");
const QByteArray kJwe = Base64Url::encode(R"({"alg":"dir","enc":"A128GCM"})") + "..aXYtaXYtaXY.Y2lwaGVy.dGFnLXRhZw";

QString text(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

using Expected = QList<QPair<QByteArray, QString>>; // token, context

class TestTokenExtractor : public QObject
{
    Q_OBJECT

private slots:
    void findsTokensInPastedText_data();
    void findsTokensInPastedText();
    void reportsSpansInTheInput();
    void returnsTheWholeWordWhenNothingQualifies_data();
    void returnsTheWholeWordWhenNothingQualifies();
    void ignoresDotSeparatedTextThatIsNotAToken_data();
    void ignoresDotSeparatedTextThatIsNotAToken();
    void notesWhatTouchesTheToken_data();
    void notesWhatTouchesTheToken();
    void takesTokensFromRawBytes_data();
    void takesTokensFromRawBytes();
    void limitsInputLength();
    void staysLinearOnHostileInput();
};

void TestTokenExtractor::findsTokensInPastedText_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<Expected>("expected");
    const QString t = text(kToken);
    const QString t2 = text(kSecond);
    QTest::newRow("bare") << t << Expected {{kToken, {}}};
    QTest::newRow("surrounding whitespace") << u"  \n\t"_qs + t + u"\r\n  "_qs << Expected {{kToken, {}}};
    QTest::newRow("double quotes") << u"\""_qs + t + u"\""_qs << Expected {{kToken, {}}};
    QTest::newRow("single quotes") << u"'"_qs + t + u"'"_qs << Expected {{kToken, {}}};
    QTest::newRow("back quotes") << u"`"_qs + t + u"`"_qs << Expected {{kToken, {}}};
    QTest::newRow("typographic quotes") << u"\u201c"_qs + t + u"\u201d"_qs << Expected {{kToken, {}}};
    QTest::newRow("Bearer") << u"Bearer "_qs + t << Expected {{kToken, u"Bearer token"_qs}};
    QTest::newRow("bearer lower case") << u"bearer   "_qs + t << Expected {{kToken, u"Bearer token"_qs}};
    QTest::newRow("Authorization header")
        << u"Authorization: Bearer "_qs + t << Expected {{kToken, u"Authorization header"_qs}};
    QTest::newRow("authorization header lower case")
        << u"authorization:bearer "_qs + t + u"\n"_qs << Expected {{kToken, u"Authorization header"_qs}};
    QTest::newRow("curl command") << u"curl -H 'Authorization: Bearer "_qs + t
            + u"' https://api.example/v1/orders?limit=10"_qs
                                  << Expected {{kToken, u"Authorization header"_qs}};
    QTest::newRow("log line") << u"2026-11-22T10:00:00Z INFO request token="_qs + t + u" user=42"_qs
                              << Expected {{kToken, u"token"_qs}};
    QTest::newRow("URL fragment id_token")
        << u"https://app.example/cb#id_token="_qs + t + u"&state=xyz"_qs << Expected {{kToken, u"id_token"_qs}};
    QTest::newRow("URL fragment access_token")
        << u"https://app.example/cb#access_token="_qs + t + u"&token_type=Bearer&expires_in=3600"_qs
        << Expected {{kToken, u"access_token"_qs}};
    QTest::newRow("cookie header") << u"Cookie: session=abc; jwt="_qs + t << Expected {{kToken, u"cookie jwt"_qs}};
    QTest::newRow("JSON token response") << u"{\"access_token\":\""_qs + t + u"\",\"id_token\": \""_qs + t2
            + u"\",\"token_type\":\"Bearer\"}"_qs
                                         << Expected {{kToken, u"access_token"_qs}, {kSecond, u"id_token"_qs}};
    QTest::newRow("one per line") << t + u"\n"_qs + t2 + u"\n"_qs << Expected {{kToken, {}}, {kSecond, {}}};
    QTest::newRow("same token twice") << t + u"\n"_qs + t << Expected {{kToken, {}}};
    QTest::newRow("JWE") << u"Bearer "_qs + text(kJwe) << Expected {{kJwe, u"Bearer token"_qs}};
    QTest::newRow("sentence ending in a dot") << u"Here it is: "_qs + t + u". Thanks"_qs << Expected {{kToken, {}}};
    const QByteArray unsecured = kToken.left(kToken.lastIndexOf('.') + 1);
    QTest::newRow("unsecured token keeps its final dot") << text(unsecured) << Expected {{unsecured, {}}};
    const QByteArray padded
        = Base64Url::encode(R"({"alg":"HS256"})") + "==." + Base64Url::encode(R"({"a":1})") + "==.c2ln";
    QTest::newRow("padded token") << u"token="_qs + text(padded) << Expected {{padded, u"token"_qs}};
    QByteArray withPlus = kToken;
    withPlus[kToken.indexOf('.') + 5] = '+';
    QTest::newRow("standard base64 character inside") << text(withPlus) << Expected {{withPlus, {}}};
}

void TestTokenExtractor::findsTokensInPastedText()
{
    QFETCH(QString, input);
    QFETCH(Expected, expected);
    const QList<ExtractedToken> tokens = TokenExtractor::extract(input);
    QCOMPARE(tokens.size(), expected.size());
    for (qsizetype index = 0; index < tokens.size(); ++index) {
        QCOMPARE(tokens.at(index).token, expected.at(index).first);
        QCOMPARE(tokens.at(index).context, expected.at(index).second);
        QCOMPARE(input.mid(tokens.at(index).span.start, tokens.at(index).span.length),
                 QString::fromLatin1(expected.at(index).first));
    }
}

void TestTokenExtractor::reportsSpansInTheInput()
{
    // Spans count QString units, so a non-ASCII prefix (é, an emoji) shifts them accordingly.
    const QString input = u"Jeton é 😀 : Bearer "_qs + text(kToken);
    const QList<ExtractedToken> tokens = TokenExtractor::extract(input);
    QCOMPARE(tokens.size(), 1);
    QCOMPARE(tokens.front().span, (Span {input.size() - kToken.size(), kToken.size()}));
}

void TestTokenExtractor::returnsTheWholeWordWhenNothingQualifies_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("context");
    QByteArray brokenHeader = kToken;
    brokenHeader[3] = '*';
    QTest::newRow("bad character in the header")
        << u"  \""_qs + text(brokenHeader) + u"\"\n"_qs << brokenHeader << QString();
    QTest::newRow("two parts only") << u"Bearer abc.def"_qs << QByteArray("abc.def") << u"Bearer token"_qs;
    QTest::newRow("Authorization header with garbage")
        << u"Authorization: Bearer xyz"_qs << QByteArray("xyz") << u"Authorization header"_qs;
    QTest::newRow("one word") << u"'hello'"_qs << QByteArray("hello") << QString();
}

void TestTokenExtractor::returnsTheWholeWordWhenNothingQualifies()
{
    QFETCH(QString, input);
    QFETCH(QByteArray, token);
    QFETCH(QString, context);
    const QList<ExtractedToken> tokens = TokenExtractor::extract(input);
    QCOMPARE(tokens.size(), 1);
    QCOMPARE(tokens.front().token, token);
    QCOMPARE(tokens.front().context, context);
    QCOMPARE(input.mid(tokens.front().span.start, tokens.front().span.length), QString::fromUtf8(token));
}

void TestTokenExtractor::ignoresDotSeparatedTextThatIsNotAToken_data()
{
    QTest::addColumn<QString>("input");
    QTest::newRow("empty") << QString();
    QTest::newRow("whitespace") << u"  \n "_qs;
    QTest::newRow("prose") << u"The host a.b.c is down. See www.example.com for more."_qs;
    QTest::newRow("version numbers") << u"upgrade from 1.2.3 to 4.5.6 today"_qs;
    QTest::newRow("first part is not a JSON object") << u"see abcd.efgh.ijkl and more"_qs;
}

void TestTokenExtractor::ignoresDotSeparatedTextThatIsNotAToken()
{
    QFETCH(QString, input);
    QVERIFY(TokenExtractor::extract(input).isEmpty());
}

void TestTokenExtractor::notesWhatTouchesTheToken_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("dropped"); // empty: the token stands clear of its neighbours
    const QString t = text(kToken);
    // Paste noise that plainly is not part of a token.
    QTest::newRow("bare") << t << QString();
    QTest::newRow("whitespace and newline") << u"  "_qs + t + u"\r\n"_qs << QString();
    QTest::newRow("quotes") << u"\""_qs + t + u"\""_qs << QString();
    QTest::newRow("typographic quotes") << u"\u201c"_qs + t + u"\u201d"_qs << QString();
    QTest::newRow("Authorization header") << u"Authorization: Bearer "_qs + t << QString();
    QTest::newRow("URL fragment and state") << u"https://app.example/cb#id_token="_qs + t + u"&state=x"_qs << QString();
    QTest::newRow("query string") << u"https://api.example/x?token="_qs + t + u"&a=1"_qs << QString();
    QTest::newRow("cookie") << u"Cookie: jwt="_qs + t + u"; Path=/"_qs << QString();
    QTest::newRow("JSON member") << u"{\"access_token\":\""_qs + t + u"\",\"x\":1}"_qs << QString();
    QTest::newRow("in brackets") << u"("_qs + t + u")"_qs << QString();
    QTest::newRow("unsecured token's final dot") << text(kToken.left(kToken.lastIndexOf('.') + 1)) << QString();
    // Stuck to the token with no separator.
    QTest::newRow("empty fourth part") << t + u"."_qs << u"\u201c.\u201d after the token"_qs;
    QTest::newRow("sentence-ending dot") << u"It is "_qs + t + u". Thanks"_qs << u"\u201c.\u201d after"_qs;
    QTest::newRow("dot and question mark") << t + u".?"_qs << u"\u201c.\u201d after the token"_qs;
    QTest::newRow("leading dot") << u"."_qs + t << u"\u201c.\u201d before the token"_qs;
    QTest::newRow("question mark at the end") << t + u"?"_qs << u"\u201c?\u201d right after the token"_qs;
    QTest::newRow("hash at the end of a line") << t + u"#\n"_qs << u"\u201c#\u201d right after"_qs;
    QTest::newRow("letter outside ASCII") << t + u"\u00e9"_qs << u"\u201c\u00e9\u201d right after"_qs;
    QTest::newRow("control character before") << u"\u0001"_qs + t << u"right before the token"_qs;
}

void TestTokenExtractor::notesWhatTouchesTheToken()
{
    QFETCH(QString, input);
    QFETCH(QString, dropped);
    const QList<ExtractedToken> tokens = TokenExtractor::extract(input);
    QCOMPARE(tokens.size(), 1);
    if (dropped.isEmpty())
        QVERIFY2(tokens.first().dropped.isEmpty(), qPrintable(tokens.first().dropped));
    else
        QVERIFY2(tokens.first().dropped.contains(dropped), qPrintable(tokens.first().dropped));
}

void TestTokenExtractor::takesTokensFromRawBytes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<qsizetype>("byteOffset");
    const QByteArray header = Base64Url::encode(R"({"alg":"HS256"})");
    QTest::newRow("invalid byte inside the only word")
        << header + "\xff.e30.c2ln" << header + "\xff.e30.c2ln" << qsizetype(0);
    QTest::newRow("truncated sequence inside the word") << "  " + header + "\xe2\x82.e30.c2ln\n"
                                                        << header + "\xe2\x82.e30.c2ln" << qsizetype(2);
    QTest::newRow("after two- three- and four-byte characters")
        << "\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x91 token=" + kToken << kToken << qsizetype(16);
    QTest::newRow("after a real replacement character and a stray byte")
        << "\xef\xbf\xbd\x80 " + kToken << kToken << qsizetype(5);
    QTest::newRow("encoded surrogate counts byte by byte") << "\xed\xa0\x80 " + kToken << kToken << qsizetype(4);
}

void TestTokenExtractor::takesTokensFromRawBytes()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, token);
    QFETCH(qsizetype, byteOffset);
    const QList<ExtractedToken> tokens = TokenExtractor::extract(QByteArrayView(input));
    QCOMPARE(tokens.size(), 1);
    QCOMPARE(tokens.first().token, token);
    QCOMPARE(tokens.first().span.start, byteOffset);
    QCOMPARE(input.mid(tokens.first().span.start, tokens.first().span.length), token);
}

void TestTokenExtractor::limitsInputLength()
{
    const QString input = u"Bearer "_qs + text(kToken);
    QVERIFY(TokenExtractor::extract(input, input.size() - 1).isEmpty());
    QCOMPARE(TokenExtractor::extract(input, input.size()).size(), 1);
}

void TestTokenExtractor::staysLinearOnHostileInput()
{
    // Long runs of dots, '=' and base64url characters must not make extraction quadratic.
    QString hostile;
    hostile.reserve(4'000'000);
    hostile += QString(500'000, u'.') + u' ';
    hostile += u'a' + QString(500'000, u'.') + u' ';
    hostile += u"Zm9v"_qs + QString(500'000, u'.') + u' ';
    hostile += QString(500'000, u'=') + u' ';
    for (int index = 0; index < 100'000; ++index)
        hostile += u"eyJh.=a "_qs;
    hostile += u"abcd."_qs + QString(500'000, u'a') + u".b"_qs;
    QElapsedTimer timer;
    timer.start();
    const QList<ExtractedToken> tokens = TokenExtractor::extract(hostile);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(tokens.isEmpty());
    // One enormous word: handed back whole (the decoder then reports it), still in linear time.
    timer.restart();
    const QString word = u"eyJ9"_qs + QString(1'000'000, u'.') + u"="_qs;
    QCOMPARE(TokenExtractor::extract(word).size(), 1);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestTokenExtractor)
#include "tst_tokenextractor.moc"
