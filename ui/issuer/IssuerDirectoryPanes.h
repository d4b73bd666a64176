#pragma once

#include "issuer/IssuerAdminState.h"
#include "issuer/IssuerConfig.h"

#include <QObject>
#include <QString>

class QTableView;
class QWidget;

namespace tokenscope {

class ClientDirectoryModel;
struct IssuerWorkspaceActions;
class UserDirectoryModel;

// The Issuer workspace's Clients and Users panes with their secret actions (show, copy concealed).
class IssuerDirectoryPanes : public QObject
{
    Q_OBJECT
public:
    IssuerDirectoryPanes(const IssuerWorkspaceActions &actions, QWidget *parent);

    [[nodiscard]] QWidget *clientsPane() const { return m_clientsPane; }
    [[nodiscard]] QWidget *usersPane() const { return m_usersPane; }
    [[nodiscard]] QTableView *clientsView() const { return m_clientsView; }
    [[nodiscard]] QTableView *usersView() const { return m_usersView; }
    [[nodiscard]] ClientDirectoryModel *clientsModel() const { return m_clientsModel; }
    [[nodiscard]] UserDirectoryModel *usersModel() const { return m_usersModel; }

    // The issuer's clients and users (its admin state) with what its configuration adds.
    void setDirectory(const IssuerAdminState &state, const issuer::IssuerConfig &config);
    [[nodiscard]] int selectedClientRow() const;
    [[nodiscard]] int selectedUserRow() const;

signals:
    // The user picked another row (not a state update). Banning is the workspace's: it may act on the selected
    // token's user instead, whichever was picked last.
    void userSelectionChanged();
    // A copy found nothing to copy; the workspace's message line says so.
    void messageRequested(const QString &text);

private:
    void setSecretsShown(bool shown);
    void copySelectedSecret();
    void copySelectedPassword();
    void updateActions();

    const IssuerWorkspaceActions &m_actions;
    ClientDirectoryModel *m_clientsModel = nullptr;
    UserDirectoryModel *m_usersModel = nullptr;
    QTableView *m_clientsView = nullptr;
    QTableView *m_usersView = nullptr;
    QWidget *m_clientsPane = nullptr;
    QWidget *m_usersPane = nullptr;
};

} // namespace tokenscope
