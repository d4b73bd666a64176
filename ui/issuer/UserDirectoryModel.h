#pragma once

#include "issuer/IssuerAdminState.h"
#include "issuer/IssuerConfig.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QVariantMap>

namespace tokenscope {

// The mock issuer's users (from its admin state, sorted by name) with the configuration's claims and masked passwords.
class UserDirectoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { UsernameColumn, SubjectColumn, PasswordColumn, StatusColumn, ClaimsColumn, ColumnCount };

    explicit UserDirectoryModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The users the issuer has and the ones its configuration describes (matched by username). Rows whose
    // usernames stay the same are updated in place, so a view keeps its selection.
    void setUsers(const QList<IssuerAdminState::User> &users, const QList<issuer::IssuerUser> &configured);
    void clear();
    void setSecretsShown(bool shown);
    [[nodiscard]] bool secretsShown() const { return m_secretsShown; }

    [[nodiscard]] QString username(int row) const;
    // The row's password when the configuration knows it; empty otherwise. The only way a password leaves the
    // model unmasked: for a concealed copy.
    [[nodiscard]] QString password(int row) const;
    [[nodiscard]] bool isBanned(int row) const;
    [[nodiscard]] int rowOfUsername(const QString &username) const;
    [[nodiscard]] int rowOfSubject(const QString &subject) const;

    // The Status column's words, for the ban button.
    [[nodiscard]] static QString statusName(bool banned);

private:
    struct Entry
    {
        QString username;
        QString subject;
        QString password;
        bool banned = false;
        QVariantMap claims;
    };

    QList<Entry> m_entries;
    bool m_secretsShown = false;
};

} // namespace tokenscope
