// tokenscope: the desktop app. Parses the command line, checks that there is a display, applies the theme and
// shows the main window with the one Settings, Clock and QNetworkAccessManager the app injects everywhere.

#include "MainWindow.h"
#include "common/Settings.h"
#include "common/StartupCheck.h"
#include "common/Theme.h"
#include "common/Translations.h"
#include "inspect/InspectWorkspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace tokenscope;

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct MainText
{
    Q_DECLARE_TR_FUNCTIONS(main)
};

// Exit codes shared with tokenscope-cli: 2 is a usage or environment error.
constexpr int usageError = 2;

void printError(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stderr);
    std::fputs("\n", stderr);
}

// Qt aborts with a terse "could not connect to display" when there is none; say what to do instead.
bool displayAvailable()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

void setUpParser(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Tokenscope: a desktop workbench for bearer tokens (JWT). Paste a token, see it decoded, "
        "verified and explained."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        u"input"_s, MainText::tr("A file holding a token, or the token (any text holding it)."), u"[FILE|TOKEN]"_s);
    parser.addOption(
        {u"screenshot"_s, MainText::tr("Render the window after loading, save it as a PNG, quit."), u"FILE"_s});
    parser.addOption({u"no-settings"_s, MainText::tr("Neither read nor write saved window layout or preferences.")});
    parser.addOption({u"theme"_s, MainText::tr("Palette: system (default), light or dark."), u"THEME"_s});
    parser.addOption({u"size"_s, MainText::tr("Window size, e.g. 1400x900."), u"WxH"_s});
    parser.addOption(
        {u"workspace"_s, MainText::tr("Start in this workspace: inspect (default), simulate or issuer."), u"NAME"_s});
    parser.addOption(
        {u"select-claim"_s, MainText::tr("Select this payload claim after loading (screenshots)."), u"NAME"_s});
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(u"Tokenscope"_s);
    QCoreApplication::setApplicationName(u"tokenscope"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENSCOPE_VERSION));

    // Parse before QApplication exists so that --help, --version and bad flags work without a display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    setUpParser(parser);
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        return usageError;
    }
    if (parser.isSet(u"help"_s) || parser.isSet(u"help-all"_s)) {
        // Without an application object the parser cannot know the program's name.
        const QString help = parser.helpText().replace(u"<executable_name>"_s, u"tokenscope"_s);
        std::fputs(help.toLocal8Bit().constData(), stdout);
        return 0;
    }
    if (parser.isSet(u"version"_s)) {
        std::printf("tokenscope %s (Qt %s)\n", TOKENSCOPE_VERSION, qVersion());
        return 0;
    }
    if (parser.positionalArguments().size() > 1) {
        printError(MainText::tr("tokenscope: give at most one file or token"));
        return usageError;
    }
    const QString themeName = parser.value(u"theme"_s);
    Settings::ThemeChoice themeOverride = Settings::ThemeChoice::System;
    if (themeName == u"light")
        themeOverride = Settings::ThemeChoice::Light;
    else if (themeName == u"dark")
        themeOverride = Settings::ThemeChoice::Dark;
    else if (!themeName.isEmpty() && themeName != u"system") {
        printError(MainText::tr("tokenscope: --theme is system, light or dark"));
        return usageError;
    }
    const QString workspaceName = parser.value(u"workspace"_s);
    std::optional<MainWindow::Workspace> workspace;
    if (workspaceName == u"inspect")
        workspace = MainWindow::Workspace::Inspect;
    else if (workspaceName == u"simulate")
        workspace = MainWindow::Workspace::Simulate;
    else if (workspaceName == u"issuer")
        workspace = MainWindow::Workspace::Issuer;
    else if (!workspaceName.isEmpty()) {
        printError(MainText::tr("tokenscope: --workspace is inspect, simulate or issuer"));
        return usageError;
    }
    QSize size;
    if (parser.isSet(u"size"_s)) {
        const QStringList parts = parser.value(u"size"_s).split(u'x');
        if (parts.size() == 2)
            size = QSize(parts[0].toInt(), parts[1].toInt());
        if (!size.isValid() || size.width() < 400 || size.height() < 300) {
            printError(MainText::tr("tokenscope: --size is WIDTHxHEIGHT, at least 400x300"));
            return usageError;
        }
    }

    if (!displayAvailable()) {
        printError(QCoreApplication::translate(
            "main",
            "tokenscope: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
            "Run it in a desktop session, under Xvfb (xvfb-run -a tokenscope …), or with "
            "QT_QPA_PLATFORM=offscreen for screenshots. tokenscope-cli works without a display."));
        return usageError;
    }

    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    Translations::install(&app);
    QApplication::setApplicationDisplayName(MainText::tr("Tokenscope"));
    QApplication::setDesktopFileName(u"org.tokenscope.Tokenscope"_s);

    const bool noSettings = parser.isSet(u"no-settings"_s) || parser.isSet(u"screenshot"_s);
    std::unique_ptr<Settings> settings = noSettings ? Settings::throwaway() : std::make_unique<Settings>();
    Theme::captureSystemPalette();
    Theme::apply(themeName.isEmpty() ? settings->theme() : themeOverride);

    // The one network access manager: the signature panel fetches JWKS and discovery documents through it.
    QNetworkAccessManager network;
    MainWindow window(settings.get(), &SystemClock::instance(), &network);
    if (size.isValid())
        window.resize(size);

    if (!parser.positionalArguments().isEmpty()) {
        const QString input = parser.positionalArguments().constFirst();
        const QFileInfo file(input);
        if (input.size() < 4096 && file.isFile())
            window.inspectWorkspace()->openFile(file.absoluteFilePath());
        else
            window.inspectWorkspace()->setInputText(input);
    }
    if (workspace)
        window.setCurrentWorkspace(*workspace);
    window.show();

    // The app ships its resources compiled in; should one be broken, say so and carry on without it.
    const QStringList problems = StartupCheck::problems();
    for (const QString &problem : problems)
        std::fprintf(stderr, "tokenscope: %s\n", qPrintable(problem));
    window.showStartupProblems(problems);

    const QString claim = parser.value(u"select-claim"_s);
    const QString screenshot = parser.value(u"screenshot"_s);
    int exitCode = 0;
    if (!claim.isEmpty() || !screenshot.isEmpty()) {
        InspectWorkspace *inspect = window.inspectWorkspace();
        // `inspect` by value: this block ends before the event loop runs the lambda.
        auto finish = [&, inspect] {
            // As if the user clicked the claim: the pane selects it and the token lights up its run.
            if (!claim.isEmpty() && !inspect->selectPayloadClaim(claim))
                printError(MainText::tr("tokenscope: the payload has no claim %1").arg(claim));
            if (screenshot.isEmpty())
                return;
            // Let layouts settle and the first frames paint before grabbing.
            QTimer::singleShot(400, &window, [&] {
                if (!window.grab().save(screenshot, "PNG")) {
                    printError(MainText::tr("tokenscope: cannot write %1").arg(screenshot));
                    exitCode = 1;
                }
                QApplication::quit();
            });
        };
        if (inspect->isAnalysing())
            QObject::connect(inspect, &InspectWorkspace::analysisShown, &window, finish, Qt::SingleShotConnection);
        else
            QTimer::singleShot(0, &window, finish);
    }
    const int result = app.exec();
    return exitCode != 0 ? exitCode : result;
}
