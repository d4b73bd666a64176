#include "issuer/ClientDirectoryModel.h"

#include "common/Theme.h"

#include <QGuiApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

ClientDirectoryModel::ClientDirectoryModel(QObject *parent) : ClientDirectoryRows(parent)
{ }

QString ClientDirectoryModel::maskedText()
{
    return u"••••••••"_s;
}

QVariant ClientDirectoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClientDirectoryEntry &entry = m_entries.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (index.column()) {
        case ClientIdColumn:
            return entry.clientId;
        case TypeColumn:
            return entry.confidential ? tr("confidential") : tr("public");
        case SecretColumn:
            if (!entry.confidential)
                return role == Qt::DisplayRole ? u"—"_s : tr("no secret");
            if (entry.secret.isEmpty())
                return tr("(hashed)");
            if (!m_secretsShown)
                return role == Qt::DisplayRole ? maskedText() : tr("hidden");
            return entry.secret;
        case GrantsColumn:
            if (!entry.grantsKnown)
                return u"—"_s;
            return entry.grantTypes.isEmpty() ? tr("all its type allows") : entry.grantTypes.join(u", ");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == SecretColumn && entry.confidential && entry.secret.isEmpty())
            return tr("Only its SHA-256 is in the database");
        if (index.column() == GrantsColumn)
            return tr("Redirect URIs: %1").arg(entry.redirectUris.join(u", "));
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == SecretColumn && entry.confidential && entry.secret.isEmpty())
        return Theme::colors(QGuiApplication::palette()).annotation;
    return {};
}

QVariant ClientDirectoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClientIdColumn:
        return tr("Client ID");
    case TypeColumn:
        return tr("Type");
    case SecretColumn:
        return tr("Secret");
    case GrantsColumn:
        return tr("Grants");
    default:
        return {};
    }
}

void ClientDirectoryModel::setClients(const QList<IssuerAdminState::Client> &clients,
                                      const QList<issuer::IssuerClient> &configured)
{
    QList<ClientDirectoryEntry> entries;
    entries.reserve(clients.size());
    for (const IssuerAdminState::Client &client : clients) {
        ClientDirectoryEntry entry;
        entry.clientId = client.clientId;
        entry.confidential = client.confidential;
        entry.redirectUris = client.redirectUris;
        const auto known = std::find_if(configured.cbegin(), configured.cend(), [&client](const auto &candidate) {
            return candidate.clientId == client.clientId;
        });
        if (known != configured.cend()) {
            entry.grantTypes = known->grantTypes;
            entry.grantsKnown = true;
            // The issuer keeps only a digest; the configuration's secret is the one it was given. A client the
            // configuration calls public but the issuer does not (a private_key_jwt one) has no secret to show.
            if (client.confidential)
                entry.secret = known->secret;
        }
        entries.append(entry);
    }
    replaceRows(std::move(entries));
}

QString ClientDirectoryModel::clientId(int row) const
{
    const ClientDirectoryEntry *entry = entryAt(row);
    return entry ? entry->clientId : QString();
}

QString ClientDirectoryModel::secret(int row) const
{
    const ClientDirectoryEntry *entry = entryAt(row);
    return entry ? entry->secret : QString();
}

int ClientDirectoryModel::rowOfClient(const QString &clientId) const
{
    return rowOf(clientId);
}

} // namespace tokenscope
