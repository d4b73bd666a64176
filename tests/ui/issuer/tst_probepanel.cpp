// The probe form in the Issuer workspace, driven like a user would on the offscreen platform: against a mock issuer on
// loopback it shows findings rows with their evidence, names the closest preset, exports Markdown and JSON without
// any token or secret, opens the access token in Inspect, cancels, and reports a bad issuer URL.
#include "../../issuer/IssuerTestSupport.h"
#include "../../probe/LoginTestSupport.h"
#include "common/SecretLineEdit.h"
#include "common/Settings.h"
#include "common/Theme.h"
#include "issuer/ProbePanel.h"

#include <QAction>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace tokenscope;
using tokenscope::issuer::testing::IssuerFixture;

namespace {

QAction *actionNamed(const ProbePanel &panel, const QString &text)
{
    for (QAction *action : panel.actions()) {
        if (action->text().startsWith(text))
            return action;
    }
    return nullptr;
}

QLineEdit *lineEdit(const ProbePanel &panel, const QString &accessibleName)
{
    for (QLineEdit *edit : panel.findChildren<QLineEdit *>()) {
        if (edit->accessibleName() == accessibleName)
            return edit;
    }
    return nullptr;
}

} // namespace

class TestProbePanel : public QObject
{
    Q_OBJECT

private slots:
    void showsFindingsAgainstTheMockIssuer();
    void exportsWithSecretsRedacted();
    void cancelStopsTheProbe();
    void reportsABadIssuerUrl();
    void everyActionHasAUniqueShortcut();
    void secretFieldsAreMaskedWithAShowSwitch();
    void signsInThroughTheBrowserShowingTheUrl();
    void showsTheDeviceCodeAndCancels();
    void rendersTheDeviceInstructionsInBothThemes();

private:
    void fillForm(ProbePanel &panel, const QUrl &url);
    static void chooseLogin(ProbePanel &panel, const QString &itemStart);
    QNetworkAccessManager m_network;
};

void TestProbePanel::fillForm(ProbePanel &panel, const QUrl &url)
{
    panel.setIssuerUrl(url);
    panel.setClientCredentials(u"demo"_s, u"demo-secret"_s);
    QTest::keyClicks(lineEdit(panel, u"Username"_s), u"alice"_s);
    QTest::keyClicks(lineEdit(panel, u"Password"_s), u"alice"_s);
}

void TestProbePanel::showsFindingsAgainstTheMockIssuer()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    ProbePanel panel(&m_network, settings.get());
    panel.show();
    fillForm(panel, fixture.issuer.issuerUrl());
    QSignalSpy finished(&panel, &ProbePanel::probeFinished);
    QSignalSpy openToken(&panel, &ProbePanel::openTokenRequested);

    actionNamed(panel, u"Run probe"_s)->trigger();
    QVERIFY(panel.isRunning());
    QVERIFY(!actionNamed(panel, u"Run probe"_s)->isEnabled());
    QVERIFY(actionNamed(panel, u"Cancel probe"_s)->isEnabled());
    QVERIFY(finished.wait(20000));

    auto *tree = panel.findChild<QTreeWidget *>();
    QVERIFY(tree);
    QStringList results;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        results.append(tree->topLevelItem(i)->text(0) + u'=' + tree->topLevelItem(i)->text(1));
    QVERIFY2(results.contains(u"Rotation=always"_s), qPrintable(results.join(u", "_s)));
    QVERIFY2(results.contains(u"Reuse=revoke_family"_s), qPrintable(results.join(u", "_s)));
    QVERIFY2(results.contains(u"Grace window=none"_s), qPrintable(results.join(u", "_s)));
    // Evidence rows under the rotation finding: the two refresh requests with their status.
    const QList<QTreeWidgetItem *> rotation = tree->findItems(u"Rotation"_s, Qt::MatchExactly, 0);
    QCOMPARE(rotation.size(), 1);
    QCOMPARE(rotation.first()->childCount(), 2);
    QVERIFY(rotation.first()->child(0)->text(0).contains(u"grant_type=refresh_token"_s));
    QCOMPARE(rotation.first()->child(0)->text(1), u"200"_s);

    bool presetShown = false;
    for (QLabel *label : panel.findChildren<QLabel *>()) {
        if (label->accessibleName() == u"Closest provider preset" && label->text().contains(u"Closest provider preset"))
            presetShown = true;
    }
    QVERIFY(presetShown);
    auto *progress = panel.findChild<QProgressBar *>();
    QCOMPARE(progress->value(), progress->maximum());

    QAction *openAction = actionNamed(panel, u"Open access token in Inspect"_s);
    QVERIFY(openAction->isEnabled());
    openAction->trigger();
    QCOMPARE(openToken.size(), 1);
    QCOMPARE(openToken.first().first().toString().count(u'.'), 2);
}

