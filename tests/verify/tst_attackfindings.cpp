// Findings for what attackers try: psychic ECDSA signatures, empty and well-known HMAC secrets, RS→HS key
// confusion and key URLs off the issuer's host. Each is computed locally; the tokens are built here with real
// OpenSSL (Tokenscope's signer) and, for the MACs, Qt's own HMAC as an independent implementation.

#include "VerifyTestSupport.h"
#include "crypto/HmacTrial.h"
#include "verify/AttackFindings.h"
#include "verify/Findings.h"
#include "verify/TokenVerifier.h"
#include "verify/WeakSecrets.h"

#include <QElapsedTimer>
#include <QMessageAuthenticationCode>
#include <QSet>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;
using namespace Qt::StringLiterals;

namespace {

// The group orders n of SEC 2 v2 §2.4.2 (P-256), §2.5.1 (P-384) and §2.6.1 (P-521), as fixed-size big-endian
// scalars (RFC 7518 §3.4: 32, 48 and 66 bytes).
QByteArray groupOrder(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::ES256:
        return QByteArray::fromHex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    case Algorithm::ES384:
        return QByteArray::fromHex(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973");
    default:
        return QByteArray::fromHex(
            "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D0"
            "3BB5C9B8899C47AEBB6FB71E91386409");
    }
}

QByteArray one(qsizetype size)
{
    QByteArray scalar(size, '\0');
    scalar[size - 1] = 1;
    return scalar;
}

QCryptographicHash::Algorithm hashOf(Algorithm algorithm)
{
    return algorithm == Algorithm::HS256 ? QCryptographicHash::Sha256
        : algorithm == Algorithm::HS384  ? QCryptographicHash::Sha384
                                         : QCryptographicHash::Sha512;
}

// header.payload.MAC with Qt's HMAC, which (unlike OpenSSL's API) takes an empty key as it is.
QByteArray macToken(Algorithm algorithm, QByteArrayView secret, const QByteArray &extraHeader = {})
{
    const QByteArray header = "{\"alg\":\"" + Algorithms::name(algorithm).toLatin1() + "\"" + extraHeader + "}";
    const QByteArray input
        = Base64Url::encode(header) + '.' + Base64Url::encode("{\"sub\":\"alice\",\"exp\":1900000000}");
    const QByteArray mac = QMessageAuthenticationCode::hash(input, secret.toByteArray(), hashOf(algorithm));
    return input + '.' + Base64Url::encode(mac);
}

Findings withId(const Findings &findings, const QString &id)
{
    Findings matching;
    for (const Finding &finding : findings) {
        if (finding.id == id)
            matching.append(finding);
    }
    return matching;
}

QString listed(const Findings &findings)
{
    QStringList all;
    for (const Finding &finding : findings)
        all << finding.id + u": "_s + finding.message;
    return all.join(u" | ");
}

QByteArray keyFile(const char *name)
{
    return readFile(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/keys/") + QLatin1StringView(name));
}

Key parsedKey(const char *name)
{
    const KeyParseResult parsed = KeyParser::parse(keyFile(name), QString::fromLatin1(name));
    if (!parsed)
        qFatal("cannot read %s: %s", name, qPrintable(parsed.error));
    return parsed.keys.first();
}

} // namespace

class TestAttackFindings : public QObject
{
    Q_OBJECT

private slots:
    void catalogueHasTheAttackFindings()
    {
        for (const char *id : {"ecdsa_signature_out_of_range", "hmac_empty_secret", "hmac_secret_guessed",
                               "hmac_key_confusion", "key_url_foreign_host"}) {
            const FindingsCatalogue::Entry *entry = FindingsCatalogue::entry(QString::fromLatin1(id));
            QVERIFY2(entry, id);
            QCOMPARE(entry->severity, Finding::Severity::High);
        }
    }

