#include "issuer/RequestLogView.h"

#include "issuer/IssuerViews.h"
#include "issuer/RequestLogModel.h"

#include <QHeaderView>
#include <QScrollBar>

using namespace Qt::StringLiterals;

namespace tokenscope {

RequestLogView::RequestLogView(RequestLogModel *model, QWidget *parent) : QTableView(parent)
{
    setModel(model);
    setAccessibleName(tr("Request log"));
    setAccessibleDescription(tr("Each request to the mock issuer: method, path, status, grant type, client and OAuth "
                                "error code; never a token or secret"));
    IssuerViews::setUpTable(this);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    QHeaderView *header = horizontalHeader();
    header->setStretchLastSection(true);
    const QFontMetrics metrics = fontMetrics();
    header->resizeSection(RequestLogModel::TimeColumn, metrics.horizontalAdvance(u"00:00:00"_s) + 24);
    header->resizeSection(RequestLogModel::MethodColumn, metrics.horizontalAdvance(u"OPTIONS"_s) + 20);
    header->resizeSection(RequestLogModel::PathColumn,
                          metrics.horizontalAdvance(u"/.well-known/openid-configuration"_s) + 16);
    header->resizeSection(RequestLogModel::StatusColumn, metrics.horizontalAdvance(u"Status"_s) + 20);
    header->resizeSection(RequestLogModel::GrantColumn, metrics.horizontalAdvance(u"client_credentials"_s) + 20);
    header->resizeSection(RequestLogModel::ClientColumn, metrics.horizontalAdvance(u"demo-public"_s) + 24);
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *bar = verticalScrollBar();
        m_following = bar->value() >= bar->maximum() - 2;
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_following)
            scrollToBottom();
    });
}

} // namespace tokenscope
