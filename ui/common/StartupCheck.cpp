#include "common/StartupCheck.h"

#include "sim/Scenario.h"
#include "verify/ClaimCatalogue.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSvgRenderer>

namespace tokenscope::StartupCheck {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct StartupCheckText
{
    Q_DECLARE_TR_FUNCTIONS(StartupCheck)
};

void checkClaimCatalogue(const QString &path, QStringList &problems)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        problems << StartupCheckText::tr("claim catalogue %1 cannot be read: %2; claims are shown without explanations")
                        .arg(path, file.errorString());
        return;
    }
    const ClaimCatalogue catalogue = ClaimCatalogue::fromJson(file.readAll());
    if (!catalogue.error().isEmpty())
        problems << StartupCheckText::tr("claim catalogue %1 is broken: %2; claims are shown without explanations")
                        .arg(path, catalogue.error());
}

void checkIcons(const QString &directory, QStringList &problems)
{
    const QDir folder(directory);
    if (!folder.exists(QStringLiteral("tokenscope.svg")))
        problems << StartupCheckText::tr("icon folder %1 has no application icon (tokenscope.svg)").arg(directory);
    for (const QString &name : folder.entryList({QStringLiteral("*.svg")}, QDir::Files, QDir::Name)) {
        QSvgRenderer renderer(folder.filePath(name));
        if (!renderer.isValid())
            problems << StartupCheckText::tr("icon %1 is not a valid SVG; it is left blank").arg(folder.filePath(name));
    }
}

void checkScenarios(const QStringList &names, QStringList &problems)
{
    if (names.isEmpty())
        problems << StartupCheckText::tr(
            "no built-in scenarios were found; the Simulate workspace can still open scenario files");
    for (const QString &name : names) {
        const sim::ScenarioLoadResult loaded = sim::ScenarioLoader::loadBuiltIn(name);
        if (loaded)
            continue;
        QStringList errors;
        for (const sim::ScenarioError &error : loaded.errors)
            errors << error.toString();
        problems << StartupCheckText::tr("built-in scenario %1 cannot be used: %2")
                        .arg(name, errors.join(QStringLiteral("; ")));
    }
}

} // namespace

Locations builtInLocations()
{
    return {QStringLiteral(":/tokenscope/claims.json"), QStringLiteral(":/tokenscope/icons"),
            sim::ScenarioLoader::builtInNames()};
}

QStringList problems(const Locations &locations)
{
    QStringList found;
    checkClaimCatalogue(locations.claimCatalogue, found);
    checkIcons(locations.iconsDirectory, found);
    checkScenarios(locations.scenarioNames, found);
    return found;
}

QStringList problems()
{
    return problems(builtInLocations());
}

} // namespace tokenscope::StartupCheck
