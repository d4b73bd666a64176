// `tokenscope-cli lab serve` as a child process: usage errors exit with 2 and say what is wrong; a running lab prints
// its URLs first, answers through its balancer, and on SIGTERM exits with 0 having stopped redis-server and HAProxy
// (checked by the PIDs its state named).
#include "../issuer/IssuerTestSupport.h"
#include "LabTestSupport.h"

#include <QProcess>
#include <QTest>

#include <csignal>

using tokenscope::issuer::testing::HttpClient;
using tokenscope::issuer::testing::HttpResult;

class TestLabServe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString missing = tokenscope::lab::testing::missingPrograms();
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, std::initializer_list<const char *> arguments, const char *message) {
            QStringList list;
            for (const char *argument : arguments)
                list << QString::fromLatin1(argument);
            QTest::newRow(name) << list << QString::fromLatin1(message);
        };
        row("no mode", {}, "usage: tokenscope-cli lab serve --mode");
        row("unknown mode", {"--mode", "magic"}, "unknown mode \"magic\"");
        row("bad routing", {"--mode", "session", "--routing", "random"}, "--routing");
        row("per-server store outside session mode", {"--mode", "stateless", "--store", "per-server"},
            "session mode only");
        row("no servers", {"--mode", "stateless", "--servers", "0"}, "--servers");
        row("store timeout not a number", {"--mode", "blocklist", "--store-timeout", "fast"}, "--store-timeout");
        row("redis URL of another scheme", {"--mode", "blocklist", "--redis", "http://127.0.0.1:1"},
            "redis://HOST:PORT");
    }

    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QProcess cli;
        cli.start(QStringLiteral(TOKENSCOPE_CLI_PATH),
                  QStringList {QStringLiteral("lab"), QStringLiteral("serve")} + arguments);
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 2);
        const QString err = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(err.contains(message), qPrintable(err));
    }

    void servesUntilSigtermAndLeavesNoProcess()
    {
        QProcess lab;
        lab.setReadChannel(QProcess::StandardOutput);
        lab.start(QStringLiteral(TOKENSCOPE_CLI_PATH),
                  {QStringLiteral("lab"), QStringLiteral("serve"), QStringLiteral("--mode"), QStringLiteral("session"),
                   QStringLiteral("--servers"), QStringLiteral("2")});
        QVERIFY(lab.waitForStarted(10000));
        QMap<QString, QUrl> urls;
        QString firstName;
        while (!urls.contains(QStringLiteral("server2"))) {
            if (!lab.canReadLine())
                QVERIFY2(lab.waitForReadyRead(30000), lab.readAllStandardError().constData());
            const QList<QByteArray> fields = lab.readLine().trimmed().split(' ');
            QCOMPARE(fields.size(), 2);
            if (firstName.isEmpty())
                firstName = QString::fromLatin1(fields[0]);
            urls.insert(QString::fromLatin1(fields[0]), QUrl(QString::fromLatin1(fields[1])));
        }
        QCOMPARE(firstName, QStringLiteral("balancer")); // where clients go comes first
        QVERIFY(urls.contains(QStringLiteral("control")) && urls.contains(QStringLiteral("issuer"))
                && urls.contains(QStringLiteral("redis")));

        HttpClient http;
        QUrl whoami = urls.value(QStringLiteral("balancer"));
        whoami.setPath(QStringLiteral("/api/whoami"));
        QCOMPARE(http.get(whoami).status, 401);
        QUrl state = urls.value(QStringLiteral("control"));
        state.setPath(QStringLiteral("/lab/state"));
        const QJsonObject pids = http.get(state).json().value(QStringLiteral("pids")).toObject();
        const qint64 redisPid = pids.value(QStringLiteral("redis")).toInteger();
        const qint64 balancerPid = pids.value(QStringLiteral("balancer")).toInteger();
        QVERIFY(redisPid > 0 && balancerPid > 0);

        ::kill(pid_t(lab.processId()), SIGTERM);
        QVERIFY(lab.waitForFinished(15000));
        QCOMPARE(lab.exitStatus(), QProcess::NormalExit);
        QCOMPARE(lab.exitCode(), 0);
        QVERIFY(tokenscope::lab::testing::processGone(redisPid));
        QVERIFY(tokenscope::lab::testing::processGone(balancerPid));
    }
};

QTEST_GUILESS_MAIN(TestLabServe)
#include "tst_labserve.moc"
