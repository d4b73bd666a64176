// SD-JWT (RFC 9901): parsing, digests, the processed claims, key binding and the sd_* findings, over the RFC's own
// examples (tests/data/sdjwt, see its README) and inputs crafted to break each rule.

#include "VerifyTestSupport.h"
#include "crypto/NamedHash.h"
#include "jose/SdJwt.h"
#include "jose/TokenExtractor.h"
#include "verify/Findings.h"
#include "verify/SdJwtVerifier.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

namespace {

constexpr qint64 kRfcKeyBindingIat = 1748537244; // RFC 9901 §5.2
const QString kRfcNonce = QStringLiteral("1234567890");
const QString kRfcAudience = QStringLiteral("https://verifier.example.org");

QByteArray dataFile(const QString &name)
{
    return readFile(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/sdjwt/") + name).trimmed();
}

SdJwt parsed(QByteArrayView text)
{
    SdJwtParseResult result = SdJwtParser::parse(text);
    if (!result)
        qFatal("test SD-JWT does not parse: %s", qPrintable(result.error.message));
    return std::move(*result.sdJwt);
}

Key rfcKey(const QString &file)
{
    const KeyParseResult keys = KeyParser::parse(dataFile(file), file);
    if (!keys)
        qFatal("test key does not parse: %s", qPrintable(keys.error));
    return keys.keys.first();
}

QJsonDocument asQt(const JsonValue &value)
{
    return QJsonDocument::fromJson(Json::write(value, Json::Style::Compact));
}

QByteArray disclosure(QByteArrayView json)
{
    return Base64Url::encode(json);
}

QByteArray digestOf(QByteArrayView encodedDisclosure, const QString &algorithm = QStringLiteral("sha-256"))
{
    return Base64Url::encode(*NamedHash::digest(algorithm, encodedDisclosure));
}

// A key-binding JWT for `presentation` (which ends in '~'), signed with the RFC's holder key.
QByteArray keyBindingJwt(const QByteArray &presentation, QByteArrayView header, const QString &nonce, qint64 iat,
                         const Key &signer)
{
    const QByteArray sdHash = digestOf(presentation);
    const QByteArray payload = R"({"nonce":")" + nonce.toUtf8() + R"(","aud":"https://verifier.example.org","iat":)"
        + QByteArray::number(iat) + R"(,"sd_hash":")" + sdHash + R"("})";
    return signedToken(header, payload, signer, Algorithm::ES256);
}

QStringList findingIds(const Findings &findings)
{
    QStringList ids;
    for (const Finding &finding : findings)
        ids << finding.id;
    return ids;
}

KeyBindingPolicy keyBindingAt(const FixedClock &clock)
{
    KeyBindingPolicy policy;
    policy.clock = &clock;
    policy.expectedNonce = kRfcNonce;
    policy.expectedAudience = kRfcAudience;
    return policy;
}

} // namespace

class TestSdJwt : public QObject
{
    Q_OBJECT

private slots:
    void disclosuresHaveTheRfcDigests_data();
    void disclosuresHaveTheRfcDigests();
    void reconstructsTheRfcProcessedPayload_data();
    void reconstructsTheRfcProcessedPayload();
    void keepsTheRfcMemberOrderOfTheProcessedPayload();
    void issuerSignatureOfEveryRfcExampleVerifies_data();
    void issuerSignatureOfEveryRfcExampleVerifies();
    void computesTheRfcSdHash();
    void keyBindingVerdicts_data();
    void keyBindingVerdicts();
    void findingsFireOnCraftedInputs_data();
    void findingsFireOnCraftedInputs();
    void everySdFindingIsCatalogued();
    void rejectedDisclosuresFailVerification();
    void badDisclosuresAreNamedByPosition_data();
    void badDisclosuresAreNamedByPosition();
    void deeplyNestedDisclosuresStopAtTheLimit();
    void extractsAWholeSdJwtFromPastedText_data();
    void extractsAWholeSdJwtFromPastedText();
    void namesHashStrength_data();
    void namesHashStrength();
    void everySdFindingIsReached();

private:
    QSet<QString> m_reached; // sd_* findings the rows above produced
};

void TestSdJwt::disclosuresHaveTheRfcDigests_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QString>("salt");
    QTest::addColumn<QString>("claimName"); // empty: an array element
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("digest");

