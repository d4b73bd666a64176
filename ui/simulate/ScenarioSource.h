#pragma once

#include "sim/Scenario.h"

#include <QList>
#include <QObject>

class QComboBox;
class QWidget;

namespace tokenscope {

// Where the Simulate workspace's scenario comes from: a built-in (by name) or a scenario file, with its variants,
// and the two boxes that show and pick them (the workspace lays them out). Loading keeps what was loaded on
// failure and says why, as the text of the workspace's error banner.
class ScenarioSource : public QObject
{
    Q_OBJECT
public:
    // The boxes are created as children of `parent`; the scenario box lists every built-in.
    explicit ScenarioSource(QWidget *parent);

    [[nodiscard]] QComboBox *scenarioComboBox() const { return m_scenarioComboBox; }
    [[nodiscard]] QComboBox *variantComboBox() const { return m_variantComboBox; }

    // Empty on success (the boxes then show it); else why not, and nothing changes.
    [[nodiscard]] QString loadBuiltIn(const QString &name);
    // As loadBuiltIn, for a file; the text is HTML (a file can have many errors, one a line).
    [[nodiscard]] QString loadFile(const QString &path);
    [[nodiscard]] QString source() const { return m_source; } // the built-in's name or the file's path
    [[nodiscard]] bool isBuiltIn() const;
    [[nodiscard]] const QList<sim::Scenario> &variants() const { return m_variants; }
    // Shows variant `index` as the chosen one; false when there is no such variant.
    bool showVariant(int index);
    [[nodiscard]] int variantIndex() const;
    // Shows the loaded source in the scenario box again (after another one failed to load).
    void showSource();

signals:
    void picked(const QString &source); // the user chose another scenario in the box

private:
    void setLoaded(const QString &source, const QList<sim::Scenario> &variants);

    QComboBox *m_scenarioComboBox = nullptr;
    QComboBox *m_variantComboBox = nullptr;
    QString m_source;
    QList<sim::Scenario> m_variants;
};

} // namespace tokenscope
