#include "inspect/BundleTokensModel.h"

#include <QFont>

namespace tokenscope {

namespace {

QString elided(const QByteArray &token)
{
    if (token.size() <= 40)
        return QString::fromLatin1(token);
    return QString::fromLatin1(token.first(24)) + QStringLiteral("…") + QString::fromLatin1(token.last(10));
}

bool sameTokens(const QList<BundleToken> &a, const QList<BundleToken> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(), [](const BundleToken &x, const BundleToken &y) {
        return x.role == y.role && x.value == y.value;
    });
}

} // namespace

BundleTokensModel::BundleTokensModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void BundleTokensModel::setTokens(const QList<BundleToken> &tokens)
{
    if (sameTokens(tokens, m_tokens))
        return;
    beginResetModel();
    m_tokens = tokens;
    endResetModel();
}

void BundleTokensModel::setShownToken(const QByteArray &token)
{
    if (token == m_shownToken)
        return;
    m_shownToken = token;
    if (!m_tokens.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::FontRole, ShownRole});
}

int BundleTokensModel::rowOf(QStringView role) const
{
    for (int row = 0; row < m_tokens.size(); ++row) {
        if (m_tokens[row].role == role)
            return row;
    }
    return -1;
}

QString BundleTokensModel::roleTitle(const QString &role)
{
    if (role == u"dpop_proof")
        return tr("DPoP proof");
    if (role == u"access_token")
        return tr("Access token");
    if (role == u"id_token")
        return tr("ID token");
    if (role == u"refresh_token")
        return tr("Refresh token");
    return role;
}

QString BundleTokensModel::kindText(const BundleToken &token)
{
    if (!token.decoded)
        return tr("opaque, %n characters", "", int(token.value.size()));
    const DecodedToken &decoded = *token.decoded;
    if (decoded.kind == TokenKind::Jwe)
        return tr("JWE (encrypted)");
    QStringList parts {decoded.kind == TokenKind::Unsecured ? tr("unsecured JWT") : tr("JWS")};
    if (const QString alg = decoded.algorithm(); !alg.isEmpty())
        parts << alg;
    if (const JsonValue *typ = decoded.header.value(u"typ"); typ && typ->isString())
        parts << tr("typ %1").arg(typ->string);
    return parts.join(QStringLiteral(" · "));
}

int BundleTokensModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tokens.size());
}

int BundleTokensModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BundleTokensModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BundleToken &token = m_tokens[index.row()];
    const bool shown = !m_shownToken.isEmpty() && token.value == m_shownToken;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RoleColumn:
            return roleTitle(token.role);
        case KindColumn:
            return kindText(token);
        case TokenColumn:
            return elided(token.value);
        }
        return {};
    case Qt::ToolTipRole:
        if (!token.decoded)
            return tr("Opaque: not a JWT, so only its issuer can read it (%1)").arg(token.role);
        return shown ? tr("Shown in the panes (%1)").arg(token.role)
                     : tr("Activate to show this token in the panes (%1)").arg(token.role);
    case Qt::FontRole:
        if (shown) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::AccessibleTextRole:
        return tr("%1: %2%3").arg(roleTitle(token.role), kindText(token), shown ? tr(", shown") : QString());
    case ValueRole:
        return token.value;
    case RoleNameRole:
        return token.role;
    case OpaqueRole:
        return !token.decoded.has_value();
    case ShownRole:
        return shown;
    default:
        return {};
    }
}

QVariant BundleTokensModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RoleColumn:
        return tr("Token");
    case KindColumn:
        return tr("Kind");
    case TokenColumn:
        return tr("Value");
    }
    return {};
}

} // namespace tokenscope
