// The findings catalogue: every id is reachable, each finding points at the right run of the token text, and
// harmless tokens stay quiet.

#include "VerifyTestSupport.h"
#include "binding/BundleChecks.h"
#include "binding/DpopVerifier.h"
#include "verify/Findings.h"
#include "verify/TokenVerifier.h"

#include <QSet>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kNow = 1800000000;

// A 1024-bit RSA public key: too small for JWS, used only to reach rsa_key_small.
constexpr const char kRsa1024[] = "-----BEGIN PUBLIC KEY-----\n"
                                  "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDFrNHf+T0YWu/8Y7KhrMbC45I4\n"
                                  "WIhGxyflwripZphhxAwFO3ENkjghg+JouAYKC6fKM75bJmUfKwrysVxtYZGXAOi8\n"
                                  "3rk1Vn48LnMbGhCX0qGgMTHrXfhqvpYEX9CRXDKJ6RZrZBgyTEvPvPpDsUyNOhYL\n"
                                  "XZKoOJU2trwQTVrt3QIDAQAB\n"
                                  "-----END PUBLIC KEY-----\n";

QByteArray n(qint64 value)
{
    return QByteArray::number(value);
}
} // namespace

class TestFindings : public QObject
{
    Q_OBJECT

private:
    QSet<QString> m_reached;
    Key m_secret;

    QByteArray token(const QByteArray &header, const QByteArray &payload) const
    {
        return signedToken(header, payload, m_secret, Algorithm::HS256);
    }
    QByteArray hs(const QByteArray &payload) const { return token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload); }