    void psychicSignatureIsFlaggedAndNeverVerifies_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<QByteArray>("r");
        QTest::addColumn<QByteArray>("s");
        QTest::addColumn<QString>("problem");
        for (const Algorithm algorithm : {Algorithm::ES256, Algorithm::ES384, Algorithm::ES512}) {
            const QByteArray n = groupOrder(algorithm);
            const qsizetype size = n.size();
            const QByteArray zero(size, '\0');
            const QByteArray name = Algorithms::name(algorithm).toLatin1();
            QByteArray nPlusOne = n;
            nPlusOne[size - 1] = char(nPlusOne[size - 1] + 1);
            QTest::addRow("%s r = s = 0 (CVE-2022-21449)", name.constData())
                << int(algorithm) << zero << zero << u"r is zero"_s;
            QTest::addRow("%s s = 0", name.constData()) << int(algorithm) << one(size) << zero << u"s is zero"_s;
            QTest::addRow("%s r = n", name.constData())
                << int(algorithm) << n << one(size) << u"r is not below the group order"_s;
            QTest::addRow("%s s = n + 1", name.constData())
                << int(algorithm) << one(size) << nPlusOne << u"s is not below the group order"_s;
            QTest::addRow("%s s all ones", name.constData())
                << int(algorithm) << one(size) << QByteArray(size, char(0xFF)) << u"s is not below the group order"_s;
        }
    }
    void psychicSignatureIsFlaggedAndNeverVerifies()
    {
        QFETCH(int, algorithm);
        QFETCH(QByteArray, r);
        QFETCH(QByteArray, s);
        QFETCH(QString, problem);
        const Algorithm alg = Algorithm(algorithm);
        const QByteArray header = "{\"alg\":\"" + Algorithms::name(alg).toLatin1() + "\"}";
        const QByteArray token = unsignedToken(header, "{\"sub\":\"admin\"}", r + s);
        const DecodedToken parsed = decoded(token);

        const Findings findings = withId(FindingsCatalogue::analyzeAttacks(parsed), u"ecdsa_signature_out_of_range"_s);
        QCOMPARE(findings.size(), 1);
        QVERIFY2(findings.first().message.contains(problem), qPrintable(findings.first().message));
        QCOMPARE(findings.first().span, parsed.segment(SegmentRole::Signature).span);

        // Never valid, whatever key of the right curve the verifier holds.
        const Key key = generatedKey(alg, QString()).publicKey();
        VerificationPolicy policy;
        policy.payloadKind = VerificationPolicy::PayloadKind::Any;
        const VerificationResult result = TokenVerifier::verify(token, {key}, policy);
        QCOMPARE(reasonName(result.reason), u"bad_signature"_s);
    }

    void genuineEcdsaSignatureIsQuiet()
    {
        for (const Algorithm algorithm : {Algorithm::ES256, Algorithm::ES384, Algorithm::ES512}) {
            const Key key = generatedKey(algorithm, QString());
            const QByteArray header = "{\"alg\":\"" + Algorithms::name(algorithm).toLatin1() + "\"}";
            const DecodedToken parsed = decoded(signedToken(header, "{\"sub\":\"a\"}", key, algorithm));
            const Findings findings = FindingsCatalogue::analyzeAttacks(parsed);
            QVERIFY2(findings.isEmpty(), qPrintable(listed(findings)));
        }
    }