    // RFC 9901 §5.1, "The respective Disclosures, created by the Issuer".
    QTest::newRow("given_name") << QByteArray("WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgImdpdmVuX25hbWUiLCAiSm9obiJd")
                                << u"2GLC42sKQveCfGfryNRN9w"_qs << u"given_name"_qs << QByteArray(R"("John")")
                                << QByteArray("jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4");
    QTest::newRow("family_name") << QByteArray("WyJlbHVWNU9nM2dTTklJOEVZbnN4QV9BIiwgImZhbWlseV9uYW1lIiwgIkRvZSJd")
                                 << u"eluV5Og3gSNII8EYnsxA_A"_qs << u"family_name"_qs << QByteArray(R"("Doe")")
                                 << QByteArray("TGf4oLbgwd5JQaHyKVQZU9UdGE0w5rtDsrZzfUaomLo");
    QTest::newRow("email") << QByteArray(
        "WyI2SWo3dE0tYTVpVlBHYm9TNXRtdlZBIiwgImVtYWlsIiwgImpvaG5kb2VAZXhhbXBsZS5jb20iXQ")
                           << u"6Ij7tM-a5iVPGboS5tmvVA"_qs << u"email"_qs << QByteArray(R"("johndoe@example.com")")
                           << QByteArray("JzYjH4svliH0R3PyEMfeZu6Jt69u5qehZo7F7EPYlSE");
    QTest::newRow("phone_number") << QByteArray(
        "WyJlSThaV205UW5LUHBOUGVOZW5IZGhRIiwgInBob25lX251bWJlciIsICIrMS0yMDItNTU1LTAxMDEiXQ")
                                  << u"eI8ZWm9QnKPpNPeNenHdhQ"_qs << u"phone_number"_qs
                                  << QByteArray(R"("+1-202-555-0101")")
                                  << QByteArray("PorFbpKuVu6xymJagvkFsFXAbRoc2JGlAUA2BA4o7cI");
    QTest::newRow("phone_number_verified")
        << QByteArray("WyJRZ19PNjR6cUF4ZTQxMmExMDhpcm9BIiwgInBob25lX251bWJlcl92ZXJpZmllZCIsIHRydWVd")
        << u"Qg_O64zqAxe412a108iroA"_qs << u"phone_number_verified"_qs << QByteArray("true")
        << QByteArray("XQ_3kPKt1XyX7KANkqVR6yZ2Va5NrPIvPYbyMvRKBMM");
    QTest::newRow("address")
        << QByteArray("WyJBSngtMDk1VlBycFR0TjRRTU9xUk9BIiwgImFkZHJlc3MiLCB7InN0cmVldF9hZGRyZXNzIjogIjEyMyBNYWluIFN0Ii"
                      "wgImxvY2FsaXR5IjogIkFueXRvd24iLCAicmVnaW9uIjogIkFueXN0YXRlIiwgImNvdW50cnkiOiAiVVMifV0")
        << u"AJx-095VPrpTtN4QMOqROA"_qs << u"address"_qs
        << QByteArray(R"({"street_address":"123 Main St","locality":"Anytown","region":"Anystate","country":"US"})")
        << QByteArray("XzFrzwscM6Gn6CJDc6vVK8BkMnfG8vOSKfpPIZdAfdE");
    QTest::newRow("birthdate") << QByteArray("WyJQYzMzSk0yTGNoY1VfbEhnZ3ZfdWZRIiwgImJpcnRoZGF0ZSIsICIxOTQwLTAxLTAxIl0")
                               << u"Pc33JM2LchcU_lHggv_ufQ"_qs << u"birthdate"_qs << QByteArray(R"("1940-01-01")")
                               << QByteArray("gbOsI4Edq2x2Kw-w5wPEzakob9hV1cRD0ATN3oQL9JM");
    QTest::newRow("updated_at") << QByteArray("WyJHMDJOU3JRZmpGWFE3SW8wOXN5YWpBIiwgInVwZGF0ZWRfYXQiLCAxNTcwMDAwMDAwXQ")
                                << u"G02NSrQfjFXQ7Io09syajA"_qs << u"updated_at"_qs << QByteArray("1570000000")
                                << QByteArray("CrQe7S5kqBAHt-nMYXgc6bdt2SH5aTY1sU_M-PgkjPI");
    QTest::newRow("nationality US") << QByteArray("WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIlVTIl0")
                                    << u"lklxF5jMYlGTPUovMNIvCA"_qs << QString() << QByteArray(R"("US")")
                                    << QByteArray("pFndjkZ_VCzmyTa6UjlZo3dh-ko8aIKQc9DlGzhaVYo");
    QTest::newRow("nationality DE") << QByteArray("WyJuUHVvUW5rUkZxM0JJZUFtN0FuWEZBIiwgIkRFIl0")
                                    << u"nPuoQnkRFq3BIeAm7AnXFA"_qs << QString() << QByteArray(R"("DE")")
                                    << QByteArray("7Cf6JkPudry3lcbwHgeZ8khAv1U1OSlerP0VkBJrWZ0");
}

