#include "inspect/FindingsModel.h"

#include "common/Icons.h"
#include "verify/Findings.h"

#include <algorithm>

namespace tokenscope {

FindingsModel::FindingsModel(QObject *parent) : QAbstractListModel(parent)
{ }

void FindingsModel::setFindings(const Findings &findings)
{
    beginResetModel();
    m_findings = findings;
    std::stable_sort(m_findings.begin(), m_findings.end(),
                     [](const Finding &a, const Finding &b) { return int(a.severity) > int(b.severity); });
    endResetModel();
}

Span FindingsModel::spanAt(int row) const
{
    return row >= 0 && row < m_findings.size() ? m_findings[row].span : Span {};
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Finding &finding = m_findings[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return finding.message;
    case Qt::DecorationRole:
        return Icons::severity(finding.severity);
    case Qt::ToolTipRole: {
        const FindingsCatalogue::Entry *entry = FindingsCatalogue::entry(finding.id);
        const QString severity = severityName(finding.severity);
        if (!entry)
            return QStringLiteral("%1 (%2)").arg(finding.id, severity);
        return QStringLiteral("<b>%1</b> <small>(%2, %3)</small><br>%4")
            .arg(entry->title.toHtmlEscaped(), finding.id, severity, entry->explanation.toHtmlEscaped());
    }
    case Qt::AccessibleTextRole:
        return QStringLiteral("%1: %2").arg(severityName(finding.severity), finding.message);
    case SpanStartRole:
        return finding.span.start;
    case SpanLengthRole:
        return finding.span.length;
    case IdRole:
        return finding.id;
    case SeverityRole:
        return int(finding.severity);
    default:
        return {};
    }
}

} // namespace tokenscope
