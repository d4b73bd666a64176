#include "simulate/ScenarioSource.h"

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QWidget>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

ScenarioSource::ScenarioSource(QWidget *parent) : QObject(parent)
{
    m_scenarioComboBox = new QComboBox(parent);
    m_scenarioComboBox->setAccessibleName(tr("Scenario"));
    m_scenarioComboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_scenarioComboBox->setMinimumContentsLength(34);
    m_variantComboBox = new QComboBox(parent);
    m_variantComboBox->setAccessibleName(tr("Scenario variant"));
    m_variantComboBox->setMinimumContentsLength(16);
    m_variantComboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    for (const QString &name : ScenarioLoader::builtInNames()) {
        const ScenarioLoadResult result = ScenarioLoader::loadBuiltIn(name);
        const QString title = result ? result.variants.first().title : name;
        m_scenarioComboBox->addItem(title.isEmpty() ? name : title, name);
        m_scenarioComboBox->setItemData(m_scenarioComboBox->count() - 1, name, Qt::ToolTipRole);
    }
    connect(m_scenarioComboBox, &QComboBox::activated, this, [this](int index) {
        const QString source = m_scenarioComboBox->itemData(index).toString();
        if (source != m_source)
            emit picked(source);
    });
}

QString ScenarioSource::loadBuiltIn(const QString &name)
{
    const ScenarioLoadResult result = ScenarioLoader::loadBuiltIn(name);
    if (!result) {
        QStringList errors;
        for (const ScenarioError &error : result.errors)
            errors << error.toString();
        return tr("The built-in scenario “%1” cannot be loaded: %2").arg(name, errors.join(u"; "_s));
    }
    const int index = m_scenarioComboBox->findData(name);
    if (index >= 0)
        m_scenarioComboBox->setCurrentIndex(index);
    setLoaded(name, result.variants);
    return {};
}

QString ScenarioSource::loadFile(const QString &path)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (file.size() > ScenarioLoader::maxFileBytes)
        return tr("%1 is not loaded: it is larger than %2 bytes; the previous run is kept.")
            .arg(name)
            .arg(ScenarioLoader::maxFileBytes);
    if (!file.open(QIODevice::ReadOnly))
        return tr("%1 cannot be read: %2; the previous run is kept.").arg(name, file.errorString());
    const ScenarioLoadResult result = ScenarioLoader::load(file.read(ScenarioLoader::maxFileBytes + 1), name);
    if (!result) {
        QStringList lines;
        for (const ScenarioError &error : result.errors)
            lines << u"• "_s + error.toString().toHtmlEscaped();
        if (lines.isEmpty())
            lines << tr("no runnable variant");
        return tr("<b>%1 is not a valid scenario</b> (the previous run is kept):<br>%2")
            .arg(name.toHtmlEscaped(), lines.join(u"<br>"_s));
    }
    int index = m_scenarioComboBox->findData(path);
    if (index < 0) {
        m_scenarioComboBox->addItem(tr("File: %1").arg(name), path);
        index = m_scenarioComboBox->count() - 1;
        m_scenarioComboBox->setItemData(index, path, Qt::ToolTipRole);
    }
    m_scenarioComboBox->setCurrentIndex(index);
    setLoaded(path, result.variants);
    return {};
}

void ScenarioSource::setLoaded(const QString &source, const QList<Scenario> &variants)
{
    m_source = source;
    m_variants = variants;
    m_variantComboBox->clear();
    for (const Scenario &scenario : std::as_const(m_variants))
        m_variantComboBox->addItem(scenario.variant.isEmpty() ? tr("(default)") : scenario.variant);
    m_variantComboBox->setEnabled(m_variants.size() > 1);
}

bool ScenarioSource::isBuiltIn() const
{
    return ScenarioLoader::builtInNames().contains(m_source);
}

bool ScenarioSource::showVariant(int index)
{
    if (index < 0 || index >= m_variants.size())
        return false;
    m_variantComboBox->setCurrentIndex(index);
    return true;
}

int ScenarioSource::variantIndex() const
{
    return m_variantComboBox->currentIndex();
}

void ScenarioSource::showSource()
{
    m_scenarioComboBox->setCurrentIndex(m_scenarioComboBox->findData(m_source));
}

} // namespace tokenscope