void TestSdJwt::disclosuresHaveTheRfcDigests()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QString, salt);
    QFETCH(QString, claimName);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, digest);

    const SdJwt sdJwt = parsed(dataFile(QStringLiteral("rfc9901-5.1-issuance.txt")));
    QCOMPARE(sdJwt.disclosures.size(), size_t(10));
    const SdJwtClaims claims = SdJwtReconstruction::reconstruct(sdJwt);
    QVERIFY2(claims.isValid(), qPrintable(claims.problems.value(0).message));
    for (size_t index = 0; index < sdJwt.disclosures.size(); ++index) {
        const Disclosure &found = sdJwt.disclosures[index];
        if (found.encoded != encoded)
            continue;
        QCOMPARE(found.salt, salt);
        QCOMPARE(found.claimName.value_or(QString()), claimName);
        QCOMPARE(found.isArrayElement(), claimName.isEmpty());
        QCOMPARE(Json::write(found.value, Json::Style::Compact), value);
        QCOMPARE(claims.matches[index].digest, digest);
        QVERIFY(claims.matches[index].referenced);
        return;
    }
    QFAIL("the RFC's Disclosure is not among those parsed");
}

void TestSdJwt::reconstructsTheRfcProcessedPayload_data()
{
    QTest::addColumn<QString>("sdJwtFile");
    QTest::addColumn<QString>("processedFile");
    QTest::addColumn<int>("undisclosed");

    // Undisclosed counts: the digests each example's payload holds that none of its Disclosures answers.
    QTest::newRow("§5.2 presentation") << u"rfc9901-5.2-presentation.txt"_qs << u"rfc9901-5.2-processed.json"_qs << 6;
    QTest::newRow("A.1 structured") << u"rfc9901-a1-structured.txt"_qs << u"rfc9901-a1-processed.json"_qs << 14;
    QTest::newRow("A.2 complex, recursive") << u"rfc9901-a2-complex.txt"_qs << u"rfc9901-a2-processed.json"_qs << 10;
    QTest::newRow("A.3 SD-JWT VC") << u"rfc9901-a3-sd-jwt-vc.txt"_qs << u"rfc9901-a3-processed.json"_qs << 0;
}

void TestSdJwt::reconstructsTheRfcProcessedPayload()
{
    QFETCH(QString, sdJwtFile);
    QFETCH(QString, processedFile);
    QFETCH(int, undisclosed);

    const SdJwt sdJwt = parsed(dataFile(sdJwtFile));
    const SdJwtClaims claims = SdJwtReconstruction::reconstruct(sdJwt);
    QVERIFY2(claims.isValid(), qPrintable(claims.problems.value(0).message));
    QCOMPARE(claims.hashAlgorithm, u"sha-256"_qs);
    // Objects compare member by member whatever their order: RFC 9901 §7.1 does not fix where disclosed claims go.
    QCOMPARE(asQt(claims.claims), QJsonDocument::fromJson(dataFile(processedFile)));
    QCOMPARE(int(claims.undisclosed.size()), undisclosed);
    for (const DisclosureMatch &match : claims.matches)
        QVERIFY(match.referenced);
}

void TestSdJwt::keepsTheRfcMemberOrderOfTheProcessedPayload()
{
    // §5.2 prints the plain claims first and the disclosed ones after them, in the order of the "_sd" digests.
    const SdJwtClaims claims
        = SdJwtReconstruction::reconstruct(parsed(dataFile(QStringLiteral("rfc9901-5.2-presentation.txt"))));
    QStringList names;
    for (const JsonMember &member : claims.claims.members)
        names << member.name;
    QCOMPARE(names,
             QStringList({u"iss"_qs, u"iat"_qs, u"exp"_qs, u"sub"_qs, u"nationalities"_qs, u"cnf"_qs, u"family_name"_qs,
                          u"address"_qs, u"given_name"_qs}));
}

