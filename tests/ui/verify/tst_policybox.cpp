#include "common/Settings.h"
#include "crypto/Algorithm.h"
#include "verify/PolicyBox.h"

#include <QAction>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace tokenscope;
using namespace Qt::StringLiterals;

// PolicyBox as a user fills it: the algorithms ticked in the menu, the expected iss and aud, and an SD-JWT's
// key-binding nonce and audience become the policy the panel verifies with (RFC 8725 §3.1: only the algorithms
// allowed); an empty field is not checked, and only non-secret fields are remembered.
class TestPolicyBox : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_box = std::make_unique<PolicyBox>(); }
    void cleanup() { m_box.reset(); }

    void fieldsBecomeThePolicy_data()
    {
        QTest::addColumn<QStringList>("ticked");
        QTest::addColumn<QString>("typedIssuer");
        QTest::addColumn<QString>("typedAudience");
        QTest::addColumn<QList<Algorithm>>("algorithms");
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<QString>("audience");
        QTest::addColumn<QString>("buttonText");
        QTest::newRow("nothing set: nothing checked") << QStringList() << QString() << QString() << QList<Algorithm>()
                                                      << QString() << QString() << u"Any the key fits"_s;
        QTest::newRow("one algorithm") << QStringList {u"ES256"_s} << QString() << QString()
                                       << QList<Algorithm> {Algorithm::ES256} << QString() << QString() << u"ES256"_s;
        QTest::newRow("two algorithms, in the menu's order")
            << QStringList {u"PS256"_s, u"HS256"_s} << QString() << QString()
            << QList<Algorithm> {Algorithm::HS256, Algorithm::PS256} << QString() << QString() << u"HS256, PS256"_s;
        QTest::newRow("issuer and audience, trimmed")
            << QStringList() << u"  https://issuer.example "_s << u" api "_s << QList<Algorithm>()
            << u"https://issuer.example"_s << u"api"_s << u"Any the key fits"_s;
        QTest::newRow("all of it") << QStringList {u"EdDSA"_s} << u"https://issuer.example"_s << u"api"_s
                                   << QList<Algorithm> {Algorithm::EdDSA} << u"https://issuer.example"_s << u"api"_s
                                   << u"EdDSA"_s;
    }

    void fieldsBecomeThePolicy()
    {
        QFETCH(QStringList, ticked);
        QFETCH(QString, typedIssuer);
        QFETCH(QString, typedAudience);
        QFETCH(QList<Algorithm>, algorithms);
        QFETCH(QString, issuer);
        QFETCH(QString, audience);
        QFETCH(QString, buttonText);
        for (const QString &name : ticked)
            algorithmAction(name)->trigger();
        QTest::keyClicks(edit(u"expectedIssuerEdit"_s), typedIssuer);
        QTest::keyClicks(edit(u"expectedAudienceEdit"_s), typedAudience);

        const VerificationPolicy policy = m_box->policy();
        QCOMPARE(policy.allowedAlgorithms, algorithms);
        QCOMPARE(policy.expectedIssuer, issuer);
        QCOMPARE(policy.expectedAudience, audience);
        QCOMPARE(m_box->allowedAlgorithms(), algorithms);
        QCOMPARE(algorithmsButton()->text(), buttonText);
        // The 'now' and the leeway are the workspace's: the panel adds them.
        QCOMPARE(policy.leewaySeconds, 0);
        QVERIFY(!policy.clock);
    }

    void anyAlgorithmUnticksThemAll()
    {
        m_box->setAllowedAlgorithms({Algorithm::RS256, Algorithm::ES384});
        QCOMPARE(algorithmAction(u"ES384"_s)->isChecked(), true);
        algorithmAction(u"Any Algorithm the Key Fits"_s)->trigger();
        QVERIFY(m_box->policy().allowedAlgorithms.isEmpty());
        QCOMPARE(algorithmsButton()->text(), u"Any the key fits"_s);
        QVERIFY(algorithmsButton()->toolTip().contains(u"RFC 8725 §3.1"_s));
    }

    void everyChangeAsksToVerifyAgain()
    {
        QSignalSpy changed(m_box.get(), &PolicyBox::policyChanged);
        algorithmAction(u"RS256"_s)->trigger();
        QCOMPARE(changed.size(), 1);
        algorithmAction(u"RS256"_s)->trigger(); // unticked again
        QCOMPARE(changed.size(), 2);
        QVERIFY(m_box->allowedAlgorithms().isEmpty());
        QTest::keyClicks(edit(u"expectedIssuerEdit"_s), u"x"_s);
        QCOMPARE(changed.size(), 3);
        m_box->setExpectedAudience(u"api"_s);
        QCOMPARE(changed.size(), 4);
        m_box->setAllowedAlgorithms({Algorithm::ES256}); // one change, not one per algorithm
        QCOMPARE(changed.size(), 5);
    }

    void keyBindingFieldsShowOnlyForAKeyBinding()
    {
        QLineEdit *nonce = edit(u"keyBindingNonceEdit"_s);
        QLineEdit *audience = edit(u"keyBindingAudienceEdit"_s);
        QVERIFY(!nonce->isVisibleTo(m_box.get()));
        QVERIFY(!audience->isVisibleTo(m_box.get()));
        m_box->setKeyBindingFieldsShown(true);
        QVERIFY(nonce->isVisibleTo(m_box.get()));
        QVERIFY(audience->isVisibleTo(m_box.get()));

        // RFC 9901 §7.3 step 5: the nonce the verifier sent and its own identifier as aud; empty: not checked.
        QVERIFY(m_box->keyBindingPolicy().expectedNonce.isEmpty());
        QTest::keyClicks(nonce, u" n-0S6_WzA2Mj "_s);
        QTest::keyClicks(audience, u"https://verifier.example"_s);
        const KeyBindingPolicy policy = m_box->keyBindingPolicy();
        QCOMPARE(policy.expectedNonce, u"n-0S6_WzA2Mj"_s);
        QCOMPARE(policy.expectedAudience, u"https://verifier.example"_s);
        QVERIFY(!policy.clock);

        m_box->setKeyBindingFieldsShown(false);
        QVERIFY(!nonce->isVisibleTo(m_box.get()));
    }

    void settingsKeepThePolicyButNotTheChallenge()
    {
        const std::unique_ptr<Settings> settings = Settings::throwaway();
        m_box->setAllowedAlgorithms({Algorithm::ES256, Algorithm::EdDSA});
        m_box->setExpectedIssuer(u"https://issuer.example"_s);
        m_box->setExpectedAudience(u"api"_s);
        m_box->setKeyBindingFieldsShown(true);
        edit(u"keyBindingNonceEdit"_s)->setText(u"n-0S6_WzA2Mj"_s);
        m_box->saveSettings(*settings);
        QCOMPARE(settings->verifyAllowedAlgorithms(), (QStringList {u"ES256"_s, u"EdDSA"_s}));

        PolicyBox restored;
        restored.restoreSettings(*settings);
        const VerificationPolicy policy = restored.policy();
        QCOMPARE(policy.allowedAlgorithms, (QList<Algorithm> {Algorithm::ES256, Algorithm::EdDSA}));
        QCOMPARE(policy.expectedIssuer, u"https://issuer.example"_s);
        QCOMPARE(policy.expectedAudience, u"api"_s);
        // A key-binding nonce answers one challenge: it is not carried over to the next run.
        QVERIFY(restored.keyBindingPolicy().expectedNonce.isEmpty());
    }

    void unknownAlgorithmNamesInSettingsAreDropped()
    {
        const std::unique_ptr<Settings> settings = Settings::throwaway();
        // Case-sensitive (RFC 7515 §4.1.1): "es256" and "none" are not algorithms.
        settings->setVerifyAllowedAlgorithms({u"es256"_s, u"none"_s, u"PS384"_s});
        m_box->restoreSettings(*settings);
        QCOMPARE(m_box->allowedAlgorithms(), QList<Algorithm> {Algorithm::PS384});
    }

private:
    [[nodiscard]] QToolButton *algorithmsButton() const
    {
        return m_box->findChild<QToolButton *>(u"algorithmsButton"_s);
    }
    [[nodiscard]] QAction *algorithmAction(const QString &text) const
    {
        for (QAction *action : algorithmsButton()->menu()->actions()) {
            if (action->text() == text)
                return action;
        }
        qFatal("no menu item %s", qPrintable(text));
        return nullptr;
    }
    [[nodiscard]] QLineEdit *edit(const QString &name) const
    {
        auto *found = m_box->findChild<QLineEdit *>(name);
        if (!found)
            qFatal("no field %s", qPrintable(name));
        return found;
    }

    std::unique_ptr<PolicyBox> m_box;
};

QTEST_MAIN(TestPolicyBox)
#include "tst_policybox.moc"
