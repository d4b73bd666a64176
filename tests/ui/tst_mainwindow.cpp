// The main window: workspaces, a shortcut and an accessible name for every action, About with the versions, the
// layout remembered through Settings (and nothing the user pasted).

#include "MainWindow.h"
#include "common/Settings.h"
#include "common/Theme.h"
#include "inspect/InspectWorkspace.h"
#include "inspect/JsonView.h"
#include "issuer/IssuerWorkspace.h"
#include "jose/Base64Url.h"
#include "simulate/SimulateWorkspace.h"

#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QNetworkAccessManager>
#include <QTest>

#include <openssl/crypto.h>

using namespace Qt::StringLiterals;
using namespace tokenscope;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void everyActionHasTextAndAUniqueShortcut();
    void workspacesSwitchAndOpenTokensInInspect();
    void everyControlHasAnAccessibleName();
    void aboutNamesTheVersions();
    void remembersLayoutButNeverTheToken();
    void themeSwitchesBetweenLightAndDark();

private:
    QNetworkAccessManager m_network;
    FixedClock m_clock {1795000600};
};

void TestMainWindow::everyActionHasTextAndAUniqueShortcut()
{
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    MainWindow window(settings.get(), &m_clock, &m_network);
    // Each workspace's actions are live only while it is the current one (hidden actions have no shortcut), so
    // shortcuts must be unique among the window's own actions and the current workspace's.
    QHash<QString, QString> seen;
    for (const MainWindow::Workspace workspace :
         {MainWindow::Workspace::Simulate, MainWindow::Workspace::Issuer, MainWindow::Workspace::Inspect}) {
        window.setCurrentWorkspace(workspace);
        seen.clear();
        for (QAction *action : window.allActions()) {
            if (action->isSeparator() || !action->isVisible())
                continue;
            const QString text = action->text().remove(u'&');
            QVERIFY2(!text.isEmpty(), "an action without text");
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(u"no shortcut: "_s + text));
            const QString keys = action->shortcut().toString();
            QVERIFY2(!seen.contains(keys) || seen[keys] == text,
                     qPrintable(u"%1 and %2 share %3"_s.arg(text, seen.value(keys), keys)));
            seen.insert(keys, text);
        }
    }
    // The other workspaces' actions are out of the way.
    for (QAction *action : window.simulateWorkspace()->actions())
        QVERIFY(!action->isVisible());
    QVERIFY(seen.size() >= 20);
}

void TestMainWindow::workspacesSwitchAndOpenTokensInInspect()
{
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    MainWindow window(settings.get(), &m_clock, &m_network);
    window.show();
    QCOMPARE(window.currentWorkspace(), MainWindow::Workspace::Inspect);
    QVERIFY(!window.windowIcon().isNull());
    QVERIFY(window.inspectWorkspace()->isVisible());
    for (QAction *action : window.allActions()) {
        if (const QString name = QString(action->text()).remove(u'&'); name == u"Simulate"_s || name == u"Issuer"_s)
            QVERIFY2(action->isEnabled(), qPrintable(action->text()));
    }
    window.setCurrentWorkspace(MainWindow::Workspace::Simulate);
    QVERIFY(window.simulateWorkspace()->isVisible());
    QVERIFY(!window.inspectWorkspace()->isVisible());
    window.setCurrentWorkspace(MainWindow::Workspace::Issuer);
    QVERIFY(window.issuerWorkspace()->isVisible());

    // A token from the mock issuer (or a timeline) opens in Inspect.
    const QString token = u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl"_s;
    emit window.issuerWorkspace()->openTokenRequested(token);
    QCOMPARE(window.currentWorkspace(), MainWindow::Workspace::Inspect);
    QCOMPARE(window.inspectWorkspace()->inputText(), token);
    window.setCurrentWorkspace(MainWindow::Workspace::Simulate);
    emit window.simulateWorkspace()->openTokenRequested(token);
    QCOMPARE(window.currentWorkspace(), MainWindow::Workspace::Inspect);

    QVERIFY(!window.inspectWorkspace()->accessibleName().isEmpty());
    QVERIFY(!window.inspectWorkspace()->payloadView()->accessibleName().isEmpty());
}

