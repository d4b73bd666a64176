// `tokenscope-cli probe` end to end: exit codes (0 ok, 2 usage, 3 network) and its JSON, against a mock issuer on
// loopback run by the test. The CLI runs as a child process while this test's event loop serves the issuer.
#include "../issuer/IssuerTestSupport.h"
#include "LoginTestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using tokenscope::issuer::testing::IssuerFixture;
using namespace tokenscope::probe::testing;

namespace {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliResult runCli(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(TOKENSCOPE_CLI_PATH), QStringList {u"probe"_s} + arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    // Not waitForFinished(): the mock issuer lives in this thread and needs the event loop while the CLI talks to it.
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000)) {
        process.kill();
        process.waitForFinished();
    }
    CliResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// Runs the CLI while `user` reads its standard error as it comes (the login's instructions) and acts on it once.
CliResult runInteractiveCli(const QStringList &arguments, const QRegularExpression &instructions,
                            const std::function<void(const QRegularExpressionMatch &)> &user)
{
    QProcess process;
    process.start(QStringLiteral(TOKENSCOPE_CLI_PATH), QStringList {u"probe"_s} + arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.closeWriteChannel();
    QByteArray err;
    bool acted = false;
    QObject::connect(&process, &QProcess::readyReadStandardError, [&] {
        err += process.readAllStandardError();
        const QRegularExpressionMatch match = instructions.match(QString::fromUtf8(err));
        if (!acted && match.hasMatch()) {
            acted = true;
            QTimer::singleShot(0, &process, [&user, match] { user(match); });
        }
    });
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000)) {
        process.kill();
        process.waitForFinished();
    }
    CliResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = err + process.readAllStandardError();
    return result;
}

} // namespace

class TestProbeCli : public QObject
{
    Q_OBJECT

private slots:
    void usageErrorsExitWithTwo_data();
    void usageErrorsExitWithTwo();
    void unreachableIssuerExitsWithThree();
    void probesTheMockIssuerAsJson();
    void logsInThroughThePrintedBrowserUrl();
    void logsInWithTheDeviceCode();
};

void TestProbeCli::usageErrorsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no issuer") << QStringList {u"--client-id"_s, u"demo"_s};
    QTest::newRow("no client") << QStringList {u"--issuer"_s, u"http://127.0.0.1:1"_s};
    QTest::newRow("username without password")
        << QStringList {u"--issuer"_s, u"http://127.0.0.1:1"_s, u"--client-id"_s, u"demo"_s, u"--username"_s, u"a"_s};
    QTest::newRow("bad pause") << QStringList {
        u"--issuer"_s, u"http://127.0.0.1:1"_s, u"--client-id"_s, u"demo"_s, u"--pause"_s, u"soon"_s};
    QTest::newRow("not a URL") << QStringList {u"--issuer"_s, u"::not a url"_s, u"--client-id"_s, u"demo"_s};
    QTest::newRow("plain http to a remote host")
        << QStringList {u"--issuer"_s, u"http://issuer.example"_s, u"--client-id"_s, u"demo"_s};
    QTest::newRow("unknown option") << QStringList {u"--frobnicate"_s};
    QTest::newRow("unknown login") << QStringList {u"--issuer"_s, u"http://127.0.0.1:1"_s, u"--client-id"_s, u"demo"_s,
                                                   u"--login"_s,  u"telepathy"_s};
    QTest::newRow("browser login with a username")
        << QStringList {u"--issuer"_s, u"http://127.0.0.1:1"_s, u"--client-id"_s, u"demo"_s,       u"--login"_s,
                        u"browser"_s,  u"--username"_s,         u"alice"_s,       u"--password"_s, u"alice"_s};
    QTest::newRow("device login with a refresh token")
        << QStringList {u"--issuer"_s, u"http://127.0.0.1:1"_s, u"--client-id"_s, u"demo"_s, u"--login"_s,
                        u"device"_s,   u"--refresh-token"_s,    u"given"_s};
    QTest::newRow("no-browser with the device login")
        << QStringList {u"--issuer"_s, u"http://127.0.0.1:1"_s, u"--client-id"_s, u"demo"_s, u"--login"_s,
                        u"device"_s,   u"--no-browser"_s};
    QTest::newRow("no-browser without the browser login")
        << QStringList {u"--issuer"_s, u"http://127.0.0.1:1"_s, u"--client-id"_s, u"demo"_s, u"--no-browser"_s};
}