void TestSdJwt::issuerSignatureOfEveryRfcExampleVerifies_data()
{
    QTest::addColumn<QString>("sdJwtFile");
    QTest::addColumn<QString>("type");
    QTest::newRow("§5.1") << u"rfc9901-5.1-issuance.txt"_qs << u"example+sd-jwt"_qs;
    QTest::newRow("§5.2") << u"rfc9901-5.2-presentation.txt"_qs << u"example+sd-jwt"_qs;
    QTest::newRow("A.1") << u"rfc9901-a1-structured.txt"_qs << u"example+sd-jwt"_qs;
    QTest::newRow("A.2") << u"rfc9901-a2-complex.txt"_qs << u"example+sd-jwt"_qs;
    QTest::newRow("A.3") << u"rfc9901-a3-sd-jwt-vc.txt"_qs << u"vc+sd-jwt"_qs;
}

void TestSdJwt::issuerSignatureOfEveryRfcExampleVerifies()
{
    QFETCH(QString, sdJwtFile);
    QFETCH(QString, type);
    const SdJwt sdJwt = parsed(dataFile(sdJwtFile));
    QCOMPARE(sdJwt.type(), type);
    const FixedClock clock(kRfcKeyBindingIat + 10);
    VerificationPolicy policy;
    policy.clock = &clock;
    const SdJwtVerification verification = SdJwtVerifier::verify(
        sdJwt, {rfcKey(QStringLiteral("rfc9901-a5-issuer-key.jwk"))}, policy, keyBindingAt(clock));
    QVERIFY2(verification.result.isValid(), qPrintable(verification.result.message));

    // One changed character in the issuer's signature and it no longer verifies.
    QByteArray tampered = sdJwt.text;
    const qsizetype signatureStart = sdJwt.issuerSigned.segment(SegmentRole::Signature).span.start;
    tampered[signatureStart + 3] = tampered[signatureStart + 3] == 'A' ? 'B' : 'A';
    const SdJwtVerification forged = SdJwtVerifier::verify(
        parsed(tampered), {rfcKey(QStringLiteral("rfc9901-a5-issuer-key.jwk"))}, policy, keyBindingAt(clock));
    QCOMPARE(forged.result.reason, VerificationReason::BadSignature);
}

void TestSdJwt::computesTheRfcSdHash()
{
    const SdJwt sdJwt = parsed(dataFile(QStringLiteral("rfc9901-5.2-presentation.txt")));
    QVERIFY(sdJwt.keyBinding);
    QVERIFY(sdJwt.hashedPresentation().endsWith('~'));
    QCOMPARE(digestOf(sdJwt.hashedPresentation()), QByteArray("0_Af-2B-EhLWX5ydh_w2xzwmO6iM66B_2QCEanI4fUY"));
    const FixedClock clock(kRfcKeyBindingIat + 10);
    const KeyBindingResult result = KeyBindingVerifier::verify(sdJwt, u"sha-256"_qs, keyBindingAt(clock));
    QCOMPARE(result.expectedSdHash, u"0_Af-2B-EhLWX5ydh_w2xzwmO6iM66B_2QCEanI4fUY"_qs);
}

