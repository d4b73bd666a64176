#pragma once

#include "issuer/DirectoryRowsModel.h"
#include "issuer/IssuerAdminState.h"
#include "issuer/IssuerConfig.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QStringList>

namespace tokenscope {

// One row of the clients' directory.
struct ClientDirectoryEntry
{
    QString clientId;
    bool confidential = false;
    QString secret;
    QStringList grantTypes; // empty: every grant its type allows, or not known
    bool grantsKnown = false;
    QStringList redirectUris;
};

namespace ClientDirectoryColumns {
enum Column { ClientIdColumn, TypeColumn, SecretColumn, GrantsColumn, ColumnCount };
}

using ClientDirectoryRows
    = DirectoryRowsModel<ClientDirectoryEntry, &ClientDirectoryEntry::clientId, ClientDirectoryColumns::SecretColumn,
                         ClientDirectoryColumns::ColumnCount>;

// The mock issuer's clients (from its admin state, sorted by ID) with the configuration's grants and masked secrets.
class ClientDirectoryModel : public ClientDirectoryRows
{
    Q_OBJECT
public:
    using Column = ClientDirectoryColumns::Column;
    using enum ClientDirectoryColumns::Column;

    explicit ClientDirectoryModel(QObject *parent = nullptr);

    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The clients the issuer has and the ones its configuration describes (matched by client ID). Rows whose IDs
    // stay the same are updated in place, so a view keeps its selection.
    void setClients(const QList<IssuerAdminState::Client> &clients, const QList<issuer::IssuerClient> &configured);
    [[nodiscard]] QString clientId(int row) const;
    // The row's secret when the configuration knows it; empty otherwise (a public client, or only a digest). The
    // only way a secret leaves the model unmasked: for a concealed copy.
    [[nodiscard]] QString secret(int row) const;
    [[nodiscard]] int rowOfClient(const QString &clientId) const;

    // What the Secret column shows while secrets are hidden.
    [[nodiscard]] static QString maskedText();
};

} // namespace tokenscope
