#include "SimulateCommand.h"

#include "CliSupport.h"
#include "common/TimeFormat.h"
#include "issuer/LocalMockIssuer.h"
#include "jose/Json.h"
#include "lab/LabForRun.h"
#include "lab/LocalLab.h"
#include "sim/LabResourceServers.h"
#include "sim/LiveIssuer.h"
#include "sim/SimEngine.h"
#include "sim/WorkEstimate.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

QString listing()
{
    QString text = CliText::tr("Built-in scenarios:\n");
    for (const QString &name : sim::ScenarioLoader::builtInNames()) {
        const sim::ScenarioLoadResult loaded = sim::ScenarioLoader::loadBuiltIn(name);
        const QString title = loaded ? loaded.variants.first().title : QString();
        text += QStringLiteral("  %1 %2\n").arg(name, -28).arg(title);
    }
    text += CliText::tr("Issuer presets (--preset):\n");
    for (const QString &name : sim::IssuerPresets::names())
        text += QStringLiteral("  %1 %2\n").arg(name, -28).arg(sim::IssuerPresets::description(name));
    return text;
}

// --until, --clients and --seed become the scenario members they stand for (duration, clients.count, seed), merged
// into the file (RFC 7396) so that they are read and checked exactly as members written in it: ranges, cross-member
// checks and the work budget alike. A value that is not a number is passed on as a string for the loader to refuse.
JsonValue memberOverrides(const QCommandLineParser &parser, const QCommandLineOption &until,
                          const QCommandLineOption &clients, const QCommandLineOption &seed)
{
    const auto number = [](const QString &text) {
        bool ok = false;
        const qint64 value = text.toLongLong(&ok);
        return ok ? JsonValue::makeNumber(value) : JsonValue::makeString(text);
    };
    JsonValue overrides = JsonValue::makeObject();
    if (parser.isSet(until))
        overrides.append(QStringLiteral("duration"), JsonValue::makeString(parser.value(until)));
    if (parser.isSet(clients)) {
        JsonValue count = JsonValue::makeObject();
        count.append(QStringLiteral("count"), number(parser.value(clients)));
        overrides.append(QStringLiteral("clients"), std::move(count));
    }
    if (parser.isSet(seed))
        overrides.append(QStringLiteral("seed"), number(parser.value(seed)));
    return overrides;
}

// A provider preset replaces the issuer policy, except the scenario's signing keys.
void applyPreset(const sim::IssuerPolicy &preset, sim::IssuerPolicy *policy)
{
    const sim::IssuerPolicy original = *policy;
    *policy = preset;
    policy->signingAlgorithm = original.signingAlgorithm;
    policy->keyRotationInterval = original.keyRotationInterval;
    policy->keyOverlap = original.keyOverlap;
}

// Where a live run's issuer is: one started for each run (in-process, on 127.0.0.1), or one already running.
struct LiveTarget
{
    bool live = false;
    QUrl issuerUrl; // empty: start a local one per run
    QUrl labControl; // a running lab's control endpoint; its issuer is the run's
    bool newLab = false; // a lab started for each run
};

// An http(s) URL with a host, or nullopt.
std::optional<QUrl> webUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http" && url.scheme() != u"https"))
        return std::nullopt;
    return url;
}

// Variants side by side, one column per variant: how a class reads "15 min / 1 h / session".
QString variantTable(const QStringList &headings, const QList<QList<sim::SimMetrics::Row>> &columns)
{
    QStringList names;
    for (const QList<sim::SimMetrics::Row> &column : columns) {
        for (const sim::SimMetrics::Row &row : column) {
            if (!names.contains(row.name))
                names.append(row.name);
        }
    }
    const auto valueOf = [](const QList<sim::SimMetrics::Row> &column, const QString &name) {
        for (const sim::SimMetrics::Row &row : column) {
            if (row.name == name)
                return row.value;
        }
        return QStringLiteral("-");
    };
    qsizetype nameWidth = 0;
    for (const QString &name : names)
        nameWidth = std::max(nameWidth, name.size());
    QList<qsizetype> widths;
    for (qsizetype c = 0; c < columns.size(); ++c) {
        qsizetype width = headings[c].size();
        for (const QString &name : names)
            width = std::max(width, valueOf(columns[c], name).size());
        widths.append(width);
    }
    const auto line = [&](const QString &first, const auto &cell) {
        QString text = first.leftJustified(nameWidth);
        for (qsizetype c = 0; c < columns.size(); ++c)
            text += QStringLiteral("  ") + cell(c).leftJustified(widths[c]);
        while (text.endsWith(u' '))
            text.chop(1);
        return text + u'\n';
    };
    QString text = line(QString(), [&](qsizetype c) { return headings[c]; });
    for (const QString &name : names)
        text += line(name, [&](qsizetype c) { return valueOf(columns[c], name); });
    return text;
}

