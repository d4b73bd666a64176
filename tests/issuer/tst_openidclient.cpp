// Interoperability with a certified relying party: the npm package openid-client (OpenID Certified) runs
// tests/issuer/openid-client/rp.mjs against the mock issuer on loopback — discovery, client credentials, the password
// grant, authorization code + PKCE through the login form with ID token validation, rotation and a refused replay,
// userinfo, introspection, RFC 8693 token exchange, revocation, the RFC 8628 device flow, private_key_jwt client
// authentication (RFC 7523) and DPoP (RFC 9449) with nonces, a bound refresh token, userinfo and a code bound by
// dpop_jkt. The package is installed from the npm registry into the build directory on first run (node_modules is
// never in the source tree). Skipped, with a message, only when node is missing.
#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "issuer/LocalMockIssuer.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace tokenscope;

namespace {

// The demo set-up (docs/issuer.md) plus client 'svc-jwt', which authenticates with private_key_jwt under `publicJwk`,
// and DPoP nonces demanded (RFC 9449 §8), so the relying party meets use_dpop_nonce and retries.
QByteArray configWithKeyClient(const QByteArray &publicJwk)
{
    return R"({"dpop": {"require_nonce": true}, "clients": [)"
           R"({"client_id": "demo", "client_secret": "demo-secret", "scope": "openid profile email offline_access",)"
           R"( "redirect_uris": ["http://127.0.0.1/callback", "http://localhost/callback"]},)"
           R"({"client_id": "demo-public", "scope": "openid profile email offline_access",)"
           R"( "redirect_uris": ["http://127.0.0.1/callback", "http://localhost/callback"]},)"
           R"({"client_id": "svc-jwt", "scope": "api", "jwks": {"keys": [)"
        + publicJwk + "]}}]}";
}

// POST /admin/config; the issuer answers from its own thread, this one waits in a local loop.
int reconfigure(const QUrl &issuer, const QByteArray &config)
{
    QNetworkAccessManager network;
    QUrl url = issuer;
    url.setPath(QStringLiteral("/admin/config"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QNetworkReply *reply = network.post(request, "config=" + QUrl::toPercentEncoding(QString::fromUtf8(config)));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(15'000);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    delete reply;
    return status;
}

// The RFC 7638 thumbprint of a public JWK as the relying party exported it, computed by Tokenscope's own code.
QString thumbprintOf(const QJsonObject &jwk)
{
    const KeyParseResult parsed
        = KeyParser::parseJwk(QJsonDocument(jwk).toJson(QJsonDocument::Compact), QStringLiteral("rp.mjs"));
    return parsed ? parsed.keys.constFirst().thumbprint() : QString();
}

} // namespace

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
        // The relying party checks iat and exp against its own clock: the issuer runs on the real time.
        const Result<void> started = issuer.start(QDateTime::currentSecsSinceEpoch());
        QVERIFY2(started, qPrintable(started.errorMessage()));

        const KeyGenerationResult clientKey = KeyGenerator::generate(Algorithm::ES256, QStringLiteral("svc-jwt-key"));
        QVERIFY2(clientKey, qPrintable(clientKey.error));
        QCOMPARE(reconfigure(issuer.url(), configWithKeyClient(clientKey.key.toJwk(Key::Export::PublicOnly))), 200);

        QProcess rp;
        rp.setWorkingDirectory(m_directory);
        // The throwaway private key reaches the script through its environment, not its command line.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TOKENSCOPE_RP_CLIENT_JWK"),
                           QString::fromLatin1(clientKey.key.toJwk(Key::Export::IncludePrivate)));
        rp.setProcessEnvironment(environment);
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

        // private_key_jwt: the library's client assertions authenticated at the token and introspection endpoints.
        const QJsonObject keyClient = seen.value(u"privateKeyJwt").toObject();
        QCOMPARE(keyClient.value(u"clientId").toString(), QStringLiteral("svc-jwt"));
        QCOMPARE(keyClient.value(u"tokenType").toString().toLower(), QStringLiteral("bearer"));
        QVERIFY(keyClient.value(u"active").toBool());

        // DPoP: after the nonce round trip, a DPoP token bound to the library's key (cnf.jkt is its thumbprint).
        for (const char16_t *flow : {u"dpop", u"dpopRefresh", u"dpopCode"}) {
            const QJsonObject dpop = seen.value(QStringView(flow)).toObject();
            QCOMPARE(dpop.value(u"tokenType").toString().toLower(), QStringLiteral("dpop"));
            const QString thumbprint = thumbprintOf(dpop.value(u"publicJwk").toObject());
            QVERIFY(!thumbprint.isEmpty());
            QCOMPARE(dpop.value(u"cnfJkt").toString(), thumbprint);
        }
        // A public client's refresh token is bound to its key: refused with another key or without a proof.
        const QJsonObject bound = seen.value(u"dpopRefresh").toObject();
        QCOMPARE(bound.value(u"otherKey").toString(), QStringLiteral("invalid_grant"));
        QCOMPARE(bound.value(u"withoutProof").toString(), QStringLiteral("invalid_dpop_proof"));
        QCOMPARE(bound.value(u"userinfoSub").toString(), QStringLiteral("alice"));
        // A code bound by dpop_jkt (RFC 9449 §10): exchanged with the named key only.
        QCOMPARE(seen.value(u"dpopCode").toObject().value(u"otherKey").toString(), QStringLiteral("invalid_grant"));
    }

private:
    QString m_node;
    QString m_directory = QStringLiteral(TOKENSCOPE_OPENID_CLIENT_BUILD_DIR);
};

QTEST_GUILESS_MAIN(TestOpenidClient)
#include "tst_openidclient.moc"