private slots:
    void initTestCase() { m_secret = generatedKey(Algorithm::HS256, QString()); }

    void catalogueIsComplete()
    {
        QSet<QString> ids;
        for (const FindingsCatalogue::Entry &entry : FindingsCatalogue::entries()) {
            QVERIFY2(!ids.contains(entry.id), qPrintable(entry.id));
            ids.insert(entry.id);
            QVERIFY(!entry.title.isEmpty());
            QVERIFY(entry.explanation.size() > 40);
            QCOMPARE(FindingsCatalogue::entry(entry.id), &entry);
        }
        QVERIFY(!FindingsCatalogue::entry(u"no_such_finding"));
        QCOMPARE(severityName(Finding::Severity::Info), u"info"_s);
        QCOMPARE(severityName(Finding::Severity::Warning), u"warning"_s);
        QCOMPARE(severityName(Finding::Severity::High), u"high"_s);
        QCOMPARE(FindingsCatalogue::entry(u"alg_none")->severity, Finding::Severity::High);
        QCOMPARE(FindingsCatalogue::entry(u"no_exp")->severity, Finding::Severity::Warning);
        QCOMPARE(FindingsCatalogue::entry(u"payload_not_json")->severity, Finding::Severity::Info);
    }

    // Each row: a token, the finding it must produce, and what the finding's span covers: `decoded` is text the
    // decoded bytes under the span contain (the span is in the token text, over the base64url run), `characters`
    // the exact token characters when the finding is about the encoding itself.
    void reachesFinding_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("role");
        QTest::addColumn<QByteArray>("decoded");
        QTest::addColumn<QByteArray>("characters");
        QTest::addColumn<QString>("messageContains");

        const int header = int(SegmentRole::Header);
        const int payload = int(SegmentRole::Payload);
        const QByteArray exp = "\"exp\":" + n(kNow + 600);
        const QByteArray typical = "{\"sub\":\"u1\"," + exp + ",\"iat\":" + n(kNow - 60) + "}";

        QTest::newRow("alg none") << unsignedToken("{\"alg\":\"none\"}", typical) << u"alg_none"_s << header
                                  << QByteArray("\"alg\":\"none\"") << QByteArray() << u"none"_s;
        QTest::newRow("alg None") << unsignedToken("{\"alg\":\"None\"}", typical) << u"alg_unknown"_s << header
                                  << QByteArray("\"alg\":\"None\"") << QByteArray() << u"spelling of \"none\""_s;
        QTest::newRow("alg HS257") << token("{\"alg\":\"HS257\"}", typical) << u"alg_unknown"_s << header
                                   << QByteArray("\"HS257\"") << QByteArray() << u"HS257"_s;
        QTest::newRow("empty signature") << unsignedToken("{\"alg\":\"HS256\"}", typical) << u"signature_missing"_s
                                         << header << QByteArray("\"alg\"") << QByteArray() << u"HS256"_s;
        QTest::newRow("no exp") << hs("{\"sub\":\"u1\"}") << u"no_exp"_s << payload << QByteArray("{\"sub\":\"u1\"}")
                                << QByteArray() << u"exp"_s;
        QTest::newRow("30 days from iat to exp")
            << hs("{\"iat\":" + n(kNow) + ",\"exp\":" + n(kNow + 30 * 86400) + "}") << u"long_lifetime"_s << payload
            << QByteArray("\"exp\":") << QByteArray() << u"30d"_s;
        QTest::newRow("2 days left without iat") << hs("{\"exp\":" + n(kNow + 2 * 86400) + "}") << u"long_lifetime"_s
                                                 << payload << QByteArray("\"exp\":") << QByteArray() << u"2d"_s;
        QTest::newRow("iat in the future") << hs("{" + exp + ",\"iat\":" + n(kNow + 300) + "}") << u"iat_in_future"_s
                                           << payload << QByteArray("\"iat\":") << QByteArray() << u"5m"_s;
        QTest::newRow("exp before iat") << hs("{\"iat\":" + n(kNow - 60) + ",\"exp\":" + n(kNow - 120) + "}")
                                        << u"never_valid"_s << payload << QByteArray("\"exp\":") << QByteArray()
                                        << u"iat"_s;
        QTest::newRow("exp not after nbf")
            << hs("{\"nbf\":" + n(kNow + 60) + ",\"exp\":" + n(kNow + 60) + "}") << u"never_valid"_s << payload
            << QByteArray("\"exp\":") << QByteArray() << u"nbf"_s;
        QTest::newRow("expired") << hs("{\"exp\":" + n(kNow - 3600) + "}") << u"expired"_s << payload
                                 << QByteArray("\"exp\":") << QByteArray() << u"expired 1h ago"_s;
        QTest::newRow("not yet valid") << hs("{" + exp + ",\"nbf\":" + n(kNow + 120) + "}") << u"not_yet_valid"_s
                                       << payload << QByteArray("\"nbf\":") << QByteArray() << u"in 2m"_s;
        QTest::newRow("exp as a string") << hs("{\"exp\":\"tomorrow\"}") << u"numeric_date_malformed"_s << payload
                                         << QByteArray("\"exp\":\"tomorrow\"") << QByteArray() << u"\"exp\""_s;
        QTest::newRow("iat as an object") << hs("{" + exp + ",\"iat\":{}}") << u"numeric_date_malformed"_s << payload
                                          << QByteArray("\"iat\":{}") << QByteArray() << u"\"iat\""_s;
        QTest::newRow("aud as a number") << hs("{" + exp + ",\"aud\":42}") << u"aud_malformed"_s << payload
                                         << QByteArray("\"aud\":42") << QByteArray() << u"aud"_s;
        QTest::newRow("jku") << token("{\"alg\":\"HS256\",\"jku\":\"https://evil.example/jwks\"}", typical)
                             << u"header_jku"_s << header << QByteArray("\"jku\":\"https://evil.example/jwks\"")
                             << QByteArray() << u"https://evil.example/jwks"_s;
        QTest::newRow("x5u") << token("{\"alg\":\"HS256\",\"x5u\":\"https://evil.example/cert\"}", typical)
                             << u"header_x5u"_s << header << QByteArray("\"x5u\"") << QByteArray() << u"never used"_s;
        QTest::newRow("jwk") << token("{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}", typical)
                             << u"header_jwk"_s << header << QByteArray("\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}")
                             << QByteArray() << u"never used"_s;
        QTest::newRow("x5c") << token("{\"alg\":\"HS256\",\"x5c\":[\"MIIB\"]}", typical) << u"header_x5c"_s << header
                             << QByteArray("\"x5c\":[\"MIIB\"]") << QByteArray() << u"never used"_s;
        QTest::newRow("kid path traversal")
            << token("{\"alg\":\"HS256\",\"kid\":\"../../dev/null\"}", typical) << u"kid_suspicious"_s << header
            << QByteArray("\"kid\":\"../../dev/null\"") << QByteArray() << u"\"..\""_s;
        QTest::newRow("kid SQL") << token("{\"alg\":\"HS256\",\"kid\":\"k UNION SELECT 'x' AS k\"}", typical)
                                 << u"kid_suspicious"_s << header << QByteArray("\"kid\"") << QByteArray() << u"'"_s;
        QTest::newRow("kid SQL word alone")
            << token("{\"alg\":\"HS256\",\"kid\":\"1 union all select 2\"}", typical) << u"kid_suspicious"_s << header
            << QByteArray("\"kid\"") << QByteArray() << u"union"_s;
        QTest::newRow("kid NUL") << token("{\"alg\":\"HS256\",\"kid\":\"key\\u0000.pem\"}", typical)
                                 << u"kid_suspicious"_s << header << QByteArray("\"kid\"") << QByteArray()
                                 << u"U+0000"_s;
        QTest::newRow("kid backslash") << token("{\"alg\":\"HS256\",\"kid\":\"C:\\\\keys\"}", typical)
                                       << u"kid_suspicious"_s << header << QByteArray("\"kid\"") << QByteArray()
                                       << u"\\"_s;
        QTest::newRow("kid comment") << token("{\"alg\":\"HS256\",\"kid\":\"a;b--\"}", typical) << u"kid_suspicious"_s
                                     << header << QByteArray("\"kid\"") << QByteArray() << u";"_s;
        QTest::newRow("duplicate in header")
            << token("{\"alg\":\"HS256\",\"kid\":\"a\",\"kid\":\"b\"}", typical) << u"duplicate_member"_s << header
            << QByteArray("\"kid\"") << QByteArray() << u"header"_s;
        QTest::newRow("duplicate in payload")
            << hs("{\"role\":\"user\"," + exp + ",\"role\":\"admin\"}") << u"duplicate_member"_s << payload
            << QByteArray("\"role\"") << QByteArray() << u"\"role\""_s;
        QTest::newRow("email") << hs("{" + exp + ",\"email\":\"alice@example.com\"}") << u"personal_data"_s << payload
                               << QByteArray("\"email\":\"alice@example.com\"") << QByteArray() << u"\"email\""_s;
        QTest::newRow("address") << hs("{" + exp + ",\"address\":{\"country\":\"FR\"}}") << u"personal_data"_s
                                 << payload << QByteArray("\"address\":{\"country\":\"FR\"}") << QByteArray()
                                 << u"\"address\""_s;
        QTest::newRow("typ JWS") << token("{\"alg\":\"HS256\",\"typ\":\"JWS\"}", typical) << u"odd_typ"_s << header
                                 << QByteArray("\"typ\":\"JWS\"") << QByteArray() << u"JWS"_s;
        QTest::newRow("typ only a suffix") << token("{\"alg\":\"HS256\",\"typ\":\"+jwt\"}", typical) << u"odd_typ"_s
                                           << header << QByteArray("\"typ\":\"+jwt\"") << QByteArray() << u"+jwt"_s;
        QTest::newRow("typ a number") << token("{\"alg\":\"HS256\",\"typ\":1}", typical) << u"odd_typ"_s << header
                                      << QByteArray("\"typ\":1") << QByteArray() << u"not a string"_s;
        QTest::newRow("cty text/plain") << token("{\"alg\":\"HS256\",\"cty\":\"text/plain\"}", typical) << u"odd_cty"_s
                                        << header << QByteArray("\"cty\":\"text/plain\"") << QByteArray()
                                        << u"text/plain"_s;
        QTest::newRow("cty JWT over a JSON payload")
            << token("{\"alg\":\"HS256\",\"cty\":\"JWT\"}", typical) << u"odd_cty"_s << header
            << QByteArray("\"cty\":\"JWT\"") << QByteArray() << u"nested"_s;
        {
            const QByteArray padded = hs(typical) + "=";
            QTest::newRow("padded signature") << padded << u"non_canonical_base64url"_s << int(SegmentRole::Signature)
                                              << QByteArray() << QByteArray("=") << u"signature"_s;
            QByteArray bits = hs("{}");
            bits.replace(".e30.", ".e31.");
            QTest::newRow("unused bits in payload")
                << bits << u"non_canonical_base64url"_s << payload << QByteArray() << QByteArray("1") << u"'1'"_s;
        }
        QTest::newRow("text payload") << hs("hello") << u"payload_not_json"_s << payload << QByteArray("hello")
                                      << QByteArray() << u"not JSON"_s;
        QTest::newRow("array payload") << hs("[1,2]") << u"payload_not_json"_s << payload << QByteArray("[1,2]")
                                       << QByteArray() << u"not an object"_s;
        QTest::newRow("crit with an extension")
            << token("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", typical) << u"unknown_crit"_s << header
            << QByteArray("\"crit\":[\"b64\"]") << QByteArray() << u"b64"_s;
        QTest::newRow("crit empty") << token("{\"alg\":\"HS256\",\"crit\":[]}", typical) << u"crit_malformed"_s
                                    << header << QByteArray("\"crit\":[]") << QByteArray() << u"non-empty"_s;
        QTest::newRow("crit registered") << token("{\"alg\":\"HS256\",\"crit\":[\"alg\"]}", typical)
                                         << u"crit_malformed"_s << header << QByteArray("\"crit\"") << QByteArray()
                                         << u"registered"_s;
        QTest::newRow("crit absent name")
            << token("{\"alg\":\"HS256\",\"crit\":[\"x-y\"]}", typical) << u"crit_malformed"_s << header
            << QByteArray("\"crit\"") << QByteArray() << u"not in the header"_s;
        QTest::newRow("JWE") << (Base64Url::encode("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}") + "..AAAA.AAAA.AAAA")
                             << u"jwe_opaque"_s << header << QByteArray("\"enc\"") << QByteArray() << u"A128GCM"_s;
        QTest::newRow("at+jwt without aud")
            << token("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", typical) << u"at_jwt_missing_claim"_s << payload
            << QByteArray("\"sub\"") << QByteArray() << u"iss, aud, client_id, jti"_s;
    }
    void reachesFinding()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, id);
        QFETCH(int, role);
        QFETCH(QByteArray, decoded);
        QFETCH(QByteArray, characters);
        QFETCH(QString, messageContains);

        const DecodedToken parsed = test::decoded(token);
        const Findings findings = FindingsCatalogue::analyzeToken(parsed, kNow);
        const auto found = std::find_if(findings.begin(), findings.end(),
                                        [&id](const Finding &finding) { return finding.id == id; });
        QStringList all;
        for (const Finding &finding : findings)
            all << finding.id + u": "_s + finding.message;
        QVERIFY2(found != findings.end(), qPrintable(all.join(u" | ")));
        m_reached.insert(id);

        const FindingsCatalogue::Entry *entry = FindingsCatalogue::entry(id);
        QVERIFY(entry);
        QCOMPARE(found->severity, entry->severity);
        QVERIFY2(found->message.contains(messageContains), qPrintable(found->message));

        // The span is a run of the token text inside the right segment.
        QVERIFY(!found->span.isEmpty());
        const Span segmentSpan = parsed.segment(SegmentRole(role)).span;
        QVERIFY2(found->span.start >= segmentSpan.start && found->span.end() <= segmentSpan.end(),
                 qPrintable(QStringLiteral("span %1+%2 outside segment %3+%4")
                                .arg(found->span.start)
                                .arg(found->span.length)
                                .arg(segmentSpan.start)
                                .arg(segmentSpan.length)));
        if (!characters.isEmpty())
            QCOMPARE(token.mid(found->span.start, found->span.length), characters);
        if (!decoded.isEmpty()) {
            const Span bytes = parsed.decodedSpan(SegmentRole(role), found->span);
            const QByteArray under = parsed.segment(SegmentRole(role)).bytes.mid(bytes.start, bytes.length);
            QVERIFY2(under.contains(decoded), under.constData());
            // and tightly where the finding is about one whole member: at most the two neighbouring bytes more.
            static const QStringList memberFindings {
                u"alg_none"_s,      u"header_jku"_s, u"header_jwk"_s, u"header_x5c"_s,   u"personal_data"_s,
                u"aud_malformed"_s, u"odd_cty"_s,    u"odd_typ"_s,    u"unknown_crit"_s, u"numeric_date_malformed"_s};
            if (memberFindings.contains(id))
                QVERIFY2(under.size() <= decoded.size() + 4, under.constData());
        }
    }

    void quietTokensHaveNoFindings_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("payload");
        const QByteArray claims = "{\"iss\":\"https://issuer.example\",\"sub\":\"u1\",\"aud\":[\"a\",\"b\"],\"exp\":"
            + n(kNow + 900) + ",\"iat\":" + n(kNow - 60) + ",\"jti\":\"j1\",\"client_id\":\"c\"}";
        QTest::newRow("plain JWT") << QByteArray("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"2024-rotation_1\"}")
                                   << claims;
        QTest::newRow("application/at+JWT")
            << QByteArray("{\"alg\":\"HS256\",\"typ\":\"application/at+JWT\"}") << claims;
        QTest::newRow("explicit typing with +jwt (RFC 8725 §3.11)")
            << QByteArray("{\"alg\":\"HS256\",\"typ\":\"example+jwt\"}") << claims;
        QTest::newRow("explicit typing with +sd-jwt (RFC 9901)")
            << QByteArray("{\"alg\":\"HS256\",\"typ\":\"application/example+sd-jwt\"}") << claims;
        QTest::newRow("aud as a string") << QByteArray("{\"alg\":\"HS256\"}")
                                         << QByteArray("{\"aud\":\"x\",\"exp\":" + n(kNow + 60) + "}");
        QTest::newRow("kid with a dot and an email")
            << QByteArray("{\"alg\":\"HS256\",\"kid\":\"bilbo.baggins@hobbiton.example\"}") << claims;
        QTest::newRow("kid with the word selector")
            << QByteArray("{\"alg\":\"HS256\",\"kid\":\"selector-2\"}") << claims;
        QTest::newRow("fractional dates") << QByteArray("{\"alg\":\"HS256\"}")
                                          << QByteArray("{\"exp\":" + n(kNow + 60) + ".25,\"iat\":" + n(kNow) + ".5}");
    }
    void quietTokensHaveNoFindings()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, payload);
        const Findings findings = FindingsCatalogue::analyzeToken(decoded(token(header, payload)), kNow);
        QStringList all;
        for (const Finding &finding : findings)
            all << finding.id + u": "_s + finding.message;
        QVERIFY2(findings.isEmpty(), qPrintable(all.join(u" | ")));
    }

    void duplicateMembersGiveOneFindingEach()
    {
        const QByteArray text = hs("{\"a\":1,\"a\":2,\"a\":3,\"exp\":" + n(kNow + 60) + "}");
        const Findings findings = FindingsCatalogue::analyzeToken(decoded(text), kNow);
        const auto count = std::count_if(findings.begin(), findings.end(),
                                         [](const Finding &finding) { return finding.id == u"duplicate_member"; });
        QCOMPARE(count, 2);
    }

    void personalDataGivesOneFindingPerClaim()
    {
        const QByteArray text
            = hs("{\"exp\":" + n(kNow + 60)
                 + ",\"email\":\"a@b.c\",\"phone_number\":\"+1\",\"birthdate\":\"2000\",\"nickname\":\"z\"}");
        const Findings findings = FindingsCatalogue::analyzeToken(decoded(text), kNow);
        QStringList spans;
        for (const Finding &finding : findings) {
            if (finding.id == u"personal_data")
                spans << QString::number(finding.span.start);
        }
        QCOMPARE(spans.size(), 4);
        QCOMPARE(QSet<QString>(spans.begin(), spans.end()).size(), 4);
    }

    void analyzeKey_data()
    {
        QTest::addColumn<Key>("key");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QStringList>("ids");

        const auto secret = [](QByteArrayView bytes) {
            return KeyParser::secretKey(bytes, u"test"_s);
        };
        QTest::newRow("jwt.io sample secret") << secret("your-256-bit-secret") << QString()
                                              << QStringList {u"hmac_secret_weak"_s, u"hmac_secret_short"_s};
        QTest::newRow("secret") << secret("secret") << u"HS256"_s
                                << QStringList {u"hmac_secret_weak"_s, u"hmac_secret_short"_s};
        QTest::newRow("Secret is not secret (case-sensitive list has both)")
            << secret("SECRET") << QString() << QStringList {u"hmac_secret_weak"_s, u"hmac_secret_short"_s};
        QTest::newRow("long tutorial secret from the built-in list")
            << secret("anyRandomSecretKeyWhichWillBeUsedToEncodeTheTokenValue") << u"HS256"_s
            << QStringList {u"hmac_secret_weak"_s};
        QTest::newRow("blank secret") << secret("    ") << QString()
                                      << QStringList {u"hmac_secret_weak"_s, u"hmac_secret_short"_s};
        QTest::newRow("31 random bytes") << secret("q8Zr1vT4mN0pXy7Lk2Jd9Hs6Gf3Ba5W") << QString()
                                         << QStringList {u"hmac_secret_short"_s};
        QTest::newRow("32 random bytes for HS256")
            << secret("q8Zr1vT4mN0pXy7Lk2Jd9Hs6Gf3Ba5Wc") << u"HS256"_s << QStringList {};
        QTest::newRow("32 random bytes for HS512")
            << secret("q8Zr1vT4mN0pXy7Lk2Jd9Hs6Gf3Ba5Wc") << u"HS512"_s << QStringList {u"hmac_secret_short"_s};
        QTest::newRow("generated HS384") << generatedKey(Algorithm::HS384, {}) << u"HS384"_s << QStringList {};
        const KeyParseResult small = KeyParser::parsePem(kRsa1024, u"test"_s);
        QTest::newRow("RSA 1024") << (small ? small.keys.first() : Key()) << QString()
                                  << QStringList {u"rsa_key_small"_s};
        QTest::newRow("EC P-256") << generatedKey(Algorithm::ES256, {}).publicKey() << QString() << QStringList {};
        QTest::newRow("null key") << Key() << QString() << QStringList {};
    }
    void analyzeKey()
    {
        QFETCH(Key, key);
        QFETCH(QString, algorithm);
        QFETCH(QStringList, ids);
        if (ids.contains(u"rsa_key_small"_s) && key.isNull())
            QSKIP("the key parser refuses 1024-bit RSA keys");
        const Findings findings = FindingsCatalogue::analyzeKey(key, Algorithms::fromName(algorithm));
        QStringList actual;
        for (const Finding &finding : findings) {
            actual << finding.id;
            m_reached.insert(finding.id);
            QVERIFY(finding.span.isEmpty());
            QVERIFY(!finding.message.isEmpty());
            QCOMPARE(finding.severity, FindingsCatalogue::entry(finding.id)->severity);
        }
        std::sort(actual.begin(), actual.end());
        std::sort(ids.begin(), ids.end());
        QCOMPARE(actual, ids);
    }

    void verifierAddsClaimsNotChecked()
    {
        VerificationPolicy policy;
        policy.payloadKind = VerificationPolicy::PayloadKind::Any;
        const VerificationResult result = TokenVerifier::verify(hs("not claims"), {m_secret}, policy);
        QVERIFY(result.isValid());
        QCOMPARE(result.findings.size(), 1);
        QCOMPARE(result.findings[0].id, u"claims_not_checked"_s);
        m_reached.insert(result.findings[0].id);
    }

    void extractionNotesDroppedCharacters()
    {
        const QList<ExtractedToken> clean = TokenExtractor::extract(QString::fromLatin1(hs("{}")));
        QCOMPARE(clean.size(), 1);
        QVERIFY(FindingsCatalogue::analyzeExtraction(clean.first()).isEmpty());
        const QList<ExtractedToken> stuck = TokenExtractor::extract(QString::fromLatin1(hs("{}") + '?'));
        QCOMPARE(stuck.size(), 1);
        const Findings findings = FindingsCatalogue::analyzeExtraction(stuck.first());
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings[0].id, u"dropped_characters"_s);
        QVERIFY2(findings[0].message.contains(u"?"_s), qPrintable(findings[0].message));
        m_reached.insert(findings[0].id);
    }

    // ---- Proof of possession and token binding: every failed binding check is a catalogue finding with its reason
    // as id. Each row is pasted text that breaks some rules; the binding tests (tests/binding) check each rule alone.
    void bindingReasonsAreCatalogueFindings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("ids");
        const Key proofKey = generatedKey(Algorithm::ES256, QString());
        const Key otherKey = generatedKey(Algorithm::ES256, QString());
        const QByteArray accessToken = signedToken(
            "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}",
            "{\"iss\":\"https://as.example\",\"sub\":\"alice\",\"client_id\":\"app\"}", m_secret, Algorithm::HS256);
        const QByteArray claims = "{\"htm\":\"POST\",\"htu\":\"https://as.example/other\",\"ath\":\"x\"}";
        const auto proof = [&](const QByteArray &header, const Key &signer) {
            return QString::fromLatin1(signedToken(header, claims, signer, Algorithm::ES256));
        };
        const QString request = QStringLiteral("curl -H 'Authorization: %1 %2' -H 'DPoP: %3' https://as.example/token");
        QTest::newRow("private key, wrong typ, request mismatches") << request.arg(
            u"DPoP"_s, QString::fromLatin1(accessToken),
            proof("{\"typ\":\"JWT\",\"alg\":\"ES256\",\"jwk\":" + proofKey.toJwk(Key::Export::IncludePrivate) + '}',
                  proofKey)) << QStringList {u"dpop_typ_wrong"_s,          u"dpop_jwk_private"_s,
                                             u"dpop_htm_mismatch"_s,       u"dpop_htu_mismatch"_s,
                                             u"dpop_iat_outside_window"_s, u"dpop_jti_missing"_s,
                                             u"dpop_ath_mismatch"_s,       u"dpop_jkt_mismatch"_s};
        QTest::newRow("signed by another key, sent as Bearer, twice")
            << request.arg(u"Bearer"_s, QString::fromLatin1(accessToken),
                           proof("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + proofKey.toJwk() + '}', otherKey))
                + u" -H 'DPoP: x.y.z'"_s
            << QStringList {u"dpop_malformed"_s,    u"dpop_bearer_scheme"_s, u"dpop_signature_invalid"_s,
                            u"dpop_htm_mismatch"_s, u"dpop_htu_mismatch"_s,  u"dpop_iat_outside_window"_s,
                            u"dpop_jti_missing"_s,  u"dpop_ath_mismatch"_s,  u"dpop_jkt_mismatch"_s};
        QTest::newRow("symmetric alg, no key") << QString::fromLatin1(
            signedToken("{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\"}", claims, m_secret, Algorithm::HS256))
                                               << QStringList {u"dpop_alg_unusable"_s, u"dpop_jwk_missing"_s,
                                                               u"dpop_iat_outside_window"_s, u"dpop_jti_missing"_s};
        const QByteArray mismatched
            = signedToken("{\"alg\":\"HS256\"}",
                          "{\"iss\":\"https://other.example\",\"sub\":\"bob\",\"aud\":\"someone\",\"nonce\":\"n-0\","
                          "\"at_hash\":\"AAAA\",\"c_hash\":\"AAAA\",\"s_hash\":\"AAAA\"}",
                          m_secret, Algorithm::HS256);
        QTest::newRow("token response of mixed-up tokens")
            << u"{\"access_token\":\"%1\",\"id_token\":\"%2\"}"_s.arg(QString::fromLatin1(accessToken),
                                                                      QString::fromLatin1(mismatched))
            << QStringList {u"at_hash_mismatch"_s, u"id_token_nonce_mismatch"_s, u"token_response_iss_mismatch"_s,
                            u"token_response_sub_mismatch"_s, u"token_response_client_mismatch"_s};
        QTest::newRow("redirect with swapped code and state")
            << u"https://app.example/cb#code=c&state=s&id_token=%1"_s.arg(QString::fromLatin1(mismatched))
            << QStringList {u"c_hash_mismatch"_s, u"s_hash_mismatch"_s, u"id_token_nonce_mismatch"_s};
    }
    void bindingReasonsAreCatalogueFindings()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, ids);
        const FixedClock clock(kNow);
        BundleOptions options;
        options.dpop.clock = &clock;
        options.oidcNonce = u"n-1"_s;
        const Findings findings = Binding::findings(BundleChecks::check(TokenBundleReader::read(text), options).checks);
        QStringList found;
        for (const Finding &finding : findings) {
            QVERIFY2(FindingsCatalogue::entry(finding.id), qPrintable(finding.id));
            QCOMPARE(finding.severity, FindingsCatalogue::entry(finding.id)->severity);
            QVERIFY(!finding.message.isEmpty());
            found << finding.id;
            m_reached.insert(finding.id);
        }
        QCOMPARE(found, ids);
    }

    void bindingNonceAndAnUnknownIdStayInfo()
    {
        // A nonce the server asked for (dpop_nonce_mismatch); an id the catalogue lacks never crashes make().
        const FixedClock clock(kNow);
        DpopExpectation expectation;
        expectation.clock = &clock;
        expectation.nonce = u"server-nonce"_s;
        const Key proofKey = generatedKey(Algorithm::ES256, QString());
        const QByteArray proof
            = signedToken("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + proofKey.toJwk() + '}',
                          "{\"jti\":\"1\",\"htm\":\"GET\",\"htu\":\"https://rs.example/\",\"iat\":" + n(kNow) + '}',
                          proofKey, Algorithm::ES256);
        const Findings findings = Binding::findings(DpopVerifier::verify(decoded(proof), expectation).checks);
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().id, u"dpop_nonce_mismatch"_s);
        m_reached.insert(findings.first().id);
        QCOMPARE(FindingsCatalogue::make(u"no_such_finding", u"x"_s).severity, Finding::Severity::Info);
    }
    // ---- end of the proof-of-possession and token-binding block

    // Runs last: the rows above together reach every id in the catalogue.
    void everyCatalogueEntryIsReached()
    {
        if (m_reached.isEmpty())
            QSKIP("run the whole test case to check coverage");
        // What attackers try has a suite of its own (tst_attackfindings).
        static const QSet<QString> elsewhere {u"ecdsa_signature_out_of_range"_s, u"hmac_empty_secret"_s,
                                              u"hmac_secret_guessed"_s,          u"hmac_secret_search_capped"_s,
                                              u"hmac_key_confusion"_s,           u"key_url_foreign_host"_s};
        QStringList missing;
        for (const FindingsCatalogue::Entry &entry : FindingsCatalogue::entries()) {
            // The SD-JWT findings need an SD-JWT: tst_sdjwt reaches each of them (everySdFindingIsReached).
            if (entry.id.startsWith(u"sd_"))
                continue;
            if (!m_reached.contains(entry.id) && !elsewhere.contains(entry.id))
                missing << entry.id;
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", ")));
    }
};

QTEST_GUILESS_MAIN(TestFindings)
#include "tst_findings.moc"
