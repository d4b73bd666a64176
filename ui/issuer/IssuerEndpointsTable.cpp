#include "issuer/IssuerEndpointsTable.h"

#include "common/Clipboard.h"
#include "common/Icons.h"

#include <QEvent>
#include <QHeaderView>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

QTableWidgetItem *readOnlyItem(const QString &text)
{
    auto *cell = new QTableWidgetItem(text);
    cell->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return cell;
}

} // namespace

IssuerEndpointsTable::IssuerEndpointsTable(QWidget *parent) : QTableWidget(0, 3, parent)
{
    setAccessibleName(tr("Endpoints"));
    setHorizontalHeaderLabels({tr("Endpoint"), tr("URL"), QString()});
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(2, QHeaderView::Fixed);
    horizontalHeader()->resizeSection(2, 30);
}

void IssuerEndpointsTable::setIssuerUrl(const QUrl &issuerUrl)
{
    setRowCount(0);
    m_copyButtons.clear();
    if (issuerUrl.isEmpty())
        return;
    // A tenant's issuer URL has a path (/NAME); its endpoints are under it.
    auto url = [&issuerUrl](const QString &path) {
        QUrl result = issuerUrl;
        result.setPath(issuerUrl.path() + path);
        return result.toString();
    };
    const QList<std::pair<QString, QString>> endpoints {
        {tr("Issuer"), issuerUrl.toString()},
        {tr("Discovery"), url(u"/.well-known/openid-configuration"_s)},
        {tr("JWKS"), url(u"/jwks"_s)},
        {tr("Token"), url(u"/token"_s)},
        {tr("Authorize (login page)"), url(u"/authorize"_s)},
        {tr("Revocation (RFC 7009)"), url(u"/revoke"_s)},
        {tr("Introspection (RFC 7662)"), url(u"/introspect"_s)},
        {tr("Userinfo"), url(u"/userinfo"_s)},
        {tr("End session"), url(u"/end-session"_s)},
        {tr("Admin state"), url(u"/admin/state"_s)},
    };
    setRowCount(int(endpoints.size()));
    const QIcon copyIcon = Icons::icon(u"copy"_s, palette());
    for (int row = 0; row < endpoints.size(); ++row) {
        const QString &name = endpoints.at(row).first;
        const QString address = endpoints.at(row).second; // copied into the button's slot
        setItem(row, 0, readOnlyItem(name));
        QTableWidgetItem *urlItem = readOnlyItem(address);
        urlItem->setToolTip(address);
        setItem(row, 1, urlItem);
        auto *button = new QToolButton(this);
        button->setAutoRaise(true);
        button->setIcon(copyIcon);
        button->setIconSize(QSize(16, 16));
        button->setToolTip(tr("Copy the %1 URL").arg(name));
        button->setAccessibleName(tr("Copy the %1 URL").arg(name));
        connect(button, &QToolButton::clicked, this,
                [address] { Clipboard::copyText(address, Clipboard::Sensitivity::Public); });
        setCellWidget(row, 2, button);
        m_copyButtons.append(button);
    }
}

void IssuerEndpointsTable::changeEvent(QEvent *event)
{
    QTableWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    const QIcon copy = Icons::icon(u"copy"_s, palette());
    for (QToolButton *button : std::as_const(m_copyButtons))
        button->setIcon(copy);
}

} // namespace tokenscope
