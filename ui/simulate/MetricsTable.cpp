#include "simulate/MetricsTable.h"

#include "common/Theme.h"
#include "simulate/RunExport.h"
#include "simulate/TimelineView.h"

#include <QEvent>
#include <QHeaderView>

#include <cmath>
#include <functional>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

namespace {

QString ratio(double value)
{
    return QString::number(value, 'f', value < 10 ? 3 : 1);
}

struct MetricRow
{
    QString id;
    QString label;
    std::function<QString(const SimulationRun &)> value;
    std::function<double(const SimulationRun &)> number; // for the change column
};

} // namespace

MetricsTable::MetricsTable(QWidget *parent) : QTableWidget(0, 4, parent)
{
    setObjectName(u"metricsTable"_s);
    setAccessibleName(tr("Metrics"));
    setHorizontalHeaderLabels({tr("Metric"), tr("This run"), tr("Previous"), tr("Change")});
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setWordWrap(true);
    setAlternatingRowColors(true);
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
}

void MetricsTable::setRuns(std::shared_ptr<const SimulationRun> current, std::shared_ptr<const SimulationRun> previous)
{
    m_current = std::move(current);
    m_previous = std::move(previous);
    fill();
}

void MetricsTable::changeEvent(QEvent *event)
{
    QTableWidget::changeEvent(event);
    // The change column is coloured with the theme's good and bad colours.
    if (event->type() == QEvent::PaletteChange && m_current)
        fill();
}

