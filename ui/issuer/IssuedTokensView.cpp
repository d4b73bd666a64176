#include "issuer/IssuedTokensView.h"

#include "issuer/IssuedTokensModel.h"
#include "issuer/IssuerViews.h"

#include <QHeaderView>

using namespace Qt::StringLiterals;

namespace tokenscope {

IssuedTokensView::IssuedTokensView(IssuedTokensModel *model, QWidget *parent) : QTableView(parent)
{
    setModel(model);
    setAccessibleName(tr("Issued tokens"));
    setAccessibleDescription(tr("Tokens the mock issuer handed out in this session, newest first, with their status"));
    IssuerViews::setUpTable(this);
    QHeaderView *header = horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    const QFontMetrics metrics = fontMetrics();
    header->resizeSection(IssuedTokensModel::KindColumn, metrics.horizontalAdvance(u"Refresh"_s) + 24);
    header->resizeSection(IssuedTokensModel::WhoColumn, metrics.horizontalAdvance(u"alice via demo-public"_s) + 24);
    header->resizeSection(IssuedTokensModel::KidColumn, metrics.horizontalAdvance(u"MMMMMMMMMMMM"_s) + 12);
    header->resizeSection(IssuedTokensModel::IssuedColumn, metrics.horizontalAdvance(u"0000-00-00 00:00"_s) + 20);
    header->resizeSection(IssuedTokensModel::ExpiresColumn, metrics.horizontalAdvance(u"0000-00-00 00:00"_s) + 20);
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

int IssuedTokensView::selectedRow() const
{
    const QModelIndexList rows = selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.constFirst().row();
}

void IssuedTokensView::selectTokenRow(int row)
{
    if (row < 0 || row >= model()->rowCount())
        return;
    selectionModel()->setCurrentIndex(model()->index(row, 0),
                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

} // namespace tokenscope
