// IssuedTokensView: the issued tokens' table is named for assistive technology, sizes its columns for what they
// hold, and selects one token row at a time (out-of-range rows change nothing).

#include "issuer/IssuedTokensModel.h"
#include "issuer/IssuedTokensView.h"

#include <QHeaderView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

// Three rows from a client_credentials response each (the access token only; not a JWT, so no kid or times).
void issue(IssuedTokensModel &model, int responses)
{
    for (int i = 0; i < responses; ++i) {
        issuer::IssuedTokens tokens;
        tokens.time = 1'900'000'000 + i;
        tokens.grantType = u"client_credentials"_s;
        tokens.clientId = u"demo"_s;
        tokens.accessToken = "not-a-jwt-" + QByteArray::number(i);
        model.addTokens(tokens, tokens.time);
    }
}

} // namespace

class TestIssuedTokensView : public QObject
{
    Q_OBJECT

private slots:
    void isNamedAndSized();
    void selectsOneRowAtATime();
};

void TestIssuedTokensView::isNamedAndSized()
{
    IssuedTokensModel model;
    IssuedTokensView view(&model);
    QCOMPARE(view.accessibleName(), u"Issued tokens"_s);
    QVERIFY(!view.accessibleDescription().isEmpty());
    QCOMPARE(view.model(), &model);
    const QHeaderView *header = view.horizontalHeader();
    // The Who column fits "alice via demo-public"; the kid column twelve characters.
    QVERIFY(header->sectionSize(IssuedTokensModel::WhoColumn)
            > view.fontMetrics().horizontalAdvance(u"alice via demo-public"_s));
    QVERIFY(header->sectionSize(IssuedTokensModel::KidColumn) > view.fontMetrics().horizontalAdvance(u"MMMMMMMMMMM"_s));
    QCOMPARE(view.selectionMode(), QAbstractItemView::SingleSelection);
    QCOMPARE(view.selectionBehavior(), QAbstractItemView::SelectRows);
}

void TestIssuedTokensView::selectsOneRowAtATime()
{
    IssuedTokensModel model;
    IssuedTokensView view(&model);
    issue(model, 3);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(view.selectedRow(), -1);
    view.selectTokenRow(1);
    QCOMPARE(view.selectedRow(), 1);
    view.selectTokenRow(0);
    QCOMPARE(view.selectedRow(), 0);
    QCOMPARE(view.selectionModel()->selectedRows().size(), 1);
    view.selectTokenRow(3);
    view.selectTokenRow(-1);
    QCOMPARE(view.selectedRow(), 0);
    QCOMPARE(model.row(0).token, QByteArray("not-a-jwt-2")); // newest first
}

QTEST_MAIN(TestIssuedTokensView)
#include "tst_issuedtokensview.moc"