void TestProbeCli::usageErrorsExitWithTwo()
{
    QFETCH(QStringList, arguments);
    const CliResult result = runCli(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(!result.err.isEmpty());
}

void TestProbeCli::unreachableIssuerExitsWithThree()
{
    quint16 port = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        port = server.serverPort();
    }
    const CliResult result
        = runCli({u"--issuer"_s, u"http://127.0.0.1:%1"_s.arg(port), u"--client-id"_s, u"demo"_s, u"--json"_s});
    QCOMPARE(result.exitCode, 3);
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(json.value(u"ok"_s).toBool(true), false);
    QCOMPARE(json.value(u"error"_s).toObject().value(u"code"_s).toString(), u"network"_s);
}

void TestProbeCli::probesTheMockIssuerAsJson()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    // The secret comes from standard input, so it is not on the command line.
    const CliResult result = runCli({u"--issuer"_s, fixture.issuer.issuerUrl().toString(), u"--client-id"_s, u"demo"_s,
                                     u"--client-secret"_s, u"-"_s, u"--username"_s, u"alice"_s, u"--password"_s,
                                     u"alice"_s, u"--pause"_s, u"0"_s, u"--json"_s},
                                    "demo-secret\n");
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(json.value(u"ok"_s).toBool(), true);
    QCOMPARE(json.value(u"flow"_s).toString(), u"password"_s);
    QVERIFY(!json.value(u"closest_preset"_s).toString().isEmpty());
    QVERIFY(json.value(u"findings"_s).isArray());
    QVERIFY(!result.out.contains("demo-secret"));
    QVERIFY(!result.err.contains("demo-secret"));
}

void TestProbeCli::logsInThroughThePrintedBrowserUrl()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    // --no-browser: the URL on standard error is the only way in, as for a user without a browser on this machine.
    QNetworkAccessManager browser;
    int loginPageStatus = 0;
    int callbackStatus = 0;
    const CliResult result
        = runInteractiveCli({u"--issuer"_s, fixture.issuer.issuerUrl().toString(), u"--client-id"_s, u"demo-public"_s,
                             u"--login"_s, u"browser"_s, u"--no-browser"_s, u"--pause"_s, u"0"_s, u"--json"_s},
                            QRegularExpression(u"\\n  (http://\\S+)\\n"_s), [&](const QRegularExpressionMatch &match) {
                                const QUrl callback = signInOnLoginPage(
                                    browser, QUrl::fromEncoded(match.captured(1).toLatin1()), &loginPageStatus);
                                callbackStatus = exchange(browser, callback).status;
                            });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(loginPageStatus, 200);
    QCOMPARE(callbackStatus, 200);
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(json.value(u"flow"_s).toString(), u"authorization_code"_s);
    QVERIFY(!json.value(u"closest_preset"_s).toString().isEmpty());
}

void TestProbeCli::logsInWithTheDeviceCode()
{
    IssuerFixture fixture;
    QVERIFY2(fixture.started, qPrintable(fixture.error));
    QNetworkAccessManager user;
    const CliResult result
        = runInteractiveCli({u"--issuer"_s, fixture.issuer.issuerUrl().toString(), u"--client-id"_s, u"demo-public"_s,
                             u"--login"_s, u"device"_s, u"--pause"_s, u"0"_s, u"--json"_s},
                            QRegularExpression(u"open (http://\\S+) and enter the code (\\S+)\\n"_s),
                            [&](const QRegularExpressionMatch &match) {
                                tokenscope::probe::DeviceLoginPrompt prompt;
                                prompt.verificationUri = QUrl(match.captured(1));
                                prompt.userCode = match.captured(2);
                                approveOnDevicePage(user, prompt, u"approve"_s);
                            });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(json.value(u"flow"_s).toString(), u"device_code"_s);
    QVERIFY(!json.value(u"closest_preset"_s).toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestProbeCli)
#include "tst_probecli.moc"
