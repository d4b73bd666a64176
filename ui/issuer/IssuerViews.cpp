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

QToolButton *makeButton(QAction *action, QWidget *parent, Qt::ToolButtonStyle style)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setAutoRaise(true);
    button->setToolButtonStyle(style);
    button->setIconSize(QSize(18, 18));
    return button;
}

} // namespace tokenscope::IssuerViews
