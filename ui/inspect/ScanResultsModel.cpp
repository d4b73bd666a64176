#include "inspect/ScanResultsModel.h"

#include "common/Icons.h"
#include "common/TimeFormat.h"

#include <QDateTime>
#include <QLocale>

namespace tokenscope {

ScanResultsModel::ScanResultsModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void ScanResultsModel::setTokens(std::vector<ScannedToken> tokens)
{
    beginResetModel();
    m_tokens = std::move(tokens);
    m_statuses.clear();
    for (const ScannedToken &token : m_tokens) {
        // Unknown stays unknown (a JWE, claims that are not an object); the rest is judged at the current now.
        m_statuses.push_back(token.status == ExpiryStatus::Unknown
                                 ? ExpiryStatus::Unknown
                                 : expiryStatusAt(token.nbf, token.exp, m_nowSeconds));
    }
    endResetModel();
}

void ScanResultsModel::clear()
{
    setTokens({});
}

void ScanResultsModel::setNowSeconds(qint64 nowSeconds)
{
    if (nowSeconds == m_nowSeconds)
        return;
    m_nowSeconds = nowSeconds;
    int first = -1;
    int last = -1;
    for (size_t row = 0; row < m_tokens.size(); ++row) {
        const ScannedToken &token = m_tokens[row];
        if (token.status == ExpiryStatus::Unknown)
            continue;
        const ExpiryStatus status = expiryStatusAt(token.nbf, token.exp, nowSeconds);
        if (status == m_statuses[row])
            continue;
        m_statuses[row] = status;
        first = first < 0 ? int(row) : first;
        last = int(row);
    }
    if (first >= 0)
        emit dataChanged(index(first, StatusColumn), index(last, StatusColumn));
}

const ScannedToken *ScanResultsModel::tokenAt(int row) const
{
    return row >= 0 && size_t(row) < m_tokens.size() ? &m_tokens[size_t(row)] : nullptr;
}

ExpiryStatus ScanResultsModel::statusAt(int row) const
{
    return row >= 0 && size_t(row) < m_statuses.size() ? m_statuses[size_t(row)] : ExpiryStatus::Unknown;
}

QString ScanResultsModel::placeText(const ScanPlace &place)
{
    if (place.harPath.isEmpty()) {
        const QString where = tr("%1 line %2").arg(place.source, QLocale().toString(place.line));
        return place.context.isEmpty() ? where : tr("%1 · %2").arg(where, place.context);
    }
    const QString entry = QStringLiteral("%1 %2").arg(place.method, place.url).trimmed();
    return place.context.isEmpty() ? entry : tr("%1 · %2").arg(entry, place.context);
}

QString ScanResultsModel::statusText(ExpiryStatus status)
{
    switch (status) {
    case ExpiryStatus::StillValid:
        return tr("still valid");
    case ExpiryStatus::Expired:
        return tr("expired");
    case ExpiryStatus::NotYetValid:
        return tr("not yet valid");
    case ExpiryStatus::Unknown:
        break;
    }
    return tr("unknown");
}

int ScanResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tokens.size());
}

int ScanResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScanResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ScannedToken &token = m_tokens[size_t(index.row())];
    const ExpiryStatus status = m_statuses[size_t(index.row())];
    if (role == TokenTextRole)
        return token.text;
    if (role == StatusRole)
        return int(status);
    const auto orNone = [](const QString &text) {
        return text.isEmpty() ? tr("(none)") : text;
    };
    switch (index.column()) {
    case StatusColumn:
        if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
            return statusText(status);
        if (role == Qt::DecorationRole) {
            switch (status) {
            case ExpiryStatus::StillValid:
                return Icons::valid();
            case ExpiryStatus::Expired:
                return Icons::severity(Finding::Severity::High);
            case ExpiryStatus::NotYetValid:
                return Icons::severity(Finding::Severity::Warning);
            case ExpiryStatus::Unknown:
                return Icons::severity(Finding::Severity::Info);
            }
        }
        if (role == Qt::ToolTipRole && token.exp)
            return tr("exp %1 (%2)")
                .arg(TimeFormat::isoUtc(*token.exp), TimeFormat::relative(*token.exp, m_nowSeconds));
        break;
    case IssuerColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return orNone(token.iss);
        break;
    case SubjectColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return orNone(token.sub);
        break;
    case KindColumn:
        if (role == Qt::DisplayRole) {
            const QString kind = token.kind.isEmpty() ? tr("undecodable") : token.kind;
            return token.alg.isEmpty() ? kind : tr("%1 %2").arg(kind, token.alg);
        }
        if (role == Qt::ToolTipRole && !token.kid.isEmpty())
            return tr("kid %1").arg(token.kid);
        break;
    case SeenColumn:
        if (role == Qt::DisplayRole)
            return placeText(token.firstSeen);
        if (role == Qt::ToolTipRole) {
            const ScanPlace &place = token.firstSeen;
            if (place.harPath.isEmpty())
                return tr("First seen in %1, line %2, byte %3")
                    .arg(place.source, QLocale().toString(place.line), QLocale().toString(place.offset));
            return tr("First seen at %1 (%2)").arg(place.harPath, place.time);
        }
        break;
    case CountColumn:
        if (role == Qt::DisplayRole)
            return QLocale().toString(token.count);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant ScanResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn:
        return tr("Status now");
    case IssuerColumn:
        return tr("Issuer");
    case SubjectColumn:
        return tr("Subject");
    case KindColumn:
        return tr("Kind");
    case SeenColumn:
        return tr("First seen");
    case CountColumn:
        return tr("Seen");
    default:
        return {};
    }
}

} // namespace tokenscope
