// IssuerPicker: hidden without tenants; the root first, then each tenant with its path; a choice from the keyboard
// is reported by name (empty for the root); the label's mnemonic reaches it.

#include "issuer/IssuerPicker.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

class TestIssuerPicker : public QObject
{
    Q_OBJECT

private slots:
    void hiddenWithoutTenants()
    {
        QWidget window;
        IssuerPicker picker(&window);
        window.show();
        QVERIFY(!picker.isVisible());
        picker.setTenants({u"acme"_s});
        QVERIFY(picker.isVisible());
        picker.setTenants({});
        QVERIFY(!picker.isVisible());
        QCOMPARE(picker.comboBox()->count(), 0);
    }

    void listsTheRootThenEachTenant()
    {
        IssuerPicker picker;
        picker.setTenants({u"acme"_s, u"globex"_s});
        QComboBox *combo = picker.comboBox();
        QCOMPARE(combo->count(), 3);
        QCOMPARE(combo->itemText(0), u"Root issuer (/)"_s);
        QCOMPARE(combo->itemText(1), u"acme (/acme)"_s);
        QCOMPARE(combo->itemText(2), u"globex (/globex)"_s);
        QCOMPARE(picker.currentTenant(), QString());
        QVERIFY(!combo->accessibleName().isEmpty());
        auto *label = picker.findChild<QLabel *>();
        QVERIFY(label);
        QCOMPARE(label->buddy(), combo);
    }

    void keyboardChoiceIsReportedByName()
    {
        IssuerPicker picker;
        picker.setTenants({u"acme"_s, u"globex"_s});
        QSignalSpy chosen(&picker, &IssuerPicker::tenantChosen);
        QTest::keyClick(picker.comboBox(), Qt::Key_Down);
        QTest::keyClick(picker.comboBox(), Qt::Key_Down);
        QTest::keyClick(picker.comboBox(), Qt::Key_Home);
        QCOMPARE(chosen.size(), 3);
        QCOMPARE(chosen.at(0).at(0).toString(), u"acme"_s);
        QCOMPARE(chosen.at(1).at(0).toString(), u"globex"_s);
        QCOMPARE(chosen.at(2).at(0).toString(), QString());
    }

    void unknownTenantChoosesTheRoot()
    {
        IssuerPicker picker;
        picker.setTenants({u"acme"_s});
        picker.setCurrentTenant(u"acme"_s);
        QCOMPARE(picker.currentTenant(), u"acme"_s);
        picker.setCurrentTenant(u"initech"_s);
        QCOMPARE(picker.currentTenant(), QString());
    }
};

QTEST_MAIN(TestIssuerPicker)
#include "tst_issuerpicker.moc"
