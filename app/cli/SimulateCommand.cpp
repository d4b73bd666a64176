#include "SimulateCommand.h"

#include "CliSupport.h"
#include "common/TimeFormat.h"
#include "jose/Json.h"
#include "sim/SimEngine.h"
#include "sim/WorkEstimate.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>

namespace tokenscope::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("tokenscope-cli", text);
}

QString listing()
{
    QString text = tr("Built-in scenarios:\n");
    for (const QString &name : sim::ScenarioLoader::builtInNames()) {
        const sim::ScenarioLoadResult loaded = sim::ScenarioLoader::loadBuiltIn(name);
        const QString title = loaded ? loaded.variants.first().title : QString();
        text += QStringLiteral("  %1 %2\n").arg(name, -28).arg(title);
    }
    text += tr("Issuer presets (--preset):\n");
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

} // namespace

int runSimulate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("SCENARIO"),
                                 tr("A scenario file (\"-\": standard input) or a built-in scenario's name."));
    const QCommandLineOption scenarioOption(
        QStringLiteral("scenario"), tr("A scenario file or a built-in scenario's name."), QStringLiteral("FILE|NAME"));
    const QCommandLineOption variantOption(QStringLiteral("variant"), tr("Run only this variant (default: all)."),
                                           QStringLiteral("NAME"));
    const QCommandLineOption presetOption(QStringLiteral("preset"),
                                          tr("Replace the issuer policy by a provider preset (see --list)."),
                                          QStringLiteral("NAME"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), tr("Seed for the run's randomness."),
                                        QStringLiteral("N"));
    const QCommandLineOption untilOption(
        QStringLiteral("until"),
        tr("Run this long instead of the scenario's duration (e.g. 30d); checked as the duration member."),
        QStringLiteral("DURATION"));
    const QCommandLineOption clientsOption(QStringLiteral("clients"),
                                           tr("Override the number of clients; checked as the clients.count member."),
                                           QStringLiteral("N"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print the metrics as one JSON object."));
    const QCommandLineOption eventsOption(QStringLiteral("events"),
                                          tr("Print the event log as JSON lines before the metrics."));
    const QCommandLineOption statsOption(QStringLiteral("stats"),
                                         tr("Print wall time and events per second on standard error."));
    const QCommandLineOption listOption(QStringLiteral("list"), tr("List built-in scenarios and issuer presets."));
    parser.addOptions({scenarioOption, variantOption, presetOption, seedOption, untilOption, clientsOption, jsonOption,
                       eventsOption, statsOption, listOption});
    if (const int code
        = finishParsing(parser, arguments, tr("Run a token-lifecycle simulation headless and print its metrics."));
        code >= 0)
        return code;

    if (parser.isSet(listOption)) {
        printOut(listing());
        return Success;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.size() == 1 && parser.isSet(scenarioOption))) {
        printError(tr("name one scenario, as an argument or with --scenario"));
        return UsageError;
    }
    QString source = parser.isSet(scenarioOption) ? parser.value(scenarioOption) : positional.value(0);
    if (source.isEmpty() && !parser.isSet(presetOption)) {
        printError(tr("name a scenario file or built-in scenario, or a --preset (see --list)"));
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
            printError(
                tr("(--until, --clients and --seed are checked as the members duration, clients.count and seed)"));
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
        printError(tr("--variant %1: the scenario's variants are %2")
                       .arg(parser.value(variantOption), names.join(QStringLiteral(", "))));
        return UsageError;
    }

    std::optional<sim::IssuerPolicy> preset;
    if (parser.isSet(presetOption)) {
        preset = sim::IssuerPresets::byName(parser.value(presetOption));
        if (!preset) {
            printError(tr("--preset %1: expected one of %2")
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

    JsonValue report = JsonValue::makeObject();
    report.append(QStringLiteral("scenario"), JsonValue::makeString(runs.first().name));
    JsonValue variants = JsonValue::makeArray();
    for (const sim::Scenario &scenario : std::as_const(runs)) {
        QElapsedTimer timer;
        timer.start();
        sim::SimEngine engine(scenario, options);
        engine.run();
        if (engine.outcome() == sim::RunOutcome::EventLimitReached) {
            printError(tr("%1: stopped after %2 events at %3 of %4 simulated: the run exceeds the engine's event limit")
                           .arg(source)
                           .arg(engine.metrics().eventsProcessed)
                           .arg(TimeFormat::duration(engine.now()), TimeFormat::duration(engine.endTime())));
            return UsageError;
        }
        const qint64 elapsed = std::max<qint64>(1, timer.nsecsElapsed());
        if (parser.isSet(statsOption)) {
            printError(tr("%1%2: %3 events in %4 ms, %5 events/s, %6 simulated")
                           .arg(scenario.name, scenario.variant.isEmpty() ? QString() : u'/' + scenario.variant)
                           .arg(engine.metrics().eventsProcessed)
                           .arg(double(elapsed) / 1e6, 0, 'f', 1)
                           .arg(double(engine.metrics().eventsProcessed) * 1e9 / double(elapsed), 0, 'f', 0)
                           .arg(TimeFormat::duration(engine.metrics().simulatedSeconds)));
        }
        if (options.recordEvents)
            printOut(engine.eventLog());
        if (parser.isSet(jsonOption)) {
            JsonValue item = JsonValue::makeObject();
            item.append(QStringLiteral("variant"), JsonValue::makeString(scenario.variant));
            item.append(QStringLiteral("seed"), JsonValue::makeNumber(qint64(scenario.seed)));
            item.append(QStringLiteral("issuerPreset"), JsonValue::makeString(scenario.issuer.presetName));
            item.append(QStringLiteral("metrics"), *Json::parse(engine.metrics().toJson()).value);
            variants.elements.push_back(std::move(item));
        } else {
            QString heading = scenario.title.isEmpty() ? scenario.name : scenario.title;
            if (!scenario.variant.isEmpty())
                heading += QStringLiteral(" [%1]").arg(scenario.variant);
            printOut(QStringLiteral("%1 (seed %2%3)\n%4\n")
                         .arg(heading)
                         .arg(scenario.seed)
                         .arg(scenario.issuer.presetName.isEmpty()
                                  ? QString()
                                  : tr(", issuer preset %1").arg(scenario.issuer.presetName))
                         .arg(engine.metrics().toText()));
        }
    }
    if (parser.isSet(jsonOption)) {
        report.append(QStringLiteral("variants"), std::move(variants));
        printOut(Json::write(report, Json::Style::Compact) + '\n');
    }
    return Success;
}

} // namespace tokenscope::cli
