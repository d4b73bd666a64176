// DPoP at the mock issuer (RFC 9449): proofs made here with OpenSSL keys (ES256, EdDSA), each rule of §4.3 broken
// once at the token endpoint; the bound access token (token_type DPoP, cnf.jkt, introspection); replay and the
// nonces of §8 on the issuer's injected clock; a public client's refresh family bound to the key; a client that
// requires DPoP; an authorization code bound by dpop_jkt (§10); userinfo with the DPoP scheme (§7.1); the config
// reader's "dpop" settings.
#include "IssuerTestSupport.h"
#include "binding/DpopVerifier.h"
#include "crypto/KeyGenerator.h"
#include "crypto/Signature.h"
#include "issuer/IssuerTokens.h"
#include "jose/Base64Url.h"

#include <QJsonArray>
#include <QTest>

using namespace tokenscope;
using namespace tokenscope::issuer;
using namespace tokenscope::issuer::testing;

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

// One proof as a client builds it, and the one thing a test changes about it.
struct ProofSpec
{
    const Key *key = nullptr; // signs, and its public part is the jwk header
    Algorithm algorithm = Algorithm::ES256;
    QString htm = QStringLiteral("POST");
    QString htu;
    qint64 iat = 0;
    QString jti;
    QString nonce; // empty: none
    QString ath; // empty: none
    QByteArray typ = "dpop+jwt";
    bool privateJwk = false; // the jwk header leaks the private key
    const Key *signer = nullptr; // another key signs (a bad signature); nullptr: `key`
};

QByteArray signedProof(const ProofSpec &spec)
{
    const QByteArray jwk = spec.key->toJwk(spec.privateJwk ? Key::Export::IncludePrivate : Key::Export::PublicOnly);
    const QByteArray header = "{\"typ\":\"" + spec.typ + "\",\"alg\":\"" + Algorithms::name(spec.algorithm).toLatin1()
        + "\",\"jwk\":" + jwk + '}';
    QJsonObject claims {{QStringLiteral("jti"), spec.jti},
                        {QStringLiteral("htm"), spec.htm},
                        {QStringLiteral("htu"), spec.htu},
                        {QStringLiteral("iat"), spec.iat}};
    if (!spec.nonce.isEmpty())
        claims.insert(QStringLiteral("nonce"), spec.nonce);
    if (!spec.ath.isEmpty())
        claims.insert(QStringLiteral("ath"), spec.ath);
    const QByteArray input
        = Base64Url::encode(header) + '.' + Base64Url::encode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const Signature::SignResult signature
        = Signature::sign(spec.algorithm, spec.signer ? *spec.signer : *spec.key, input);
    if (!signature)
        qFatal("signing a proof failed: %s", qPrintable(signature.error));
    return input + '.' + Base64Url::encode(signature.signature);
}

QJsonObject claimsOf(const QString &jwt)
{
    const QStringList parts = jwt.split(u'.');
    if (parts.size() != 3)
        return {};
    QByteArray payload;
    if (!Base64Url::decodeStrict(parts.at(1).toLatin1(), payload))
        return {};
    return QJsonDocument::fromJson(payload).object();
}

QString jktOf(const QString &jwt)
{
    return claimsOf(jwt).value(u"cnf").toObject().value(u"jkt").toString();
}

Key generated(Algorithm algorithm)
{
    const KeyGenerationResult result = KeyGenerator::generate(algorithm);
    if (!result)
        qFatal("key generation failed: %s", qPrintable(result.error));
    return result.key;
}

QList<std::pair<QString, QString>> clientCredentialsGrant()
{
    return {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
}

QList<std::pair<QString, QString>> passwordGrant()
{
    return {{QStringLiteral("grant_type"), QStringLiteral("password")},
            {QStringLiteral("username"), QStringLiteral("alice")},
            {QStringLiteral("password"), QStringLiteral("alice")},
            {QStringLiteral("scope"), QStringLiteral("openid offline_access")}};
}

} // namespace

class TestIssuerDpop : public QObject
{
    Q_OBJECT

private:
    Key m_key; // ES256
    Key m_otherKey; // ES256
    Key m_edwardsKey; // EdDSA (Ed25519)
    Key m_hmacKey; // HS256: a proof must never be signed with one
    int m_jti = 0;

