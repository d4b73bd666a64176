// The probe against a real third-party issuer: the npm package oidc-provider (tests/probe/oidc-provider/server.mjs),
// installed into the build directory from the npm registry on first run and started on loopback by the test. The
// probe must report its documented behaviour: refresh tokens of public clients rotate on every use, a consumed
// refresh token presented again revokes the grant (the family), and there is no grace window. Skipped with a clear
// message when node or npm is missing or the registry cannot be reached.
#include "probe/StagingProbe.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tokenscope::probe;

class TestProbeInterop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void reportsOidcProviderDocumentedBehaviour();
    void cleanupTestCase();

private:
    QString m_node;
    QString m_directory = QStringLiteral(TOKENSCOPE_OIDC_PROVIDER_BUILD_DIR);
    QProcess m_server;
};

void TestProbeInterop::initTestCase()
{
    m_node = QStandardPaths::findExecutable(u"node"_s);
    const QString npm = QStandardPaths::findExecutable(u"npm"_s);
    if (m_node.isEmpty() || npm.isEmpty())
        QSKIP("node or npm is not installed: the oidc-provider interop test needs both (apt install nodejs npm)");

    const QString source = QStringLiteral(TOKENSCOPE_OIDC_PROVIDER_SOURCE_DIR);
    QVERIFY(QDir().mkpath(m_directory));
    for (const char16_t *name : {u"package.json", u"server.mjs"}) {
        const QString target = m_directory + u'/' + QString::fromUtf16(name);
        QFile::remove(target);
        QVERIFY(QFile::copy(source + u'/' + QString::fromUtf16(name), target));
    }
    if (!QFile::exists(m_directory + u"/node_modules/oidc-provider/package.json"_s)) {
        QProcess install;
        install.setProcessChannelMode(QProcess::MergedChannels);
        install.start(
            npm, {u"install"_s, u"--prefix"_s, m_directory, u"--no-audit"_s, u"--no-fund"_s, u"--loglevel=error"_s});
        if (!install.waitForFinished(180000) || install.exitCode() != 0) {
            install.kill();
            install.waitForFinished();
            const QByteArray why
                = "npm install oidc-provider failed (is the npm registry reachable?): " + install.readAll().left(400);
            QSKIP(why.constData());
        }
    }

    m_server.setProgram(m_node);
    m_server.setArguments({m_directory + u"/server.mjs"_s});
    m_server.setWorkingDirectory(m_directory);
    m_server.setProcessChannelMode(QProcess::SeparateChannels);
    m_server.start();
    QVERIFY2(m_server.waitForStarted(10000), qPrintable(m_server.errorString()));
}

void TestProbeInterop::reportsOidcProviderDocumentedBehaviour()
{
    // The script prints notices, then one JSON line with the issuer URL and a minted refresh token.
    QJsonObject started;
    QByteArray pending;
    const bool ready = QTest::qWaitFor(
        [&] {
            pending += m_server.readAllStandardOutput();
            for (const QByteArray &line : pending.split('\n')) {
                if (line.startsWith('{'))
                    started = QJsonDocument::fromJson(line).object();
            }
            return !started.isEmpty() || m_server.state() == QProcess::NotRunning;
        },
        20000);
    QVERIFY2(ready && !started.isEmpty(), m_server.readAllStandardError().left(2000).constData());

    QNetworkAccessManager network;
    StagingProbe probe(&network);
    probe.setPauseHandler([&probe](qint64, std::function<void()> resume) { QTimer::singleShot(0, &probe, resume); });
    ProbeOptions options;
    options.issuerUrl = QUrl(started.value(u"issuer"_s).toString());
    options.clientId = started.value(u"client_id"_s).toString();
    options.refreshToken = started.value(u"refresh_token"_s).toString().toUtf8();
    options.timeoutMs = 10000;

    bool done = false;
    connect(&probe, &StagingProbe::finished, this, [&done] { done = true; });
    probe.start(options);
    QVERIFY(QTest::qWaitFor([&] { return done; }, 60000));
    const ProbeReport &report = probe.report();
    QVERIFY2(!report.error, qPrintable(report.error.message));

    auto value = [&report](const char16_t *id) {
        const ProbeFinding *finding = report.finding(QStringView(id));
        return finding ? finding->value : u"(missing)"_s;
    };
    QCOMPARE(value(u"discovery"), u"ok"_s);
    QCOMPARE(value(u"jwks"), u"ok"_s);
    QCOMPARE(value(u"rotation"), u"always"_s); // public client: rotateRefreshToken's default
    QCOMPARE(value(u"grace"), u"none"_s);
    QCOMPARE(value(u"reuse"), u"revoke_family"_s); // "refresh token already used" revokes the grant
    QCOMPARE(value(u"after_replay"), u"family_revoked"_s);
    QCOMPARE(report.requests.at(report.finding(u"grace")->evidence.first()).error, u"invalid_grant"_s);
    QCOMPARE(report.closestPreset(), u"node-oidc-provider-public"_s);
    QVERIFY(!ProbeReportWriter::toJson(report).contains(options.refreshToken));
}

void TestProbeInterop::cleanupTestCase()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.closeWriteChannel(); // the script exits when its standard input closes
        if (!m_server.waitForFinished(5000)) {
            m_server.kill();
            m_server.waitForFinished(5000);
        }
    }
}

QTEST_GUILESS_MAIN(TestProbeInterop)
#include "tst_probeinterop.moc"
