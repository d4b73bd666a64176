#include "VerifyTestSupport.h"
#include "common/Settings.h"
#include "crypto/Signature.h"
#include "jose/Base64Url.h"
#include "net/JwksCache.h"
#include "support/ConformanceVectors.h"
#include "support/JwksTestServer.h"
#include "verify/DecryptionBox.h"
#include "verify/KeyAttemptsModel.h"
#include "verify/VerifyPanel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace tokenscope;
using namespace tokenscope::test;
using namespace Qt::StringLiterals;
using Kind = VerifyPanel::KeySourceKind;

namespace {

constexpr qint64 now = 1'800'000'000;

QByteArray claims()
{
    return QStringLiteral(
               "{\"iss\":\"https://issuer.example\",\"sub\":\"alice\",\"aud\":\"api\",\"iat\":%1,\"exp\":%2}")
        .arg(now - 60)
        .arg(now + 3600)
        .toUtf8();
}

QString clockTime(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds).toString(u"HH:mm:ss"_s);
}

} // namespace

// VerifyPanel as a user drives it: key sources (pasted JWK/JWKS, PEM, secret as text or base64, a JWKS URL), the
// policy, the verdict and the key that verified, diagnostics when no key did, keys the token names for itself, a
// JWE decrypted before its nested token is verified, and keys fetched from an issuer on loopback as verification
// needs them (cache times on an injected clock, the unknown-kid re-fetch). The fetch controls on their own:
// tst_keysourcebox; the policy fields: tst_policybox.
class TestVerifyPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_keyA = generatedKey(Algorithm::ES256, u"a"_s);
        m_keyB = generatedKey(Algorithm::ES256, u"b"_s);
        const QString error = m_server.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void init()
    {
        m_server.serve(jwks({m_keyA}));
        m_settings = Settings::throwaway();
        m_panel = std::make_unique<VerifyPanel>(&m_network, m_settings.get());
        m_panel->setCacheClock(&m_cacheClock);
        m_cacheClock.setNowSeconds(now);
        m_panel->setNowSeconds(now);
        m_tester = std::make_unique<QAbstractItemModelTester>(diagnostics()->model(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_tester.reset();
        m_panel.reset();
        m_settings.reset();
        JwksTestServer::closeConnections(m_network);
    }

    void showsNoVerdictWithoutToken()
    {
        QVERIFY(!m_panel->result());
        QCOMPARE(verdict(), u"No token to verify."_s);
    }

    void verifiesWithPastedJwk_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<bool>("asSet");
        QTest::newRow("ES256 JWK") << int(Algorithm::ES256) << false;
        QTest::newRow("EdDSA JWK") << int(Algorithm::EdDSA) << false;
        QTest::newRow("ES384 in a JWK Set") << int(Algorithm::ES384) << true;
    }

    void verifiesWithPastedJwk()
    {
        QFETCH(int, algorithm);
        QFETCH(bool, asSet);
        const Key key = generatedKey(Algorithm(algorithm), u"k1"_s);
        const DecodedToken token = decoded(signedToken(key, Algorithm(algorithm), claims()));
        QSignalSpy verified(m_panel.get(), &VerifyPanel::verified);
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::Jwk);
        const QByteArray text = asSet ? jwks({m_keyA, key}) : key.toJwk(Key::Export::PublicOnly);
        m_panel->findChild<QPlainTextEdit *>(u"jwkEdit"_s)->setPlainText(QString::fromUtf8(text));

        QVERIFY(verified.size() >= 2);
        QVERIFY(m_panel->result()->isValid());
        QVERIFY2(verdict().startsWith(u"Valid: "_s), qPrintable(verdict()));
        QCOMPARE(label(u"reasonLabel"_s), u"valid"_s);
        QCOMPARE(label(u"verifiedKidLabel"_s), u"k1"_s);
        QCOMPARE(label(u"verifiedThumbprintLabel"_s), key.thumbprint());
        QVERIFY(label(u"verifiedSourceLabel"_s).contains(u"pasted JWK"_s));
        QVERIFY(!m_panel->findChild<QWidget *>(u"diagnosticsView"_s)->isVisibleTo(m_panel.get()));
        QVERIFY(label(u"keyStatusLabel"_s).startsWith(asSet ? u"2 keys loaded."_s : u"1 key loaded."_s));
    }

    void verifiesWithPem_data()
    {
        QTest::addColumn<QString>("privateFile");
        QTest::addColumn<QString>("publicFile");
        QTest::addColumn<int>("algorithm");
        QTest::newRow("EC public key") << u"keys/ec-p256-sec1.pem"_s << u"keys/ec-p256-public.pem"_s
                                       << int(Algorithm::ES256);
        QTest::newRow("EC certificate") << u"keys/ec-p256-sec1.pem"_s << u"keys/ec-p256-cert.pem"_s
                                        << int(Algorithm::ES256);
        QTest::newRow("RSA public key") << u"keys/rsa2048-pkcs8.pem"_s << u"keys/rsa2048-public.pem"_s
                                        << int(Algorithm::PS256);
        QTest::newRow("Ed25519 public key")
            << u"keys/ed25519-pkcs8.pem"_s << u"keys/ed25519-public.pem"_s << int(Algorithm::EdDSA);
    }

    void verifiesWithPem()
    {
        QFETCH(QString, privateFile);
        QFETCH(QString, publicFile);
        QFETCH(int, algorithm);
        const KeyParseResult signer = KeyParser::parse(readTestFile(privateFile), u"test"_s);
        QVERIFY(signer);
        const Key *privateKey = nullptr;
        for (const Key &key : signer.keys)
            privateKey = key.hasPrivate() ? &key : privateKey;
        QVERIFY(privateKey);
        const DecodedToken token = decoded(signedToken(*privateKey, Algorithm(algorithm), claims()));
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::Pem);
        m_panel->findChild<QPlainTextEdit *>(u"pemEdit"_s)->setPlainText(QString::fromLatin1(readTestFile(publicFile)));
        QVERIFY2(m_panel->result()->isValid(), qPrintable(verdict()));
        QCOMPARE(label(u"verifiedThumbprintLabel"_s), privateKey->thumbprint());
        QVERIFY(label(u"verifiedSourceLabel"_s).contains(u"pasted PEM"_s));
    }

    void loadsAKeyFile()
    {
        const KeyParseResult signer = KeyParser::parse(readTestFile(u"keys/ec-p256-sec1.pem"_s), u"test"_s);
        QVERIFY(signer);
        const DecodedToken token = decoded(signedToken(signer.keys.last(), Algorithm::ES256, claims()));
        m_panel->setToken(&token);
        QVERIFY(m_panel->loadKeyFile(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/keys/ec-p256-cert.pem")));
        QCOMPARE(m_panel->keySourceKind(), Kind::Pem);
        QVERIFY2(m_panel->result()->isValid(), qPrintable(verdict()));
        QVERIFY(label(u"verifiedSourceLabel"_s).startsWith(u"file ec-p256-cert.pem"_s));

        QVERIFY(!m_panel->loadKeyFile(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/keys/no-such-file.pem")));
        QVERIFY(label(u"keyStatusLabel"_s).contains(u"no-such-file.pem"_s));
    }

    void badPemSaysWhatIsWrong()
    {
        const DecodedToken token = decoded(signedToken(m_keyA, Algorithm::ES256, claims()));
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::Pem);
        const QString typed = QString::fromLatin1(readTestFile(u"keys/truncated-public.pem"_s));
        auto *edit = m_panel->findChild<QPlainTextEdit *>(u"pemEdit"_s);
        edit->setPlainText(typed);
        QVERIFY(!label(u"keyStatusLabel"_s).isEmpty());
        QVERIFY(!m_panel->result()->isValid());
        QCOMPARE(edit->toPlainText(), typed); // nothing the user typed is lost
    }

    void verifiesWithSecret_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<int>("encoding");
        QTest::addColumn<QByteArray>("secret");
        const QByteArray secret = "a shared secret of thirty-two+ bytes!";
        QTest::newRow("text") << QString::fromLatin1(secret) << int(VerifyPanel::SecretEncoding::Text) << secret;
        QTest::newRow("base64") << QString::fromLatin1(secret.toBase64()) << int(VerifyPanel::SecretEncoding::Base64)
                                << secret;
        QTest::newRow("base64url") << QString::fromLatin1(
            secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
                                   << int(VerifyPanel::SecretEncoding::Base64) << secret;
    }

    void verifiesWithSecret()
    {
        QFETCH(QString, typed);
        QFETCH(int, encoding);
        QFETCH(QByteArray, secret);
        const Key key = KeyParser::secretKey(secret, u"test"_s);
        const DecodedToken token = decoded(signedToken(key, Algorithm::HS256, claims()));
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::Secret);
        auto *secretEdit = m_panel->findChild<QLineEdit *>(u"secretEdit"_s);
        QCOMPARE(secretEdit->echoMode(), QLineEdit::Password); // masked by default
        m_panel->findChild<QComboBox *>(u"secretEncodingComboBox"_s)->setCurrentIndex(encoding);
        secretEdit->setFocus();
        QTest::keyClicks(secretEdit, typed);
        QVERIFY2(m_panel->result()->isValid(), qPrintable(verdict()));
        QVERIFY(label(u"verifiedSourceLabel"_s).contains(u"HMAC secret"_s));

        secretEdit->findChild<QToolButton *>(u"showSecretButton"_s)->click(); // the eye inside the edit
        QCOMPARE(secretEdit->echoMode(), QLineEdit::Normal);
        secretEdit->findChild<QToolButton *>(u"showSecretButton"_s)->click(); // the eye inside the edit
        QCOMPARE(secretEdit->echoMode(), QLineEdit::Password);
    }

    void wrongSecretEncodingIsExplained()
    {
        const DecodedToken token = decoded(
            signedToken(KeyParser::secretKey("0123456789abcdef0123456789abcdef", u"t"_s), Algorithm::HS256, claims()));
        m_panel->setToken(&token);
        m_panel->setSecret(u"not base64 at all!"_s, VerifyPanel::SecretEncoding::Base64);
        m_panel->setKeySourceKind(Kind::Secret);
        QVERIFY(label(u"keyStatusLabel"_s).contains(u"not valid base64"_s));
        QVERIFY(!m_panel->result()->isValid());
    }

    void wrongKeysGiveDiagnosticsWithReasons()
    {
        // Signed by B; the pasted set has A (another kid), a key with B's kid but other material, and an RSA key.
        const DecodedToken token = decoded(signedToken(m_keyB, Algorithm::ES256, claims()));
        Key impostor = generatedKey(Algorithm::ES256, u"b"_s);
        const Key rsa = KeyParser::parse(readTestFile(u"keys/rsa2048-public.pem"_s), u"t"_s).keys.first();
        QByteArray rsaJwk = rsa.toJwk(Key::Export::PublicOnly);
        rsaJwk.insert(1, "\"kid\":\"b\",\"use\":\"sig\",");
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::Jwk);
        m_panel->setKeyText(
            QString::fromUtf8("{\"keys\":[" + m_keyA.toJwk() + "," + impostor.toJwk() + "," + rsaJwk + "]}"));

        QVERIFY(!m_panel->result()->isValid());
        QVERIFY2(verdict().startsWith(u"Invalid: "_s), qPrintable(verdict()));
        QCOMPARE(label(u"reasonLabel"_s), reasonName(m_panel->result()->reason));
        QVERIFY(diagnostics()->isVisibleTo(m_panel.get()));
        QAbstractItemModel *model = diagnostics()->model();
        QCOMPARE(model->rowCount(), m_panel->result()->attempts.size());
        QVERIFY(model->rowCount() >= 2);
        for (int row = 0; row < model->rowCount(); ++row) {
            QVERIFY(!model->index(row, KeyAttemptsModel::OutcomeColumn).data().toString().isEmpty());
            QVERIFY(!model->index(row, KeyAttemptsModel::TypeColumn).data().toString().isEmpty());
        }
        // The impostor with the right kid fails on its signature; the RSA key on its type.
        QStringList kinds;
        for (int row = 0; row < model->rowCount(); ++row)
            kinds << model->index(row, KeyAttemptsModel::TypeColumn).data().toString() + u':'
                    + model->index(row, KeyAttemptsModel::KidColumn).data().toString();
        QVERIFY2(kinds.contains(u"EC:b"_s), qPrintable(kinds.join(u", ")));
        QVERIFY(!label(u"keyStatusLabel"_s).isEmpty());

        // Picking a diagnostic lights up the token's kid.
        QSignalSpy highlight(m_panel.get(), &VerifyPanel::highlightRequested);
        diagnostics()->setCurrentIndex(model->index(0, 0));
        QCOMPARE(highlight.size(), 1);
        const Span span = highlight.first().first().value<Span>();
        QVERIFY(token.segment(SegmentRole::Header).span.contains(span.start));
    }

    void policyIsApplied_data()
    {
        QTest::addColumn<QString>("expectedIssuer");
        QTest::addColumn<QString>("expectedAudience");
        QTest::addColumn<QList<Algorithm>>("allowed");
        QTest::addColumn<QString>("reason");
        QTest::newRow("all fit") << u"https://issuer.example"_s << u"api"_s << QList<Algorithm> {Algorithm::ES256}
                                 << u"valid"_s;
        QTest::newRow("issuer") << u"https://other.example"_s << QString() << QList<Algorithm> {} << u"iss_mismatch"_s;
        QTest::newRow("audience") << QString() << u"web"_s << QList<Algorithm> {} << u"aud_mismatch"_s;
        QTest::newRow("algorithm") << QString() << QString() << QList<Algorithm> {Algorithm::RS256}
                                   << u"alg_not_allowed"_s;
    }

    void policyIsApplied()
    {
        QFETCH(QString, expectedIssuer);
        QFETCH(QString, expectedAudience);
        QFETCH(QList<Algorithm>, allowed);
        QFETCH(QString, reason);
        const DecodedToken token = decoded(signedToken(m_keyA, Algorithm::ES256, claims()));
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::Jwk);
        m_panel->setKeyText(QString::fromUtf8(m_keyA.toJwk()));
        m_panel->findChild<QLineEdit *>(u"expectedIssuerEdit"_s)->setText(expectedIssuer);
        m_panel->findChild<QLineEdit *>(u"expectedAudienceEdit"_s)->setText(expectedAudience);
        m_panel->setAllowedAlgorithms(allowed);
        QCOMPARE(label(u"reasonLabel"_s), reason);
    }

    void unreadableClaimsFailClosed_data()
    {
        QTest::addColumn<QByteArray>("payload");
        const QByteArray expired = "\"exp\":1000,";
        QTest::newRow("nested too deep") << "{" + expired + "\"x\":" + QByteArray(100, '[') + QByteArray(100, ']')
                + "}";
        QTest::newRow("invalid UTF-8") << "{" + expired + "\"sub\":\"\xff\"}";
        QTest::newRow("lone surrogate") << "{" + expired + "\"sub\":\"\\ud800\"}";
        QTest::newRow("not an object") << QByteArray("[1]");
    }
    void unreadableClaimsFailClosed()
    {
        QFETCH(QByteArray, payload);
        // Signed over the raw payload bytes: TokenSigner takes only JSON objects.
        const QByteArray input = Base64Url::encode("{\"alg\":\"ES256\"}") + '.' + Base64Url::encode(payload);
        const Signature::SignResult signature = Signature::sign(Algorithm::ES256, m_keyA, input);
        QVERIFY2(signature, qPrintable(signature.error));
        const DecodedToken token = decoded(input + '.' + Base64Url::encode(signature.signature));
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::Jwk);
        m_panel->setKeyText(QString::fromUtf8(m_keyA.toJwk()));
        QCOMPARE(label(u"reasonLabel"_s), u"claims_unreadable"_s);
        QVERIFY2(verdict().startsWith(u"Invalid"_s), qPrintable(verdict()));
    }

    void nowAndLeewayComeFromTheWorkspace()
    {
        const DecodedToken token = decoded(signedToken(m_keyA, Algorithm::ES256, claims()));
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::Jwk);
        m_panel->setKeyText(QString::fromUtf8(m_keyA.toJwk()));
        QVERIFY(m_panel->result()->isValid());
        QSignalSpy verified(m_panel.get(), &VerifyPanel::verified);
        m_panel->setNowSeconds(now + 3610);
        QCOMPARE(verified.size(), 1);
        QCOMPARE(label(u"reasonLabel"_s), u"expired"_s);
        m_panel->setLeewaySeconds(30);
        QCOMPARE(label(u"reasonLabel"_s), u"valid"_s);
        m_panel->setLeewaySeconds(30); // unchanged: no re-verification
        QCOMPARE(verified.size(), 2);
    }

    void embeddedJwkIsShownUntrustedAndNeverUsed()
    {
        // The classic forgery: sign with your own key and put its public half in the header.
        const Key attacker = generatedKey(Algorithm::ES256, u"a"_s);
        const QByteArray header
            = "{\"typ\":\"JWT\",\"jwk\":" + attacker.toJwk() + ",\"jku\":\"https://evil.example/jwks\"}";
        const DecodedToken token = decoded(signedToken(attacker, Algorithm::ES256, claims(), header));
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::Jwk);
        m_panel->setKeyText(QString::fromUtf8(m_keyA.toJwk())); // the real key, same kid

        QVERIFY(!m_panel->result()->isValid());
        QCOMPARE(m_panel->result()->reason, VerificationReason::BadSignature);
        for (const KeyAttempt &attempt : m_panel->result()->attempts)
            QCOMPARE(attempt.thumbprint, m_keyA.thumbprint()); // only the pasted key was tried

        auto *list = m_panel->findChild<QListWidget *>(u"untrustedKeysList"_s);
        QVERIFY(list->isVisibleTo(m_panel.get()));
        QCOMPARE(list->count(), 2);
        QVERIFY(list->item(0)->text().startsWith(u"jwk (untrusted, not used)"_s));
        QVERIFY(list->item(0)->text().contains(attacker.thumbprint()));
        QVERIFY(list->item(1)->text().contains(u"https://evil.example/jwks"_s));

        QSignalSpy highlight(m_panel.get(), &VerifyPanel::highlightRequested);
        list->setCurrentRow(0);
        QCOMPARE(highlight.size(), 1);
        const Span span = highlight.first().first().value<Span>();
        const Span headerSpan = token.segment(SegmentRole::Header).span;
        QVERIFY(span.length > 0);
        QVERIFY(span.start >= headerSpan.start && span.end() <= headerSpan.end());

        // An x5c chain is described by its first certificate's subject, and not used either.
        const QByteArray der = QSslCertificate(readTestFile(u"keys/ec-p256-cert.pem"_s), QSsl::Pem).toDer();
        const QByteArray x5cHeader = "{\"x5c\":[\"" + der.toBase64() + "\"]}";
        const DecodedToken chained = decoded(signedToken(attacker, Algorithm::ES256, claims(), x5cHeader));
        m_panel->setToken(&chained);
        QCOMPARE(list->count(), 1);
        QVERIFY2(list->item(0)->text().startsWith(u"x5c (untrusted, not used): a chain of 1 certificate for"_s),
                 qPrintable(list->item(0)->text()));
        QCOMPARE(m_panel->result()->reason, VerificationReason::BadSignature);
    }

    void fetchesJwksUrlAndShowsCacheTimes()
    {
        const DecodedToken token = decoded(signedToken(m_keyA, Algorithm::ES256, claims()));
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::JwksUrl);
        m_panel->setJwksUrl(m_server.base() + u"/jwks"_s);
        QCOMPARE(m_server.jwksHits, 0); // nothing fetched until asked
        QVERIFY(label(u"keyStatusLabel"_s).startsWith(u"Not fetched yet"_s));

        QSignalSpy verified(m_panel.get(), &VerifyPanel::verified);
        QTest::mouseClick(m_panel->findChild<QPushButton *>(u"fetchButton"_s), Qt::LeftButton);
        QVERIFY(m_panel->isFetching());
        QVERIFY(m_panel->findChild<QWidget *>(u"fetchProgressBar"_s)->isVisibleTo(m_panel.get()));
        QTRY_VERIFY(!m_panel->isFetching());
        QVERIFY2(m_panel->result()->isValid(), qPrintable(verdict()));
        QCOMPARE(m_server.jwksHits, 1);
        QCOMPARE(label(u"cacheLabel"_s), u"Fetched %1, trusted until %2"_s.arg(clockTime(now), clockTime(now + 600)));
        QVERIFY(label(u"verifiedSourceLabel"_s).contains(m_server.base() + u"/jwks"_s));

        // Within max-age, re-verifying costs no request; past it, the next verification fetches again.
        m_cacheClock.advance(300);
        m_panel->setLeewaySeconds(1);
        QCOMPARE(m_server.jwksHits, 1);
        m_cacheClock.advance(300);
        m_panel->setLeewaySeconds(2);
        QVERIFY(m_panel->isFetching());
        QTRY_COMPARE(m_server.jwksHits, 2);
        QTRY_VERIFY(!m_panel->isFetching());
        QCOMPARE(label(u"cacheLabel"_s),
                 u"Fetched %1, trusted until %2"_s.arg(clockTime(now + 600), clockTime(now + 1200)));
    }

    void refetchesOnceOnUnknownKid()
    {
        // The token is signed with B, which the issuer has not published yet.
        const DecodedToken token = decoded(signedToken(m_keyB, Algorithm::ES256, claims()));
        m_panel->setToken(&token);
        m_panel->setKeySourceKind(Kind::JwksUrl);
        m_panel->setJwksUrl(m_server.base() + u"/jwks"_s);
        m_panel->fetchKeys();
        QTRY_VERIFY(!m_panel->isFetching());
        QCOMPARE(m_panel->result()->reason, VerificationReason::KeyNotFound);
        QCOMPARE(m_server.jwksHits, 1);

        // Inside the cooldown, re-verifying does not fetch.
        m_cacheClock.advance(10);
        m_panel->setLeewaySeconds(1);
        QVERIFY(!m_panel->isFetching());
        QCOMPARE(m_server.jwksHits, 1);

        // After it, the unknown kid triggers one re-fetch, which finds the rotated-in key.
        m_server.jwksBody = jwks({m_keyA, m_keyB});
        m_cacheClock.advance(JwksCache::defaultCooldownSeconds);
        m_panel->setLeewaySeconds(2);
        QVERIFY(m_panel->isFetching());
        QVERIFY(label(u"cacheLabel"_s).startsWith(u"Fetching again: the token's kid is not in the cached keys"_s));
        QTRY_VERIFY(!m_panel->isFetching());
        QCOMPARE(m_server.jwksHits, 2);
        QVERIFY2(m_panel->result()->isValid(), qPrintable(verdict()));
        QCOMPARE(label(u"verifiedKidLabel"_s), u"b"_s);
        m_panel->setLeewaySeconds(3);
        QVERIFY(!m_panel->isFetching());
        QCOMPARE(m_server.jwksHits, 2);
    }

    void remembersOnlyNonSecretPreferences()
    {
        const DecodedToken token = decoded(
            signedToken(KeyParser::secretKey("0123456789abcdef0123456789abcdef", u"t"_s), Algorithm::HS256, claims()));
        m_panel->setToken(&token);
        m_panel->setSecret(u"0123456789abcdef0123456789abcdef"_s, VerifyPanel::SecretEncoding::Text);
        m_panel->setKeySourceKind(Kind::Secret);
        m_panel->setExpectedAudience(u"api"_s);
        m_panel->setAllowedAlgorithms({Algorithm::HS256});
        m_panel->setJwksUrl(m_server.base() + u"/jwks"_s);
        m_panel->saveSettings();
        m_settings->sync();
        const QSettings &store = m_settings->store();
        for (const QString &key : store.allKeys()) {
            const QString value = store.value(key).toStringList().join(u' ') + store.value(key).toString();
            QVERIFY2(!value.contains(u"0123456789abcdef"_s), qPrintable(key));
            QVERIFY2(!value.contains(QString::fromLatin1(token.text.left(20))), qPrintable(key));
        }
        QCOMPARE(m_settings->verifyExpectedAudience(), u"api"_s);
        QCOMPARE(m_settings->verifyAllowedAlgorithms(), QStringList {u"HS256"_s});
        QCOMPARE(m_settings->verifyKeySourceKind(), int(Kind::Secret));

        VerifyPanel restored(&m_network, m_settings.get());
        QCOMPARE(restored.keySourceKind(), Kind::Secret);
        QCOMPARE(restored.findChild<QLineEdit *>(u"secretEdit"_s)->text(), QString());
        QCOMPARE(restored.findChild<QLineEdit *>(u"expectedAudienceEdit"_s)->text(), u"api"_s);
    }

    // RFC 7520 §6 (a PS256 JWS inside an RSA-OAEP/A128GCM JWE) and §5.3 (PBES2): the Signature / Decryption panel
    // takes the decryption key, shows what is inside, and verifies a nested token with the key source.
    void decryptsAJweAndVerifiesTheNestedToken()
    {
        const QJsonObject nesting = readVectorObject(u"jwe/rfc7520/6.nesting_signatures_and_encryption.json"_s);
        const QJsonObject pbes2
            = readVectorObject(u"jwe/rfc7520/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json"_s);
        if (nesting.isEmpty() || pbes2.isEmpty())
            TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS("conformance vectors not found (TOKENSCOPE_VECTORS_DIR)");
        const QJsonObject encrypt = nesting.value(u"encrypt").toObject();
        const QJsonObject sign = nesting.value(u"sign").toObject();
        const auto json = [](const QJsonValue &value) {
            return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        };
        const DecodeResult jwe
            = CompactToken::decode(encrypt.value(u"output").toObject().value(u"compact").toString().toUtf8());
        QVERIFY(jwe);
        m_panel->setNowSeconds(1300819380 - 60); // the nested token's exp is 1300819380
        m_panel->setToken(&*jwe.token);
        DecryptionBox *box = m_panel->decryptionBox();
        QVERIFY(box->isVisibleTo(m_panel.get()));
        QCOMPARE(label(u"reasonLabel"_s), u"encrypted"_s);

        // The recipient's private key: decrypted, the nested token shown; its signature waits for a key source.
        box->setKeyKind(DecryptionBox::KeyKind::PrivateJwk);
        box->setKeyText(json(encrypt.value(u"input").toObject().value(u"key")));
        QVERIFY2(box->resultLabel()->text().contains(u"RSA-OAEP / A128GCM"_s), qPrintable(box->resultLabel()->text()));
        QVERIFY(box->contentView()->isVisibleTo(m_panel.get()));
        QVERIFY(box->contentView()->toPlainText().contains(u"hobbiton.example"_s));
        QVERIFY2(verdict().contains(u"nested token"_s), qPrintable(verdict()));

        // The signer's key as the key source: the verdict is about the nested token.
        m_panel->setKeySourceKind(Kind::Jwk);
        m_panel->setKeyText(json(sign.value(u"input").toObject().value(u"key")));
        QVERIFY2(verdict().startsWith(u"Nested token: Valid:"_s), qPrintable(verdict()));
        QCOMPARE(label(u"reasonLabel"_s), u"valid"_s);

        // A key that does not decrypt: decrypt_failed, nothing shown of the content.
        const DecodeResult wrapped
            = CompactToken::decode(pbes2.value(u"output").toObject().value(u"compact").toString().toUtf8());
        QVERIFY(wrapped);
        m_panel->setToken(&*wrapped.token);
        box->setKeyKind(DecryptionBox::KeyKind::Password);
        QVERIFY(box->secretEdit()->echoMode() == QLineEdit::Password);
        box->setKeyText(u"not the password"_s);
        QCOMPARE(label(u"reasonLabel"_s), u"decrypt_failed"_s);
        QVERIFY2(verdict().startsWith(u"Not decrypted:"_s), qPrintable(verdict()));
        QVERIFY(!box->contentView()->isVisibleTo(m_panel.get()));

        // The right password: the content is text, not a token, so there is no signature to check.
        box->setKeyText(pbes2.value(u"input").toObject().value(u"pwd").toString());
        QVERIFY2(box->resultLabel()->text().startsWith(u"Decrypted"_s), qPrintable(box->resultLabel()->text()));
        QVERIFY(box->contentView()->toPlainText().contains(u"77c7e2b8-6e13-45cf-8672-617b5b45243a"_s));
        QVERIFY2(verdict().contains(u"not a signed token"_s), qPrintable(verdict()));

        // A signed token hides the box again.
        const QByteArray signedToken = R"(eyJhbGciOiJIUzI1NiJ9.e30.c2ln)";
        const DecodeResult plain = CompactToken::decode(signedToken);
        m_panel->setToken(&*plain.token);
        QVERIFY(!box->isVisibleTo(m_panel.get()));
    }

    void everyActionHasAShortcutAndInputsHaveNames()
    {
        for (const QAction *action : m_panel->actions())
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        for (const QWidget *input : m_panel->findChildren<QWidget *>()) {
            if (qobject_cast<const QLineEdit *>(input) || qobject_cast<const QPlainTextEdit *>(input)
                || qobject_cast<const QComboBox *>(input)) {
                if (input->parentWidget() && qobject_cast<const QComboBox *>(input->parentWidget()))
                    continue; // a combo box's own line edit
                QVERIFY2(!input->accessibleName().isEmpty(), qPrintable(input->objectName()));
            }
        }
    }

private:
    [[nodiscard]] QString label(const QString &name) const { return labelText(m_panel.get(), name); }
    [[nodiscard]] QString verdict() const { return label(u"verdictLabel"_s); }
    [[nodiscard]] QTableView *diagnostics() const { return m_panel->findChild<QTableView *>(u"diagnosticsView"_s); }

    QNetworkAccessManager m_network;
    JwksTestServer m_server;
    Key m_keyA;
    Key m_keyB;
    FixedClock m_cacheClock {now};
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<VerifyPanel> m_panel;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TestVerifyPanel)
#include "tst_verifypanel.moc"
