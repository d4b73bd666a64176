// UserDirectoryModel from a given admin state and configuration: which users are listed and in what order, the
// ban status, claims with the issuer's current roles, and that a password shows only when asked for.

#include "issuer/ClientDirectoryModel.h"
#include "issuer/UserDirectoryModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

QList<IssuerAdminState::User> stateUsers()
{
    return {{u"carol"_s, u"user-3"_s, true, {}},
            {u"alice"_s, u"user-1"_s, false, {u"viewer"_s}},
            {u"bob"_s, u"user-2"_s, false, {}}};
}

QList<issuer::IssuerUser> configured()
{
    issuer::IssuerUser alice;
    alice.username = u"alice"_s;
    alice.password = u"alice-password"_s;
    alice.subject = u"user-1"_s;
    // The configuration's roles; the issuer's state says they were changed since (POST /admin/roles).
    alice.claims = {{u"email"_s, u"alice@example.test"_s}, {u"roles"_s, QStringList {u"admin"_s, u"viewer"_s}}};
    issuer::IssuerUser carol;
    carol.username = u"carol"_s;
    carol.password = u"carol-password"_s;
    // bob is only in the issuer's database.
    return {alice, carol};
}

QString text(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

} // namespace

class TestUserDirectoryModel : public QObject
{
    Q_OBJECT

private slots:
    void listsUsersSortedByUsername();
    void columnsSaySubjectStatusAndClaims_data();
    void columnsSaySubjectStatusAndClaims();
    void passwordsStayMaskedUntilShown();
    void aBanUpdatesTheRowInPlace();
};

void TestUserDirectoryModel::listsUsersSortedByUsername()
{
    UserDirectoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setUsers(stateUsers(), configured());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(UserDirectoryModel::ColumnCount));
    QCOMPARE(model.username(0), u"alice"_s);
    QCOMPARE(model.username(1), u"bob"_s);
    QCOMPARE(model.username(2), u"carol"_s);
    QCOMPARE(model.rowOfSubject(u"user-2"_s), 1);
    QCOMPARE(model.rowOfUsername(u"carol"_s), 2);
    QCOMPARE(model.rowOfUsername(u"mallory"_s), -1);
    QCOMPARE(model.headerData(UserDirectoryModel::StatusColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
             u"Status"_s);
}

void TestUserDirectoryModel::columnsSaySubjectStatusAndClaims_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("claims");
    QTest::addColumn<bool>("banned");
    QTest::newRow("configured, roles changed")
        << u"alice"_s << u"user-1"_s << ClientDirectoryModel::maskedText() << u"active"_s
        << u"email: alice@example.test · roles: viewer"_s << false;
    QTest::newRow("only in the database")
        << u"bob"_s << u"user-2"_s << u"(hashed)"_s << u"active"_s << QString() << false;
    QTest::newRow("banned") << u"carol"_s << u"user-3"_s << ClientDirectoryModel::maskedText() << u"banned"_s
                            << QString() << true;
}

void TestUserDirectoryModel::columnsSaySubjectStatusAndClaims()
{
    QFETCH(QString, username);
    QFETCH(QString, subject);
    QFETCH(QString, password);
    QFETCH(QString, status);
    QFETCH(QString, claims);
    QFETCH(bool, banned);
    UserDirectoryModel model;
    model.setUsers(stateUsers(), configured());
    const int row = model.rowOfUsername(username);
    QVERIFY(row >= 0);
    QCOMPARE(text(model, row, UserDirectoryModel::SubjectColumn), subject);
    QCOMPARE(text(model, row, UserDirectoryModel::PasswordColumn), password);
    QCOMPARE(text(model, row, UserDirectoryModel::StatusColumn), status);
    QCOMPARE(text(model, row, UserDirectoryModel::ClaimsColumn), claims);
    QCOMPARE(model.isBanned(row), banned);
    // Banned and active read differently at a glance.
    const QVariant foreground = model.index(row, UserDirectoryModel::StatusColumn).data(Qt::ForegroundRole);
    QVERIFY(foreground.isValid());
    const QVariant otherForeground
        = model.index(model.rowOfUsername(banned ? u"alice"_s : u"carol"_s), UserDirectoryModel::StatusColumn)
              .data(Qt::ForegroundRole);
    QVERIFY(foreground != otherForeground);
}

void TestUserDirectoryModel::passwordsStayMaskedUntilShown()
{
    UserDirectoryModel model;
    model.setUsers(stateUsers(), configured());
    const int alice = model.rowOfUsername(u"alice"_s);
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::AccessibleTextRole)})
                QVERIFY(!text(model, row, column, role).contains(u"-password"_s));
        }
    }
    QCOMPARE(model.password(alice), u"alice-password"_s);
    QCOMPARE(model.password(model.rowOfUsername(u"bob"_s)), QString());
    QCOMPARE(text(model, model.rowOfUsername(u"bob"_s), UserDirectoryModel::PasswordColumn, Qt::ToolTipRole),
             u"Only a salted SHA-256 is in the database"_s);
    model.setSecretsShown(true);
    QCOMPARE(text(model, alice, UserDirectoryModel::PasswordColumn), u"alice-password"_s);
    model.setSecretsShown(false);
    QCOMPARE(text(model, alice, UserDirectoryModel::PasswordColumn), ClientDirectoryModel::maskedText());
}

void TestUserDirectoryModel::aBanUpdatesTheRowInPlace()
{
    UserDirectoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setUsers(stateUsers(), configured());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QList<IssuerAdminState::User> users = stateUsers();
    users[1].banned = true; // alice
    model.setUsers(users, configured());
    QCOMPARE(reset.size(), 0);
    QVERIFY(model.isBanned(model.rowOfUsername(u"alice"_s)));
    QCOMPARE(text(model, model.rowOfUsername(u"alice"_s), UserDirectoryModel::StatusColumn), u"banned"_s);
}

QTEST_MAIN(TestUserDirectoryModel)
#include "tst_userdirectorymodel.moc"
