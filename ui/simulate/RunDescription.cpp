#include "simulate/RunDescription.h"

#include "common/DurationSpinBox.h"
#include "common/TimeFormat.h"
#include "sim/WorkEstimate.h"

#include <QLocale>
#include <QStringList>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

QString RunDescription::policySummary(const Scenario &scenario)
{
    const IssuerPolicy &p = scenario.issuer;
    QStringList parts;
    parts << tr("AT %1").arg(compactDuration(p.accessTokenTtl));
    if (p.refreshTokensEnabled) {
        parts << tr("RT %1 %2").arg(compactDuration(p.refreshTokenLifetime), PolicyNames::lifetimeMode(p.lifetimeMode));
        parts << tr("rotation %1").arg(PolicyNames::rotation(p.rotation));
        parts << tr("reuse %1").arg(PolicyNames::reuse(p.reuse));
        parts << (p.grace == GraceMode::None
                      ? tr("no grace")
                      : tr("grace %1 %2").arg(PolicyNames::grace(p.grace), compactDuration(p.graceSeconds)));
    } else {
        parts << tr("no refresh tokens");
    }
    parts << ScenarioNames::serverMode(scenario.server.mode);
    if (!p.presetName.isEmpty())
        parts.prepend(p.presetName);
    return parts.join(u" · "_s);
}

QString RunDescription::source(const SimulationRun &run, Detail detail)
{
    if (!run.isLive())
        return tr("against the model");
    const QString url = run.issuerUrl.toString();
    if (detail == Detail::Brief) // the label above the timeline says the rest
        return tr("live");
    const QString exchanges = QLocale().toString(run.httpExchanges);
    if (run.target.isOnLab())
        return tr("Live run against a mock issuer at %1, its API calls on a live lab at %2 (real resource servers "
                  "and Redis), both started for the run: %3 HTTP exchanges with the issuer; every token on the "
                  "timeline is one it returned")
            .arg(url, run.labUrl.toString(), exchanges);
    return run.target.kind == RunTarget::Kind::LocalIssuer
        ? tr("Live run against a mock issuer started for the run at %1: %2 HTTP exchanges, and every token on the "
             "timeline is one the issuer returned")
              .arg(url, exchanges)
        : tr("Live run against the Issuer workspace's mock issuer at %1: %2 HTTP exchanges, and every token on the "
             "timeline is one the issuer returned")
              .arg(url, exchanges);
}

QString RunDescription::status(const SimulationRun &run)
{
    const SimMetrics &metrics = run.metrics();
    const QLocale locale;
    const QString clients = locale.toString(run.scenario.clients.count);
    const QString events = locale.toString(qulonglong(metrics.eventsProcessed));
    const QString tokens = locale.toString(
        qulonglong(metrics.accessTokensIssued + metrics.refreshTokensIssued + metrics.sessionsCreated));
    const QString elapsed = QString::number(run.elapsedMs);
    const QString seed = QString::number(run.scenario.seed);
    QString status = run.isLive()
        ? tr("%1 clients · %2 events · %3 tokens issued · ran live in %4 ms, %5 HTTP exchanges · seed %6")
              .arg(clients, events, tokens, elapsed, locale.toString(run.httpExchanges), seed)
        : tr("%1 clients · %2 events · %3 tokens issued · ran headless in %4 ms · seed %5")
              .arg(clients, events, tokens, elapsed, seed);
    if (run.timeline.clientLanesShown < run.timeline.clientsTotal)
        status += tr(" · timeline shows the first %1 clients").arg(run.timeline.clientLanesShown);
    if (!run.tokensKept)
        status += tr(" · too many tokens to keep for opening");
    if (run.eventsTruncated)
        status += tr(" · event list truncated");
    return status;
}

QString RunDescription::refusal(const Scenario &scenario, const RunTarget &target)
{
    // The panel can ask for more than a run may take (100,000 clients for 400 days): say so instead of running.
    if (const std::optional<ScenarioError> error = WorkBudget::check(scenario))
        return tr("Not run: %1. The previous run is kept.").arg(error->message.toHtmlEscaped());
    if (const QString refused = RunTarget::liveRefusal(scenario, target); !refused.isEmpty())
        return tr("Not run: %1. The previous run is kept.").arg(refused.toHtmlEscaped());
    return {};
}

QString RunDescription::running(const Scenario &scenario, const RunTarget &target)
{
    if (target.isOnLab())
        return tr("Running “%1” live against a mock issuer, on a live lab…").arg(scenario.title);
    return target.isLive() ? tr("Running “%1” live against a mock issuer…").arg(scenario.title)
                           : tr("Running “%1” headless…").arg(scenario.title);
}

std::optional<RunDescription::NotShown> RunDescription::notShown(const SimulationRun &run)
{
    if (!run.failure.isEmpty() && run.outcome != RunOutcome::Cancelled)
        return NotShown {tr("The live run failed: %1. The previous run is kept.").arg(run.failure.toHtmlEscaped()),
                         tr("Live run failed; showing the previous run.")};
    if (run.outcome == RunOutcome::Finished)
        return std::nullopt;
    const QString reached = tr("%1 of %2").arg(TimeFormat::duration(run.stoppedAt), TimeFormat::duration(run.endTime));
    NotShown notShown;
    if (run.outcome == RunOutcome::EventLimitReached)
        notShown.error = tr("The run stopped after %1 events, at %2 simulated: the engine's event limit. The previous "
                            "run is kept.")
                             .arg(QLocale().toString(qulonglong(run.metrics().eventsProcessed)), reached);
    notShown.status = tr("Run stopped at %1 simulated; showing the previous run.").arg(reached);
    return notShown;
}

} // namespace tokenscope