void TestSdJwt::keyBindingVerdicts_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QString>("nonce");
    QTest::addColumn<QString>("audience");
    QTest::addColumn<bool>("required");
    QTest::addColumn<QString>("reason");

    const QByteArray presentation = dataFile(QStringLiteral("rfc9901-5.2-presentation.txt"));
    const QByteArray issuance = dataFile(QStringLiteral("rfc9901-5.1-issuance.txt"));
    const qint64 iat = kRfcKeyBindingIat;
    QTest::newRow("RFC §5.2 as the RFC's verifier sees it")
        << presentation << iat + 10 << kRfcNonce << kRfcAudience << true << u"valid"_qs;
    QTest::newRow("nonce of another request")
        << presentation << iat + 10 << u"other"_qs << kRfcAudience << true << u"nonce_mismatch"_qs;
    QTest::newRow("meant for another verifier")
        << presentation << iat + 10 << kRfcNonce << u"https://other.example"_qs << true << u"aud_mismatch"_qs;
    QTest::newRow("an hour old") << presentation << iat + 3600 << kRfcNonce << kRfcAudience << true
                                 << u"iat_too_old"_qs;
    QTest::newRow("signed in the future")
        << presentation << iat - 600 << kRfcNonce << kRfcAudience << true << u"iat_in_future"_qs;
    QTest::newRow("no KB-JWT, none asked for") << issuance << iat << kRfcNonce << kRfcAudience << false << u"absent"_qs;
    QTest::newRow("no KB-JWT, but required") << issuance << iat << kRfcNonce << kRfcAudience << true << u"missing"_qs;

    // A Disclosure dropped after the holder signed: sd_hash no longer covers what is presented.
    const qsizetype kbStart = presentation.lastIndexOf('~') + 1;
    const qsizetype lastDisclosureStart = presentation.lastIndexOf('~', kbStart - 2) + 1;
    const QByteArray dropped = presentation.left(lastDisclosureStart) + presentation.mid(kbStart);
    QTest::newRow("a Disclosure removed")
        << dropped << iat + 10 << kRfcNonce << kRfcAudience << true << u"sd_hash_mismatch"_qs;

    const Key holder = rfcKey(QStringLiteral("rfc9901-a5-holder-key.jwk"));
    const QByteArray prefix = presentation.left(kbStart);
    QTest::newRow("typ is not kb+jwt") << prefix
            + keyBindingJwt(prefix, R"({"alg":"ES256","typ":"JWT"})", kRfcNonce, iat, holder)
                                       << iat + 10 << kRfcNonce << kRfcAudience << true << u"wrong_typ"_qs;
    QTest::newRow("re-signed by the holder's key")
        << prefix + keyBindingJwt(prefix, R"({"alg":"ES256","typ":"kb+jwt"})", kRfcNonce, iat, holder) << iat + 10
        << kRfcNonce << kRfcAudience << true << u"valid"_qs;
    const Key stranger = generatedKey(Algorithm::ES256, u"stranger"_qs);
    QTest::newRow("signed by a key that is not cnf")
        << prefix + keyBindingJwt(prefix, R"({"alg":"ES256","typ":"kb+jwt"})", kRfcNonce, iat, stranger) << iat + 10
        << kRfcNonce << kRfcAudience << true << u"bad_signature"_qs;
}

void TestSdJwt::keyBindingVerdicts()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, now);
    QFETCH(QString, nonce);
    QFETCH(QString, audience);
    QFETCH(bool, required);
    QFETCH(QString, reason);

    const FixedClock clock(now);
    KeyBindingPolicy policy = keyBindingAt(clock);
    policy.expectedNonce = nonce;
    policy.expectedAudience = audience;
    policy.requirement = required ? KeyBindingPolicy::Requirement::Required : KeyBindingPolicy::Requirement::Optional;
    const SdJwt sdJwt = parsed(text);
    const KeyBindingResult result = KeyBindingVerifier::verify(sdJwt, u"sha-256"_qs, policy);
    QCOMPARE(result.reasonName(), reason);
    QCOMPARE(result.isAcceptable(), reason == u"valid" || reason == u"absent");

    const SdJwtInspection inspection = SdJwtVerifier::inspect(sdJwt, policy);
    const QStringList ids = findingIds(inspection.findings);
    m_reached.unite(QSet<QString>(ids.begin(), ids.end()));
    QCOMPARE(ids.contains(u"sd_key_binding_missing"_qs), reason == u"missing");
    QCOMPARE(ids.contains(u"sd_key_binding_invalid"_qs), !result.isAcceptable() && reason != u"missing");
}