// What a screen reader announces for each control the keyboard can reach: its accessible name, set by hand or
// derived by Qt from the control's text or its label's buddy. A nameless control is read out as "edit" or "button".
void TestMainWindow::everyControlHasAnAccessibleName()
{
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    MainWindow window(settings.get(), &m_clock, &m_network);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList nameless;
    int checked = 0;
    for (const MainWindow::Workspace workspace :
         {MainWindow::Workspace::Inspect, MainWindow::Workspace::Simulate, MainWindow::Workspace::Issuer}) {
        window.setCurrentWorkspace(workspace);
        for (QWidget *widget : window.findChildren<QWidget *>()) {
            if (!widget->isVisible() || !(widget->focusPolicy() & Qt::TabFocus))
                continue;
            // Parts of a composite control (a spin box's line edit, a combo box's view) are named by the whole.
            if (qobject_cast<QAbstractSpinBox *>(widget->parentWidget())
                || qobject_cast<QComboBox *>(widget->parentWidget()))
                continue;
            QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
            QVERIFY(accessible);
            ++checked;
            if (accessible->text(QAccessible::Name).trimmed().isEmpty())
                nameless << u"%1 %2 (%3)"_s.arg(QString::fromLatin1(widget->metaObject()->className()),
                                                widget->objectName(), widget->toolTip());
        }
    }
    nameless.removeDuplicates();
    QVERIFY2(checked > 30, "too few controls found to mean anything");
    QVERIFY2(nameless.isEmpty(), qPrintable(u"controls without an accessible name:\n"_s + nameless.join(u'\n')));
}

void TestMainWindow::aboutNamesTheVersions()
{
    const QString about = MainWindow::aboutText();
    QVERIFY(about.contains(QStringLiteral(TOKENSCOPE_VERSION)));
    QVERIFY(about.contains(QString::fromLatin1(qVersion())));
    QVERIFY(about.contains(u"OpenSSL 3"_s));
    QVERIFY(about.contains(u"MIT"_s));
}

void TestMainWindow::remembersLayoutButNeverTheToken()
{
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    const QByteArray token = Base64Url::encode(R"({"alg":"HS256"})") + '.'
        + Base64Url::encode(R"({"sub":"carol-the-secret-subject"})") + ".c2ln";
    {
        MainWindow window(settings.get(), &m_clock, &m_network);
        window.resize(1111, 777);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.inspectWorkspace()->setInputText(QString::fromLatin1(token));
        window.close(); // saves
    }
    QFile file(settings->store().fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("geometry"));
    QVERIFY(!written.contains("carol"));
    QVERIFY(!written.contains(token.left(16)));
    QVERIFY(!written.contains(token.mid(token.indexOf('.') + 1, 16)));

    MainWindow again(settings.get(), &m_clock, &m_network);
    QCOMPARE(again.size(), QSize(1111, 777));
    QVERIFY(again.inspectWorkspace()->inputText().isEmpty());
}

void TestMainWindow::themeSwitchesBetweenLightAndDark()
{
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    MainWindow window(settings.get(), &m_clock, &m_network);
    QAction *dark = nullptr;
    QAction *light = nullptr;
    for (QAction *action : window.allActions()) {
        if (action->text().remove(u'&') == u"Dark")
            dark = action;
        if (action->text().remove(u'&') == u"Light")
            light = action;
    }
    QVERIFY(dark && light);
    dark->trigger();
    QVERIFY(Theme::isDark(QApplication::palette()));
    QTRY_VERIFY(Theme::isDark(window.inspectWorkspace()->palette())); // propagated through events
    QCOMPARE(settings->theme(), Settings::ThemeChoice::Dark);
    // The pane colours follow: the dark set is lighter than the light one, to read on a dark background.
    QVERIFY(Theme::colors(QApplication::palette()).jsonKey.lightness()
            > Theme::colors(Theme::lightPalette()).jsonKey.lightness());
    light->trigger();
    QVERIFY(!Theme::isDark(QApplication::palette()));
    QCOMPARE(settings->theme(), Settings::ThemeChoice::Light);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
