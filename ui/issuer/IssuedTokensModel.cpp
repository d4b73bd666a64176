#include "issuer/IssuedTokensModel.h"

#include "common/Theme.h"
#include "common/TimeFormat.h"
#include "jose/CompactToken.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

// Compact for the table: the time alone on the issuer clock's day, the date too otherwise (tooltips give all).
QString shortTime(qint64 seconds, qint64 now)
{
    const QDateTime when = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    if (when.date() == QDateTime::fromSecsSinceEpoch(now, Qt::UTC).date())
        return when.toString(u"HH:mm:ss"_s);
    return when.toString(u"yyyy-MM-dd HH:mm"_s);
}

// Reads the facts the list shows from one of the issuer's own JWTs (header kid; iat, exp, jti, sid).
void readJwt(IssuedTokensModel::Row &row)
{
    const DecodeResult decoded = CompactToken::decode(row.token);
    if (!decoded)
        return;
    row.kid = decoded.token->keyId();
    if (!decoded.token->payload)
        return;
    const JsonValue &payload = *decoded.token->payload;
    auto integer = [&payload](QStringView name) -> qint64 {
        const JsonValue *value = payload.value(name);
        return value && value->isNumber() ? value->toInteger().value_or(0) : 0;
    };
    auto string = [&payload](QStringView name) -> QString {
        const JsonValue *value = payload.value(name);
        return value && value->isString() ? value->string : QString();
    };
    row.issuedAt = integer(u"iat");
    row.expiresAt = integer(u"exp");
    row.jti = string(u"jti");
    if (row.familyId.isEmpty())
        row.familyId = string(u"sid");
    if (row.subject.isEmpty())
        row.subject = string(u"sub");
}

} // namespace

IssuedTokensModel::IssuedTokensModel(QObject *parent) : QAbstractTableModel(parent)
{ }

int IssuedTokensModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IssuedTokensModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString IssuedTokensModel::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Access:
        return tr("Access");
    case Kind::Refresh:
        return tr("Refresh");
    case Kind::Id:
        return tr("ID");
    }
    return {};
}

QString IssuedTokensModel::statusName(Status status)
{
    switch (status) {
    case Status::Active:
        return tr("active");
    case Status::Rotated:
        return tr("rotated");
    case Status::Revoked:
        return tr("revoked");
    case Status::Expired:
        return tr("expired");
    }
    return {};
}

QVariant IssuedTokensModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case KindColumn:
            return kindName(row.kind);
        case WhoColumn:
            // client_credentials tokens are the client's own ("sub" = client_id).
            return row.subject.isEmpty() || row.subject == row.clientId
                ? row.clientId
                : tr("%1 via %2").arg(row.subject, row.clientId);
        case KidColumn:
            return row.kid.isEmpty() ? u"—"_s : row.kid.left(12);
        case IssuedColumn:
            return row.issuedAt > 0 ? shortTime(row.issuedAt, m_now) : QString();
        case ExpiresColumn:
            if (row.expiresAt <= 0)
                return row.kind == Kind::Refresh && row.generation >= 0 ? tr("never") : QString();
            return shortTime(row.expiresAt, m_now);
        case StatusColumn:
            return row.statusReason.isEmpty() ? statusName(row.status)
                                              : tr("%1 (%2)").arg(statusName(row.status), row.statusReason);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case KidColumn:
            return row.kid;
        case WhoColumn:
            return row.familyId.isEmpty() ? tr("grant %1").arg(row.grantType)
                                          : tr("grant %1, session (sid) %2").arg(row.grantType, row.familyId);
        case IssuedColumn:
            return row.issuedAt > 0 ? TimeFormat::isoUtc(row.issuedAt) : QVariant();
        case ExpiresColumn:
            return row.expiresAt > 0
                ? tr("%1, %2").arg(TimeFormat::isoUtc(row.expiresAt),
                                   TimeFormat::relative(row.expiresAt, m_now, TimeFormat::Phrase::Expiry))
                : QVariant();
        case StatusColumn:
            return row.statusReason.isEmpty() ? QVariant() : row.statusReason;
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        const Theme::Colors colors = Theme::colors(QGuiApplication::palette());
        switch (row.status) {
        case Status::Active:
            return colors.valid;
        case Status::Rotated:
            return colors.annotation;
        case Status::Revoked:
            return colors.high;
        case Status::Expired:
            return colors.warning;
        }
    }
    if (role == Qt::AccessibleTextRole && index.column() == StatusColumn)
        return statusName(row.status);
    return {};
}