void TestSdJwt::findingsFireOnCraftedInputs_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("finding");
    QTest::addColumn<int>("disclosure"); // the Disclosure the finding points at, 0 when none

    const QByteArray header = R"({"alg":"ES256","typ":"dc+sd-jwt"})";
    const QByteArray name = disclosure(R"(["salt-name","given_name","Erika"])");
    const QByteArray stray = disclosure(R"(["dummysalt","foo","bar"])");
    const auto sdJwt = [&header](const QByteArray &payload, const QList<QByteArray> &disclosures) {
        QByteArray text = unsignedToken(header, payload, "signature") + '~';
        for (const QByteArray &item : disclosures)
            text += item + '~';
        return text;
    };
    const QByteArray plainPayload = R"({"_sd":[")" + digestOf(name) + R"("],"iss":"https://issuer.example"})";

    QTest::newRow("a Disclosure no digest refers to")
        << sdJwt(plainPayload, {name, stray}) << u"sd_disclosure_unreferenced"_qs << 2;
    QTest::newRow("the same Disclosure presented twice")
        << sdJwt(plainPayload, {name, name}) << u"sd_disclosure_unreferenced"_qs << 2;
    QTest::newRow("a digest referred to twice")
        << sdJwt(R"({"_sd":[")" + digestOf(name) + R"(",")" + digestOf(name) + R"("]})", {name})
        << u"sd_digest_repeated"_qs << 0;
    const QByteArray element = disclosure(R"(["salt-de","DE"])");
    QTest::newRow("a digest in _sd and as an array element")
        << sdJwt(R"({"_sd":[")" + digestOf(element) + R"("],"nationalities":[{"...":")" + digestOf(element) + R"("}]})",
                 {element})
        << u"sd_digest_repeated"_qs << 0;
    const QByteArray reservedSd = disclosure(R"(["salt-sd","_sd",["x"]])");
    QTest::newRow("a Disclosure named _sd")
        << sdJwt(R"({"_sd":[")" + digestOf(reservedSd) + R"("]})", {reservedSd}) << u"sd_reserved_claim_name"_qs << 1;
    const QByteArray reservedDots = disclosure(R"(["salt-dots","...","x"])");
    QTest::newRow("a Disclosure named ...") << sdJwt(R"({"_sd":[")" + digestOf(reservedDots) + R"("]})", {reservedDots})
                                            << u"sd_reserved_claim_name"_qs << 1;
    QTest::newRow("a disclosed claim that is already there")
        << sdJwt(R"({"_sd":[")" + digestOf(name) + R"("],"given_name":"Max"})", {name}) << u"sd_claim_clash"_qs << 1;
    QTest::newRow("an unknown _sd_alg") << sdJwt(R"({"_sd":[")" + digestOf(name) + R"("],"_sd_alg":"sha-999"})", {name})
                                        << u"sd_alg_unknown"_qs << 0;
    QTest::newRow("a truncated _sd_alg") << sdJwt(
        R"({"_sd":[")" + digestOf(name, u"sha-256-64"_qs) + R"("],"_sd_alg":"sha-256-64"})", {name})
                                         << u"sd_alg_weak"_qs << 0;
    QTest::newRow("md5") << sdJwt(R"({"_sd":[")" + digestOf(name, u"md5"_qs) + R"("],"_sd_alg":"md5"})", {name})
                         << u"sd_alg_weak"_qs << 0;
    QTest::newRow("_sd that is not an array") << sdJwt(R"({"_sd":"abc"})", {}) << u"sd_structure_invalid"_qs << 0;
    QTest::newRow("an array-element Disclosure behind _sd")
        << sdJwt(R"({"_sd":[")" + digestOf(element) + R"("]})", {element}) << u"sd_structure_invalid"_qs << 1;
}

void TestSdJwt::findingsFireOnCraftedInputs()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, finding);
    QFETCH(int, disclosure);

    const SdJwt sdJwt = parsed(text);
    const FixedClock clock(1'700'000'000);
    KeyBindingPolicy policy;
    policy.clock = &clock;
    const SdJwtInspection inspection = SdJwtVerifier::inspect(sdJwt, policy);
    QVERIFY(!inspection.claims.isValid());
    const Finding *found = nullptr;
    for (const Finding &candidate : inspection.findings) {
        if (candidate.id == finding)
            found = &candidate;
    }
    QVERIFY2(found, qPrintable(findingIds(inspection.findings).join(u", ")));
    m_reached.insert(found->id);
    QCOMPARE(found->severity, FindingsCatalogue::entry(found->id)->severity);
    QVERIFY(!found->message.isEmpty());
    if (disclosure > 0)
        QCOMPARE(found->span, sdJwt.disclosures[size_t(disclosure - 1)].span);
}

void TestSdJwt::everySdFindingIsCatalogued()
{
    for (const char *id : {"sd_disclosure_unreferenced", "sd_digest_repeated", "sd_reserved_claim_name",
                           "sd_claim_clash", "sd_structure_invalid", "sd_alg_unknown", "sd_alg_weak",
                           "sd_key_binding_missing", "sd_key_binding_invalid"}) {
        const FindingsCatalogue::Entry *entry = FindingsCatalogue::entry(QString::fromLatin1(id));
        QVERIFY2(entry, id);
        QVERIFY(entry->explanation.contains(u"RFC 9901"));
    }
}

