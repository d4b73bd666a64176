// ClientDirectoryModel from a given admin state and configuration: which clients are listed and in what order,
// what each column says, and that a secret shows only when asked for (and never in a tooltip).

#include "issuer/ClientDirectoryModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

QList<IssuerAdminState::Client> stateClients()
{
    // Out of order on purpose: the model sorts by client ID.
    return {{u"web"_s, true, {u"https://app.example/cb"_s}},
            {u"cli"_s, false, {u"http://127.0.0.1/cb"_s}},
            {u"legacy"_s, true, {}}};
}

QList<issuer::IssuerClient> configured()
{
    issuer::IssuerClient web;
    web.clientId = u"web"_s;
    web.secret = u"web-secret"_s;
    web.grantTypes = {u"authorization_code"_s, u"refresh_token"_s};
    issuer::IssuerClient cli;
    cli.clientId = u"cli"_s;
    // "legacy" is only in the issuer's database: its secret is a digest there.
    return {web, cli};
}

QString text(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

QStringList everyText(const QAbstractItemModel &model)
{
    QStringList all;
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::AccessibleTextRole)})
                all << text(model, row, column, role);
        }
    }
    return all;
}

} // namespace

class TestClientDirectoryModel : public QObject
{
    Q_OBJECT

private slots:
    void listsClientsSortedByClientId();
    void columnsSayTypeSecretAndGrants_data();
    void columnsSayTypeSecretAndGrants();
    void secretsStayMaskedUntilShown();
    void sameClientsUpdateInPlace();
    void otherClientsResetTheModel();
};

void TestClientDirectoryModel::listsClientsSortedByClientId()
{
    ClientDirectoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setClients(stateClients(), configured());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(ClientDirectoryModel::ColumnCount));
    QCOMPARE(model.clientId(0), u"cli"_s);
    QCOMPARE(model.clientId(1), u"legacy"_s);
    QCOMPARE(model.clientId(2), u"web"_s);
    QCOMPARE(model.rowOfClient(u"web"_s), 2);
    QCOMPARE(model.rowOfClient(u"nobody"_s), -1);
    QCOMPARE(model.headerData(ClientDirectoryModel::ClientIdColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
             u"Client ID"_s);
    QCOMPARE(model.headerData(ClientDirectoryModel::SecretColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
             u"Secret"_s);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestClientDirectoryModel::columnsSayTypeSecretAndGrants_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("grants");
    QTest::addColumn<QString>("secretToolTip");
    QTest::newRow("configured confidential") << u"web"_s << u"confidential"_s << ClientDirectoryModel::maskedText()
                                             << u"authorization_code, refresh_token"_s << QString();
    QTest::newRow("public") << u"cli"_s << u"public"_s << u"—"_s << u"all its type allows"_s << QString();
    QTest::newRow("only in the database")
        << u"legacy"_s << u"confidential"_s << u"(hashed)"_s << u"—"_s << u"Only its SHA-256 is in the database"_s;
}

void TestClientDirectoryModel::columnsSayTypeSecretAndGrants()
{
    QFETCH(QString, clientId);
    QFETCH(QString, type);
    QFETCH(QString, secret);
    QFETCH(QString, grants);
    QFETCH(QString, secretToolTip);
    ClientDirectoryModel model;
    model.setClients(stateClients(), configured());
    const int row = model.rowOfClient(clientId);
    QVERIFY(row >= 0);
    QCOMPARE(text(model, row, ClientDirectoryModel::ClientIdColumn), clientId);
    QCOMPARE(text(model, row, ClientDirectoryModel::TypeColumn), type);
    QCOMPARE(text(model, row, ClientDirectoryModel::SecretColumn), secret);
    QCOMPARE(text(model, row, ClientDirectoryModel::GrantsColumn), grants);
    QCOMPARE(text(model, row, ClientDirectoryModel::SecretColumn, Qt::ToolTipRole), secretToolTip);
    QVERIFY(text(model, row, ClientDirectoryModel::GrantsColumn, Qt::ToolTipRole).startsWith(u"Redirect URIs:"_s));
}

void TestClientDirectoryModel::secretsStayMaskedUntilShown()
{
    ClientDirectoryModel model;
    model.setClients(stateClients(), configured());
    const int web = model.rowOfClient(u"web"_s);
    QVERIFY(!everyText(model).join(u'\n').contains(u"web-secret"_s));
    QCOMPARE(text(model, web, ClientDirectoryModel::SecretColumn, Qt::AccessibleTextRole), u"hidden"_s);
    // The copy action's source, whether shown or not; none for clients whose secret is not known.
    QCOMPARE(model.secret(web), u"web-secret"_s);
    QCOMPARE(model.secret(model.rowOfClient(u"legacy"_s)), QString());
    QCOMPARE(model.secret(model.rowOfClient(u"cli"_s)), QString());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSecretsShown(true);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().at(0).toModelIndex().column(), int(ClientDirectoryModel::SecretColumn));
    QCOMPARE(text(model, web, ClientDirectoryModel::SecretColumn), u"web-secret"_s);
    QVERIFY(!text(model, web, ClientDirectoryModel::SecretColumn, Qt::ToolTipRole).contains(u"web-secret"_s));
    model.setSecretsShown(false);
    QCOMPARE(text(model, web, ClientDirectoryModel::SecretColumn), ClientDirectoryModel::maskedText());
}

void TestClientDirectoryModel::sameClientsUpdateInPlace()
{
    ClientDirectoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClients(stateClients(), configured());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QList<IssuerAdminState::Client> clients = stateClients();
    clients[1].redirectUris = {u"http://127.0.0.1/other"_s};
    model.setClients(clients, configured());
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QVERIFY(text(model, model.rowOfClient(u"cli"_s), ClientDirectoryModel::GrantsColumn, Qt::ToolTipRole)
                .contains(u"/other"_s));
}

void TestClientDirectoryModel::otherClientsResetTheModel()
{
    ClientDirectoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClients(stateClients(), configured());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setClients({{u"web"_s, true, {}}}, configured());
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.clientId(0), u"web"_s);
}

QTEST_MAIN(TestClientDirectoryModel)
#include "tst_clientdirectorymodel.moc"
