// Signing a header and payload into a compact JWS (RFC 7515 §5.1), as `tokenscope-cli sign` and the GUI's re-sign
// do: every algorithm, "alg" and "kid" set in place, and clear refusals for keys that cannot sign.

#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "crypto/Signature.h"
#include "jose/Base64Url.h"
#include "jose/Json.h"
#include "verify/TokenSigner.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

Q_DECLARE_METATYPE(tokenscope::Algorithm)

namespace {

JsonValue parsed(QByteArrayView json)
{
    JsonParseResult result = Json::parse(json);
    Q_ASSERT(result);
    return *result.value;
}

QStringList memberNames(const JsonValue &object)
{
    QStringList names;
    for (const JsonMember &member : object.members)
        names << member.name;
    return names;
}

// The header of a compact token, parsed back.
JsonValue headerOf(const QByteArray &token)
{
    return parsed(Base64Url::decode(token.left(token.indexOf('.'))).bytes);
}

} // namespace

class TestTokenSigner : public QObject
{
    Q_OBJECT

private slots:
    void signsWithEveryAlgorithm_data();
    void signsWithEveryAlgorithm();
    void keepsTheHeadersKidWhenAsked();
    void refusesWhatCannotSign();
    void membersKeepTheirOrder();
};

void TestTokenSigner::signsWithEveryAlgorithm_data()
{
    QTest::addColumn<Algorithm>("algorithm");
    for (const Algorithm algorithm : Algorithms::all())
        QTest::newRow(qPrintable(Algorithms::name(algorithm))) << algorithm;
}

void TestTokenSigner::signsWithEveryAlgorithm()
{
    QFETCH(Algorithm, algorithm);
    const KeyGenerationResult generated = KeyGenerator::generate(algorithm);
    QVERIFY2(generated, qPrintable(generated.error));

    // "alg" is replaced where it stands, so the header reads like the one it came from.
    const JsonValue header = parsed(R"({"typ":"JWT","alg":"none","cty":"x"})");
    const JsonValue payload = parsed(R"({"sub":"alice","n":1.50})");
    const SignedToken signedToken = TokenSigner::sign(header, payload, algorithm, generated.key);
    QVERIFY2(signedToken, qPrintable(signedToken.error));
    QCOMPARE(signedToken.token.count('.'), 2);

    const JsonValue written = headerOf(signedToken.token);
    const bool symmetric = Algorithms::family(algorithm) == KeyFamily::Hmac;
    QCOMPARE(memberNames(written), (QStringList {u"typ"_s, u"alg"_s, u"cty"_s, u"kid"_s}));
    QCOMPARE(written.value(u"alg"_s)->string, Algorithms::name(algorithm));
    QCOMPARE(written.value(u"kid"_s)->string, generated.key.kid());

    // The payload keeps its number lexeme, and the signature verifies over the exact signing input.
    const QByteArray signingInput = signedToken.token.left(signedToken.token.lastIndexOf('.'));
    QCOMPARE(Base64Url::decode(signingInput.mid(signingInput.indexOf('.') + 1)).bytes,
             QByteArray(R"({"sub":"alice","n":1.50})"));
    const QByteArray signature = Base64Url::decode(signedToken.token.mid(signedToken.token.lastIndexOf('.') + 1)).bytes;
    const Key verifier = symmetric ? generated.key : generated.key.publicKey();
    QVERIFY(Signature::verify(algorithm, verifier, signingInput, signature));
    QByteArray tampered = signingInput;
    tampered[tampered.size() - 1] = tampered.back() == 'A' ? 'B' : 'A';
    QVERIFY(!Signature::verify(algorithm, verifier, tampered, signature));
}

