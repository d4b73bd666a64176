#pragma once

#include "issuer/DirectoryRowsModel.h"
#include "issuer/IssuerAdminState.h"
#include "issuer/IssuerConfig.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QVariantMap>

namespace tokenscope {

// One row of the users' directory.
struct UserDirectoryEntry
{
    QString username;
    QString subject;
    QString password;
    bool banned = false;
    QVariantMap claims;
};

namespace UserDirectoryColumns {
enum Column { UsernameColumn, SubjectColumn, PasswordColumn, StatusColumn, ClaimsColumn, ColumnCount };
}

using UserDirectoryRows = DirectoryRowsModel<UserDirectoryEntry, &UserDirectoryEntry::username,
                                             UserDirectoryColumns::PasswordColumn, UserDirectoryColumns::ColumnCount>;

// The mock issuer's users (from its admin state, sorted by name) with the configuration's claims and masked passwords.
class UserDirectoryModel : public UserDirectoryRows
{
    Q_OBJECT
public:
    using Column = UserDirectoryColumns::Column;
    using enum UserDirectoryColumns::Column;

    explicit UserDirectoryModel(QObject *parent = nullptr);

    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The users the issuer has and the ones its configuration describes (matched by username). Rows whose
    // usernames stay the same are updated in place, so a view keeps its selection.
    void setUsers(const QList<IssuerAdminState::User> &users, const QList<issuer::IssuerUser> &configured);
    [[nodiscard]] QString username(int row) const;
    // The row's password when the configuration knows it; empty otherwise. The only way a password leaves the
    // model unmasked: for a concealed copy.
    [[nodiscard]] QString password(int row) const;
    [[nodiscard]] bool isBanned(int row) const;
    [[nodiscard]] int rowOfUsername(const QString &username) const;
    [[nodiscard]] int rowOfSubject(const QString &subject) const;

    // The Status column's words, for the ban button.
    [[nodiscard]] static QString statusName(bool banned);
};

} // namespace tokenscope