int exitCodeFor(sim::LiveIssuer::FailureKind kind)
{
    return kind == sim::LiveIssuer::FailureKind::Network ? NetworkError : UsageError;
}

} // namespace

int runSimulate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("SCENARIO"),
                                 CliText::tr("A scenario file (\"-\": standard input) or a built-in scenario's name."));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"),
                                            CliText::tr("A scenario file or a built-in scenario's name."),
                                            QStringLiteral("FILE|NAME"));
    const QCommandLineOption variantOption(
        QStringLiteral("variant"), CliText::tr("Run only this variant (default: all)."), QStringLiteral("NAME"));
    const QCommandLineOption presetOption(QStringLiteral("preset"),
                                          CliText::tr("Replace the issuer policy by a provider preset (see --list)."),
                                          QStringLiteral("NAME"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), CliText::tr("Seed for the run's randomness."),
                                        QStringLiteral("N"));
    const QCommandLineOption untilOption(
        QStringLiteral("until"),
        CliText::tr("Run this long instead of the scenario's duration (e.g. 30d); checked as the duration member."),
        QStringLiteral("DURATION"));
    const QCommandLineOption clientsOption(
        QStringLiteral("clients"), CliText::tr("Override the number of clients; checked as the clients.count member."),
        QStringLiteral("N"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), CliText::tr("Print the metrics as one JSON object."));
    const QCommandLineOption eventsOption(QStringLiteral("events"),
                                          CliText::tr("Print the event log as JSON lines before the metrics."));
    const QCommandLineOption statsOption(QStringLiteral("stats"),
                                         CliText::tr("Print wall time and events per second on standard error."));
    const QCommandLineOption listOption(QStringLiteral("list"),
                                        CliText::tr("List built-in scenarios and issuer presets."));
    const QCommandLineOption tableOption(QStringLiteral("table"),
                                         CliText::tr("Print the variants side by side, one column per variant."));
    const QCommandLineOption liveOption(
        QStringLiteral("live"),
        CliText::tr(
            "Run against a real mock issuer over HTTP (started on 127.0.0.1 unless --issuer-url) instead of the "
            "model."));
    const QCommandLineOption issuerUrlOption(
        QStringLiteral("issuer-url"),
        CliText::tr(
            "With --live: a running `tokenscope-cli issuer serve` to use; its policy, users and clock are set for "
            "the run through its admin API."),
        QStringLiteral("URL"));
    const QCommandLineOption labOption(
        QStringLiteral("lab"),
        CliText::tr(
            "With --live: the resource servers are a live lab's, reached over HTTP: a running `tokenscope-cli lab "
            "serve` (its control URL; the run uses its issuer), or \"new\" for a lab started for each run."),
        QStringLiteral("URL|new"));
    parser.addOptions({scenarioOption, variantOption, presetOption, seedOption, untilOption, clientsOption, jsonOption,
                       eventsOption, statsOption, listOption, tableOption, liveOption, issuerUrlOption, labOption});
    if (const int code = finishParsing(parser, arguments,
                                       CliText::tr("Run a token-lifecycle simulation headless and print its metrics."));
        code >= 0)
        return code;

    if (parser.isSet(listOption)) {
        printOut(listing());
        return Success;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.size() == 1 && parser.isSet(scenarioOption))) {
        printError(CliText::tr("name one scenario, as an argument or with --scenario"));
        return UsageError;
    }
    QString source = parser.isSet(scenarioOption) ? parser.value(scenarioOption) : positional.value(0);
    if (source.isEmpty() && !parser.isSet(presetOption)) {
        printError(CliText::tr("name a scenario file or built-in scenario, or a --preset (see --list)"));
        return UsageError;
    }
    if (source.isEmpty())
        source = QStringLiteral("two-token");

    const JsonValue overrides = memberOverrides(parser, untilOption, clientsOption, seedOption);
    sim::ScenarioLoadResult loaded;
    const QFileInfo file(source);
    if (source == u"-" || file.exists() || source.contains(u'/') || source.endsWith(QStringLiteral(".json"))) {
        const ReadResult read = readFile(source, sim::ScenarioLoader::maxFileBytes + 1);
        if (!read) {
            printError(read.error);
            return UsageError;
        }
        loaded = sim::ScenarioLoader::load(read.bytes, file.completeBaseName(), overrides);
    } else {
        loaded = sim::ScenarioLoader::loadBuiltIn(source, overrides);
    }
    if (!loaded) {
        for (const sim::ScenarioError &error : loaded.errors)
            printError(QStringLiteral("%1: %2").arg(source, error.toString()));
        if (!overrides.members.empty())
            printError(CliText::tr(
                "(--until, --clients and --seed are checked as the members duration, clients.count and seed)"));
        return UsageError;
    }

    QList<sim::Scenario> runs;
    for (const sim::Scenario &scenario : loaded.variants) {
        if (!parser.isSet(variantOption) || scenario.variant == parser.value(variantOption))
            runs.append(scenario);
    }
    if (runs.isEmpty()) {
        QStringList names;
        for (const sim::Scenario &scenario : loaded.variants)
            names << scenario.variant;
        printError(CliText::tr("--variant %1: the scenario's variants are %2")
                       .arg(parser.value(variantOption), names.join(QStringLiteral(", "))));
        return UsageError;
    }

    std::optional<sim::IssuerPolicy> preset;
    if (parser.isSet(presetOption)) {
        preset = sim::IssuerPresets::byName(parser.value(presetOption));
        if (!preset) {
            printError(CliText::tr("--preset %1: expected one of %2")
                           .arg(parser.value(presetOption), sim::IssuerPresets::names().join(QStringLiteral(", "))));
            return UsageError;
        }
    }
    sim::SimOptions options;
    options.recordEvents = parser.isSet(eventsOption);
    options.keepTokens = false; // nothing is shown: no token is ever signed
    if (preset) {
        for (sim::Scenario &scenario : runs)
            applyPreset(*preset, &scenario.issuer);
    }
    // A preset changes the work (shorter tokens, more refreshes): every run is checked again before any starts.
    for (const sim::Scenario &scenario : runs) {
        if (const std::optional<sim::ScenarioError> error = sim::WorkBudget::check(scenario)) {
            printError(
                QStringLiteral("%1%2: %3")
                    .arg(source, scenario.variant.isEmpty() ? QString() : u'/' + scenario.variant, error->toString()));
            return UsageError;
        }
    }

    const bool table = parser.isSet(tableOption);
    if (table && (parser.isSet(jsonOption) || parser.isSet(eventsOption))) {
        printError(CliText::tr("--table prints text: it does not combine with --json or --events"));
        return UsageError;
    }
    QStringList tableHeadings;
    QList<QList<sim::SimMetrics::Row>> tableColumns;

    LiveTarget target;
    target.live = parser.isSet(liveOption);
    if (parser.isSet(issuerUrlOption)) {
        if (!target.live) {
            printError(CliText::tr("--issuer-url needs --live"));
            return UsageError;
        }
        const std::optional<QUrl> url = webUrl(parser.value(issuerUrlOption));
        if (!url) {
            printError(CliText::tr("--issuer-url %1: expected an http(s) URL such as http://127.0.0.1:8080")
                           .arg(parser.value(issuerUrlOption)));
            return UsageError;
        }
        target.issuerUrl = *url;
    }
    if (parser.isSet(labOption)) {
        const QString lab = parser.value(labOption);
        const std::optional<QUrl> url = lab == u"new" ? std::optional<QUrl>(QUrl()) : webUrl(lab);
        if (!target.live || !url) {
            printError(!target.live ? CliText::tr("--lab needs --live")
                                    : CliText::tr("--lab %1: expected \"new\" or a lab's control URL such as "
                                                  "http://127.0.0.1:9090")
                                          .arg(lab));
            return UsageError;
        }
        target.newLab = lab == u"new";
        target.labControl = *url;
        if (!target.newLab && !target.issuerUrl.isEmpty()) {
            printError(CliText::tr("--lab %1 runs against the lab's own issuer; leave out --issuer-url").arg(lab));
            return UsageError;
        }
    }

    JsonValue report = JsonValue::makeObject();
    report.append(QStringLiteral("scenario"), JsonValue::makeString(runs.first().name));
    JsonValue variants = JsonValue::makeArray();
    for (const sim::Scenario &scenario : std::as_const(runs)) {
        if (target.live) {
            if (const QString tooLarge = sim::LiveIssuer::tooLargeReason(scenario); !tooLarge.isEmpty()) {
                printError(QStringLiteral("%1: %2").arg(source, tooLarge));
                return UsageError;
            }
        }
        const bool onLab = target.newLab || !target.labControl.isEmpty();
        if (onLab) {
            if (const QString unsupported = sim::LabResourceServers::unsupportedReason(scenario);
                !unsupported.isEmpty()) {
                printError(QStringLiteral("%1: %2").arg(source, unsupported));
                return UsageError;
            }
        }
        QElapsedTimer timer;
        timer.start();
        // Stopped (with its thread, port and database) when this run ends, however it ends.
        issuer::LocalMockIssuer localIssuer;
        lab::LocalLab localLab; // declared after the issuer: stopped before it
        QUrl issuerUrl = target.issuerUrl;
        sim::LabTarget labTarget;
        QUrl labUrl;
        if (!target.labControl.isEmpty()) {
            const sim::LabResourceServers::Connection connection
                = sim::LabResourceServers::connect(target.labControl, scenario);
            if (!connection.error.isEmpty()) {
                printError(connection.error);
                return connection.unreachable ? NetworkError : UsageError;
            }
            issuerUrl = connection.issuerUrl;
            labTarget = connection.target;
            labUrl = labTarget.control;
        }
        if (target.live && issuerUrl.isEmpty()) {
            if (const Result<void> started = localIssuer.start(scenario.start); !started) {
                printError(
                    CliText::tr("cannot start a mock issuer for the live run: %1").arg(started.error().message()));
                return NetworkError;
            }
            issuerUrl = localIssuer.url();
        }
        const sim::LiveIssuer *liveIssuer = nullptr;
        sim::SimEngine::IssuerFactory factory;
        if (target.live) {
            factory = [&](const sim::Scenario &own) {
                std::function<void(qint64)> clockDriver;
                if (localIssuer.url().isValid()) // our own issuer: the simulated clock is its injected clock
                    clockDriver = [&localIssuer](qint64 time) {
                        localIssuer.setTime(time);
                    };
                std::unique_ptr<sim::LiveIssuer> made;
                if (target.newLab) {
                    made = lab::liveIssuerOnNewLab(own, issuerUrl, clockDriver, localLab);
                    labUrl = localLab.controlUrl();
                } else {
                    made = std::make_unique<sim::LiveIssuer>(own);
                    if (clockDriver)
                        made->setClockDriver(clockDriver);
                    if (onLab)
                        made->setLab(labTarget); // its client joins the run's configuration
                    (void)made->connectTo(issuerUrl); // a failure shows in failure() before the run starts
                }
                liveIssuer = made.get();
                return made;
            };
        }
        sim::SimEngine engine(scenario, options, factory);
        if (liveIssuer && liveIssuer->failure().isEmpty())
            engine.run();
        if (liveIssuer && !liveIssuer->failure().isEmpty()) {
            printError(CliText::tr("live run failed: %1").arg(liveIssuer->failure()));
            return exitCodeFor(liveIssuer->failureKind());
        }
        if (!liveIssuer)
            engine.run();
        if (engine.outcome() == sim::RunOutcome::EventLimitReached) {
            printError(
                CliText::tr(
                    "%1: stopped after %2 events at %3 of %4 simulated: the run exceeds the engine's event limit")
                    .arg(source)
                    .arg(engine.metrics().eventsProcessed)
                    .arg(TimeFormat::duration(engine.now()), TimeFormat::duration(engine.endTime())));
            return UsageError;
        }
        const qint64 elapsed = std::max<qint64>(1, timer.nsecsElapsed());
        if (parser.isSet(statsOption)) {
            printError(CliText::tr("%1%2: %3 events in %4 ms, %5 events/s, %6 simulated")
                           .arg(scenario.name, scenario.variant.isEmpty() ? QString() : u'/' + scenario.variant)
                           .arg(engine.metrics().eventsProcessed)
                           .arg(double(elapsed) / 1e6, 0, 'f', 1)
                           .arg(double(engine.metrics().eventsProcessed) * 1e9 / double(elapsed), 0, 'f', 0)
                           .arg(TimeFormat::duration(engine.metrics().simulatedSeconds)));
            if (liveIssuer)
                printError(CliText::tr("%1 HTTP exchanges with %2, %3 exchanges/s")
                               .arg(liveIssuer->exchanges())
                               .arg(issuerUrl.toString())
                               .arg(double(liveIssuer->exchanges()) * 1e9 / double(elapsed), 0, 'f', 0));
        }
        if (options.recordEvents)
            printOut(engine.eventLog());
        if (parser.isSet(jsonOption)) {
            JsonValue item = JsonValue::makeObject();
            item.append(QStringLiteral("variant"), JsonValue::makeString(scenario.variant));
            item.append(QStringLiteral("seed"), JsonValue::makeNumber(qint64(scenario.seed)));
            item.append(QStringLiteral("issuerPreset"), JsonValue::makeString(scenario.issuer.presetName));
            item.append(QStringLiteral("metrics"), *Json::parse(engine.metrics().toJson()).value);
            if (liveIssuer) {
                JsonValue live = JsonValue::makeObject();
                live.append(QStringLiteral("issuer"), JsonValue::makeString(issuerUrl.toString()));
                live.append(QStringLiteral("httpExchanges"), JsonValue::makeNumber(liveIssuer->exchanges()));
                if (onLab)
                    live.append(QStringLiteral("lab"), JsonValue::makeString(labUrl.toString()));
                item.append(QStringLiteral("live"), std::move(live));
            }
            variants.elements.push_back(std::move(item));
        } else if (table) {
            tableHeadings.append(scenario.variant.isEmpty() ? scenario.name : scenario.variant);
            tableColumns.append(engine.metrics().rows(sim::SimMetrics::Detail::Brief));
            if (liveIssuer)
                tableColumns.last().append({CliText::tr("HTTP exchanges"), QString::number(liveIssuer->exchanges())});
        } else {
            QString heading = scenario.title.isEmpty() ? scenario.name : scenario.title;
            if (!scenario.variant.isEmpty())
                heading += QStringLiteral(" [%1]").arg(scenario.variant);
            printOut(QStringLiteral("%1 (seed %2%3)\n%4\n")
                         .arg(heading)
                         .arg(scenario.seed)
                         .arg(scenario.issuer.presetName.isEmpty()
                                  ? QString()
                                  : CliText::tr(", issuer preset %1").arg(scenario.issuer.presetName))
                         .arg(engine.metrics().toText()));
            if (liveIssuer)
                printOut(CliText::tr("live against %1: %2 HTTP exchanges%3\n")
                             .arg(issuerUrl.toString())
                             .arg(liveIssuer->exchanges())
                             .arg(onLab ? CliText::tr(", resource servers on the lab at %1").arg(labUrl.toString())
                                        : QString()));
        }
    }
    if (table) {
        const sim::Scenario &first = runs.first();
        printOut(QStringLiteral("%1 (seed %2)\n").arg(first.title.isEmpty() ? first.name : first.title).arg(first.seed)
                 + variantTable(tableHeadings, tableColumns));
    }
    if (parser.isSet(jsonOption)) {
        report.append(QStringLiteral("variants"), std::move(variants));
        printOut(Json::write(report, Json::Style::Compact) + '\n');
    }
    return Success;
}

} // namespace tokenscope::cli
