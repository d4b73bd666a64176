// IssuerDirectoryPanes: the Clients and Users panes over a given state, driven like a user would: selecting rows
// enables the copy actions, a copy puts the secret on the clipboard concealed (or says there is none), Show Secrets
// unmasks both tables, and a state update keeps the selection.

#include "issuer/ClientDirectoryModel.h"
#include "issuer/IssuerDirectoryPanes.h"
#include "issuer/IssuerWorkspaceActions.h"
#include "issuer/UserDirectoryModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

IssuerAdminState state(bool aliceBanned = false)
{
    IssuerAdminState state;
    state.clients = {{u"demo"_s, true, {}}, {u"demo-public"_s, false, {}}, {u"legacy"_s, true, {}}};
    state.users = {{u"alice"_s, u"alice"_s, aliceBanned, {}}, {u"bob"_s, u"bob"_s, false, {}}};
    return state;
}

// The demo configuration knows demo's secret and alice's password, not legacy's or bob's.
const issuer::IssuerConfig config = issuer::IssuerConfig::demo();

struct Panes
{
    QWidget owner;
    IssuerWorkspaceActions actions {&owner};
    IssuerDirectoryPanes panes {actions, &owner};
};

QString cell(const QTableView *view, int row, int column)
{
    return view->model()->index(row, column).data().toString();
}

} // namespace

class TestIssuerDirectoryPanes : public QObject
{
    Q_OBJECT

private slots:
    void panesAreNamedAndListTheState();
    void copyActionsFollowTheSelection();
    void copiesAreConcealed();
    void unknownSecretIsSaid();
    void showSecretsUnmasksBothTables();
    void stateUpdateKeepsTheSelection();
};

void TestIssuerDirectoryPanes::panesAreNamedAndListTheState()
{
    Panes p;
    p.panes.setDirectory(state(), config);
    QCOMPARE(p.panes.clientsView()->accessibleName(), u"Clients"_s);
    QCOMPARE(p.panes.usersView()->accessibleName(), u"Users"_s);
    QVERIFY(p.panes.clientsPane()->isAncestorOf(p.panes.clientsView()));
    QVERIFY(p.panes.usersPane()->isAncestorOf(p.panes.usersView()));
    QCOMPARE(p.panes.clientsView()->model()->rowCount(), 3);
    QCOMPARE(p.panes.usersView()->model()->rowCount(), 2);
    QVERIFY(p.panes.usersView()->actions().contains(p.actions.banUser));
}

void TestIssuerDirectoryPanes::copyActionsFollowTheSelection()
{
    Panes p;
    p.panes.setDirectory(state(), config);
    QVERIFY(!p.actions.copySecret->isEnabled());
    QVERIFY(!p.actions.copyPassword->isEnabled());
    QSignalSpy userSelection(&p.panes, &IssuerDirectoryPanes::userSelectionChanged);
    p.panes.clientsView()->selectRow(0);
    QVERIFY(p.actions.copySecret->isEnabled());
    QCOMPARE(userSelection.size(), 0);
    p.panes.usersView()->selectRow(1);
    QVERIFY(p.actions.copyPassword->isEnabled());
    QCOMPARE(userSelection.size(), 1);
    QCOMPARE(p.panes.selectedUserRow(), 1);
}

void TestIssuerDirectoryPanes::copiesAreConcealed()
{
    Panes p;
    p.panes.setDirectory(state(), config);
    p.panes.clientsView()->selectRow(p.panes.clientsModel()->rowOfClient(u"demo"_s));
    p.actions.copySecret->trigger();
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QCOMPARE(mime->text(), u"demo-secret"_s);
    QCOMPARE(mime->data(u"x-kde-passwordManagerHint"_s), QByteArray("secret"));
    p.panes.usersView()->selectRow(p.panes.usersModel()->rowOfUsername(u"alice"_s));
    p.actions.copyPassword->trigger();
    QCOMPARE(QGuiApplication::clipboard()->mimeData()->text(), u"alice"_s);
}

void TestIssuerDirectoryPanes::unknownSecretIsSaid()
{
    Panes p;
    p.panes.setDirectory(state(), config);
    QGuiApplication::clipboard()->setText(u"before"_s);
    QSignalSpy message(&p.panes, &IssuerDirectoryPanes::messageRequested);
    p.panes.clientsView()->selectRow(p.panes.clientsModel()->rowOfClient(u"legacy"_s));
    p.actions.copySecret->trigger();
    QCOMPARE(message.size(), 1);
    QVERIFY(message.constFirst().constFirst().toString().contains(u"no secret"_s));
    p.panes.usersView()->selectRow(p.panes.usersModel()->rowOfUsername(u"bob"_s));
    p.actions.copyPassword->trigger();
    QCOMPARE(message.size(), 2);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"before"_s);
}

void TestIssuerDirectoryPanes::showSecretsUnmasksBothTables()
{
    Panes p;
    p.panes.setDirectory(state(), config);
    const int demo = p.panes.clientsModel()->rowOfClient(u"demo"_s);
    const int alice = p.panes.usersModel()->rowOfUsername(u"alice"_s);
    QCOMPARE(cell(p.panes.clientsView(), demo, ClientDirectoryModel::SecretColumn), ClientDirectoryModel::maskedText());
    p.actions.showSecrets->trigger();
    QCOMPARE(cell(p.panes.clientsView(), demo, ClientDirectoryModel::SecretColumn), u"demo-secret"_s);
    QCOMPARE(cell(p.panes.usersView(), alice, UserDirectoryModel::PasswordColumn), u"alice"_s);
    QCOMPARE(p.actions.showSecrets->text().remove(u'&'), u"Hide Secrets"_s);
    p.actions.showSecrets->trigger();
    QCOMPARE(cell(p.panes.usersView(), alice, UserDirectoryModel::PasswordColumn), ClientDirectoryModel::maskedText());
    QCOMPARE(p.actions.showSecrets->text().remove(u'&'), u"Show Secrets"_s);
}

void TestIssuerDirectoryPanes::stateUpdateKeepsTheSelection()
{
    Panes p;
    p.panes.setDirectory(state(), config);
    p.panes.usersView()->selectRow(p.panes.usersModel()->rowOfUsername(u"bob"_s));
    p.panes.clientsView()->selectRow(p.panes.clientsModel()->rowOfClient(u"legacy"_s));
    QSignalSpy userSelection(&p.panes, &IssuerDirectoryPanes::userSelectionChanged);
    // A ban changes a row in place; a new client resets the clients table.
    IssuerAdminState next = state(true);
    next.clients.prepend({u"aaa-new"_s, false, {}});
    p.panes.setDirectory(next, config);
    QCOMPARE(p.panes.usersModel()->username(p.panes.selectedUserRow()), u"bob"_s);
    QCOMPARE(p.panes.clientsModel()->clientId(p.panes.selectedClientRow()), u"legacy"_s);
    QVERIFY(p.panes.usersModel()->isBanned(p.panes.usersModel()->rowOfUsername(u"alice"_s)));
    QCOMPARE(userSelection.size(), 0); // the same pick, not a new one
    QVERIFY(p.actions.copySecret->isEnabled());
}

QTEST_MAIN(TestIssuerDirectoryPanes)
#include "tst_issuerdirectorypanes.moc"
