// Every string the app shows goes through the translator. A pseudo-translation marks each string it is asked for;
// the test builds the main window with all three workspaces and fails on any visible text (labels, buttons,
// actions, tabs, titles, placeholders, headers, tooltips, accessible names) that arrives unmarked. It also checks
// that the catalogues lupdate produces are compiled in and that Translations installs them.

#include "MainWindow.h"
#include "common/PseudoTranslator.h"
#include "common/Settings.h"
#include "common/Translations.h"
#include "crypto/Algorithm.h"
#include "policy/IssuerPolicy.h"
#include "sim/Scenario.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTest>
#include <QTextEdit>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

// Text a user reads as words. Symbols, numbers and single letters ("…", "×", "0", "s") carry no language.
bool isWords(const QString &text)
{
    int letters = 0;
    for (const QChar c : text)
        letters += c.isLetter() ? 1 : 0;
    return letters >= 2;
}

// Names the app shows as they are, because they are identifiers or content rather than prose: JOSE algorithm names
// (RFC 7518), provider preset names, and the built-in scenarios' titles and variant names, which come from the
// scenario files (resources/scenarios/) the way a user's own scenario would.
QSet<QString> namesShownVerbatim()
{
    QSet<QString> names;
    for (const Algorithm algorithm : Algorithms::all())
        names.insert(Algorithms::name(algorithm));
    for (const QString &preset : policy::IssuerPresets::names())
        names.insert(preset);
    for (const QString &builtIn : sim::ScenarioLoader::builtInNames()) {
        for (const sim::Scenario &variant : sim::ScenarioLoader::loadBuiltIn(builtIn).variants)
            names << variant.title << variant.variant;
    }
    return names;
}

struct ShownText
{
    QString where;
    QString text;
};

class ShownTextCollector
{
public:
    void add(const QObject *owner, const char *what, const QString &text)
    {
        if (isWords(text))
            m_texts.push_back({u"%1 (%2) %3"_s.arg(QString::fromLatin1(owner->metaObject()->className()),
                                                   owner->objectName(), QString::fromLatin1(what)),
                               text});
    }

    void addWidget(const QWidget *widget)
    {
        add(widget, "tooltip", widget->toolTip());
        add(widget, "accessible name", widget->accessibleName());
        add(widget, "window title", widget->isWindow() ? widget->windowTitle() : QString());
        if (const auto *label = qobject_cast<const QLabel *>(widget))
            add(label, "text", label->text());
        if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
            add(button, "text", button->text());
        if (const auto *group = qobject_cast<const QGroupBox *>(widget))
            add(group, "title", group->title());
        if (const auto *edit = qobject_cast<const QLineEdit *>(widget))
            add(edit, "placeholder", edit->placeholderText());
        if (const auto *edit = qobject_cast<const QPlainTextEdit *>(widget))
            add(edit, "placeholder", edit->placeholderText());
        if (const auto *edit = qobject_cast<const QTextEdit *>(widget))
            add(edit, "placeholder", edit->placeholderText());
        if (const auto *tabs = qobject_cast<const QTabWidget *>(widget)) {
            for (int i = 0; i < tabs->count(); ++i)
                add(tabs, "tab", tabs->tabText(i));
        }
        if (const auto *combo = qobject_cast<const QComboBox *>(widget)) {
            for (int i = 0; i < combo->count(); ++i)
                add(combo, "item", combo->itemText(i));
        }
        if (const auto *view = qobject_cast<const QAbstractItemView *>(widget); view && view->model()) {
            for (int column = 0; column < view->model()->columnCount(); ++column)
                add(view, "column header", view->model()->headerData(column, Qt::Horizontal).toString());
        }
        for (const QAction *action : widget->actions()) {
            add(action, "text", action->text());
            add(action, "tooltip", action->toolTip());
        }
    }

    [[nodiscard]] const QList<ShownText> &texts() const { return m_texts; }

private:
    QList<ShownText> m_texts;
};

} // namespace

class TestTranslatable : public QObject
{
    Q_OBJECT

private slots:
    void everyShownStringGoesThroughTheTranslator();
    void shippedCataloguesAreCompiledInAndInstall();

private:
    QNetworkAccessManager m_network;
    FixedClock m_clock {1795000600};
};

void TestTranslatable::everyShownStringGoesThroughTheTranslator()
{
    test::PseudoTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    {
        MainWindow window(settings.get(), &m_clock, &m_network);
        ShownTextCollector collector;
        for (const MainWindow::Workspace workspace :
             {MainWindow::Workspace::Inspect, MainWindow::Workspace::Simulate, MainWindow::Workspace::Issuer}) {
            window.setCurrentWorkspace(workspace);
            collector.addWidget(&window);
            for (const QWidget *widget : window.findChildren<QWidget *>())
                collector.addWidget(widget);
            for (const QAction *action : window.allActions()) {
                collector.add(action, "text", action->text());
                collector.add(action, "tooltip", action->toolTip());
            }
        }
        const QSet<QString> verbatim = namesShownVerbatim();
        QStringList untranslated;
        for (const ShownText &shown : collector.texts()) {
            if (!shown.text.contains(test::pseudoOpenMark) && !verbatim.contains(shown.text))
                untranslated << u"%1: \"%2\""_s.arg(shown.where, shown.text);
        }
        untranslated.removeDuplicates();
        for (const QString &line : std::as_const(untranslated))
            qWarning("not translatable: %s", qPrintable(line));
        QVERIFY2(collector.texts().size() > 200, "the walk found too little text to mean anything");
        QVERIFY2(untranslated.isEmpty(),
                 qPrintable(u"%1 strings are not translatable (listed above)"_s.arg(untranslated.size())));
    }
    QCoreApplication::removeTranslator(&translator);
}

void TestTranslatable::shippedCataloguesAreCompiledInAndInstall()
{
    const QStringList languages = Translations::shippedLanguages();
    QVERIFY2(languages.contains(u"de"_s), qPrintable(languages.join(u", "_s)));
    // English is the source language: nothing to install, and the app stays as written.
    QVERIFY(Translations::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)).isEmpty());
    QCOMPARE(QCoreApplication::translate("tokenscope::MainWindow", "&Inspect"), u"&Inspect"_s);

    // German is shipped (partly translated): its catalogue installs and the main window's names change.
    const QStringList installed = Translations::install(qApp, QLocale(QLocale::German, QLocale::Germany));
    QVERIFY2(installed.contains(u"tokenscope_de"_s), qPrintable(installed.join(u", "_s)));
    QCOMPARE(QCoreApplication::translate("tokenscope::MainWindow", "&Inspect"), u"&Untersuchen"_s);
    for (QTranslator *translator : qApp->findChildren<QTranslator *>())
        QCoreApplication::removeTranslator(translator);
    QCOMPARE(QCoreApplication::translate("tokenscope::MainWindow", "&Inspect"), u"&Inspect"_s);
}

QTEST_MAIN(TestTranslatable)
#include "tst_translatable.moc"
