#include "common/CatalogueTranslator.h"
#include "common/TimeFormat.h"
#include "crypto/KeyParser.h"
#include "crypto/Signature.h"
#include "jose/Base64Url.h"
#include "jose/CompactToken.h"
#include "jose/Json.h"
#include "net/UrlPolicy.h"
#include "verify/Findings.h"

#include <QCoreApplication>
#include <QTest>

#include <functional>

using namespace tokenscope;
using namespace Qt::StringLiterals;

namespace {

// One user-visible message of the core, produced the way Tokenscope produces it.
struct Case
{
    const char *name;
    const char *context; // the context its text must be asked for in
    std::function<QString()> produce;
};

const QList<Case> &cases()
{
    static const QList<Case> all = {
        {"a signature that does not verify", "Crypto",
         [] {
             const Key key = KeyParser::secretKey("a secret of thirty-two bytes ok!", u"test"_s);
             return Signature::verify(Algorithm::HS256, key, "header.payload", QByteArray(32, '\0')).detail;
         }},
        {"a signature of the wrong length", "Crypto",
         [] {
             const Key key = KeyParser::secretKey("a secret of thirty-two bytes ok!", u"test"_s);
             return Signature::verify(Algorithm::HS256, key, "header.payload", "short").detail;
         }},
        {"a key file with broken JSON (the CLI's --key)", "Crypto",
         [] {
             return KeyParser::parse(R"({"kty": )", u"key.json"_s).error;
         }},
        {"a key file that is not a key at all (the CLI's --key)", "Crypto",
         [] {
             return KeyParser::parse("-----BEGIN NOTHING-----", u"key.pem"_s).error;
         }},
        {"a finding about a short HMAC secret", "Findings",
         [] {
             const Findings findings
                 = FindingsCatalogue::analyzeKey(KeyParser::secretKey("short", u"test"_s), Algorithm::HS256);
             return findings.isEmpty() ? QString() : findings.constFirst().message;
         }},
        {"a JSON syntax error", "Json",
         [] {
             return Json::parse(R"({"a" 1})").error.message;
         }},
        {"a JSON text over the size limit", "Json",
         [] {
             JsonLimits limits;
             limits.maxBytes = 4;
             return Json::parse("[1, 2, 3]", limits).error.message;
         }},
        {"a token that is not compact (the CLI's decode)", "CompactToken",
         [] {
             return CompactToken::decode("not-a-token").error.message;
         }},
        {"a character outside base64url", "Base64Url",
         [] {
             return Base64Url::decode("ab+c").error;
         }},
        {"a key URL refused for plain http", "UrlPolicy",
         [] {
             return UrlPolicy::check(QUrl(u"http://idp.example/jwks.json"_s), UrlPolicy::PlainHttp::LoopbackOnly)
                 .message;
         }},
        {"an expiry in words", "TimeFormat",
         [] {
             return TimeFormat::relative(1'000'000 + 7200, 1'000'000, TimeFormat::Phrase::Expiry);
         }},
    };
    return all;
}

QString describe(const QList<test::CatalogueTranslator::Message> &messages)
{
    QStringList lines;
    for (const auto &[context, source] : messages)
        lines << u"  %1: \"%2\""_s.arg(context, source);
    return lines.join(u'\n');
}

} // namespace

// The contexts the core's messages are looked up in at run time are the ones lupdate filed them under in
// resources/translations/tokenscope_de.ts; otherwise a translation of them could never load.
class TestTranslationContexts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(m_translator.loadCatalogue(QStringLiteral(TOKENSCOPE_TRANSLATION_CATALOGUE)),
                 TOKENSCOPE_TRANSLATION_CATALOGUE);
        QVERIFY(QCoreApplication::installTranslator(&m_translator));
    }
    void cleanupTestCase() { QCoreApplication::removeTranslator(&m_translator); }

    void everyRequestedMessageIsInTheCatalogue_data()
    {
        QTest::addColumn<int>("index");
        for (int index = 0; index < cases().size(); ++index)
            QTest::newRow(cases().at(index).name) << index;
    }
    void everyRequestedMessageIsInTheCatalogue()
    {
        QFETCH(int, index);
        const Case &testCase = cases().at(index);
        m_translator.clear();
        const QString message = testCase.produce();
        QVERIFY2(!message.isEmpty(), "the case produced no message");

        const auto requested = m_translator.requested();
        const bool inContext = std::any_of(requested.begin(), requested.end(), [&](const auto &pair) {
            return pair.first == QLatin1String(testCase.context);
        });
        QVERIFY2(inContext,
                 qPrintable(u"\"%1\" was not translated in context %2; asked for:\n%3"_s.arg(
                     message, QLatin1String(testCase.context), describe(requested))));
        const auto missing = m_translator.missing();
        QVERIFY2(
            missing.isEmpty(),
            qPrintable(u"\"%1\" asked for messages the catalogue does not hold (run update_translations, and "
                       u"check that tr() and lupdate agree on the context):\n%2"_s.arg(message, describe(missing))));
    }

private:
    test::CatalogueTranslator m_translator;
};

QTEST_GUILESS_MAIN(TestTranslationContexts)
#include "tst_translationcontexts.moc"