void MetricsTable::fill()
{
    const Theme::Colors themeColors = Theme::colors(palette());
    std::vector<MetricRow> rows;
    auto perRequest = [](quint64 SimMetrics::*member) {
        return [member](const SimulationRun &run) {
            return run.metrics().perRequest(run.metrics().*member);
        };
    };
    auto count = [](quint64 SimMetrics::*member) {
        return [member](const SimulationRun &run) {
            return double(run.metrics().*member);
        };
    };
    auto text = [](std::function<double(const SimulationRun &)> f, bool ratioFormat) {
        return [f, ratioFormat](const SimulationRun &run) {
            return ratioFormat ? ratio(f(run)) : QLocale().toString(qlonglong(std::llround(f(run))));
        };
    };
    auto add = [&](const QString &id, const QString &label, std::function<double(const SimulationRun &)> f,
                   bool ratioFormat = false) {
        rows.push_back({id, label, text(f, ratioFormat), f});
    };

    // Exposure windows first: they are what the scenarios are about.
    const qsizetype exposures
        = std::max(m_current->metrics().exposures.size(), m_previous ? m_previous->metrics().exposures.size() : 0);
    for (qsizetype i = 0; i < exposures; ++i) {
        const auto exposure = [i](const SimulationRun &run) -> const Exposure * {
            return i < run.metrics().exposures.size() ? &run.metrics().exposures.at(i) : nullptr;
        };
        const Exposure *current = exposure(*m_current);
        const Exposure *any = current ? current : exposure(*m_previous);
        const QString label = tr("Exposure: %1").arg(any->label);
        rows.push_back({u"exposure_%1"_s.arg(i), label,
                        [exposure](const SimulationRun &run) {
                            const Exposure *e = exposure(run);
                            if (!e)
                                return QString();
                            return e->open ? tr("≥ %1 (open)").arg(TimelineView::formatOffset(e->seconds()))
                                           : TimelineView::formatOffset(e->seconds());
                        },
                        [exposure](const SimulationRun &run) {
                            const Exposure *e = exposure(run);
                            return e ? double(e->seconds()) : std::nan("");
                        }});
    }
    add(u"attacker_accepted"_s, tr("Attacker requests accepted"), count(&SimMetrics::attackerAccepted));
    add(u"attacker_requests"_s, tr("Attacker requests"), count(&SimMetrics::attackerRequests));
    add(u"wrongly_logged_out"_s, tr("Users wrongly logged out"), count(&SimMetrics::wronglyLoggedOutClients));
    add(u"wrongful_logouts"_s, tr("Wrongful logouts"), count(&SimMetrics::wrongfulLogouts));
    add(u"collateral_logouts"_s, tr("Victims logged out by theft defence"), count(&SimMetrics::collateralLogouts));
    add(u"legit_rejected"_s, tr("Legitimate requests rejected"), count(&SimMetrics::legitRejected));
    add(u"store_lookups_per_request"_s, tr("Store lookups per request"), perRequest(&SimMetrics::storeLookups), true);
    add(u"blocklist_lookups_per_request"_s, tr("Blocklist lookups per request"),
        perRequest(&SimMetrics::blocklistLookups), true);
    add(u"introspection_per_request"_s, tr("Introspection calls per request"),
        perRequest(&SimMetrics::introspectionLookups), true);
    add(
        u"refreshes_per_hour"_s, tr("Refreshes per hour"),
        [](const SimulationRun &run) { return run.metrics().refreshesPerHour(); }, true);
    add(u"reuse_detections"_s, tr("Reuse detections"), count(&SimMetrics::reuseDetections));
    add(u"families_revoked"_s, tr("Refresh families revoked"), count(&SimMetrics::familiesRevoked));
    add(u"grace_honoured"_s, tr("Refreshes saved by the grace window"), count(&SimMetrics::graceHonoured));
    add(u"blocklist_max"_s, tr("Blocklist size (max)"),
        [](const SimulationRun &run) { return double(run.metrics().blocklistMaxSize); });
    add(u"bytes_per_request"_s, tr("Credential bytes per request"),
        [](const SimulationRun &run) { return run.metrics().credentialBytesPerRequest(); });
    add(u"jwks_fetches"_s, tr("JWKS fetches"), count(&SimMetrics::jwksFetches));
    add(u"legit_requests"_s, tr("Legitimate requests"), count(&SimMetrics::legitRequests));

    setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const MetricRow &row = rows[size_t(r)];
        auto *name = new QTableWidgetItem(row.label);
        name->setData(Qt::UserRole, row.id);
        name->setToolTip(row.id.startsWith(u"exposure_")
                             ? tr("%1\nFrom the theft or revocation until no resource server accepted the credential; "
                                  "“open”: it still worked when the run ended.")
                                   .arg(row.label)
                             : row.label);
        setItem(r, 0, name);
        auto *current = new QTableWidgetItem(row.value(*m_current));
        current->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setItem(r, 1, current);
        auto *previous = new QTableWidgetItem(m_previous ? row.value(*m_previous) : QString());
        previous->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        previous->setForeground(palette().color(QPalette::PlaceholderText));
        setItem(r, 2, previous);
        QString change;
        auto *changeItem = new QTableWidgetItem;
        if (m_previous) {
            const double a = row.number(*m_current);
            const double b = row.number(*m_previous);
            if (!std::isnan(a) && !std::isnan(b) && std::abs(a - b) > 1e-9) {
                change = a > b ? u"▲"_s : u"▼"_s;
                // Most metrics here are a cost or a risk (down is good); a few are neither good nor bad by
                // themselves (more reuse detections can mean a defence that works): those get no colour.
                static const QStringList neutral
                    = {u"attacker_requests"_s,  u"reuse_detections"_s, u"families_revoked"_s,
                       u"collateral_logouts"_s, u"grace_honoured"_s,   u"jwks_fetches"_s};
                if (neutral.contains(row.id)) {
                    changeItem->setToolTip(a > b ? tr("higher than in the previous run")
                                                 : tr("lower than in the previous run"));
                } else {
                    const bool better = (a < b) != (row.id == u"legit_requests");
                    changeItem->setForeground(better ? themeColors.valid : themeColors.high);
                    changeItem->setToolTip(better ? tr("better than the previous run")
                                                  : tr("worse than the previous run"));
                }
            } else if (!std::isnan(a) && !std::isnan(b)) {
                change = u"="_s;
            }
        }
        changeItem->setText(change);
        changeItem->setTextAlignment(Qt::AlignCenter);
        setItem(r, 3, changeItem);
    }
    resizeRowsToContents();
}

QString MetricsTable::metricText(const QString &id, int column) const
{
    for (int r = 0; r < rowCount(); ++r) {
        if (item(r, 0)->data(Qt::UserRole).toString() == id)
            return item(r, column) ? item(r, column)->text() : QString();
    }
    return {};
}

QByteArray MetricsTable::toCsv() const
{
    QByteArray csv = "metric,label,value,previous\n";
    for (int r = 0; r < rowCount(); ++r) {
        csv += RunExport::csvField(item(r, 0)->data(Qt::UserRole).toString().toUtf8()) + ',';
        csv += RunExport::csvField(item(r, 0)->text().toUtf8()) + ',';
        csv += RunExport::csvField(item(r, 1)->text().toUtf8()) + ',';
        csv += RunExport::csvField(item(r, 2)->text().toUtf8()) + '\n';
    }
    return csv;
}

} // namespace tokenscope
