#include "issuer/UserDirectoryModel.h"

#include "common/Theme.h"
#include "issuer/ClientDirectoryModel.h"

#include <QGuiApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

QStringList claimLines(const QVariantMap &claims)
{
    QStringList lines;
    for (auto it = claims.cbegin(); it != claims.cend(); ++it) {
        const QVariant &value = it.value();
        const QString text
            = value.typeId() == QMetaType::QStringList ? value.toStringList().join(u", ") : value.toString();
        lines << u"%1: %2"_s.arg(it.key(), text);
    }
    return lines;
}

} // namespace

UserDirectoryModel::UserDirectoryModel(QObject *parent) : UserDirectoryRows(parent)
{ }

QString UserDirectoryModel::statusName(bool banned)
{
    return banned ? tr("banned") : tr("active");
}

QVariant UserDirectoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UserDirectoryEntry &entry = m_entries.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (index.column()) {
        case UsernameColumn:
            return entry.username;
        case SubjectColumn:
            return entry.subject;
        case PasswordColumn:
            if (entry.password.isEmpty())
                return tr("(hashed)");
            if (!m_secretsShown)
                return role == Qt::DisplayRole ? ClientDirectoryModel::maskedText() : tr("hidden");
            return entry.password;
        case StatusColumn:
            return statusName(entry.banned);
        case ClaimsColumn:
            return claimLines(entry.claims).join(u" · "_s);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == PasswordColumn && entry.password.isEmpty())
            return tr("Only a salted SHA-256 is in the database");
        if (index.column() == ClaimsColumn)
            return claimLines(entry.claims).join(u'\n');
        return {};
    }
    if (role == Qt::ForegroundRole) {
        const Theme::Colors colors = Theme::colors(QGuiApplication::palette());
        if (index.column() == StatusColumn)
            return entry.banned ? colors.high : colors.valid;
        if (index.column() == PasswordColumn && entry.password.isEmpty())
            return colors.annotation;
    }
    return {};
}

QVariant UserDirectoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UsernameColumn:
        return tr("Username");
    case SubjectColumn:
        return tr("Subject");
    case PasswordColumn:
        return tr("Password");
    case StatusColumn:
        return tr("Status");
    case ClaimsColumn:
        return tr("Claims");
    default:
        return {};
    }
}

void UserDirectoryModel::setUsers(const QList<IssuerAdminState::User> &users,
                                  const QList<issuer::IssuerUser> &configured)
{
    QList<UserDirectoryEntry> entries;
    entries.reserve(users.size());
    for (const IssuerAdminState::User &user : users) {
        UserDirectoryEntry entry;
        entry.username = user.username;
        entry.subject = user.subject;
        entry.banned = user.banned;
        const auto known = std::find_if(configured.cbegin(), configured.cend(),
                                        [&user](const auto &candidate) { return candidate.username == user.username; });
        if (known != configured.cend()) {
            // The issuer keeps a salted digest; the configuration's password is the one it was given.
            entry.password = known->password;
            entry.claims = known->claims;
        }
        // Roles change at runtime (POST /admin/roles): the issuer's word wins over the configuration's.
        if (!user.roles.isEmpty() || entry.claims.contains(u"roles"_s))
            entry.claims.insert(u"roles"_s, user.roles);
        entries.append(entry);
    }
    replaceRows(std::move(entries));
}

QString UserDirectoryModel::username(int row) const
{
    const UserDirectoryEntry *entry = entryAt(row);
    return entry ? entry->username : QString();
}

QString UserDirectoryModel::password(int row) const
{
    const UserDirectoryEntry *entry = entryAt(row);
    return entry ? entry->password : QString();
}

bool UserDirectoryModel::isBanned(int row) const
{
    const UserDirectoryEntry *entry = entryAt(row);
    return entry && entry->banned;
}

int UserDirectoryModel::rowOfUsername(const QString &username) const
{
    return rowOf(username);
}

int UserDirectoryModel::rowOfSubject(const QString &subject) const
{
    return rowWhere(&UserDirectoryEntry::subject, subject);
}

} // namespace tokenscope
