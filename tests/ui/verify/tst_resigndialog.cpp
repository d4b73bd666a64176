#include "VerifyTestSupport.h"
#include "common/Settings.h"
#include "verify/ResignDialog.h"
#include "verify/TokenVerifier.h"
#include "verify/VerifyPanel.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 now = 1'800'000'000;

QByteArray claims()
{
    return QStringLiteral(
               "{\"iss\":\"https://"
               "issuer.example\",\"sub\":\"alice\",\"admin\":false,\"big\":12345678901234567890123,\"exp\":%1}")
        .arg(now + 3600)
        .toUtf8();
}

VerificationResult verifyWith(const QString &token, const Key &key)
{
    VerificationPolicy policy;
    const FixedClock clock(now);
    policy.clock = &clock;
    return TokenVerifier::verify(token.toLatin1(), KeySet {key}, policy);
}

} // namespace

// ResignDialog: JSON checked as typed (line and column of the error, nothing typed lost), undo and redo, signing
// with a generated key, a pasted private key or a secret, and the round trip through the panel: the produced token
// verifies with the key that signed it.
class TestResignDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_original = generatedKey(Algorithm::ES256, u"orig"_s);
        m_token = decoded(signedToken(m_original, Algorithm::ES256, claims()));
    }

    void fillsEditorsFromTheToken()
    {
        ResignDialog dialog;
        dialog.setToken(m_token);
        QVERIFY(dialog.headerText().contains(u"\"kid\": \"orig\""_s));
        QVERIFY(dialog.payloadText().contains(u"12345678901234567890123"_s)); // numbers as written
        QVERIFY(dialog.payloadText().indexOf(u"\"iss\""_s) < dialog.payloadText().indexOf(u"\"sub\""_s));
        QCOMPARE(dialog.algorithm(), Algorithm::ES256);
        QVERIFY(dialog.jsonError().isEmpty());
    }

    void checksJsonAsYouType_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("expected");
        QTest::newRow("trailing comma") << u"{\"a\": 1,}"_s << u"Payload, line 1, column 9: "_s;
        QTest::newRow("second line") << u"{\n  \"a\" 1\n}"_s << u"Payload, line 2, column 7: "_s;
        QTest::newRow("after non-ASCII") << u"{\"é\": tru}"_s << u"Payload, line 1, column 7: "_s;
        QTest::newRow("not an object") << u"[1, 2]"_s << u"Payload: must be a JSON object"_s;
        QTest::newRow("duplicate") << u"{\"a\": 1,\n \"a\": 2}"_s
                                   << u"Payload, line 2, column 2: member \"a\" appears twice"_s;
    }

    void checksJsonAsYouType()
    {
        QFETCH(QString, payload);
        QFETCH(QString, expected);
        ResignDialog dialog;
        dialog.setToken(m_token);
        auto *editor = dialog.findChild<QPlainTextEdit *>(u"payloadEdit"_s);
        editor->selectAll();
        editor->insertPlainText(payload); // as a paste over the selection
        const QString status = dialog.findChild<QLabel *>(u"jsonStatusLabel"_s)->text();
        QVERIFY2(status.startsWith(expected), qPrintable(status));
        QCOMPARE(dialog.jsonError(), status);
        QCOMPARE(editor->toPlainText(), payload); // nothing typed is lost
        QVERIFY(!dialog.findChild<QPushButton *>(u"signButton"_s)->isEnabled());
        QCOMPARE(editor->extraSelections().size(), 1); // the error is marked in place
        QVERIFY(dialog.sign().isEmpty());
    }

    void undoAndRedoEdits()
    {
        ResignDialog dialog;
        dialog.setToken(m_token);
        const QString original = dialog.payloadText();
        dialog.setPayloadText(u"{\"sub\": \"mallory\"}"_s);
        dialog.setPayloadText(u"{\"sub\": \"mallory\", \"admin\": true}"_s);
        dialog.undo();
        QCOMPARE(dialog.payloadText(), u"{\"sub\": \"mallory\"}"_s);
        dialog.undo();
        QCOMPARE(dialog.payloadText(), original);
        dialog.redo();
        QCOMPARE(dialog.payloadText(), u"{\"sub\": \"mallory\"}"_s);
        dialog.findChild<QPushButton *>(u"resetButton"_s)->click();
        QCOMPARE(dialog.payloadText(), original);
    }

    void signsWithAGeneratedKey_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::newRow("ES256") << int(Algorithm::ES256);
        QTest::newRow("EdDSA") << int(Algorithm::EdDSA);
        QTest::newRow("HS384") << int(Algorithm::HS384);
    }

    void signsWithAGeneratedKey()
    {
        QFETCH(int, algorithm);
        ResignDialog dialog;
        dialog.setToken(m_token);
        dialog.setPayloadText(dialog.payloadText().replace(u"\"alice\""_s, u"\"mallory\""_s));
        dialog.setAlgorithm(Algorithm(algorithm));
        dialog.findChild<QPushButton *>(u"generateButton"_s)->click();
        QVERIFY(dialog.signingKey());
        QSignalSpy produced(&dialog, &ResignDialog::tokenProduced);
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"signButton"_s), Qt::LeftButton);
        QCOMPARE(produced.size(), 1);
        const QString token = produced.first().first().toString();
        QCOMPARE(dialog.findChild<QLineEdit *>(u"producedTokenEdit"_s)->text(), token);

        const DecodedToken result = decoded(token.toLatin1());
        QCOMPARE(result.algorithm(), Algorithms::name(Algorithm(algorithm)));
        QCOMPARE(result.payload->value(u"sub")->string, u"mallory"_s);
        QCOMPARE(result.payload->value(u"big")->lexeme, QByteArray("12345678901234567890123"));
        const Key key = *dialog.signingKey();
        const Key verifier = key.type() == Key::Type::Oct ? key : key.publicKey();
        QVERIFY(verifyWith(token, verifier).isValid());
        QVERIFY(!verifyWith(token, m_original).isValid()); // the old key no longer fits
        if (key.type() != Key::Type::Oct)
            QCOMPARE(result.keyId(), key.thumbprint()); // kid from the new key
    }

    void signsWithPastedKeyOrSecret_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<QString>("keyText");
        QTest::addColumn<int>("algorithm");
        QTest::newRow("PEM private key") << int(ResignDialog::KeyChoice::PrivateKey)
                                         << QString::fromLatin1(readTestFile(u"keys/ec-p256-sec1.pem"_s))
                                         << int(Algorithm::ES256);
        const Key jwkKey = generatedKey(Algorithm::ES256, u"pasted"_s);
        QTest::newRow("private JWK") << int(ResignDialog::KeyChoice::PrivateKey)
                                     << QString::fromUtf8(jwkKey.toJwk(Key::Export::IncludePrivate))
                                     << int(Algorithm::ES256);
        QTest::newRow("secret text") << int(ResignDialog::KeyChoice::SecretText)
                                     << u"a shared secret of thirty-two+ bytes!"_s << int(Algorithm::HS256);
        QTest::newRow("secret base64") << int(ResignDialog::KeyChoice::SecretBase64)
                                       << QString::fromLatin1(QByteArray(48, 'k').toBase64()) << int(Algorithm::HS384);
    }

    void signsWithPastedKeyOrSecret()
    {
        QFETCH(int, choice);
        QFETCH(QString, keyText);
        QFETCH(int, algorithm);
        ResignDialog dialog;
        dialog.setToken(m_token);
        dialog.setAlgorithm(Algorithm(algorithm));
        dialog.setKeyChoice(ResignDialog::KeyChoice(choice));
        if (choice == int(ResignDialog::KeyChoice::SecretText) || choice == int(ResignDialog::KeyChoice::SecretBase64))
            QCOMPARE(dialog.findChild<QLineEdit *>(u"secretEdit"_s)->echoMode(), QLineEdit::Password);
        dialog.setKeyText(keyText);
        QVERIFY2(dialog.signingKey(), qPrintable(dialog.keyStatus()));
        const QString token = dialog.sign();
        QVERIFY(!token.isEmpty());
        const Key key = *dialog.signingKey();
        QVERIFY(verifyWith(token, key.type() == Key::Type::Oct ? key : key.publicKey()).isValid());
    }

    void refusesAKeyThatCannotSign_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<QString>("keyText");
        QTest::addColumn<int>("algorithm");
        QTest::newRow("public key") << int(ResignDialog::KeyChoice::PrivateKey)
                                    << QString::fromLatin1(readTestFile(u"keys/ec-p256-public.pem"_s))
                                    << int(Algorithm::ES256);
        QTest::newRow("EC key for RS256")
            << int(ResignDialog::KeyChoice::PrivateKey) << QString::fromLatin1(readTestFile(u"keys/ec-p256-sec1.pem"_s))
            << int(Algorithm::RS256);
        QTest::newRow("garbage") << int(ResignDialog::KeyChoice::PrivateKey) << u"-----BEGIN nonsense"_s
                                 << int(Algorithm::ES256);
        QTest::newRow("bad base64 secret")
            << int(ResignDialog::KeyChoice::SecretBase64) << u"%%%"_s << int(Algorithm::HS256);
    }

    void refusesAKeyThatCannotSign()
    {
        QFETCH(int, choice);
        QFETCH(QString, keyText);
        QFETCH(int, algorithm);
        ResignDialog dialog;
        dialog.setToken(m_token);
        dialog.setAlgorithm(Algorithm(algorithm));
        dialog.setKeyChoice(ResignDialog::KeyChoice(choice));
        dialog.setKeyText(keyText);
        QVERIFY(!dialog.signingKey());
        QVERIFY(!dialog.keyStatus().isEmpty());
        QVERIFY(!dialog.findChild<QPushButton *>(u"signButton"_s)->isEnabled());
        QVERIFY(dialog.sign().isEmpty());
    }

    void copiesSecretsConcealed()
    {
        ResignDialog dialog;
        dialog.setToken(m_token);
        dialog.generateKey();
        QVERIFY(!dialog.sign().isEmpty());
        dialog.findChild<QPushButton *>(u"copyTokenButton"_s)->click();
        const QMimeData *copied = QGuiApplication::clipboard()->mimeData();
        QVERIFY(copied);
        QCOMPARE(copied->text(), dialog.producedToken());
        QCOMPARE(copied->data(u"x-kde-passwordManagerHint"_s), QByteArray("secret"));
        dialog.findChild<QPushButton *>(u"copyPrivateKeyButton"_s)->click();
        QVERIFY(QGuiApplication::clipboard()->mimeData()->text().startsWith(u"-----BEGIN PRIVATE KEY-----"_s));
        QCOMPARE(QGuiApplication::clipboard()->mimeData()->data(u"x-kde-passwordManagerHint"_s), QByteArray("secret"));
        dialog.findChild<QPushButton *>(u"copyPublicKeyButton"_s)->click();
        QVERIFY(QGuiApplication::clipboard()->mimeData()->data(u"x-kde-passwordManagerHint"_s).isEmpty());
        QVERIFY(!QGuiApplication::clipboard()->mimeData()->text().contains(u"\"d\""_s));
    }

    void roundTripThroughThePanel_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::newRow("ES256") << int(Algorithm::ES256);
        QTest::newRow("HS256") << int(Algorithm::HS256);
    }

    void roundTripThroughThePanel()
    {
        QFETCH(int, algorithm);
        QNetworkAccessManager network;
        const std::unique_ptr<Settings> settings = Settings::throwaway();
        VerifyPanel panel(&network, settings.get());
        panel.setNowSeconds(now);
        panel.setToken(&m_token);
        QSignalSpy produced(&panel, &VerifyPanel::resignedTokenProduced);
        ResignDialog *dialog = panel.openResignDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->payloadText().contains(u"alice"_s));
        dialog->setPayloadText(dialog->payloadText().replace(u"\"admin\": false"_s, u"\"admin\": true"_s));
        dialog->setAlgorithm(Algorithm(algorithm));
        dialog->generateKey();
        QVERIFY(!dialog->sign().isEmpty());
        QCOMPARE(produced.size(), 1);

        // The workspace loads the new token; the panel verifies it with the key that signed it.
        const DecodedToken resigned = decoded(produced.first().first().toString().toLatin1());
        QCOMPARE(resigned.payload->value(u"admin")->boolean, true);
        panel.setToken(&resigned);
        QVERIFY(panel.result());
        QVERIFY2(panel.result()->isValid(), qPrintable(panel.result()->message));
        QCOMPARE(panel.keySourceKind(),
                 algorithm == int(Algorithm::HS256) ? VerifyPanel::KeySourceKind::Secret
                                                    : VerifyPanel::KeySourceKind::Jwk);
        dialog->close();
    }

private:
    Key m_original;
    DecodedToken m_token;
};

QTEST_MAIN(TestResignDialog)
#include "tst_resigndialog.moc"
