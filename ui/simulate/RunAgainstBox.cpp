#include "simulate/RunAgainstBox.h"

#include <QStandardItemModel>

namespace tokenscope {

using namespace Qt::StringLiterals;

RunAgainstBox::RunAgainstBox(QWidget *parent) : QComboBox(parent)
{
    setObjectName(u"runAgainstComboBox"_s);
    setAccessibleName(tr("Run against"));
    setToolTip(tr("Where the run's logins, refreshes and revocations go"));
    addItem(tr("The model"), int(Choice::Model));
    setItemData(0, tr("The in-memory model of the issuer: deterministic and fast, any size"), Qt::ToolTipRole);
    addItem(tr("A local mock issuer"), int(Choice::LocalIssuer));
    setItemData(1,
                tr("A real mock issuer started on 127.0.0.1 for the run: every login, refresh and revocation is an "
                   "HTTP exchange"),
                Qt::ToolTipRole);
    addItem(tr("A local issuer and a lab"), int(Choice::LocalIssuerOnLab));
    setItemData(2,
                tr("A mock issuer and a live lab started on 127.0.0.1 for the run: the API calls go to real resource "
                   "servers behind HAProxy, with a Redis of their own (docs/lab.md); needs redis-server and haproxy"),
                Qt::ToolTipRole);
    addItem(tr("The Issuer workspace's issuer"), int(Choice::IssuerWorkspace));
    setWorkspaceIssuerUrl({});
    connect(this, &QComboBox::activated, this, &RunAgainstBox::chosen);
}

RunAgainstBox::Choice RunAgainstBox::choice() const
{
    return Choice(currentData().toInt());
}

bool RunAgainstBox::setChoice(Choice choice)
{
    const int index = findData(int(choice));
    if (index < 0 || index == currentIndex() || !isAvailable(choice))
        return false;
    setCurrentIndex(index);
    return true;
}

bool RunAgainstBox::isAvailable(Choice choice) const
{
    return choice != Choice::IssuerWorkspace || !m_workspaceIssuerUrl.isEmpty();
}

void RunAgainstBox::setWorkspaceIssuerUrl(const QUrl &url)
{
    m_workspaceIssuerUrl = url;
    const int index = findData(int(Choice::IssuerWorkspace));
    if (auto *items = qobject_cast<QStandardItemModel *>(model())) {
        if (QStandardItem *item = items->item(index))
            item->setEnabled(!url.isEmpty());
    }
    setItemData(index,
                url.isEmpty() ? tr("Start the mock issuer in the Issuer workspace to run against it")
                              : tr("The mock issuer running in the Issuer workspace, %1: the run sets its policy, "
                                   "clients, users and clock, and its request log and issued tokens fill with the "
                                   "run's traffic")
                                    .arg(url.toString()),
                Qt::ToolTipRole);
    if (url.isEmpty() && choice() == Choice::IssuerWorkspace) {
        setChoice(Choice::Model);
        emit chosen();
    }
}

RunTarget RunAgainstBox::target() const
{
    RunTarget target;
    switch (choice()) {
    case Choice::Model:
        break;
    case Choice::LocalIssuer:
        target.kind = RunTarget::Kind::LocalIssuer;
        break;
    case Choice::LocalIssuerOnLab:
        target.kind = RunTarget::Kind::LocalIssuerOnLab;
        break;
    case Choice::IssuerWorkspace:
        target.kind = RunTarget::Kind::RunningIssuer;
        target.issuerUrl = m_workspaceIssuerUrl;
        break;
    }
    return target;
}

} // namespace tokenscope
