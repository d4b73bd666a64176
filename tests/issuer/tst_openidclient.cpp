// Interoperability with a certified relying party: the npm package openid-client (OpenID Certified) runs
// tests/issuer/openid-client/rp.mjs against the mock issuer on loopback — discovery, client credentials, the password
// grant, authorization code + PKCE through the login form with ID token validation, rotation and a refused replay,
// userinfo, introspection, RFC 8693 token exchange, revocation and the RFC 8628 device flow. The package is
// installed from the npm registry into the build directory on first run (node_modules is never in the source
// tree). Skipped, with a message, only when node is missing.
#include "issuer/LocalMockIssuer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace tokenscope;

class TestOpenidClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (m_node.isEmpty())
            QSKIP("node is not installed: the openid-client interop test needs it (apt install nodejs npm)");
        const QString npm = QStandardPaths::findExecutable(QStringLiteral("npm"));
        QVERIFY2(!npm.isEmpty(), "node is installed but npm is not: apt install npm");
        QVERIFY(QDir().mkpath(m_directory));
        for (const QString &name : {QStringLiteral("package.json"), QStringLiteral("rp.mjs")}) {
            const QString target = m_directory + u'/' + name;
            QFile::remove(target);
            QVERIFY(QFile::copy(QStringLiteral(TOKENSCOPE_OPENID_CLIENT_SOURCE_DIR) + u'/' + name, target));
        }
        if (!QFile::exists(m_directory + QStringLiteral("/node_modules/openid-client/package.json"))) {
            QProcess install;
            install.setProcessChannelMode(QProcess::MergedChannels);
            install.start(npm,
                          {QStringLiteral("install"), QStringLiteral("--prefix"), m_directory,
                           QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
                           QStringLiteral("--loglevel=error")});
            const bool finished = install.waitForFinished(180'000);
            if (!finished) {
                install.kill();
                install.waitForFinished();
            }
            QVERIFY2(finished && install.exitCode() == 0,
                     ("npm install openid-client failed: " + install.readAll().left(600)).constData());
        }
    }

    void certifiedRelyingPartyCompletesEveryFlow()
    {
        issuer::LocalMockIssuer issuer;
        QString error;
        // The relying party checks iat and exp against its own clock: the issuer runs on the real time.
        QVERIFY2(issuer.start(QDateTime::currentSecsSinceEpoch(), &error), qPrintable(error));

        QProcess rp;
        rp.setWorkingDirectory(m_directory);
        rp.start(m_node, {m_directory + QStringLiteral("/rp.mjs"), issuer.url().toString()});
        QVERIFY2(rp.waitForStarted(10'000), qPrintable(rp.errorString()));
        // The issuer answers from its own thread; this one only waits for the script.
        const bool finished = rp.waitForFinished(60'000);
        if (!finished) {
            rp.kill();
            rp.waitForFinished();
        }
        const QByteArray errors = rp.readAllStandardError();
        QVERIFY2(finished && rp.exitCode() == 0, errors.left(2000).constData());
        const QJsonObject seen = QJsonDocument::fromJson(rp.readAllStandardOutput().trimmed()).object();
        QVERIFY2(!seen.isEmpty(), errors.left(2000).constData());

        const QString issuerUrl = issuer.url().toString();
        QCOMPARE(seen.value(u"issuer").toString(), issuerUrl);
        QVERIFY(seen.value(u"clientCredentials").toObject().value(u"hasAccessToken").toBool());
        QCOMPARE(seen.value(u"password").toObject().value(u"sub").toString(), QStringLiteral("alice"));
        QVERIFY(seen.value(u"password").toObject().value(u"hasRefreshToken").toBool());
        // openid-client validated the ID token (signature through the JWKS, iss, aud, exp, nonce) before these.
        const QJsonObject code = seen.value(u"code").toObject();
        QCOMPARE(code.value(u"sub").toString(), QStringLiteral("alice"));
        QVERIFY(code.value(u"nonce").toBool());
        QCOMPARE(code.value(u"email").toString(), QStringLiteral("alice@example.com"));
        QCOMPARE(code.value(u"iss").toString(), issuerUrl);
        QVERIFY(seen.value(u"refresh").toObject().value(u"rotated").toBool());
        QCOMPARE(seen.value(u"replay").toString(), QStringLiteral("invalid_grant"));
        QCOMPARE(seen.value(u"userinfo").toObject().value(u"name").toString(), QStringLiteral("Alice Example"));
        QVERIFY(seen.value(u"introspection").toObject().value(u"active").toBool());
        QCOMPARE(seen.value(u"exchange").toObject().value(u"issuedTokenType").toString(),
                 QStringLiteral("urn:ietf:params:oauth:token-type:access_token"));
        QCOMPARE(seen.value(u"exchange").toObject().value(u"scope").toString(), QStringLiteral("profile"));
        const QJsonObject device = seen.value(u"device").toObject();
        QCOMPARE(device.value(u"page").toInt(), 200);
        QCOMPARE(device.value(u"sub").toString(), QStringLiteral("alice"));
        QVERIFY(device.value(u"hasRefreshToken").toBool());
        const QJsonObject revoked = seen.value(u"afterRevocation").toObject();
        QVERIFY(revoked.contains(u"refresh") && !revoked.value(u"refresh").toBool());
        QVERIFY(revoked.contains(u"access") && !revoked.value(u"access").toBool());
    }

private:
    QString m_node;
    QString m_directory = QStringLiteral(TOKENSCOPE_OPENID_CLIENT_BUILD_DIR);
};

QTEST_GUILESS_MAIN(TestOpenidClient)
#include "tst_openidclient.moc"