    void emptySecretIsFound_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::newRow("HS256") << int(Algorithm::HS256);
        QTest::newRow("HS384") << int(Algorithm::HS384);
        QTest::newRow("HS512") << int(Algorithm::HS512);
    }
    void emptySecretIsFound()
    {
        QFETCH(int, algorithm);
        const DecodedToken parsed = decoded(macToken(Algorithm(algorithm), {}));
        const Findings findings = FindingsCatalogue::analyzeAttacks(parsed);
        QCOMPARE(withId(findings, u"hmac_empty_secret"_s).size(), 1);
        QVERIFY2(withId(findings, u"hmac_secret_guessed"_s).isEmpty(), qPrintable(listed(findings)));
        QCOMPARE(findings.first().span, parsed.segment(SegmentRole::Signature).span);
    }

    void weakSecretListIsBuiltIn()
    {
        const QList<WeakSecrets::Group> &groups = WeakSecrets::groups();
        QCOMPARE(groups.size(), 2);
        QSet<QByteArray> all;
        for (const WeakSecrets::Group &group : groups) {
            QVERIFY2(group.secrets.size() >= 100, qPrintable(group.name));
            for (const QByteArray &secret : group.secrets) {
                QVERIFY(!secret.isEmpty());
                QVERIFY2(!all.contains(secret), secret.constData());
                all.insert(secret);
            }
        }
        QCOMPARE(WeakSecrets::size(), all.size());
        QVERIFY(all.size() >= 300 && all.size() <= 5000);
        for (const char *wellKnown : {"your-256-bit-secret", "a-string-secret-at-least-256-bits-long", "secret",
                                      "changeme", "keyboard cat", "123456", "password"})
            QVERIFY2(all.contains(wellKnown), wellKnown);
    }

    void weakSecretIsGuessed_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("group");
        QTest::newRow("jwt.io sample, HS256")
            << int(Algorithm::HS256) << QByteArray("your-256-bit-secret") << u"Tokenscope defaults"_s;
        QTest::newRow("secret, HS384") << int(Algorithm::HS384) << QByteArray("secret") << u"Tokenscope defaults"_s;
        QTest::newRow("changeme, HS512") << int(Algorithm::HS512) << QByteArray("changeme") << u"Tokenscope defaults"_s;
        QTest::newRow("common password") << int(Algorithm::HS256) << QByteArray("qwerty123")
                                         << u"Tokenscope defaults"_s;
        QTest::newRow("tutorial secret") << int(Algorithm::HS256) << QByteArray("NxpmDotDevJwtSecret")
                                         << u"wallarm/jwt-secrets"_s;
    }
    void weakSecretIsGuessed()
    {
        QFETCH(int, algorithm);
        QFETCH(QByteArray, secret);
        QFETCH(QString, group);
        const Findings findings
            = withId(FindingsCatalogue::analyzeAttacks(decoded(macToken(Algorithm(algorithm), secret))),
                     u"hmac_secret_guessed"_s);
        QCOMPARE(findings.size(), 1);
        qsizetype entry = -1;
        for (const WeakSecrets::Group &candidate : WeakSecrets::groups()) {
            if (candidate.name == group)
                entry = candidate.secrets.indexOf(secret) + 1;
        }
        QVERIFY(entry > 0);
        const QString message = findings.first().message;
        QVERIFY2(message.contains(u"entry %1 "_s.arg(entry)) && message.contains(group), qPrintable(message));
        // The message names the list entry, never the secret (findings go into shared reports).
        QVERIFY2(!message.contains(u'"' + QString::fromLatin1(secret) + u'"'), qPrintable(message));
    }

    void strongSecretIsQuiet_data()
    {
        QTest::addColumn<QByteArray>("token");
        const Key strong = generatedKey(Algorithm::HS256, QString());
        QTest::newRow("random 256-bit secret")
            << signedToken("{\"alg\":\"HS256\"}", "{\"sub\":\"a\"}", strong, Algorithm::HS256);
        QTest::newRow("a listed secret with one character more") << macToken(Algorithm::HS256, "secret!!");
        QTest::newRow("truncated MAC") << QByteArray(macToken(Algorithm::HS256, "secret").chopped(4));
        QTest::newRow("RS256 token") << signedToken("{\"alg\":\"RS256\"}", "{}",
                                                    generatedKey(Algorithm::RS256, QString()), Algorithm::RS256);
    }
    void strongSecretIsQuiet()
    {
        QFETCH(QByteArray, token);
        const Findings findings = FindingsCatalogue::analyzeAttacks(decoded(token));
        QVERIFY2(findings.isEmpty(), qPrintable(listed(findings)));
    }

    // Not asserted (sanitizer builds are several times slower): how long the whole list takes for one HS256 token,
    // the worst case (no entry matches).
    void wholeListAgainstOneToken()
    {
        const QByteArray token = signedToken("{\"alg\":\"HS256\"}", "{\"sub\":\"a\"}",
                                             generatedKey(Algorithm::HS256, {}), Algorithm::HS256);
        const DecodedToken parsed = decoded(token);
        (void)FindingsCatalogue::analyzeAttacks(parsed); // loads the list
        constexpr int rounds = 5;
        QElapsedTimer timer;
        timer.start();
        for (int round = 0; round < rounds; ++round)
            QVERIFY(FindingsCatalogue::analyzeAttacks(parsed).isEmpty());
        const double milliseconds = double(timer.nsecsElapsed()) / 1e6 / rounds;
        qInfo("whole weak-secret list (%lld entries + the empty secret) against one HS256 token: %.2f ms",
              qlonglong(WeakSecrets::size()), milliseconds);
    }

    // The work per token is bounded (crypto/HmacTrial.h): a long signing input gets part of the list, and a finding
    // says so; the list's first entries, the best-known secrets, are still tried.
    void weakSecretSearchIsCappedForLongTokens_data()
    {
        QTest::addColumn<int>("padding");
        QTest::addColumn<bool>("capped");
        QTest::newRow("1 KiB: the whole list") << 1024 << false;
        QTest::newRow("6 KiB: the whole list") << 6 * 1024 << false;
        QTest::newRow("32 KiB: part of it") << 32 * 1024 << true;
        QTest::newRow("4 MiB: a handful") << 4 * 1024 * 1024 << true;
    }
    void weakSecretSearchIsCappedForLongTokens()
    {
        QFETCH(int, padding);
        QFETCH(bool, capped);
        const QByteArray payload = "{\"sub\":\"a\",\"pad\":\"" + QByteArray(padding, 'x') + "\"}";
        const QByteArray token
            = signedToken("{\"alg\":\"HS256\"}", payload, generatedKey(Algorithm::HS256, {}), Algorithm::HS256);
        const DecodedToken parsed = decoded(token);
        const qsizetype inputSize = parsed.signingInput().size();
        const qsizetype trials
            = std::clamp(HmacTrial::kHashBudgetBytes / inputSize, qsizetype(1), HmacTrial::kMaxTrials);
        QCOMPARE(trials <= WeakSecrets::size(), capped);

        const Findings findings = FindingsCatalogue::analyzeAttacks(parsed);
        if (!capped) {
            QVERIFY2(findings.isEmpty(), qPrintable(listed(findings)));
            return;
        }
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().id, u"hmac_secret_search_capped"_s);
        QCOMPARE(findings.first().severity, Finding::Severity::Info);
        // One trial goes to the empty secret.
        const QString expected
            = u"%1 bytes, so only the empty secret and the first %2 of the %3 weak secrets"_s.arg(inputSize)
                  .arg(trials - 1)
                  .arg(WeakSecrets::size());
        QVERIFY2(findings.first().message.contains(expected), qPrintable(findings.first().message));

        // jwt.io's sample secret leads the list, so even a long token MACed with it is caught.
        const QByteArray input = Base64Url::encode("{\"alg\":\"HS256\"}") + '.' + Base64Url::encode(payload);
        const QByteArray sample = input + '.'
            + Base64Url::encode(QMessageAuthenticationCode::hash(input, "your-256-bit-secret",
                                                                 QCryptographicHash::Sha256));
        QCOMPARE(withId(FindingsCatalogue::analyzeAttacks(decoded(sample)), u"hmac_secret_guessed"_s).size(), 1);
    }

    void publicKeyAsHmacSecretIsCaughtAndRefused_data()
    {
        QTest::addColumn<QByteArray>("keyFile");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("encoding");
        const QByteArray rsaPem = keyFile("rsa2048-public.pem");
        const QByteArray ecPem = keyFile("ec-p256-public.pem");
        const auto der = [](const QByteArray &pem) {
            QByteArray body;
            for (const QByteArray &line : pem.split('\n')) {
                if (!line.startsWith("-----"))
                    body += line.trimmed();
            }
            return QByteArray::fromBase64(body);
        };
        QTest::newRow("RSA SPKI PEM") << QByteArray("rsa2048-public.pem") << rsaPem
                                      << u"SubjectPublicKeyInfo PEM text"_s;
        QTest::newRow("RSA SPKI PEM without final newline")
            << QByteArray("rsa2048-public.pem") << rsaPem.trimmed() << u"without its final newline"_s;
        QTest::newRow("RSA SPKI PEM with CRLF")
            << QByteArray("rsa2048-public.pem") << QByteArray(rsaPem).replace("\n", "\r\n") << u"CRLF"_s;
        QTest::newRow("RSA SPKI DER") << QByteArray("rsa2048-public.pem") << der(rsaPem)
                                      << u"SubjectPublicKeyInfo DER"_s;
        QTest::newRow("RSA PKCS#1 PEM") << QByteArray("rsa2048-public.pem") << keyFile("rsa2048-public-pkcs1.pem")
                                        << u"PKCS#1 PEM text"_s;
        QTest::newRow("RSA PKCS#1 DER") << QByteArray("rsa2048-public.pem") << der(keyFile("rsa2048-public-pkcs1.pem"))
                                        << u"PKCS#1 DER"_s;
        QTest::newRow("EC SPKI PEM") << QByteArray("ec-p256-public.pem") << ecPem << u"SubjectPublicKeyInfo PEM text"_s;
        QTest::newRow("EC SPKI DER") << QByteArray("ec-p256-public.pem") << der(ecPem) << u"SubjectPublicKeyInfo DER"_s;
        QTest::newRow("EC JWK") << QByteArray("ec-p256-public.pem") << parsedKey("ec-p256-public.pem").toJwk()
                                << u"JWK"_s;
    }
    void publicKeyAsHmacSecretIsCaughtAndRefused()
    {
        QFETCH(QByteArray, keyFile);
        QFETCH(QByteArray, secret);
        QFETCH(QString, encoding);
        const Key publicKey = parsedKey(keyFile.constData());
        const QByteArray token = macToken(Algorithm::HS256, secret);
        const DecodedToken parsed = decoded(token);

        const Findings findings
            = withId(FindingsCatalogue::analyzeVerifierAttacks(parsed, {publicKey}, {}), u"hmac_key_confusion"_s);
        QCOMPARE(findings.size(), 1);
        QVERIFY2(findings.first().message.contains(encoding), qPrintable(findings.first().message));
        QVERIFY(!findings.first().span.isEmpty());

        // RFC 8725 §3.1: a public key never keys an HMAC, so the forged token is refused.
        VerificationPolicy policy;
        const VerificationResult result = TokenVerifier::verify(token, {publicKey}, policy);
        QVERIFY(!result.isValid());
        QCOMPARE(reasonName(result.reason), u"key_mismatch"_s);
    }

    // A verifier whose "secret" is the public key's text is the very configuration the attack needs: the secret is
    // refused for HMAC, so the forged token still does not verify.
    void publicKeyTextAsSecretNeverVerifies_data()
    {
        QTest::addColumn<QByteArray>("secret");
        QTest::newRow("SPKI PEM") << keyFile("rsa2048-public.pem");
        QTest::newRow("PKCS#1 PEM") << keyFile("rsa2048-public-pkcs1.pem");
        QTest::newRow("EC PEM") << keyFile("ec-p256-public.pem");
        QTest::newRow("JWK") << parsedKey("ec-p256-public.pem").toJwk();
    }
    void publicKeyTextAsSecretNeverVerifies()
    {
        QFETCH(QByteArray, secret);
        const QByteArray token = macToken(Algorithm::HS256, secret);
        const VerificationResult result
            = TokenVerifier::verify(token, {KeyParser::secretKey(secret, u"--secret-file"_s)}, VerificationPolicy());
        QCOMPARE(reasonName(result.reason), u"key_mismatch"_s);
        QVERIFY2(result.message.contains(u"public key"_s), qPrintable(result.message));

        // An ordinary secret of the same length still verifies: only key text is refused.
        const QByteArray ordinary(secret.size(), 'k');
        QVERIFY(TokenVerifier::verify(macToken(Algorithm::HS256, ordinary),
                                      {KeyParser::secretKey(ordinary, u"--secret"_s)}, VerificationPolicy())
                    .isValid());
    }

    void unrelatedHmacTokenIsNoKeyConfusion()
    {
        const Key publicKey = parsedKey("rsa2048-public.pem");
        const DecodedToken parsed = decoded(macToken(Algorithm::HS256, "some other secret of enough length!!"));
        QVERIFY(withId(FindingsCatalogue::analyzeVerifierAttacks(parsed, {publicKey}, {}), u"hmac_key_confusion"_s)
                    .isEmpty());
    }

    void keyUrlOffTheIssuerHost_data()
    {
        QTest::addColumn<QByteArray>("extraHeader");
        QTest::addColumn<QString>("jwksUri");
        QTest::addColumn<QStringList>("flagged"); // header names expected in findings
        const QString jwksUri = u"https://login.example.com/oauth2/v1/keys"_s;
        QTest::newRow("jku on the jwks_uri host")
            << QByteArray(",\"jku\":\"https://login.example.com/other/keys\"") << jwksUri << QStringList();
        QTest::newRow("host compared without case")
            << QByteArray(",\"jku\":\"https://LOGIN.Example.com/keys\"") << jwksUri << QStringList();
        QTest::newRow("jku elsewhere") << QByteArray(",\"jku\":\"https://attacker.example/jwks.json\"") << jwksUri
                                       << QStringList {u"jku"_s};
        QTest::newRow("look-alike subdomain")
            << QByteArray(",\"jku\":\"https://login.example.com.attacker.example/keys\"") << jwksUri
            << QStringList {u"jku"_s};
        QTest::newRow("x5u elsewhere") << QByteArray(",\"x5u\":\"https://cdn.attacker.example/cert.pem\"") << jwksUri
                                       << QStringList {u"x5u"_s};
        QTest::newRow("both elsewhere") << QByteArray(",\"jku\":\"http://10.0.0.1/k\",\"x5u\":\"https://x.example/c\"")
                                        << jwksUri << QStringList {u"jku"_s, u"x5u"_s};
        QTest::newRow("jku not a URL") << QByteArray(",\"jku\":\"not a url\"") << jwksUri << QStringList {u"jku"_s};
        QTest::newRow("jku not a string") << QByteArray(",\"jku\":42") << jwksUri << QStringList {u"jku"_s};
        QTest::newRow("no discovery, nothing to compare")
            << QByteArray(",\"jku\":\"https://attacker.example/jwks.json\"") << QString() << QStringList();
    }
    void keyUrlOffTheIssuerHost()
    {
        QFETCH(QByteArray, extraHeader);
        QFETCH(QString, jwksUri);
        QFETCH(QStringList, flagged);
        const QByteArray token = macToken(Algorithm::HS256, "a-secret-that-is-not-in-any-list-0123456789", extraHeader);
        const DecodedToken parsed = decoded(token);
        const Findings findings
            = withId(FindingsCatalogue::analyzeVerifierAttacks(parsed, {}, QUrl(jwksUri)), u"key_url_foreign_host"_s);
        QCOMPARE(findings.size(), flagged.size());
        for (qsizetype index = 0; index < findings.size(); ++index) {
            const Finding &finding = findings.at(index);
            QVERIFY2(finding.message.contains(u'"' + flagged.at(index) + u'"'), qPrintable(finding.message));
            QVERIFY2(finding.message.contains(u"login.example.com"_s), qPrintable(finding.message));
            // The span covers the header member.
            const Span bytes = parsed.decodedSpan(SegmentRole::Header, finding.span);
            const QByteArray under = parsed.segment(SegmentRole::Header).bytes.mid(bytes.start, bytes.length);
            QVERIFY2(under.contains('"' + flagged.at(index).toLatin1() + '"'), under.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestAttackFindings)
#include "tst_attackfindings.moc"