void TestSdJwt::rejectedDisclosuresFailVerification()
{
    // A well-signed SD-JWT whose holder added a Disclosure of their own: the signature verifies, the SD-JWT does not.
    const Key issuer = generatedKey(Algorithm::ES256, u"issuer"_qs);
    const QByteArray name = disclosure(R"(["salt-name","given_name","Erika"])");
    const QByteArray payload = R"({"_sd":[")" + digestOf(name) + R"("],"iss":"https://issuer.example"})";
    const QByteArray issued = signedToken(R"({"alg":"ES256","typ":"dc+sd-jwt"})", payload, issuer, Algorithm::ES256);
    const FixedClock clock(1'700'000'000);
    VerificationPolicy policy;
    policy.clock = &clock;
    KeyBindingPolicy keyBinding;
    keyBinding.clock = &clock;

    const SdJwtVerification good
        = SdJwtVerifier::verify(parsed(issued + '~' + name + '~'), {issuer}, policy, keyBinding);
    QVERIFY2(good.result.isValid(), qPrintable(good.result.message));

    const QByteArray added = disclosure(R"(["salt-admin","admin",true])");
    const SdJwtVerification bad
        = SdJwtVerifier::verify(parsed(issued + '~' + name + '~' + added + '~'), {issuer}, policy, keyBinding);
    QCOMPARE(bad.result.reason, VerificationReason::DisclosureInvalid);
    QCOMPARE(reasonName(bad.result.reason), u"disclosure_invalid"_qs);
    QVERIFY(!bad.inspection.claims.claims.member(u"admin"));

    keyBinding.requirement = KeyBindingPolicy::Requirement::Required;
    const SdJwtVerification unbound
        = SdJwtVerifier::verify(parsed(issued + '~' + name + '~'), {issuer}, policy, keyBinding);
    QCOMPARE(reasonName(unbound.result.reason), u"key_binding_invalid"_qs);
}

void TestSdJwt::badDisclosuresAreNamedByPosition_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("detail");

    const QByteArray issuer = unsignedToken(R"({"alg":"ES256"})", R"({"_sd":[]})", "signature");
    const QByteArray good = disclosure(R"(["salt","a",1])");
    QTest::newRow("not base64url") << issuer + '~' + good + "~Wy+J~" << 2 << u"not base64url"_qs;
    QTest::newRow("not JSON") << issuer + '~' + disclosure("[\"salt\", ") + '~' << 1 << u"not JSON"_qs;
    QTest::newRow("not an array") << issuer + '~' + good + '~' + disclosure(R"({"a":1})") + '~' << 2
                                  << u"not a JSON array"_qs;
    QTest::newRow("four elements") << issuer + '~' + disclosure(R"(["s","a",1,2])") + '~' << 1 << u"two or three"_qs;
    QTest::newRow("salt not a string") << issuer + '~' + disclosure(R"([1,"a",1])") + '~' << 1 << u"salt"_qs;
    QTest::newRow("claim name not a string")
        << issuer + '~' + disclosure(R"(["s",2,1])") + '~' << 1 << u"claim name"_qs;
    QTest::newRow("empty between two tildes") << issuer + '~' + good + "~~" << 2 << u"empty"_qs;
}

void TestSdJwt::badDisclosuresAreNamedByPosition()
{
    QFETCH(QByteArray, text);
    QFETCH(int, position);
    QFETCH(QString, detail);

    const SdJwtParseResult result = SdJwtParser::parse(text);
    QVERIFY(!result);
    QCOMPARE(result.error.code, DecodeErrorCode::BadDisclosure);
    QCOMPARE(result.error.segment, position);
    QVERIFY2(result.error.message.startsWith(u"disclosure %1 "_qs.arg(position)), qPrintable(result.error.message));
    QVERIFY2(result.error.message.contains(detail), qPrintable(result.error.message));
    QVERIFY(result.error.offset > text.indexOf('~'));
}

