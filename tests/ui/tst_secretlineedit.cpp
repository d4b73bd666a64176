// SecretLineEdit: the secret inputs of the signature panel and the re-sign dialog. Masked by default, shown and
// hidden by the eye inside the edit (or programmatically), masked again when the edit is hidden, and never handing
// the secret to the clipboard while masked.

#include "common/SecretLineEdit.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace tokenscope;

class TestSecretLineEdit : public QObject
{
    Q_OBJECT

private slots:
    void isMaskedByDefault()
    {
        SecretLineEdit edit;
        QCOMPARE(edit.echoMode(), QLineEdit::Password);
        QVERIFY(!edit.isSecretShown());
        QVERIFY(edit.inputMethodHints().testFlag(Qt::ImhSensitiveData));
        QVERIFY(edit.inputMethodHints().testFlag(Qt::ImhNoPredictiveText));
        QVERIFY(edit.inputMethodHints().testFlag(Qt::ImhHiddenText));
        QVERIFY(edit.showSecretAction()->isCheckable());
        QVERIFY(!edit.showSecretAction()->isChecked());
    }

    void theEyeShowsAndHidesTheSecret()
    {
        SecretLineEdit edit;
        edit.show();
        QVERIFY(QTest::qWaitForWindowExposed(&edit));
        QTest::keyClicks(&edit, u"hunter2"_s);
        auto *button = edit.findChild<QToolButton *>(u"showSecretButton"_s);
        QVERIFY(button);
        QVERIFY(button->isVisible());
        QCOMPARE(button->text(), u"Show Secret"_s);
        QSignalSpy shown(&edit, &SecretLineEdit::secretShownChanged);

        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(edit.echoMode(), QLineEdit::Normal);
        QVERIFY(edit.showSecretAction()->isChecked());
        QCOMPARE(button->text(), u"Hide Secret"_s); // the button says what a click does next
        QCOMPARE(shown.count(), 1);
        QCOMPARE(shown.constLast().constFirst().toBool(), true);

        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(edit.echoMode(), QLineEdit::Password);
        QCOMPARE(button->text(), u"Show Secret"_s);
        QCOMPARE(shown.count(), 2);
        QCOMPARE(edit.text(), u"hunter2"_s); // showing and hiding never touch the text
    }

    void showingProgrammaticallyMovesTheEye()
    {
        SecretLineEdit edit;
        edit.setSecretShown(true);
        QVERIFY(edit.isSecretShown());
        QVERIFY(edit.showSecretAction()->isChecked());
        edit.setSecretShown(false);
        QCOMPARE(edit.echoMode(), QLineEdit::Password);
        QVERIFY(!edit.showSecretAction()->isChecked());
    }

    void hidingTheEditMasksTheSecretAgain()
    {
        SecretLineEdit edit;
        edit.show();
        QVERIFY(QTest::qWaitForWindowExposed(&edit));
        edit.setSecretShown(true);
        edit.hide();
        QCOMPARE(edit.echoMode(), QLineEdit::Password);
        edit.show();
        QVERIFY(!edit.isSecretShown()); // shown again, the secret stays masked until asked for
    }

    void aMaskedSecretIsNotCopied()
    {
        SecretLineEdit edit;
        QApplication::clipboard()->setText(u"before"_s);
        edit.setText(u"hunter2"_s);
        edit.selectAll();
        edit.copy();
        QCOMPARE(QApplication::clipboard()->text(), u"before"_s);
    }

    void theShortcutIsNamedInTheTooltip()
    {
        SecretLineEdit edit;
        QCOMPARE(edit.showSecretAction()->toolTip(), u"Show Secret"_s);
        const QKeySequence keys(Qt::CTRL | Qt::SHIFT | Qt::Key_H);
        edit.setShowSecretShortcut(keys);
        QCOMPARE(edit.showSecretAction()->shortcut(), keys);
        QVERIFY(edit.showSecretAction()->toolTip().contains(keys.toString(QKeySequence::NativeText)));
    }
};

QTEST_MAIN(TestSecretLineEdit)
#include "tst_secretlineedit.moc"
