// IssuerEndpointsTable: the endpoints of a given issuer URL, each with a copy button that copies exactly its URL.

#include "issuer/IssuerEndpointsTable.h"

#include <QApplication>
#include <QClipboard>
#include <QHash>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace tokenscope;

class TestIssuerEndpointsTable : public QObject
{
    Q_OBJECT

private slots:
    void listsTheIssuersEndpoints_data();
    void listsTheIssuersEndpoints();
    void copyButtonCopiesItsUrl();
    void noIssuerNoRows();
};

void TestIssuerEndpointsTable::listsTheIssuersEndpoints_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("url");
    QTest::newRow("issuer") << u"Issuer"_s << u"http://127.0.0.1:8443"_s;
    QTest::newRow("discovery") << u"Discovery"_s << u"http://127.0.0.1:8443/.well-known/openid-configuration"_s;
    QTest::newRow("jwks") << u"JWKS"_s << u"http://127.0.0.1:8443/jwks"_s;
    QTest::newRow("revocation") << u"Revocation (RFC 7009)"_s << u"http://127.0.0.1:8443/revoke"_s;
    QTest::newRow("introspection") << u"Introspection (RFC 7662)"_s << u"http://127.0.0.1:8443/introspect"_s;
    QTest::newRow("admin state") << u"Admin state"_s << u"http://127.0.0.1:8443/admin/state"_s;
}

void TestIssuerEndpointsTable::listsTheIssuersEndpoints()
{
    QFETCH(QString, name);
    QFETCH(QString, url);
    IssuerEndpointsTable table;
    table.setIssuerUrl(QUrl(u"http://127.0.0.1:8443"_s));
    QHash<QString, QString> endpoints;
    for (int row = 0; row < table.rowCount(); ++row)
        endpoints.insert(table.item(row, 0)->text(), table.item(row, 1)->text());
    QCOMPARE(endpoints.value(name), url);
    QCOMPARE(table.accessibleName(), u"Endpoints"_s);
}

void TestIssuerEndpointsTable::copyButtonCopiesItsUrl()
{
    IssuerEndpointsTable table;
    table.setIssuerUrl(QUrl(u"http://127.0.0.1:8443"_s));
    for (int row = 0; row < table.rowCount(); ++row) {
        auto *button = qobject_cast<QToolButton *>(table.cellWidget(row, 2));
        QVERIFY(button);
        QVERIFY(button->accessibleName().contains(table.item(row, 0)->text()));
        button->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), table.item(row, 1)->text());
    }
}

void TestIssuerEndpointsTable::noIssuerNoRows()
{
    IssuerEndpointsTable table;
    QCOMPARE(table.rowCount(), 0);
    table.setIssuerUrl(QUrl(u"http://127.0.0.1:8443"_s));
    QVERIFY(table.rowCount() >= 10);
    table.setIssuerUrl({});
    QCOMPARE(table.rowCount(), 0);
}

QTEST_MAIN(TestIssuerEndpointsTable)
#include "tst_issuerendpointstable.moc"
