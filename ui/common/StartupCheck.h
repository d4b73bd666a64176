#pragma once

#include <QStringList>

namespace tokenscope::StartupCheck {

// Problems with the resources the app ships with (claim catalogue, icons, built-in scenarios), one translated line
// each, naming the resource and what is wrong; empty when all is well. The app reports them at start-up and keeps
// going without the broken part: a claim without its explanation, a blank icon, a scenario missing from the list.
[[nodiscard]] QStringList problems();

// The same check over other locations (tests point it at broken copies).
struct Locations
{
    QString claimCatalogue; // a file holding the claim catalogue JSON
    QString iconsDirectory; // a folder of SVG icons; must hold the application icon, tokenscope.svg
    QStringList scenarioNames; // built-in scenario names to load
};
[[nodiscard]] Locations builtInLocations();
[[nodiscard]] QStringList problems(const Locations &locations);

} // namespace tokenscope::StartupCheck