void TestProbePanel::exportsWithSecretsRedacted()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    QList<QByteArray> tokens;
    QObject::connect(&fixture.issuer, &issuer::MockIssuer::tokensIssued, [&](const issuer::IssuedTokens &issued) {
        for (const QByteArray &token : {issued.accessToken, issued.refreshToken, issued.idToken}) {
            if (!token.isEmpty())
                tokens.append(token);
        }
    });
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    ProbePanel panel(&m_network, settings.get());
    fillForm(panel, fixture.issuer.issuerUrl());
    QVERIFY(!actionNamed(panel, u"Export report as Markdown"_s)->isEnabled());
    QSignalSpy finished(&panel, &ProbePanel::probeFinished);
    panel.run();
    QVERIFY(finished.wait(20000));
    QVERIFY(actionNamed(panel, u"Export report as Markdown"_s)->isEnabled());
    QVERIFY(actionNamed(panel, u"Export report as JSON"_s)->isEnabled());
    QVERIFY(!tokens.isEmpty());

    QTemporaryDir directory;
    const QString markdownPath = directory.filePath(u"report.md"_s);
    const QString jsonPath = directory.filePath(u"report.json"_s);
    const Result<void> markdownExported = panel.exportToFile(ProbePanel::ExportFormat::Markdown, markdownPath);
    QVERIFY2(markdownExported, qPrintable(markdownExported.errorMessage()));
    const Result<void> jsonExported = panel.exportToFile(ProbePanel::ExportFormat::Json, jsonPath);
    QVERIFY2(jsonExported, qPrintable(jsonExported.errorMessage()));
    QFile markdownFile(markdownPath);
    QFile jsonFile(jsonPath);
    QVERIFY(markdownFile.open(QIODevice::ReadOnly));
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QByteArray markdown = markdownFile.readAll();
    const QByteArray json = jsonFile.readAll();
    QVERIFY(markdown.startsWith("# Issuer probe"));
    QVERIFY(markdown.contains("| Rotation | `always` |"));
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QCOMPARE(object.value(u"client_id"_s).toString(), u"demo"_s);
    QVERIFY(!object.value(u"findings"_s).toArray().isEmpty());
    for (const QByteArray &secret : std::as_const(tokens) + QList<QByteArray> {"demo-secret"}) {
        QVERIFY(!markdown.contains(secret));
        QVERIFY(!json.contains(secret));
    }
    // The user's password is "alice", the same as the username: nowhere in the report either.
    QVERIFY(!markdown.contains("alice"));
    QVERIFY(!json.contains("alice"));
}

void TestProbePanel::cancelStopsTheProbe()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    ProbePanel panel(&m_network, settings.get());
    fillForm(panel, fixture.issuer.issuerUrl());
    QSignalSpy finished(&panel, &ProbePanel::probeFinished);
    panel.run();
    QVERIFY(panel.isRunning());
    actionNamed(panel, u"Cancel probe"_s)->trigger();
    QCOMPARE(finished.size(), 1);
    QVERIFY(!panel.isRunning());
    QCOMPARE(panel.report().error.kind, probe::ProbeError::Kind::Cancelled);
    QVERIFY(actionNamed(panel, u"Run probe"_s)->isEnabled());
    QVERIFY(!actionNamed(panel, u"Cancel probe"_s)->isEnabled());
    bool cancelledShown = false;
    for (QLabel *label : panel.findChildren<QLabel *>())
        cancelledShown = cancelledShown || label->text() == u"Cancelled.";
    QVERIFY(cancelledShown);
    QTest::qWait(100);
    QCOMPARE(finished.size(), 1); // the aborted request does not finish anything a second time
}

