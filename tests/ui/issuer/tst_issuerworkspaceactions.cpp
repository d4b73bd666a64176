// IssuerWorkspaceActions: every action has a name, a window-wide shortcut of its own and a tooltip that says the
// shortcut, is added to its owner (so the shortcut works there), and gets an icon for each palette.

#include "common/Theme.h"
#include "issuer/IssuerWorkspaceActions.h"

#include <QAction>
#include <QSet>
#include <QTest>
#include <QWidget>

using namespace Qt::StringLiterals;
using namespace tokenscope;

class TestIssuerWorkspaceActions : public QObject
{
    Q_OBJECT

private slots:
    void everyActionHasANameAndAShortcutOfItsOwn();
    void actionsBelongToTheirOwner();
    void iconsFollowThePalette();
};

void TestIssuerWorkspaceActions::everyActionHasANameAndAShortcutOfItsOwn()
{
    QWidget owner;
    const IssuerWorkspaceActions actions(&owner);
    const QList<QAction *> all = actions.all();
    QCOMPARE(all.size(), 16);
    QCOMPARE(all.constFirst(), actions.start);
    QCOMPARE(all.constLast(), actions.clearLog);
    QSet<QString> shortcuts;
    for (QAction *action : all) {
        QVERIFY(action);
        QVERIFY2(!action->text().isEmpty(), "an action without a name");
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        QCOMPARE(action->shortcutContext(), Qt::WindowShortcut);
        const QString shortcut = action->shortcut().toString(QKeySequence::NativeText);
        QVERIFY2(!shortcuts.contains(shortcut), qPrintable(shortcut));
        shortcuts.insert(shortcut);
        QVERIFY2(action->toolTip().contains(shortcut), qPrintable(action->toolTip()));
        QVERIFY2(!action->toolTip().contains(u'&'), qPrintable(action->toolTip()));
    }
    QVERIFY(actions.showSecrets->isCheckable());
    QCOMPARE(actions.revokeToken->iconText(), u"Revoke"_s);
    QVERIFY(!actions.banUser->statusTip().isEmpty());
}

void TestIssuerWorkspaceActions::actionsBelongToTheirOwner()
{
    QWidget owner;
    const IssuerWorkspaceActions actions(&owner);
    for (QAction *action : actions.all()) {
        QCOMPARE(action->parent(), &owner);
        QVERIFY(owner.actions().contains(action));
    }
}

void TestIssuerWorkspaceActions::iconsFollowThePalette()
{
    QWidget owner;
    const IssuerWorkspaceActions actions(&owner);
    QVERIFY(actions.revokeToken->icon().isNull());
    actions.updateIcons(Theme::lightPalette());
    const QImage light = actions.revokeToken->icon().pixmap(32).toImage();
    QVERIFY(!light.isNull());
    actions.updateIcons(Theme::darkPalette());
    const QImage dark = actions.revokeToken->icon().pixmap(32).toImage();
    QVERIFY(!dark.isNull());
    QVERIFY(light != dark); // tinted for the background it is drawn on
}

QTEST_MAIN(TestIssuerWorkspaceActions)
#include "tst_issuerworkspaceactions.moc"
