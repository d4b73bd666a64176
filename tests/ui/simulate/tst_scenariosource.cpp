// ScenarioSource: the Simulate workspace's scenario and variant boxes and what they load: every built-in is listed,
// a built-in or a file loads with its variants, a scenario that cannot be loaded says why and changes nothing,
// and only the user's choice of another scenario is reported.

#include "sim/Scenario.h"
#include "simulate/ScenarioSource.h"

#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using namespace tokenscope::sim;

namespace {

const QString scenarioF = u"f-rotation-reuse-detection"_s;

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(bytes);
    return path;
}

} // namespace

class TestScenarioSource : public QObject
{
    Q_OBJECT

private slots:
    void listsEveryBuiltIn();
    void loadsABuiltInWithItsVariants();
    void whatCannotBeLoadedSaysWhyAndChangesNothing_data();
    void whatCannotBeLoadedSaysWhyAndChangesNothing();
    void aFileJoinsTheList();
    void onlyAnotherScenarioIsReportedAsPicked();
};

void TestScenarioSource::listsEveryBuiltIn()
{
    QWidget parent;
    ScenarioSource source(&parent);
    QCOMPARE(source.scenarioComboBox()->parentWidget(), &parent);
    QCOMPARE(source.scenarioComboBox()->accessibleName(), u"Scenario"_s);
    QCOMPARE(source.variantComboBox()->accessibleName(), u"Scenario variant"_s);
    const QStringList names = ScenarioLoader::builtInNames();
    QCOMPARE(source.scenarioComboBox()->count(), names.size());
    for (int i = 0; i < names.size(); ++i)
        QCOMPARE(source.scenarioComboBox()->itemData(i).toString(), names.at(i));
    QVERIFY(source.source().isEmpty());
}

void TestScenarioSource::loadsABuiltInWithItsVariants()
{
    QWidget parent;
    ScenarioSource source(&parent);
    QCOMPARE(source.loadBuiltIn(scenarioF), QString());
    QCOMPARE(source.source(), scenarioF);
    QVERIFY(source.isBuiltIn());
    QCOMPARE(source.scenarioComboBox()->currentData().toString(), scenarioF);
    const qsizetype variants = ScenarioLoader::loadBuiltIn(scenarioF).variants.size();
    QVERIFY(variants > 1);
    QCOMPARE(source.variants().size(), variants);
    QCOMPARE(source.variantComboBox()->count(), variants);
    QVERIFY(source.variantComboBox()->isEnabled());
    QVERIFY(source.showVariant(1));
    QCOMPARE(source.variantIndex(), 1);
    QVERIFY(!source.showVariant(int(variants)));
    QVERIFY(!source.showVariant(-1));
    QCOMPARE(source.variantIndex(), 1);
}

void TestScenarioSource::whatCannotBeLoadedSaysWhyAndChangesNothing_data()
{
    QTest::addColumn<QString>("file"); // empty: a built-in that does not exist
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::newRow("no such built-in") << QString() << QByteArray() << u"The built-in scenario “no-such”"_s;
    QTest::newRow("no such file") << u"missing.json"_s << QByteArray() << u"missing.json cannot be read: "_s;
    QTest::newRow("not JSON") << u"bad.json"_s << QByteArray("not json")
                              << u"<b>bad.json is not a valid scenario</b>"_s;
}

void TestScenarioSource::whatCannotBeLoadedSaysWhyAndChangesNothing()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QWidget parent;
    ScenarioSource source(&parent);
    QCOMPARE(source.loadBuiltIn(scenarioF), QString());
    const int items = source.scenarioComboBox()->count();
    QTemporaryDir dir;
    QString text;
    if (file.isEmpty()) {
        text = source.loadBuiltIn(u"no-such"_s);
    } else {
        const QString path = bytes.isEmpty() ? dir.filePath(file) : writeFile(dir, file, bytes);
        text = source.loadFile(path);
    }
    QVERIFY2(text.startsWith(error), qPrintable(text));
    QCOMPARE(source.source(), scenarioF);
    QCOMPARE(source.scenarioComboBox()->count(), items);
    QCOMPARE(source.scenarioComboBox()->currentData().toString(), scenarioF);
}

void TestScenarioSource::aFileJoinsTheList()
{
    QWidget parent;
    ScenarioSource source(&parent);
    const int builtIns = source.scenarioComboBox()->count();
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"good.json"_s, R"({"schema": "tokenscope-scenario/1", "title": "good one",
        "duration": "2h", "clients": {"count": 2}})");
    QCOMPARE(source.loadFile(path), QString());
    QCOMPARE(source.source(), path);
    QVERIFY(!source.isBuiltIn());
    QCOMPARE(source.scenarioComboBox()->count(), builtIns + 1);
    QCOMPARE(source.scenarioComboBox()->currentText(), u"File: good.json"_s);
    QCOMPARE(source.variants().size(), 1);
    QCOMPARE(source.variants().first().title, u"good one"_s);
    QVERIFY(!source.variantComboBox()->isEnabled()); // one variant: nothing to pick
    QCOMPARE(source.variantComboBox()->itemText(0), u"(default)"_s);
    // Loading it again does not list it twice.
    QCOMPARE(source.loadFile(path), QString());
    QCOMPARE(source.scenarioComboBox()->count(), builtIns + 1);
}

void TestScenarioSource::onlyAnotherScenarioIsReportedAsPicked()
{
    QWidget parent;
    ScenarioSource source(&parent);
    QCOMPARE(source.loadBuiltIn(scenarioF), QString());
    QSignalSpy picked(&source, &ScenarioSource::picked);
    QComboBox *box = source.scenarioComboBox();
    emit box->activated(box->currentIndex());
    QCOMPARE(picked.count(), 0);
    const int other = box->currentIndex() == 0 ? 1 : 0;
    box->setCurrentIndex(other);
    emit box->activated(other);
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.at(0).at(0).toString(), box->itemData(other).toString());
    source.showSource();
    QCOMPARE(box->currentData().toString(), scenarioF);
}

QTEST_MAIN(TestScenarioSource)
#include "tst_scenariosource.moc"