void TestProbePanel::reportsABadIssuerUrl()
{
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    ProbePanel panel(&m_network, settings.get());
    QTest::keyClicks(lineEdit(panel, u"Issuer URL"_s), u"http://issuer.example"_s);
    QTest::keyClicks(lineEdit(panel, u"Client ID"_s), u"demo"_s);
    QSignalSpy finished(&panel, &ProbePanel::probeFinished);
    panel.run();
    QVERIFY(finished.wait(5000));
    QCOMPARE(panel.report().error.kind, probe::ProbeError::Kind::InvalidInput);
    bool stoppedShown = false;
    for (QLabel *label : panel.findChildren<QLabel *>())
        stoppedShown = stoppedShown || label->text().startsWith(u"Stopped:");
    QVERIFY(stoppedShown);
}

void TestProbePanel::everyActionHasAUniqueShortcut()
{
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    ProbePanel panel(&m_network, settings.get());
    QSet<QString> shortcuts;
    for (QAction *action : panel.actions()) {
        QVERIFY(!action->text().isEmpty());
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        shortcuts.insert(action->shortcut().toString());
    }
    QCOMPARE(shortcuts.size(), panel.actions().size());
}

// The client secret, the password and the refresh token use the app's secret edit: masked until the user shows them.
void TestProbePanel::secretFieldsAreMaskedWithAShowSwitch()
{
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    ProbePanel panel(&m_network, settings.get());
    for (const QString &name : {u"Client secret"_s, u"Password"_s, u"Refresh token"_s}) {
        auto *edit = qobject_cast<SecretLineEdit *>(lineEdit(panel, name));
        QVERIFY2(edit, qPrintable(name));
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
        edit->showSecretAction()->trigger();
        QCOMPARE(edit->echoMode(), QLineEdit::Normal);
    }
    // The username is no secret.
    QVERIFY(!qobject_cast<SecretLineEdit *>(lineEdit(panel, u"Username"_s)));
}

void TestProbePanel::chooseLogin(ProbePanel &panel, const QString &itemStart)
{
    auto *combo = panel.findChild<QComboBox *>();
    QVERIFY(combo);
    const int index = combo->findText(itemStart, Qt::MatchStartsWith);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
}

void TestProbePanel::signsInThroughTheBrowserShowingTheUrl()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    ProbePanel panel(&m_network, settings.get());
    panel.show();
    panel.setIssuerUrl(fixture.issuer.issuerUrl());
    panel.setClientCredentials(u"demo-public"_s, QString());
    chooseLogin(panel, u"Sign in with the browser"_s);
    // The "browser" notes what the form shows while it waits, then signs in on the real login page.
    QNetworkAccessManager browser;
    QString shownUrl;
    bool shownWhileWaiting = false;
    panel.setUrlOpener([&](const QUrl &url) {
        shownUrl = lineEdit(panel, u"Sign-in URL"_s)->text();
        shownWhileWaiting = lineEdit(panel, u"Sign-in URL"_s)->isVisible();
        QTimer::singleShot(0, &browser, [&browser, url] {
            const QUrl callback = tokenscope::probe::testing::signInOnLoginPage(browser, url, nullptr);
            tokenscope::probe::testing::exchange(browser, callback);
        });
    });
    QSignalSpy finished(&panel, &ProbePanel::probeFinished);
    actionNamed(panel, u"Run probe"_s)->trigger();
    QVERIFY(finished.wait(20000));
    QVERIFY2(!panel.report().error, qPrintable(panel.report().error.message));
    QCOMPARE(panel.report().flow, u"authorization_code"_s);
    QVERIFY(shownWhileWaiting);
    QVERIFY(shownUrl.startsWith(fixture.issuer.issuerUrl().toString()));
    QVERIFY(shownUrl.contains(u"code_challenge_method=S256"_s));
    // Once signed in, the instructions go away.
    QVERIFY(!lineEdit(panel, u"Sign-in URL"_s)->isVisible());
    auto *tree = panel.findChild<QTreeWidget *>();
    QCOMPARE(tree->findItems(u"Rotation"_s, Qt::MatchExactly, 0).value(0)->text(1), u"always"_s);
}

