#include "issuer/IssuerDirectoryPanes.h"

#include "common/ActionButton.h"
#include "common/Clipboard.h"
#include "common/Pane.h"
#include "issuer/ClientDirectoryModel.h"
#include "issuer/IssuerViews.h"
#include "issuer/IssuerWorkspaceActions.h"
#include "issuer/UserDirectoryModel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>
#include <QToolButton>

namespace tokenscope {

namespace {

int selectedRow(const QTableView *view)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.constFirst().row();
}

QTableView *makeView(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setAccessibleName(name);
    IssuerViews::setUpTable(view);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    return view;
}

} // namespace

IssuerDirectoryPanes::IssuerDirectoryPanes(const IssuerWorkspaceActions &actions, QWidget *parent)
    : QObject(parent), m_actions(actions)
{
    m_clientsModel = new ClientDirectoryModel(this);
    m_usersModel = new UserDirectoryModel(this);

    m_clientsView = makeView(m_clientsModel, tr("Clients"), parent);
    m_clientsView->addActions({actions.copySecret, actions.showSecrets});
    const Pane clients = makePane(tr("Clients"), m_clientsView, parent);
    clients.headerLayout->addWidget(actionButton(actions.showSecrets, clients.widget));
    clients.headerLayout->addWidget(actionButton(actions.copySecret, clients.widget));
    m_clientsPane = clients.widget;

    m_usersView = makeView(m_usersModel, tr("Users"), parent);
    m_usersView->addActions({actions.banUser, actions.copyPassword, actions.showSecrets});
    const Pane users = makePane(tr("Users"), m_usersView, parent);
    users.headerLayout->addWidget(actionButton(actions.banUser, users.widget));
    users.headerLayout->addWidget(actionButton(actions.copyPassword, users.widget));
    m_usersPane = users.widget;

    connect(m_clientsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &IssuerDirectoryPanes::updateActions);
    connect(m_usersView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        emit userSelectionChanged();
    });
    connect(actions.showSecrets, &QAction::toggled, this, &IssuerDirectoryPanes::setSecretsShown);
    connect(actions.copySecret, &QAction::triggered, this, &IssuerDirectoryPanes::copySelectedSecret);
    connect(actions.copyPassword, &QAction::triggered, this, &IssuerDirectoryPanes::copySelectedPassword);
    updateActions();
}

int IssuerDirectoryPanes::selectedClientRow() const
{
    return selectedRow(m_clientsView);
}

int IssuerDirectoryPanes::selectedUserRow() const
{
    return selectedRow(m_usersView);
}

void IssuerDirectoryPanes::setDirectory(const IssuerAdminState &state, const issuer::IssuerConfig &config)
{
    // The models update rows in place when the same clients and users come back; after a reset, select again.
    const QString previousClient = m_clientsModel->clientId(selectedClientRow());
    const QString previousUser = m_usersModel->username(selectedUserRow());
    const QSignalBlocker blocker(this); // the same selection, not a new pick
    m_clientsModel->setClients(state.clients, config.clients);
    m_usersModel->setUsers(state.users, config.users);
    if (const int row = m_clientsModel->rowOfClient(previousClient); row >= 0 && selectedClientRow() < 0)
        m_clientsView->selectRow(row);
    if (const int row = m_usersModel->rowOfUsername(previousUser); row >= 0 && selectedUserRow() < 0)
        m_usersView->selectRow(row);
    updateActions();
}

void IssuerDirectoryPanes::setSecretsShown(bool shown)
{
    m_clientsModel->setSecretsShown(shown);
    m_usersModel->setSecretsShown(shown);
    m_actions.showSecrets->setText(shown ? tr("Hide S&ecrets") : tr("Show S&ecrets"));
}

void IssuerDirectoryPanes::copySelectedSecret()
{
    const int row = selectedClientRow();
    if (row < 0)
        return;
    const QString secret = m_clientsModel->secret(row);
    if (secret.isEmpty())
        emit messageRequested(tr("This client has no secret that Tokenscope knows."));
    else
        Clipboard::copyText(secret, Clipboard::Sensitivity::Concealed);
}

void IssuerDirectoryPanes::copySelectedPassword()
{
    const int row = selectedUserRow();
    if (row < 0)
        return;
    const QString password = m_usersModel->password(row);
    if (password.isEmpty())
        emit messageRequested(tr("Tokenscope does not know this user's password."));
    else
        Clipboard::copyText(password, Clipboard::Sensitivity::Concealed);
}

void IssuerDirectoryPanes::updateActions()
{
    m_actions.copySecret->setEnabled(selectedClientRow() >= 0);
    m_actions.copyPassword->setEnabled(selectedUserRow() >= 0);
}

} // namespace tokenscope
