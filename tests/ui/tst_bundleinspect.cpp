// Tokens that travel together, pasted into the Inspect workspace, as a user sees them: a token response with a real
// ES256 or RS256 ID token (at_hash matching its access token or not) and an opaque refresh token, and a curl command
// with a DPoP proof signed by a freshly generated key (ath and cnf.jkt matching, htu right or wrong), that proof
// alone and beside its access token, and a hybrid flow's redirect URL (c_hash over its code). The Token
// Bundle pane lists each token by role and each check on its own row with its outcome and reason code; a failed
// check is a finding once; activating a token row shows that token; the method, URL and nonces typed into the pane
// re-run the checks; a plain JWT hides the pane.

#include "binding/BindingTestSupport.h"
#include "binding/DpopVerifier.h"
#include "binding/OidcHashes.h"
#include "common/Clock.h"
#include "common/MessageBanner.h"
#include "common/PseudoTranslator.h"
#include "common/Settings.h"
#include "inspect/BindingChecksModel.h"
#include "inspect/BundleTokensModel.h"
#include "inspect/BundleView.h"
#include "inspect/FindingsModel.h"
#include "inspect/InspectWorkspace.h"
#include "inspect/JsonView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QTableView>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::test;

namespace {

constexpr qint64 kIssuedAt = 1700000000;
const QByteArray kRefreshToken = "8xLOxBtZp8-opaque";
const QByteArray kRequestUrl = "https://api.example.com/invoices";

// What one pasted input should show in the pane.
struct Expected
{
    QStringList roles; // in the order of the tokens list
    QStringList opaque; // the roles shown as opaque
    QString check; // one check's row
    QString outcome; // "pass", "fail", "not_checked"
    QString reason; // its reason code (empty unless failed)
};

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestBundleInspect : public QObject
{
    Q_OBJECT

    Key m_issuerEs256;
    Key m_issuerRs256;
    Key m_clientKey; // the DPoP key pair of the client, made for this run
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<FixedClock> m_clock;
    QNetworkAccessManager m_network;
    std::unique_ptr<InspectWorkspace> m_workspace;

    QByteArray accessToken() const
    {
        return signedToken("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"as\"}",
                           "{\"iss\":\"https://as.example.com\",\"sub\":\"alice\",\"aud\":\"https://api.example.com\","
                           "\"client_id\":\"app\",\"exp\":1700000600,\"iat\":1700000000,\"jti\":\"a1\","
                           "\"cnf\":{\"jkt\":\""
                               + m_clientKey.thumbprint().toLatin1() + "\"}}",
                           m_issuerEs256, Algorithm::ES256);
    }
    // An ID token whose at_hash is that of `forAccessToken` (OIDC Core §3.1.3.6), signed with `algorithm`.
    QByteArray idToken(const QByteArray &forAccessToken, Algorithm algorithm) const
    {
        const bool rsa = algorithm == Algorithm::RS256;
        const QByteArray atHash = OidcHashes::leftHalfHashes(algorithm, forAccessToken).first().value.toLatin1();
        return signedToken(rsa ? "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rs\"}"
                               : "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"as\"}",
                           "{\"iss\":\"https://as.example.com\",\"sub\":\"alice\",\"aud\":\"app\",\"azp\":\"app\","
                           "\"exp\":1700000600,\"iat\":1700000000,\"nonce\":\"n-1\",\"at_hash\":\""
                               + atHash + "\"}",
                           rsa ? m_issuerRs256 : m_issuerEs256, algorithm);
    }
    static QString response(const QByteArray &access, const QByteArray &id)
    {
        return QString::fromLatin1("{\"access_token\":\"" + access + "\",\"token_type\":\"DPoP\",\"expires_in\":600,"
                                   + "\"refresh_token\":\"" + kRefreshToken + "\",\"id_token\":\"" + id + "\"}");
    }
    // RFC 9449 §4.2: a proof for GET `htu` carrying the access token's hash, signed with the client's key.
    QByteArray proof(const QByteArray &access, const QByteArray &htu) const
    {
        return signedToken("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + m_clientKey.toJwk() + '}',
                           "{\"jti\":\"j-1\",\"htm\":\"GET\",\"htu\":\"" + htu + "\",\"iat\":1700000000,\"ath\":\""
                               + DpopVerifier::accessTokenHash(access).toLatin1() + "\"}",
                           m_clientKey, Algorithm::ES256);
    }
    QString curl(const QByteArray &htu) const
    {
        const QByteArray access = accessToken();
        return QString::fromLatin1("curl -H 'Authorization: DPoP " + access + "' \\\n  -H 'DPoP: " + proof(access, htu)
                                   + "' \\\n  " + kRequestUrl);
    }

    BundleView *view() const { return m_workspace->bundleView(); }
    QString outcomeOf(QStringView check) const
    {
        const BindingChecksModel *model = view()->checksModel();
        const int row = model->rowOf(check);
        if (row < 0)
            return QStringLiteral("absent");
        const QModelIndex index = model->index(row, BindingChecksModel::OutcomeColumn);
        const QString reason = index.data(BindingChecksModel::ReasonRole).toString();
        return index.data(BindingChecksModel::OutcomeRole).toString() + (reason.isEmpty() ? QString() : u' ' + reason);
    }
    int findingsWithId(const QString &id) const
    {
        const FindingsModel *model = m_workspace->findingsModel();
        int count = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            count += model->data(model->index(row), FindingsModel::IdRole).toString() == id ? 1 : 0;
        return count;
    }
    QString shownToken() const
    {
        const TokenAnalysis &analysis = m_workspace->analysis();
        return analysis.index >= 0 ? QString::fromLatin1(analysis.candidates[analysis.index].token) : QString();
    }
    void clickTokenRow(QStringView role)
    {
        QTableView *table = view()->tokensView();
        const int row = view()->tokensModel()->rowOf(role);
        QVERIFY(row >= 0);
        const QRect rect = table->visualRect(view()->tokensModel()->index(row, BundleTokensModel::RoleColumn));
        QVERIFY(rect.isValid());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    }

private slots:
    void initTestCase()
    {
        m_issuerEs256 = generatedKey(Algorithm::ES256, QStringLiteral("as"));
        m_issuerRs256 = generatedKey(Algorithm::RS256, QStringLiteral("rs"));
        m_clientKey = generatedKey(Algorithm::ES256, QString());
    }
    void init()
    {
        m_settings = Settings::throwaway();
        // Half a minute after the proof and the tokens were made: inside the proof's iat window (RFC 9449 §11.1).
        m_clock = std::make_unique<FixedClock>(kIssuedAt + 30);
        m_workspace = std::make_unique<InspectWorkspace>(m_settings.get(), m_clock.get(), &m_network);
        m_workspace->resize(1400, 900);
        m_workspace->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_workspace.get()));
    }
    void cleanup()
    {
        m_workspace.reset();
        m_settings.reset();
    }

    void listsTheTokensAndEachCheck_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Expected>("expected");
        const QStringList responseRoles {QStringLiteral("access_token"), QStringLiteral("id_token"),
                                         QStringLiteral("refresh_token")};
        const QStringList requestRoles {QStringLiteral("dpop_proof"), QStringLiteral("access_token")};
        const QStringList refresh {QStringLiteral("refresh_token")};
        const QByteArray access = accessToken();

        QTest::newRow("ES256 ID token, at_hash of its access token")
            << response(access, idToken(access, Algorithm::ES256))
            << Expected {responseRoles, refresh, QStringLiteral("at_hash"), QStringLiteral("pass"), {}};
        QTest::newRow("RS256 ID token, at_hash of its access token")
            << response(access, idToken(access, Algorithm::RS256))
            << Expected {responseRoles, refresh, QStringLiteral("at_hash"), QStringLiteral("pass"), {}};
        QTest::newRow("ID token of another access token")
            << response(access, idToken("another-access-token", Algorithm::ES256))
            << Expected {responseRoles, refresh, QStringLiteral("at_hash"), QStringLiteral("fail"),
                         QStringLiteral("at_hash_mismatch")};
        QTest::newRow("the tokens of one response share their issuer")
            << response(access, idToken(access, Algorithm::RS256))
            << Expected {responseRoles, refresh, QStringLiteral("response_iss"), QStringLiteral("pass"), {}};
        QTest::newRow("no nonce typed: the ID token's is not compared")
            << response(access, idToken(access, Algorithm::ES256))
            << Expected {responseRoles, refresh, QStringLiteral("id_token_nonce"), QStringLiteral("not_checked"), {}};
        QTest::newRow("curl, proof signed by the client's key")
            << curl(kRequestUrl)
            << Expected {requestRoles, {}, QStringLiteral("dpop_signature"), QStringLiteral("pass"), {}};
        QTest::newRow("curl, ath of the access token beside it")
            << curl(kRequestUrl) << Expected {requestRoles, {}, QStringLiteral("dpop_ath"), QStringLiteral("pass"), {}};
        QTest::newRow("curl, the access token's cnf.jkt names the proof's key")
            << curl(kRequestUrl) << Expected {requestRoles, {}, QStringLiteral("dpop_jkt"), QStringLiteral("pass"), {}};
        const QByteArray lone = proof(access, kRequestUrl);
        QTest::newRow("a proof pasted alone: its URL is not known")
            << QString::fromLatin1(lone)
            << Expected {
                   {QStringLiteral("dpop_proof")}, {}, QStringLiteral("dpop_htu"), QStringLiteral("not_checked"), {}};
        QTest::newRow("a proof pasted beside its access token")
            << QString::fromLatin1("access token: " + access + "\nproof: " + lone)
            << Expected {requestRoles, {}, QStringLiteral("dpop_ath"), QStringLiteral("pass"), {}};
        // OIDC Core §3.3.2.5: a hybrid flow's redirect, the ID token's c_hash over the code beside it.
        const QByteArray code = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
        const QByteArray cHash = OidcHashes::leftHalfHashes(Algorithm::ES256, code).first().value.toLatin1();
        const QByteArray hybrid = signedToken("{\"alg\":\"ES256\",\"kid\":\"as\"}",
                                              "{\"iss\":\"https://as.example.com\",\"sub\":\"alice\",\"aud\":"
                                              "\"app\",\"nonce\":\"n-1\",\"c_hash\":\""
                                                  + cHash + "\"}",
                                              m_issuerEs256, Algorithm::ES256);
        QTest::newRow("a redirect URL with a code and an ID token")
            << QString::fromLatin1("https://client.example.org/cb#code=" + code + "&id_token=" + hybrid
                                   + "&state=af0ifjsldkj")
            << Expected {{QStringLiteral("id_token")}, {}, QStringLiteral("c_hash"), QStringLiteral("pass"), {}};
        QTest::newRow("curl, proof for another URL") << curl("https://api.example.com/orders")
                                                     << Expected {requestRoles,
                                                                  {},
                                                                  QStringLiteral("dpop_htu"),
                                                                  QStringLiteral("fail"),
                                                                  QStringLiteral("dpop_htu_mismatch")};
    }
    void listsTheTokensAndEachCheck()
    {
        QFETCH(QString, text);
        QFETCH(Expected, expected);
        m_workspace->setInputText(text);

        QVERIFY(!m_workspace->bundlePane()->isHidden());
        const BundleTokensModel *tokens = view()->tokensModel();
        QStringList roles;
        QStringList opaque;
        for (int row = 0; row < tokens->rowCount(); ++row) {
            const QModelIndex index = tokens->index(row, BundleTokensModel::RoleColumn);
            roles << index.data(BundleTokensModel::RoleNameRole).toString();
            if (index.data(BundleTokensModel::OpaqueRole).toBool()) {
                opaque << roles.last();
                QVERIFY(tokens->index(row, BundleTokensModel::KindColumn).data().toString().startsWith(u"opaque"));
            }
        }
        QCOMPARE(roles, expected.roles);
        QCOMPARE(opaque, expected.opaque);

        const QString reason = expected.reason.isEmpty() ? QString() : u' ' + expected.reason;
        QCOMPARE(outcomeOf(expected.check), expected.outcome + reason);
        // One row per check, each with a mark and a message.
        const BindingChecksModel *checks = view()->checksModel();
        QCOMPARE(checks->rowCount(), int(view()->report()->checks.size()));
        for (int row = 0; row < checks->rowCount(); ++row) {
            QVERIFY(!checks->index(row, BindingChecksModel::OutcomeColumn).data(Qt::DecorationRole).isNull());
            QVERIFY(!checks->index(row, BindingChecksModel::MessageColumn).data().toString().isEmpty());
        }
        // A failed check is a finding, listed once; a passing one is none.
        if (!expected.reason.isEmpty())
            QCOMPARE(findingsWithId(expected.reason), 1);
        for (const BindingCheck &check : view()->report()->checks) {
            if (check.outcome == BindingCheck::Outcome::Failed)
                QVERIFY2(findingsWithId(check.reason) > 0, qPrintable(check.reason));
        }
        QVERIFY(view()->summary().contains(QString::number(tokens->rowCount())));
    }

    void activatingATokenRowShowsThatToken()
    {
        const QByteArray access = accessToken();
        const QByteArray id = idToken(access, Algorithm::RS256);
        m_workspace->setInputText(response(access, id));
        QCOMPARE(shownToken(), QString::fromLatin1(access));

        clickTokenRow(u"id_token");
        QCOMPARE(shownToken(), QString::fromLatin1(id));
        QCOMPARE(m_workspace->analysis().token()->algorithm(), QStringLiteral("RS256"));
        const int idRow = view()->tokensModel()->rowOf(u"id_token");
        QVERIFY(view()->tokensModel()->index(idRow, 0).data(BundleTokensModel::ShownRole).toBool());
        // The pane still lists the whole bundle after the pick.
        QCOMPARE(view()->tokensModel()->rowCount(), 3);

        // The keyboard way: Enter on the access token's row.
        QTableView *table = view()->tokensView();
        table->setFocus();
        table->setCurrentIndex(view()->tokensModel()->index(view()->tokensModel()->rowOf(u"access_token"), 0));
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(shownToken(), QString::fromLatin1(access));

        // An opaque token cannot be shown: the message says so and the panes keep what they had.
        clickTokenRow(u"refresh_token");
        QCOMPARE(shownToken(), QString::fromLatin1(access));
        QVERIFY(!m_workspace->messageBanner()->isHidden());
        QVERIFY2(m_workspace->messageBanner()->text().contains(u"opaque"),
                 qPrintable(m_workspace->messageBanner()->text()));
    }

    void editingTheRequestRunsTheChecksAgain()
    {
        m_workspace->setInputText(curl("https://api.example.com/orders"));
        QVERIFY(!view()->dpopForm()->isHidden());
        QVERIFY(view()->oidcForm()->isHidden()); // no ID token: no nonce of its own to compare
        QCOMPARE(view()->urlEdit()->placeholderText(), QString::fromLatin1(kRequestUrl));
        QCOMPARE(outcomeOf(u"dpop_htu"), QStringLiteral("fail dpop_htu_mismatch"));
        QCOMPARE(findingsWithId(QStringLiteral("dpop_htu_mismatch")), 1);

        // The user knows the proof was made for /orders: typed, it wins over the pasted request's URL.
        QTest::keyClicks(view()->urlEdit(), QStringLiteral("https://API.example.com:443/orders"));
        QCOMPARE(outcomeOf(u"dpop_htu"), QStringLiteral("pass"));
        QCOMPARE(findingsWithId(QStringLiteral("dpop_htu_mismatch")), 0);

        QTest::keyClicks(view()->methodEdit(), QStringLiteral("POST"));
        QCOMPARE(outcomeOf(u"dpop_htm"), QStringLiteral("fail dpop_htm_mismatch"));
        QCOMPARE(findingsWithId(QStringLiteral("dpop_htm_mismatch")), 1);
        view()->methodEdit()->clear();
        QCOMPARE(outcomeOf(u"dpop_htm"), QStringLiteral("pass"));

        // RFC 9449 §8: a server that gave a nonce wants it back in the proof (this one has none).
        QTest::keyClicks(view()->dpopNonceEdit(), QStringLiteral("eyJ7S_zG.eyJH0-Z.HX4w-7v"));
        QCOMPARE(outcomeOf(u"dpop_nonce"), QStringLiteral("fail dpop_nonce_mismatch"));

        // What the user typed stays for the next paste, as the leeway does, and still wins over the request's URL:
        // a proof for /invoices fails against it until the field is cleared.
        m_workspace->setInputText(curl(kRequestUrl));
        QCOMPARE(view()->urlEdit()->text(), QStringLiteral("https://API.example.com:443/orders"));
        QCOMPARE(outcomeOf(u"dpop_htu"), QStringLiteral("fail dpop_htu_mismatch"));
        view()->urlEdit()->clear();
        QCOMPARE(outcomeOf(u"dpop_htu"), QStringLiteral("pass"));
    }

    void theOidcNonceIsCompared_data()
    {
        QTest::addColumn<QString>("nonce");
        QTest::addColumn<QString>("outcome");
        QTest::newRow("the nonce the client sent") << "n-1"
                                                   << "pass";
        QTest::newRow("another nonce") << "n-2"
                                       << "fail id_token_nonce_mismatch";
    }
    void theOidcNonceIsCompared()
    {
        QFETCH(QString, nonce);
        QFETCH(QString, outcome);
        const QByteArray access = accessToken();
        m_workspace->setInputText(response(access, idToken(access, Algorithm::ES256)));
        QVERIFY(view()->dpopForm()->isHidden());
        QVERIFY(!view()->oidcForm()->isHidden());
        QTest::keyClicks(view()->oidcNonceEdit(), nonce);
        QCOMPARE(outcomeOf(u"id_token_nonce"), outcome);
    }

    void timeMovesTheProofsIatWindow()
    {
        m_workspace->setInputText(curl(kRequestUrl));
        QCOMPARE(outcomeOf(u"dpop_iat"), QStringLiteral("pass"));
        m_workspace->setNowOverride(kIssuedAt + 3600);
        QCOMPARE(outcomeOf(u"dpop_iat"), QStringLiteral("fail dpop_iat_outside_window"));
        m_workspace->setNowOverride(std::nullopt);
        QCOMPARE(outcomeOf(u"dpop_iat"), QStringLiteral("pass"));

        // The clock ticking past the window re-judges the proof, as it does a token's exp.
        m_clock->setNowSeconds(kIssuedAt + 301);
        m_workspace->tick();
        QCOMPARE(outcomeOf(u"dpop_iat"), QStringLiteral("fail dpop_iat_outside_window"));
        QCOMPARE(findingsWithId(QStringLiteral("dpop_iat_outside_window")), 1);
    }

    void tabReachesTheTokensTheFormAndTheChecksInReadingOrder()
    {
        m_workspace->setInputText(curl(kRequestUrl));
        m_workspace->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_workspace.get()));
        // The pane follows the Payload pane in the workspace's order.
        m_workspace->payloadView()->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), m_workspace->payloadView());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), view()->tokensView());
        const QList<QWidget *> expected {view()->methodEdit(), view()->dpopNonceEdit(), view()->urlEdit(),
                                         view()->checksView()}; // the OIDC nonce is hidden: no ID token
        for (QWidget *next : expected) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QCOMPARE(QApplication::focusWidget(), next);
        }
        // Each field has a label that moves the focus to it (a buddy with a mnemonic).
        for (QLineEdit *edit : {view()->methodEdit(), view()->urlEdit(), view()->dpopNonceEdit()}) {
            QVERIFY(!edit->accessibleName().isEmpty());
            QVERIFY(!edit->toolTip().isEmpty());
        }
    }

    void aSingleJwtHidesThePane()
    {
        m_workspace->setInputText(curl(kRequestUrl));
        QVERIFY(!m_workspace->bundlePane()->isHidden());
        m_workspace->setInputText(QString::fromLatin1(accessToken()));
        QVERIFY(m_workspace->bundlePane()->isHidden());
        QVERIFY(!m_workspace->analysis().bundle);
        QCOMPARE(view()->tokensModel()->rowCount(), 0);
        QCOMPARE(view()->checksModel()->rowCount(), 0);
    }

    void anSdJwtIsOneTokenNotABundle()
    {
        // RFC 9901 §5.2: the issuer-signed JWT and the key-binding JWT travel in one token, shown by the Disclosures
        // pane; they are not a token response's tokens.
        QFile file(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/sdjwt/rfc9901-5.2-presentation.txt"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_workspace->setInputText(QString::fromLatin1(file.readAll().trimmed()));
        QVERIFY(!m_workspace->disclosuresPane()->isHidden());
        QVERIFY(m_workspace->bundlePane()->isHidden());
    }

    void everyShownStringGoesThroughTheTranslator()
    {
        test::PseudoTranslator translator;
        QVERIFY(QCoreApplication::installTranslator(&translator));
        {
            InspectWorkspace workspace(m_settings.get(), m_clock.get(), &m_network);
            const QByteArray access = accessToken();
            workspace.setInputText(response(access, idToken("another-access-token", Algorithm::ES256)));
            const BundleView *bundle = workspace.bundleView();
            const BundleTokensModel *tokens = bundle->tokensModel();
            const BindingChecksModel *checks = bundle->checksModel();
            const int refreshRow = tokens->rowOf(u"refresh_token");
            const int atHashRow = checks->rowOf(u"at_hash");
            QStringList shown {bundle->summaryLabel()->text(),
                               bundle->oidcNonceEdit()->placeholderText(),
                               bundle->oidcNonceEdit()->toolTip(),
                               bundle->oidcNonceEdit()->accessibleName(),
                               bundle->tokensView()->accessibleName(),
                               bundle->checksView()->accessibleName(),
                               tokens->index(refreshRow, BundleTokensModel::RoleColumn).data().toString(),
                               tokens->index(refreshRow, BundleTokensModel::KindColumn).data().toString(),
                               tokens->index(refreshRow, 0).data(Qt::ToolTipRole).toString(),
                               checks->index(atHashRow, BindingChecksModel::OutcomeColumn).data().toString(),
                               checks->index(atHashRow, BindingChecksModel::MessageColumn).data().toString()};
            for (int column = 0; column < BundleTokensModel::ColumnCount; ++column)
                shown << tokens->headerData(column, Qt::Horizontal).toString();
            for (int column = 0; column < BindingChecksModel::ColumnCount; ++column)
                shown << checks->headerData(column, Qt::Horizontal).toString();
            QString message;
            connect(bundle, &BundleView::message, this, [&message](const QString &text) { message = text; });
            QTableView *table = bundle->tokensView();
            emit table->activated(tokens->index(refreshRow, 0));
            shown << message;
            for (const QString &text : std::as_const(shown))
                QVERIFY2(test::isPseudoTranslated(text), qPrintable(QStringLiteral("not translatable: ") + text));
        }
        QCoreApplication::removeTranslator(&translator);
    }

    void modelsPassTheModelTester()
    {
        BundleTokensModel tokens;
        BindingChecksModel checks;
        QAbstractItemModelTester tokensTester(&tokens, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester checksTester(&checks, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_workspace->setInputText(curl("https://api.example.com/orders"));
        tokens.setTokens(view()->report()->tokens);
        tokens.setShownToken(view()->report()->tokens.first().value);
        checks.setChecks(view()->report()->checks);
        QCOMPARE(tokens.rowCount(), 2);
        QVERIFY(checks.rowCount() > 5);
        tokens.setTokens({});
        checks.setChecks({});
    }
};

QTEST_MAIN(TestBundleInspect)
#include "tst_bundleinspect.moc"