void TestSdJwt::deeplyNestedDisclosuresStopAtTheLimit()
{
    // Each Disclosure discloses an object whose "_sd" names the next: a chain far deeper than the limit.
    QByteArray innermost = disclosure(R"(["salt","leaf",1])");
    QList<QByteArray> chain {innermost};
    for (int level = 0; level < SdJwtReconstruction::kMaxDepth + 20; ++level) {
        const QByteArray next = disclosure(R"(["salt)" + QByteArray::number(level) + R"(","n",{"_sd":[")"
                                           + digestOf(chain.last()) + R"("]}])");
        chain << next;
    }
    QByteArray text = unsignedToken(R"({"alg":"ES256"})", R"({"_sd":[")" + digestOf(chain.last()) + R"("]})", "s");
    text += '~';
    for (const QByteArray &item : chain)
        text += item + '~';
    const SdJwtClaims claims = SdJwtReconstruction::reconstruct(parsed(text));
    QVERIFY(!claims.isValid());
    bool tooDeep = false;
    for (const SdJwtProblem &problem : claims.problems)
        tooDeep = tooDeep || problem.kind == SdJwtProblem::Kind::TooDeep;
    QVERIFY(tooDeep);
}

void TestSdJwt::extractsAWholeSdJwtFromPastedText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const QString presentation = QString::fromLatin1(dataFile(QStringLiteral("rfc9901-5.2-presentation.txt")));
    const QString issuance = QString::fromLatin1(dataFile(QStringLiteral("rfc9901-5.1-issuance.txt")));
    QTest::newRow("bare presentation") << presentation << presentation;
    QTest::newRow("form parameter") << u"vp_token="_qs + presentation + u"&state=af0ifjsldkj"_qs << presentation;
    QTest::newRow("JSON member") << u"{\"credential\": \""_qs + issuance + u"\"}"_qs << issuance;
    QTest::newRow("log line") << u"2025-06-01 presented "_qs + issuance + u" by wallet"_qs << issuance;
}

void TestSdJwt::extractsAWholeSdJwtFromPastedText()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QList<ExtractedToken> tokens = TokenExtractor::extract(QStringView(text));
    QCOMPARE(tokens.size(), 1);
    QCOMPARE(QString::fromLatin1(tokens.first().token), expected);
    QVERIFY(tokens.first().dropped.isEmpty());
    QVERIFY(SdJwtParser::parse(tokens.first().token));
}

void TestSdJwt::namesHashStrength_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("strength");
    QTest::addColumn<int>("digestBytes"); // 0: none
    QTest::newRow("sha-256") << u"sha-256"_qs << int(NamedHash::Strength::Strong) << 32;
    QTest::newRow("sha-384") << u"sha-384"_qs << int(NamedHash::Strength::Strong) << 48;
    QTest::newRow("sha-512") << u"sha-512"_qs << int(NamedHash::Strength::Strong) << 64;
    QTest::newRow("sha3-256") << u"sha3-256"_qs << int(NamedHash::Strength::Strong) << 32;
    QTest::newRow("sha-256-128") << u"sha-256-128"_qs << int(NamedHash::Strength::Weak) << 16;
    QTest::newRow("sha-256-32") << u"sha-256-32"_qs << int(NamedHash::Strength::Weak) << 4;
    QTest::newRow("sha-1") << u"sha-1"_qs << int(NamedHash::Strength::Weak) << 20;
    QTest::newRow("upper case is not a registry name") << u"SHA-256"_qs << int(NamedHash::Strength::Unknown) << 0;
    QTest::newRow("made up") << u"sha-999"_qs << int(NamedHash::Strength::Unknown) << 0;
}

void TestSdJwt::namesHashStrength()
{
    QFETCH(QString, name);
    QFETCH(int, strength);
    QFETCH(int, digestBytes);
    QCOMPARE(int(NamedHash::strength(name)), strength);
    const std::optional<QByteArray> digest = NamedHash::digest(name, "abc");
    QCOMPARE(digest.has_value(), digestBytes > 0);
    if (digest)
        QCOMPARE(digest->size(), digestBytes);
    if (name == u"sha-256") // FIPS 180-2 appendix B.1
        QCOMPARE(digest->toHex(), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

// Runs last: the rows above together reach every sd_* entry of the catalogue.
void TestSdJwt::everySdFindingIsReached()
{
    if (m_reached.isEmpty())
        QSKIP("run the whole test case to check coverage");
    QStringList missing;
    for (const FindingsCatalogue::Entry &entry : FindingsCatalogue::entries()) {
        if (entry.id.startsWith(u"sd_") && !m_reached.contains(entry.id))
            missing << entry.id;
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", ")));
}

QTEST_GUILESS_MAIN(TestSdJwt)
#include "tst_sdjwt.moc"