void TestProbePanel::showsTheDeviceCodeAndCancels()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    ProbePanel panel(&m_network, settings.get());
    panel.show();
    panel.setIssuerUrl(fixture.issuer.issuerUrl());
    panel.setClientCredentials(u"demo"_s, u"demo-secret"_s);
    chooseLogin(panel, u"Sign in with a device code"_s);
    QLabel *userCode = nullptr;
    for (QLabel *label : panel.findChildren<QLabel *>()) {
        if (label->accessibleName() == u"User code")
            userCode = label;
    }
    QVERIFY(userCode);
    // While the device waits, the user cancels from the form.
    QString shownCode;
    QString shownUrl;
    panel.setPollDelay([&](qint64, const std::function<void()> &) {
        shownCode = userCode->isVisible() ? userCode->text() : QString();
        shownUrl = lineEdit(panel, u"Sign-in URL"_s)->text();
        actionNamed(panel, u"Open sign-in page"_s)->trigger();
        QTimer::singleShot(0, &panel, [&panel] { actionNamed(panel, u"Cancel probe"_s)->trigger(); });
    });
    // "Open sign-in page" opens the complete verification URI (RFC 8628 §3.3.1): the code is filled in.
    QUrl opened;
    panel.setUrlOpener([&](const QUrl &url) { opened = url; });
    QSignalSpy finished(&panel, &ProbePanel::probeFinished);
    actionNamed(panel, u"Run probe"_s)->trigger();
    QVERIFY(finished.wait(20000));
    QVERIFY(QRegularExpression(u"^[B-Z]{4}-[B-Z]{4}$"_s).match(shownCode).hasMatch());
    QCOMPARE(QUrl(shownUrl).path(), u"/device"_s);
    QCOMPARE(opened.path(), u"/device"_s);
    QCOMPARE(QUrlQuery(opened).queryItemValue(u"user_code"_s), shownCode);
    QCOMPARE(panel.report().error.kind, probe::ProbeError::Kind::Cancelled);
    QVERIFY(!userCode->isVisible());
    QVERIFY(!actionNamed(panel, u"Cancel probe"_s)->isEnabled());
}

// Renders the form as a user sees it while a device login waits, light and dark; with TOKENSCOPE_SCREENSHOT_DIR set
// the images are written there for a person to look at.
void TestProbePanel::rendersTheDeviceInstructionsInBothThemes()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    const std::unique_ptr<Settings> settings = Settings::throwaway();
    ProbePanel panel(&m_network, settings.get());
    panel.resize(1000, 720);
    panel.show();
    panel.setIssuerUrl(fixture.issuer.issuerUrl());
    panel.setClientCredentials(u"demo"_s, u"demo-secret"_s);
    chooseLogin(panel, u"Sign in with a device code"_s);
    const QString directory = qEnvironmentVariable("TOKENSCOPE_SCREENSHOT_DIR");
    int rendered = 0;
    panel.setPollDelay([&](qint64, const std::function<void()> &) {
        for (const auto &[choice, name] : {std::pair {Settings::ThemeChoice::Light, u"light"_s},
                                           std::pair {Settings::ThemeChoice::Dark, u"dark"_s}}) {
            Theme::apply(choice);
            QCoreApplication::processEvents();
            const QPixmap image = panel.grab();
            if (!image.isNull())
                ++rendered;
            if (!directory.isEmpty())
                image.save(directory + u"/probe-device-login-"_s + name + u".png"_s);
        }
        Theme::apply(Settings::ThemeChoice::Light);
        QTimer::singleShot(0, &panel, [&panel] { panel.cancel(); });
    });
    QSignalSpy finished(&panel, &ProbePanel::probeFinished);
    actionNamed(panel, u"Run probe"_s)->trigger();
    QVERIFY(finished.wait(20000));
    QCOMPARE(rendered, 2);
}

QTEST_MAIN(TestProbePanel)
#include "tst_probepanel.moc"