    // A proof for the token endpoint of `fixture`, made now by the issuer's clock with a fresh jti.
    ProofSpec tokenProof(IssuerFixture &fixture, const Key *key = nullptr)
    {
        ProofSpec spec;
        spec.key = key ? key : &m_key;
        spec.algorithm = spec.key == &m_edwardsKey ? Algorithm::EdDSA : Algorithm::ES256;
        spec.htu = fixture.url(QStringLiteral("/token")).toString();
        spec.iat = fixture.issuer.now();
        spec.jti = QStringLiteral("proof-%1").arg(++m_jti);
        return spec;
    }

    // A token request; `proof` goes in the DPoP header unless empty. An empty secret: a public client.
    static HttpResult token(IssuerFixture &fixture, const QList<std::pair<QString, QString>> &parameters,
                            const QByteArray &proof, const QString &clientId = QStringLiteral("demo"),
                            const QString &secret = QStringLiteral("demo-secret"))
    {
        Headers headers;
        QList<std::pair<QString, QString>> all = parameters;
        if (secret.isEmpty())
            all.append({QStringLiteral("client_id"), clientId});
        else
            headers.append({QByteArrayLiteral("Authorization"), basic(clientId, secret)});
        if (!proof.isEmpty())
            headers.append({QByteArrayLiteral("DPoP"), proof});
        return fixture.http.post(fixture.url(QStringLiteral("/token")), form(all), headers);
    }

    // An authorization request (RFC 6749 §4.1.1) of `clientId` with PKCE S256 for `verifier`.
    static QList<std::pair<QString, QString>> codeRequest(const QString &clientId, const QString &verifier)
    {
        return {{QStringLiteral("response_type"), QStringLiteral("code")},
                {QStringLiteral("client_id"), clientId},
                {QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1/callback")},
                {QStringLiteral("scope"), QStringLiteral("openid offline_access")},
                {QStringLiteral("code_challenge"), QString::fromLatin1(IssuerTokens::pkceS256(verifier.toLatin1()))},
                {QStringLiteral("code_challenge_method"), QStringLiteral("S256")}};
    }

    // Alice signs in on the login page for `authorization`; the code of the redirect, or empty.
    static QString signIn(IssuerFixture &fixture, QList<std::pair<QString, QString>> authorization)
    {
        authorization.append({{QStringLiteral("username"), QStringLiteral("alice")},
                              {QStringLiteral("password"), QStringLiteral("alice")}});
        const HttpResult redirect = fixture.http.post(fixture.url(QStringLiteral("/authorize")), form(authorization));
        return QUrlQuery(QUrl(QString::fromLatin1(redirect.header("Location"))))
            .queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    }

    // The rows of the store's seen-proofs table, as GET /admin/state counts them.
    static qint64 storedProofs(IssuerFixture &fixture)
    {
        return fixture.issuer.store().counts().value(u"dpop_proofs").toInteger(-1);
    }

private slots:
    void initTestCase()
    {
        m_key = generated(Algorithm::ES256);
        m_otherKey = generated(Algorithm::ES256);
        m_edwardsKey = generated(Algorithm::EdDSA);
        m_hmacKey = generated(Algorithm::HS256);
    }

    void discoveryNamesTheProofAlgorithms()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QJsonArray algorithms = fixture.http.get(fixture.url(QStringLiteral("/.well-known/openid-configuration")))
                                          .json()
                                          .value(u"dpop_signing_alg_values_supported")
                                          .toArray();
        QVERIFY(algorithms.contains(QStringLiteral("ES256")));
        QVERIFY(algorithms.contains(QStringLiteral("EdDSA")));
        QVERIFY(algorithms.contains(QStringLiteral("PS256")));
        QVERIFY(!algorithms.contains(QStringLiteral("HS256")));
        QVERIFY(!algorithms.contains(QStringLiteral("none")));
    }