void TestTokenSigner::keepsTheHeadersKidWhenAsked()
{
    const KeyGenerationResult generated = KeyGenerator::generate(Algorithm::ES256, u"key-from-jwk"_s);
    QVERIFY(generated);
    const JsonValue payload = parsed(R"({"sub":"alice"})");

    const SignedToken kept = TokenSigner::sign(parsed(R"({"kid":"as-written"})"), payload, Algorithm::ES256,
                                               generated.key, TokenSigner::KeyIdChoice::KeepHeader);
    QVERIFY2(kept, qPrintable(kept.error));
    QCOMPARE(headerOf(kept.token).value(u"kid"_s)->string, u"as-written"_s);

    const SignedToken fromKey
        = TokenSigner::sign(parsed(R"({"kid":"as-written"})"), payload, Algorithm::ES256, generated.key);
    QVERIFY2(fromKey, qPrintable(fromKey.error));
    QCOMPARE(headerOf(fromKey.token).value(u"kid"_s)->string, u"key-from-jwk"_s);

    // A PEM key has no kid of its own: it is named by its RFC 7638 thumbprint, so a JWKS made from it finds it.
    const KeyParseResult fromPem = KeyParser::parsePem(generated.key.toPem(Key::Export::IncludePrivate), u"pem"_s);
    QVERIFY2(fromPem, qPrintable(fromPem.error));
    const Key &pemKey = fromPem.keys.first();
    QVERIFY(pemKey.kid().isEmpty());
    const SignedToken thumbprinted
        = TokenSigner::sign(parsed(R"({"kid":"as-written"})"), payload, Algorithm::ES256, pemKey);
    QVERIFY2(thumbprinted, qPrintable(thumbprinted.error));
    QCOMPARE(headerOf(thumbprinted.token).value(u"kid"_s)->string, pemKey.thumbprint());

    // A secret without a kid gets none by default (its thumbprint would be a hash of the secret); a stale one in
    // the header is removed rather than left to name a key it no longer matches.
    const Key secret = KeyParser::secretKey("a secret the user typed, long enough for HS256", u"--secret"_s);
    QVERIFY(secret.kid().isEmpty());
    const SignedToken hmac = TokenSigner::sign(parsed(R"({"kid":"old"})"), payload, Algorithm::HS256, secret);
    QVERIFY2(hmac, qPrintable(hmac.error));
    QVERIFY(!headerOf(hmac.token).value(u"kid"_s));
}

void TestTokenSigner::refusesWhatCannotSign()
{
    const KeyGenerationResult rsa = KeyGenerator::generate(Algorithm::RS256);
    QVERIFY(rsa);
    const JsonValue payload = parsed(R"({"sub":"alice"})");
    const JsonValue header = parsed(R"({"typ":"JWT"})");

    const SignedToken notAnObject = TokenSigner::sign(parsed("[1]"), payload, Algorithm::RS256, rsa.key);
    QVERIFY(!notAnObject);
    QVERIFY(notAnObject.token.isEmpty());
    QVERIFY2(notAnObject.error.contains(u"JSON object"_s), qPrintable(notAnObject.error));

    const SignedToken noKey = TokenSigner::sign(header, payload, Algorithm::RS256, Key());
    QVERIFY(!noKey);
    QVERIFY2(noKey.error.contains(u"no signing key"_s), qPrintable(noKey.error));

    const SignedToken publicOnly = TokenSigner::sign(header, payload, Algorithm::RS256, rsa.key.publicKey());
    QVERIFY(!publicOnly);
    QVERIFY2(publicOnly.error.contains(u"public only"_s), qPrintable(publicOnly.error));

    const SignedToken wrongFamily = TokenSigner::sign(header, payload, Algorithm::ES256, rsa.key);
    QVERIFY(!wrongFamily);
    QVERIFY2(wrongFamily.error.contains(u"cannot sign ES256"_s), qPrintable(wrongFamily.error));
}

void TestTokenSigner::membersKeepTheirOrder()
{
    JsonValue object = parsed(R"({"a":1,"b":2,"c":3})");
    TokenSigner::setMember(object, u"b"_s, JsonValue::makeString(u"two"_s));
    TokenSigner::setMember(object, u"d"_s, JsonValue::makeString(u"four"_s));
    QCOMPARE(memberNames(object), (QStringList {u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
    QCOMPARE(object.value(u"b"_s)->string, u"two"_s);
    TokenSigner::removeMember(object, u"a"_s);
    TokenSigner::removeMember(object, u"absent"_s);
    QCOMPARE(memberNames(object), (QStringList {u"b"_s, u"c"_s, u"d"_s}));
}

QTEST_GUILESS_MAIN(TestTokenSigner)
#include "tst_tokensigner.moc"
