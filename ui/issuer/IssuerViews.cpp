#include "issuer/IssuerViews.h"

#include <QAction>
#include <QFrame>
#include <QHeaderView>
#include <QTableView>
#include <QToolButton>

namespace tokenscope::IssuerViews {

void setUpTable(QAbstractItemView *view)
{
    view->setFrameShape(QFrame::NoFrame);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setTabKeyNavigation(false);
    if (auto *table = qobject_cast<QTableView *>(view)) {
        table->verticalHeader()->hide();
        table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
        table->horizontalHeader()->setHighlightSections(false);
        table->setShowGrid(false);
        table->setWordWrap(false);
    }
}

} // namespace tokenscope::IssuerViews
