// RequestLogView: the newest request stays in view while the user is at the bottom, and an older one the user
// scrolled to stays put.

#include "issuer/RequestLogModel.h"
#include "issuer/RequestLogView.h"

#include <QScrollBar>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

void append(RequestLogModel &model, int count)
{
    for (int i = 0; i < count; ++i) {
        issuer::IssuerLogEntry entry;
        entry.time = 1'900'000'000 + i;
        entry.method = u"POST"_s;
        entry.path = u"/token"_s;
        entry.status = 200;
        model.append(entry);
    }
}

} // namespace

class TestRequestLogView : public QObject
{
    Q_OBJECT

private slots:
    void followsTheNewestAtTheBottom();
    void staysPutWhileReadingOlderOnes();
    void isNamedForAssistiveTechnology();
};

void TestRequestLogView::followsTheNewestAtTheBottom()
{
    RequestLogModel model;
    RequestLogView view(&model);
    view.resize(600, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    append(model, 100);
    QScrollBar *bar = view.verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    append(model, 5);
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void TestRequestLogView::staysPutWhileReadingOlderOnes()
{
    RequestLogModel model;
    RequestLogView view(&model);
    view.resize(600, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    append(model, 100);
    QScrollBar *bar = view.verticalScrollBar();
    bar->setValue(10);
    append(model, 5);
    QTest::qWait(50);
    QCOMPARE(bar->value(), 10);
    QVERIFY(bar->maximum() > 10);
}

void TestRequestLogView::isNamedForAssistiveTechnology()
{
    RequestLogModel model;
    RequestLogView view(&model);
    QCOMPARE(view.accessibleName(), u"Request log"_s);
    QVERIFY(view.accessibleDescription().contains(u"never a token or secret"_s));
    QCOMPARE(view.model(), &model);
    QCOMPARE(view.selectionMode(), QAbstractItemView::ExtendedSelection);
}

QTEST_MAIN(TestRequestLogView)
#include "tst_requestlogview.moc"
