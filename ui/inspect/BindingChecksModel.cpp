#include "inspect/BindingChecksModel.h"

#include "common/Icons.h"
#include "verify/Findings.h"

namespace tokenscope {

namespace {

// A failure is marked with the severity its reason has in the findings catalogue, as in the Findings pane; a check
// that could not run for want of input is information, not a failure.
QIcon outcomeIcon(const BindingCheck &check)
{
    switch (check.outcome) {
    case BindingCheck::Outcome::Passed:
        return Icons::valid();
    case BindingCheck::Outcome::Failed: {
        const FindingsCatalogue::Entry *entry = FindingsCatalogue::entry(check.reason);
        return Icons::severity(entry ? entry->severity : Finding::Severity::High);
    }
    case BindingCheck::Outcome::NotChecked:
        break;
    }
    return Icons::severity(Finding::Severity::Info);
}

} // namespace

BindingChecksModel::BindingChecksModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void BindingChecksModel::setChecks(const BindingChecks &checks)
{
    beginResetModel();
    m_checks = checks;
    endResetModel();
}

int BindingChecksModel::rowOf(QStringView check) const
{
    for (int row = 0; row < m_checks.size(); ++row) {
        if (m_checks[row].check == check)
            return row;
    }
    return -1;
}

QString BindingChecksModel::outcomeText(BindingCheck::Outcome outcome)
{
    switch (outcome) {
    case BindingCheck::Outcome::Passed:
        return tr("passed");
    case BindingCheck::Outcome::Failed:
        return tr("failed");
    case BindingCheck::Outcome::NotChecked:
        break;
    }
    return tr("not checked");
}

int BindingChecksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_checks.size());
}

int BindingChecksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BindingChecksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BindingCheck &check = m_checks[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case OutcomeColumn:
            return outcomeText(check.outcome);
        case CheckColumn:
            return check.check;
        case ReasonColumn:
            return check.reason;
        case MessageColumn:
            return check.message;
        }
        return {};
    case Qt::DecorationRole:
        return index.column() == OutcomeColumn ? QVariant(outcomeIcon(check)) : QVariant();
    case Qt::ToolTipRole: {
        const FindingsCatalogue::Entry *entry
            = check.outcome == BindingCheck::Outcome::Failed ? FindingsCatalogue::entry(check.reason) : nullptr;
        if (!entry)
            return check.message.toHtmlEscaped();
        return QStringLiteral("<b>%1</b> <small>(%2, %3)</small><br>%4<br><br>%5")
            .arg(entry->title.toHtmlEscaped(), check.reason, severityName(entry->severity),
                 check.message.toHtmlEscaped(), entry->explanation.toHtmlEscaped());
    }
    case Qt::AccessibleTextRole:
        return QStringLiteral("%1 %2: %3").arg(check.check, outcomeText(check.outcome), check.message);
    case OutcomeRole:
        return Binding::outcomeName(check.outcome);
    case CheckRole:
        return check.check;
    case ReasonRole:
        return check.reason;
    default:
        return {};
    }
}

QVariant BindingChecksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OutcomeColumn:
        return tr("Outcome");
    case CheckColumn:
        return tr("Check");
    case ReasonColumn:
        return tr("Reason");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}

} // namespace tokenscope