QVariant IssuedTokensModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case WhoColumn:
        return tr("Who");
    case KidColumn:
        return tr("kid");
    case IssuedColumn:
        return tr("Issued (UTC)");
    case ExpiresColumn:
        return tr("Expires (UTC)");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}

void IssuedTokensModel::addTokens(const issuer::IssuedTokens &tokens, qint64 now)
{
    QList<Row> added;
    auto make = [&](Kind kind, const QByteArray &token) {
        if (token.isEmpty())
            return;
        Row row;
        row.kind = kind;
        row.time = tokens.time;
        row.grantType = tokens.grantType;
        row.clientId = tokens.clientId;
        row.subject = tokens.subject;
        row.familyId = tokens.familyId;
        row.token = token;
        if (kind == Kind::Refresh)
            row.issuedAt = tokens.time; // its generation and expiry come with the next state
        else
            readJwt(row);
        added.append(row);
    };
    make(Kind::Access, tokens.accessToken);
    make(Kind::Refresh, tokens.refreshToken);
    make(Kind::Id, tokens.idToken);
    if (added.isEmpty())
        return;
    beginInsertRows({}, 0, int(added.size()) - 1);
    for (auto it = added.crbegin(); it != added.crend(); ++it)
        m_rows.prepend(*it);
    endInsertRows();
    if (m_rows.size() > maxRows) {
        beginRemoveRows({}, maxRows, int(m_rows.size()) - 1);
        m_rows.resize(maxRows);
        endRemoveRows();
    }
    // New tokens are judged on their own (the issuer's stateChanged brings the state, coalesced).
    m_now = std::max(m_now, now);
    for (int row = 0; row < added.size(); ++row)
        judge(m_rows[row], m_now);
    emit dataChanged(index(0, 0), index(int(added.size()) - 1, ColumnCount - 1));
}

void IssuedTokensModel::refreshState(const IssuerAdminState &state)
{
    QHash<QString, const IssuerAdminState::Family *> families;
    for (const IssuerAdminState::Family &family : state.families)
        families.insert(family.id, &family);
    QHash<QString, bool> banned;
    for (const IssuerAdminState::User &user : state.users)
        banned.insert(user.subject, user.banned);
    // A refresh token is its family's newest when issued. Rows the state has not named yet take the family's
    // generation, newest row first, one less for each older one (several refreshes between two states).
    QHash<QString, int> unnamedSeen;
    for (Row &row : m_rows) {
        row.revokedState = false;
        row.rotated = false;
        row.statusReason.clear();
        const IssuerAdminState::Family *family = families.value(row.familyId, nullptr);
        if (row.kind == Kind::Refresh && family) {
            if (row.generation < 0)
                row.generation = std::max(0, family->generation - unnamedSeen[row.familyId]++);
            row.expiresAt = family->expiresAt;
            row.rotated = row.generation < family->generation;
        }
        if (family && family->revoked) {
            row.revokedState = true;
            row.statusReason = family->revokedReason.isEmpty() ? tr("session revoked")
                                                               : QString(family->revokedReason).replace(u'_', u' ');
        } else if (row.kind == Kind::Access && !row.jti.isEmpty()
                   && (row.revokedById || state.revokedAccessTokenIds.contains(row.jti))) {
            row.revokedState = true; // by RFC 7009 revocation or the admin API
            row.revokedById = true;
        } else if (row.kind != Kind::Id && !row.subject.isEmpty() && banned.value(row.subject, false)) {
            row.revokedState = true;
            row.statusReason = tr("user banned");
        }
    }
    m_now = state.now;
    for (Row &row : m_rows)
        judge(row, m_now);
    emitStatusChanged();
}

void IssuedTokensModel::judge(Row &row, qint64 now) const
{
    const bool expired = row.expiresAt > 0 && now >= row.expiresAt;
    if (row.revokedState)
        row.status = Status::Revoked;
    else if (expired)
        row.status = Status::Expired;
    else if (row.rotated)
        row.status = Status::Rotated;
    else
        row.status = Status::Active;
}

void IssuedTokensModel::updateTimes(qint64 now)
{
    m_now = now;
    bool changed = false;
    for (Row &row : m_rows) {
        const Status before = row.status;
        judge(row, now);
        changed = changed || before != row.status;
    }
    if (changed)
        emitStatusChanged();
}

void IssuedTokensModel::emitStatusChanged()
{
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void IssuedTokensModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

} // namespace tokenscope
