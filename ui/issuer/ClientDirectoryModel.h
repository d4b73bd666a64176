#pragma once

#include "issuer/IssuerAdminState.h"
#include "issuer/IssuerConfig.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QStringList>

namespace tokenscope {

// The mock issuer's clients as its admin state lists them (sorted by client ID), with what the configuration the
// issuer was started with adds: grant types and confidential clients' secrets. Secrets are masked until shown and
// never leave the model except through secret() (for a concealed copy).
class ClientDirectoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ClientIdColumn, TypeColumn, SecretColumn, GrantsColumn, ColumnCount };

    explicit ClientDirectoryModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The clients the issuer has and the ones its configuration describes (matched by client ID). Rows whose IDs
    // stay the same are updated in place, so a view keeps its selection.
    void setClients(const QList<IssuerAdminState::Client> &clients, const QList<issuer::IssuerClient> &configured);
    void clear();
    void setSecretsShown(bool shown);
    [[nodiscard]] bool secretsShown() const { return m_secretsShown; }

    [[nodiscard]] QString clientId(int row) const;
    // The row's secret when the configuration knows it; empty otherwise (a public client, or only a digest).
    [[nodiscard]] QString secret(int row) const;
    [[nodiscard]] int rowOfClient(const QString &clientId) const;

    // What the Secret column shows while secrets are hidden.
    [[nodiscard]] static QString maskedText();

private:
    struct Entry
    {
        QString clientId;
        bool confidential = false;
        QString secret;
        QStringList grantTypes; // empty: every grant its type allows, or not known
        bool grantsKnown = false;
        QStringList redirectUris;
    };

    QList<Entry> m_entries;
    bool m_secretsShown = false;
};

} // namespace tokenscope