    void boundTokenNamesTheProofKey_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::newRow("ES256") << QStringLiteral("es256");
        QTest::newRow("EdDSA") << QStringLiteral("eddsa");
    }
    void boundTokenNamesTheProofKey()
    {
        QFETCH(QString, keyName);
        const Key *key = keyName == u"eddsa" ? &m_edwardsKey : &m_key;
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult answer = token(fixture, clientCredentialsGrant(), signedProof(tokenProof(fixture, key)));
        QVERIFY2(answer.status == 200, answer.body.constData());
        QCOMPARE(answer.string("token_type"), QStringLiteral("DPoP"));
        const QString accessToken = answer.string("access_token");
        QCOMPARE(jktOf(accessToken), key->thumbprint());
        // No nonce asked for, none sent.
        QVERIFY(answer.header("DPoP-Nonce").isEmpty());
        // RFC 9449 §6.2: introspection tells a resource server the key.
        const QJsonObject introspection = fixture.introspect(accessToken).json();
        QVERIFY(introspection.value(u"active").toBool());
        QCOMPARE(introspection.value(u"token_type").toString(), QStringLiteral("DPoP"));
        QCOMPARE(introspection.value(u"cnf").toObject().value(u"jkt").toString(), key->thumbprint());
        // Without a proof the same client gets a bearer token, without cnf.
        const HttpResult bearer = token(fixture, clientCredentialsGrant(), {});
        QCOMPARE(bearer.string("token_type"), QStringLiteral("Bearer"));
        QVERIFY(jktOf(bearer.string("access_token")).isEmpty());
    }

    void judgesEachRuleOfTheProof_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("mentions"); // in error_description
        QTest::newRow("as made") << QString() << 200 << QString();
        QTest::newRow("htm GET") << QStringLiteral("htm") << 400 << QStringLiteral("htm");
        QTest::newRow("htu of another endpoint") << QStringLiteral("htu") << 400 << QStringLiteral("htu");
        QTest::newRow("htu of another port") << QStringLiteral("port") << 400 << QStringLiteral("htu");
        QTest::newRow("htu with query and fragment") << QStringLiteral("query") << 200 << QString();
        QTest::newRow("iat 60 s old") << QStringLiteral("iat-60") << 200 << QString();
        QTest::newRow("iat 61 s old") << QStringLiteral("iat-61") << 400 << QStringLiteral("older than");
        QTest::newRow("iat 61 s ahead") << QStringLiteral("iat+61") << 400 << QStringLiteral("future");
        QTest::newRow("HS256") << QStringLiteral("hs256") << 400 << QStringLiteral("symmetric");
        QTest::newRow("private key in jwk") << QStringLiteral("private") << 400 << QStringLiteral("private");
        QTest::newRow("signed by another key") << QStringLiteral("signer") << 400 << QStringLiteral("signature");
        QTest::newRow("typ JWT") << QStringLiteral("typ") << 400 << QStringLiteral("typ");
        QTest::newRow("not a JWT") << QStringLiteral("garbage") << 400 << QStringLiteral("not a JWT");
        QTest::newRow("longer than 8 KiB") << QStringLiteral("huge") << 400 << QStringLiteral("longer than");
        QTest::newRow("no jti") << QStringLiteral("jti") << 400 << QStringLiteral("jti");
    }
    void judgesEachRuleOfTheProof()
    {
        QFETCH(QString, change);
        QFETCH(int, status);
        QFETCH(QString, mentions);
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        ProofSpec spec = tokenProof(fixture);
        QUrl htu(spec.htu);
        if (change == u"htm") {
            spec.htm = QStringLiteral("GET");
        } else if (change == u"htu") {
            spec.htu = fixture.url(QStringLiteral("/userinfo")).toString();
        } else if (change == u"port") {
            htu.setPort(htu.port() == 1 ? 2 : 1);
            spec.htu = htu.toString();
        } else if (change == u"query") {
            spec.htu += QStringLiteral("?grant=1#top"); // RFC 9449 §4.3 step 9 compares without them
        } else if (change == u"iat-60") {
            spec.iat -= 60;
        } else if (change == u"iat-61") {
            spec.iat -= 61;
        } else if (change == u"iat+61") {
            spec.iat += 61;
        } else if (change == u"hs256") {
            spec.algorithm = Algorithm::HS256;
            spec.signer = &m_hmacKey;
        } else if (change == u"private") {
            spec.privateJwk = true;
        } else if (change == u"signer") {
            spec.signer = &m_otherKey;
        } else if (change == u"typ") {
            spec.typ = "JWT";
        } else if (change == u"jti") {
            spec.jti.clear();
        }
        QByteArray proof = signedProof(spec);
        if (change == u"garbage")
            proof = "this-is-not-a-proof";
        else if (change == u"huge")
            proof = signedProof([&] {
                ProofSpec padded = spec;
                padded.jti = QString(9000, u'j');
                return padded;
            }());
        const HttpResult answer = token(fixture, clientCredentialsGrant(), proof);
        QVERIFY2(answer.status == status, answer.body.constData());
        if (status == 200) {
            QCOMPARE(answer.string("token_type"), QStringLiteral("DPoP"));
            QCOMPARE(jktOf(answer.string("access_token")), m_key.thumbprint());
            return;
        }
        QCOMPARE(answer.error(), QStringLiteral("invalid_dpop_proof"));
        const QString description = answer.string("error_description");
        QVERIFY2(description.contains(mentions), qPrintable(description));
        // The description never echoes the proof or its key.
        QVERIFY(!description.contains(QString::fromLatin1(proof.left(40))));
    }

    void aProofIsUsedOnce()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QByteArray proof = signedProof(tokenProof(fixture));
        QCOMPARE(token(fixture, clientCredentialsGrant(), proof).status, 200);
        const HttpResult replay = token(fixture, clientCredentialsGrant(), proof);
        QCOMPARE(replay.status, 400);
        QCOMPARE(replay.error(), QStringLiteral("invalid_dpop_proof"));
        QVERIFY2(replay.string("error_description").contains(u"already used"), replay.body.constData());
        // The same jti by another key is another proof.
        ProofSpec other = tokenProof(fixture, &m_otherKey);
        other.jti = QStringLiteral("proof-%1").arg(m_jti - 1);
        QCOMPARE(token(fixture, clientCredentialsGrant(), signedProof(other)).status, 200);
        QCOMPARE(storedProofs(fixture), qint64(2));
        // Once its iat has left the window the proof is refused for its age, and the store forgets it: the table
        // holds only proofs that could still be replayed.
        fixture.clock.advance(61);
        const HttpResult late = token(fixture, clientCredentialsGrant(), proof);
        QCOMPARE(late.error(), QStringLiteral("invalid_dpop_proof"));
        QVERIFY2(late.string("error_description").contains(u"older than"), late.body.constData());
        QCOMPARE(token(fixture, clientCredentialsGrant(), signedProof(tokenProof(fixture))).status, 200);
        QCOMPARE(storedProofs(fixture), qint64(1));
    }

    void nonceIsDemandedWhenConfigured()
    {
        IssuerConfig config = IssuerConfig::demo();
        config.dpop.requireNonce = true;
        config.dpop.nonceLifetime = 120;
        IssuerFixture fixture(config);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        // RFC 9449 §8: no nonce, the answer says use_dpop_nonce and hands one out.
        const HttpResult first = token(fixture, clientCredentialsGrant(), signedProof(tokenProof(fixture)));
        QCOMPARE(first.status, 400);
        QCOMPARE(first.error(), QStringLiteral("use_dpop_nonce"));
        const QByteArray nonce = first.header("DPoP-Nonce");
        QVERIFY(!nonce.isEmpty());
        // The retry with it succeeds, and the success carries a nonce for next time.
        ProofSpec retry = tokenProof(fixture);
        retry.nonce = QString::fromLatin1(nonce);
        const HttpResult second = token(fixture, clientCredentialsGrant(), signedProof(retry));
        QVERIFY2(second.status == 200, second.body.constData());
        QCOMPARE(second.string("token_type"), QStringLiteral("DPoP"));
        QVERIFY(!second.header("DPoP-Nonce").isEmpty());
        // A nonce this issuer never made.
        ProofSpec madeUp = tokenProof(fixture);
        madeUp.nonce = QStringLiteral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        QCOMPARE(token(fixture, clientCredentialsGrant(), signedProof(madeUp)).error(),
                 QStringLiteral("use_dpop_nonce"));
        // Still good one lifetime later; stale after two.
        fixture.clock.advance(120);
        ProofSpec later = tokenProof(fixture);
        later.nonce = QString::fromLatin1(nonce);
        QCOMPARE(token(fixture, clientCredentialsGrant(), signedProof(later)).status, 200);
        fixture.clock.advance(121);
        ProofSpec stale = tokenProof(fixture);
        stale.nonce = QString::fromLatin1(nonce);
        const HttpResult staleAnswer = token(fixture, clientCredentialsGrant(), signedProof(stale));
        QCOMPARE(staleAnswer.error(), QStringLiteral("use_dpop_nonce"));
        QVERIFY(!staleAnswer.header("DPoP-Nonce").isEmpty());
        QVERIFY(staleAnswer.header("DPoP-Nonce") != nonce);
        // A bad proof is still a bad proof, nonce or not.
        ProofSpec bad = tokenProof(fixture);
        bad.signer = &m_otherKey;
        QCOMPARE(token(fixture, clientCredentialsGrant(), signedProof(bad)).error(),
                 QStringLiteral("invalid_dpop_proof"));
        // A request without DPoP is a bearer request: no nonce needed.
        QCOMPARE(token(fixture, clientCredentialsGrant(), {}).string("token_type"), QStringLiteral("Bearer"));
    }

    void replicasShareSeenProofsAndNonces()
    {
        // Two issuers on one database (replicas; the same code runs on PostgreSQL): what one saw, the other knows.
        IssuerConfig config = IssuerConfig::demo();
        config.dpop.requireNonce = true;
        IssuerFixture first(config);
        QVERIFY2(first.started, qPrintable(first.error));
        IssuerFixture second(config, first.clock.nowSeconds(),
                             first.directory.filePath(QStringLiteral("issuer.sqlite")));
        QVERIFY2(second.started, qPrintable(second.error));
        // A nonce handed out by the first is good at the second (one HMAC key in the store).
        const QByteArray nonce
            = token(first, clientCredentialsGrant(), signedProof(tokenProof(first))).header("DPoP-Nonce");
        QVERIFY(!nonce.isEmpty());
        ProofSpec spec = tokenProof(second);
        spec.nonce = QString::fromLatin1(nonce);
        const QByteArray proof = signedProof(spec);
        const HttpResult accepted = token(second, clientCredentialsGrant(), proof);
        QVERIFY2(accepted.status == 200, accepted.body.constData());
        // The same key and jti at the first replica (htu rewritten for its port): a replay, known from the store.
        ProofSpec replay = spec;
        replay.htu = first.url(QStringLiteral("/token")).toString();
        const HttpResult refused = token(first, clientCredentialsGrant(), signedProof(replay));
        QCOMPARE(refused.error(), QStringLiteral("invalid_dpop_proof"));
        QVERIFY2(refused.string("error_description").contains(u"already used"), refused.body.constData());
    }

    void publicClientRefreshIsBoundToTheKey_data()
    {
        QTest::addColumn<QString>("refreshWith"); // same, other, none
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("the same key") << QStringLiteral("same") << 200 << QString();
        QTest::newRow("another key") << QStringLiteral("other") << 400 << QStringLiteral("invalid_grant");
        QTest::newRow("no proof") << QStringLiteral("none") << 400 << QStringLiteral("invalid_dpop_proof");
    }
    void publicClientRefreshIsBoundToTheKey()
    {
        QFETCH(QString, refreshWith);
        QFETCH(int, status);
        QFETCH(QString, error);
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString publicClient = QStringLiteral("demo-public");
        const HttpResult login
            = token(fixture, passwordGrant(), signedProof(tokenProof(fixture)), publicClient, QString());
        QVERIFY2(login.status == 200, login.body.constData());
        QCOMPARE(login.string("token_type"), QStringLiteral("DPoP"));
        const QString refreshToken = login.string("refresh_token");
        QVERIFY(!refreshToken.isEmpty());
        QCOMPARE(fixture.introspect(refreshToken).json().value(u"cnf").toObject().value(u"jkt").toString(),
                 m_key.thumbprint());
        const QList<std::pair<QString, QString>> refresh {
            {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
            {QStringLiteral("refresh_token"), refreshToken}};
        const QByteArray proof = refreshWith == u"none"
            ? QByteArray()
            : signedProof(tokenProof(fixture, refreshWith == u"other" ? &m_otherKey : &m_key));
        const HttpResult answer = token(fixture, refresh, proof, publicClient, QString());
        QVERIFY2(answer.status == status, answer.body.constData());
        if (status == 200) {
            QCOMPARE(answer.string("token_type"), QStringLiteral("DPoP"));
            QCOMPARE(jktOf(answer.string("access_token")), m_key.thumbprint());
            return;
        }
        QCOMPARE(answer.error(), error);
        // The refusal changed nothing: the holder of the key still refreshes with the same token.
        const HttpResult owner = token(fixture, refresh, signedProof(tokenProof(fixture)), publicClient, QString());
        QVERIFY2(owner.status == 200, owner.body.constData());
    }

    // RFC 9449 §10: dpop_jkt in the authorization request binds the code to a key. A public client with PKCE, as a
    // browser app does it; `exchangeWith` is the key of the token request's proof (same, other, none).
    void authorizationCodeIsBoundByDpopJkt_data()
    {
        QTest::addColumn<QString>("exchangeWith");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("the same key") << QStringLiteral("same") << 200 << QString();
        QTest::newRow("another key") << QStringLiteral("other") << 400 << QStringLiteral("invalid_grant");
        QTest::newRow("no proof") << QStringLiteral("none") << 400 << QStringLiteral("invalid_dpop_proof");
    }
    void authorizationCodeIsBoundByDpopJkt()
    {
        QFETCH(QString, exchangeWith);
        QFETCH(int, status);
        QFETCH(QString, error);
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const QString publicClient = QStringLiteral("demo-public");
        const QString verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); // RFC 7636 App. B
        QList<std::pair<QString, QString>> authorization = codeRequest(publicClient, verifier);
        authorization.append({QStringLiteral("dpop_jkt"), m_key.thumbprint()});
        // The login page carries dpop_jkt to the login POST.
        QUrl page = fixture.url(QStringLiteral("/authorize"));
        page.setQuery(QString::fromLatin1(form(authorization)));
        const HttpResult loginPage = fixture.http.get(page);
        QVERIFY(loginPage.body.contains("name=\"dpop_jkt\" value=\"" + m_key.thumbprint().toLatin1() + "\""));
        const QString code = signIn(fixture, authorization);
        QVERIFY(!code.isEmpty());

        const QList<std::pair<QString, QString>> exchange {
            {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
            {QStringLiteral("code"), code},
            {QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1/callback")},
            {QStringLiteral("code_verifier"), verifier}};
        const QByteArray proof = exchangeWith == u"none"
            ? QByteArray()
            : signedProof(tokenProof(fixture, exchangeWith == u"other" ? &m_otherKey : &m_key));
        const HttpResult answer = token(fixture, exchange, proof, publicClient, QString());
        QVERIFY2(answer.status == status, answer.body.constData());
        if (status != 200) {
            QCOMPARE(answer.error(), error);
            QVERIFY2(answer.string("error_description").contains(u"dpop_jkt"), answer.body.constData());
        }
        // A refused exchange leaves the code unused: the holder of the key still exchanges it, once.
        const HttpResult owner = status == 200
            ? answer
            : token(fixture, exchange, signedProof(tokenProof(fixture)), publicClient, QString());
        QVERIFY2(owner.status == 200, owner.body.constData());
        QCOMPARE(owner.string("token_type"), QStringLiteral("DPoP"));
        QCOMPARE(jktOf(owner.string("access_token")), m_key.thumbprint());
        QCOMPARE(
            fixture.introspect(owner.string("refresh_token")).json().value(u"cnf").toObject().value(u"jkt").toString(),
            m_key.thumbprint());
        QCOMPARE(token(fixture, exchange, signedProof(tokenProof(fixture)), publicClient, QString()).error(),
                 QStringLiteral("invalid_grant"));
    }

    // An empty dpop_jkt is no dpop_jkt (RFC 6749 §3.1: a parameter without a value is omitted).
    void malformedDpopJktIsRefusedAtTheAuthorizationEndpoint_data()
    {
        QTest::addColumn<QString>("dpopJkt");
        QTest::newRow("too short") << QStringLiteral("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9X");
        QTest::newRow("not base64url") << QStringLiteral("NzbLsXh8uDCcd+6MNwXF4W/7noWXFZAfHkxZsRGC9Xs");
        QTest::newRow("a whole JWK") << QStringLiteral("{\"kty\":\"EC\"}");
    }
    void malformedDpopJktIsRefusedAtTheAuthorizationEndpoint()
    {
        QFETCH(QString, dpopJkt);
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        QList<std::pair<QString, QString>> authorization
            = codeRequest(QStringLiteral("demo-public"), QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        authorization.append({QStringLiteral("dpop_jkt"), dpopJkt});
        authorization.append({{QStringLiteral("username"), QStringLiteral("alice")},
                              {QStringLiteral("password"), QStringLiteral("alice")}});
        const HttpResult redirect = fixture.http.post(fixture.url(QStringLiteral("/authorize")), form(authorization));
        QCOMPARE(redirect.status, 302);
        const QUrlQuery query(QUrl(QString::fromLatin1(redirect.header("Location"))));
        QCOMPARE(query.queryItemValue(QStringLiteral("error")), QStringLiteral("invalid_request"));
        QVERIFY(query.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded).contains(u"dpop_jkt"));
        QVERIFY(!query.hasQueryItem(QStringLiteral("code")));
    }

    void confidentialClientRefreshIsNotBound()
    {
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login = token(fixture, passwordGrant(), signedProof(tokenProof(fixture)));
        QCOMPARE(login.string("token_type"), QStringLiteral("DPoP"));
        QVERIFY(!fixture.introspect(login.string("refresh_token")).json().contains(u"cnf"));
        const HttpResult refreshed = fixture.refresh(login.string("refresh_token"));
        QVERIFY2(refreshed.status == 200, refreshed.body.constData());
        QCOMPARE(refreshed.string("token_type"), QStringLiteral("Bearer"));
    }

    void clientThatRequiresDpopNeedsAProof()
    {
        IssuerConfig config = IssuerConfig::demo();
        IssuerClient strict = *config.client(u"demo");
        strict.clientId = QStringLiteral("strict");
        strict.dpopBoundAccessTokens = true;
        config.clients << strict;
        IssuerFixture fixture(config);
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult without = token(fixture, clientCredentialsGrant(), {}, QStringLiteral("strict"));
        QCOMPARE(without.status, 400);
        QCOMPARE(without.error(), QStringLiteral("invalid_dpop_proof"));
        QVERIFY2(without.string("error_description").contains(u"dpop_bound_access_tokens"), without.body.constData());
        const HttpResult with
            = token(fixture, clientCredentialsGrant(), signedProof(tokenProof(fixture)), QStringLiteral("strict"));
        QCOMPARE(with.status, 200);
        QCOMPARE(with.string("token_type"), QStringLiteral("DPoP"));
    }

    void userinfoTakesABoundTokenOnlyWithItsProof_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("DPoP with ath") << QStringLiteral("dpop") << 200 << QString();
        QTest::newRow("DPoP with POST") << QStringLiteral("post") << 200 << QString();
        QTest::newRow("as a Bearer token") << QStringLiteral("bearer") << 401 << QStringLiteral("invalid_token");
        QTest::newRow("ath of another token") << QStringLiteral("ath") << 401 << QStringLiteral("invalid_dpop_proof");
        QTest::newRow("no ath") << QStringLiteral("no ath") << 401 << QStringLiteral("invalid_dpop_proof");
        QTest::newRow("proof by another key") << QStringLiteral("key") << 401 << QStringLiteral("invalid_dpop_proof");
        QTest::newRow("proof for the token endpoint")
            << QStringLiteral("htu") << 401 << QStringLiteral("invalid_dpop_proof");
        QTest::newRow("DPoP scheme without a proof")
            << QStringLiteral("no proof") << 401 << QStringLiteral("invalid_dpop_proof");
        QTest::newRow("DPoP scheme with a bearer token")
            << QStringLiteral("unbound") << 401 << QStringLiteral("invalid_token");
    }
    void userinfoTakesABoundTokenOnlyWithItsProof()
    {
        QFETCH(QString, how);
        QFETCH(int, status);
        QFETCH(QString, error);
        IssuerFixture fixture;
        QVERIFY2(fixture.started, qPrintable(fixture.error));
        const HttpResult login
            = token(fixture, passwordGrant(), how == u"unbound" ? QByteArray() : signedProof(tokenProof(fixture)));
        QVERIFY2(login.status == 200, login.body.constData());
        const QByteArray accessToken = login.string("access_token").toLatin1();
        ProofSpec spec = tokenProof(fixture, how == u"key" ? &m_otherKey : &m_key);
        spec.htm = how == u"post" ? QStringLiteral("POST") : QStringLiteral("GET");
        if (how != u"htu")
            spec.htu = fixture.url(QStringLiteral("/userinfo")).toString();
        spec.ath = DpopVerifier::accessTokenHash(how == u"ath" ? QByteArray("another-token") : accessToken);
        if (how == u"no ath")
            spec.ath.clear();
        Headers headers {{QByteArrayLiteral("Authorization"), (how == u"bearer" ? "Bearer " : "DPoP ") + accessToken}};
        if (how != u"bearer" && how != u"no proof")
            headers.append({QByteArrayLiteral("DPoP"), signedProof(spec)});
        const QUrl userinfo = fixture.url(QStringLiteral("/userinfo"));
        const HttpResult answer
            = how == u"post" ? fixture.http.post(userinfo, {}, headers) : fixture.http.get(userinfo, headers);
        QVERIFY2(answer.status == status, answer.body.constData());
        if (status == 200) {
            QCOMPARE(answer.string("sub"), QStringLiteral("alice"));
            return;
        }
        QCOMPARE(answer.error(), error);
        // RFC 9449 §7.1: the DPoP challenge, with the algorithms a proof may use.
        const QByteArray challenge = answer.header("WWW-Authenticate");
        QVERIFY2(challenge.startsWith("DPoP "), challenge.constData());
        QVERIFY2(challenge.contains("error=\"" + error.toLatin1() + '"'), challenge.constData());
        QVERIFY2(challenge.contains("algs=\""), challenge.constData());
    }

    void configReaderTakesTheDpopSettings_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field"); // empty: accepted
        QTest::newRow("all set") << QByteArray(R"({"dpop": {"require_nonce": true, "nonce_lifetime": 30,)"
                                               R"( "proof_window": 120}})")
                                 << QString();
        QTest::newRow("nonce lifetime too short")
            << QByteArray(R"({"dpop": {"nonce_lifetime": 5}})") << QStringLiteral("dpop.nonce_lifetime");
        QTest::newRow("proof window too long")
            << QByteArray(R"({"dpop": {"proof_window": 7200}})") << QStringLiteral("dpop.proof_window");
        QTest::newRow("require_nonce not a boolean")
            << QByteArray(R"({"dpop": {"require_nonce": "yes"}})") << QStringLiteral("dpop.require_nonce");
        QTest::newRow("unknown member") << QByteArray(R"({"dpop": {"nonces": true}})") << QStringLiteral("dpop.nonces");
        QTest::newRow("client flag not a boolean")
            << QByteArray(R"({"clients": [{"client_id": "c", "dpop_bound_access_tokens": 1}]})")
            << QStringLiteral("clients[0].dpop_bound_access_tokens");
    }
    void configReaderTakesTheDpopSettings()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        const IssuerConfigResult result = IssuerConfigReader::parse(json, QStringLiteral("config.json"));
        QCOMPARE(bool(result), field.isEmpty());
        if (!result) {
            QCOMPARE(result.field, field);
            QVERIFY2(result.error.contains(field), qPrintable(result.error));
            return;
        }
        QVERIFY(result.config->dpop.requireNonce);
        QCOMPARE(result.config->dpop.nonceLifetime, qint64(30));
        QCOMPARE(result.config->dpop.proofWindow, qint64(120));
    }
};

QTEST_GUILESS_MAIN(TestIssuerDpop)
#include "tst_issuerdpop.moc"
