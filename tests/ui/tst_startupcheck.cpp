// The start-up check: broken or missing resources are named, the app still starts and shows them.

#include "MainWindow.h"
#include "common/Settings.h"
#include "common/StartupCheck.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

using namespace tokenscope;
using namespace Qt::StringLiterals;

class TestStartupCheck : public QObject
{
    Q_OBJECT

private slots:
    void shippedResourcesPass()
    {
        const QStringList problems = StartupCheck::problems();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void brokenResourcesAreNamed()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto write = [&dir](const QString &name, const QByteArray &bytes) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        write(u"claims.json"_s, "{\"claims\": [ {\"name\": ");
        QVERIFY(QDir(dir.path()).mkdir(u"icons"_s));
        write(u"icons/broken.svg"_s, "<svg this is not xml");

        StartupCheck::Locations locations;
        locations.claimCatalogue = dir.filePath(u"claims.json"_s);
        locations.iconsDirectory = dir.filePath(u"icons"_s);
        locations.scenarioNames = {u"no-such-scenario"_s};
        const QStringList problems = StartupCheck::problems(locations);
        QCOMPARE(problems.size(), 4);
        QVERIFY(problems.at(0).contains(u"claim catalogue"_s));
        QVERIFY(problems.at(0).contains(locations.claimCatalogue));
        QVERIFY(problems.at(1).contains(u"tokenscope.svg"_s));
        QVERIFY(problems.at(2).contains(u"broken.svg"_s));
        QVERIFY(problems.at(3).contains(u"no-such-scenario"_s));

        locations.claimCatalogue = dir.filePath(u"missing.json"_s);
        locations.scenarioNames.clear();
        const QStringList missing = StartupCheck::problems(locations);
        QVERIFY(missing.first().contains(u"cannot be read"_s));
        QVERIFY(missing.last().contains(u"no built-in scenarios"_s));
    }

    void theWindowShowsProblemsAndCarriesOn()
    {
        const std::unique_ptr<Settings> settings = Settings::throwaway();
        QNetworkAccessManager network;
        MainWindow window(settings.get(), &SystemClock::instance(), &network);
        window.show();
        QVERIFY(window.startupProblemsText().isEmpty());
        window.showStartupProblems({u"icon x.svg is not a valid SVG; it is left blank"_s});
        QVERIFY(window.startupProblemsText().contains(u"x.svg"_s));
        window.showStartupProblems({u"one"_s, u"two"_s});
        QVERIFY(window.startupProblemsText().contains(u"2"_s));
        QVERIFY(window.isVisible());
    }
};

QTEST_MAIN(TestStartupCheck)
#include "tst_startupcheck.moc"
