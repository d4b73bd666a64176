// Inspect's key fetching (JwksClient, the verifier) against each of the mock issuer's runtime faults (docs/issuer.md
// "Faults"): every fault ends in a refusal that says what is wrong, never in a verdict that trusts a bad key set.
// The issuer runs in a thread of its own (LocalMockIssuer), so a delayed answer really outlasts the client's timeout.
#include "crypto/KeyParser.h"
#include "issuer/LocalMockIssuer.h"
#include "net/JwksClient.h"
#include "verify/TokenVerifier.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTest>
#include <QUrlQuery>

using namespace tokenscope;

namespace {

constexpr qint64 startTime = 1'800'000'000;

struct Answer
{
    int status = 0;
    QJsonObject json;
};

Answer post(QNetworkAccessManager &network, const QUrl &url, const QList<std::pair<QString, QString>> &form,
            const QByteArray &authorization = {})
{
    QUrlQuery query;
    for (const auto &[name, value] : form)
        query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    QNetworkReply *reply = network.post(request, query.toString(QUrl::FullyEncoded).toLatin1());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Answer answer {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                   QJsonDocument::fromJson(reply->readAll()).object()};
    reply->deleteLater();
    return answer;
}

QUrl at(const QUrl &base, const QString &path)
{
    QUrl url = base;
    url.setPath(path);
    return url;
}

} // namespace

class TestKeyFetchFaults : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_issuer = std::make_unique<issuer::LocalMockIssuer>();
        const Result<void> started = m_issuer->start(startTime);
        QVERIFY2(started, qPrintable(started.errorMessage()));
        m_network.setProxy(QNetworkProxy::NoProxy);
    }
    void cleanup() { m_issuer.reset(); }

    void eachFaultIsRefusedInWords_data()
    {
        QTest::addColumn<QByteArray>("faults");
        QTest::addColumn<QString>("expected"); // "fetch:<FetchError kind>" or "verify:<reason name>"
        QTest::addColumn<QString>("words"); // what the message must say
        QTest::newRow("jwks server_error")
            << QByteArray(R"({"jwks":"server_error"})") << QStringLiteral("fetch:status") << QStringLiteral("500");
        QTest::newRow("jwks slower than the timeout")
            << QByteArray(R"({"jwks_delay_ms":1500})") << QStringLiteral("fetch:timeout") << QString();
        // At the root, "http://h:p" and "http://h:p/" name one URL (RFC 3986 §6.2.3), so discovery passes; the
        // token's iss then differs from discovery's issuer, which a verifier compares exactly (RFC 9068 §4).
        QTest::newRow("issuer trailing slash")
            << QByteArray(R"({"issuer_trailing_slash":true})") << QStringLiteral("verify:iss_mismatch") << QString();
        QTest::newRow("jwks stale") << QByteArray(R"({"jwks":"stale"})") << QStringLiteral("verify:key_not_found")
                                    << QString();
        QTest::newRow("unpublished kid") << QByteArray(R"({"token_unknown_kid":true})")
                                         << QStringLiteral("verify:key_not_found") << QStringLiteral("unpublished-");
        QTest::newRow("iat in the future")
            << QByteArray(R"({"token_clock_skew":600})") << QStringLiteral("verify:not_yet_valid") << QString();
    }

    void eachFaultIsRefusedInWords()
    {
        QFETCH(QByteArray, faults);
        QFETCH(QString, expected);
        QFETCH(QString, words);
        const QUrl issuerUrl = m_issuer->url();
        QCOMPARE(post(m_network, at(issuerUrl, QStringLiteral("/admin/faults")),
                      {{QStringLiteral("faults"), QString::fromUtf8(faults)}})
                     .status,
                 200);

        FetchOptions options;
        options.limits.timeoutMs = 500;
        if (expected.startsWith(u"fetch:")) {
            const JwksFetchResult fetched
                = JwksClient::fetchJwksBlocking(&m_network, at(issuerUrl, QStringLiteral("/jwks")), options);
            QVERIFY(!fetched);
            const FetchError::Kind kind
                = expected == u"fetch:status" ? FetchError::Kind::HttpStatus : FetchError::Kind::Timeout;
            QCOMPARE(fetched.error.kind, kind);
            QVERIFY2(!fetched.error.message.isEmpty() && fetched.error.message.contains(words),
                     qPrintable(fetched.error.message));
            return;
        }
        // The verifier's side: keys fetched now, the token freshly issued under the fault.
        const Answer faulted = post(m_network, at(issuerUrl, QStringLiteral("/token")),
                                    {{QStringLiteral("grant_type"), QStringLiteral("password")},
                                     {QStringLiteral("username"), QStringLiteral("alice")},
                                     {QStringLiteral("password"), QStringLiteral("alice")}},
                                    "Basic " + QByteArray("demo:demo-secret").toBase64());
        QCOMPARE(faulted.status, 200);
        const JwksFetchResult fetched = JwksClient::fetchFromIssuerBlocking(&m_network, issuerUrl, options);
        QVERIFY2(fetched || expected == u"verify:key_not_found", qPrintable(fetched.error.message));
        FixedClock clock(startTime);
        VerificationPolicy policy;
        policy.clock = &clock;
        // As Inspect verifies through discovery: the issuer the document names is the iss a token must carry.
        policy.expectedIssuer = fetched.issuer;
        const VerificationResult verdict
            = TokenVerifier::verify(faulted.json.value(u"access_token").toString().toLatin1(), fetched.keys, policy);
        QCOMPARE(reasonName(verdict.reason), expected.mid(7));
        QVERIFY2(verdict.message.contains(words), qPrintable(verdict.message));
    }

private:
    std::unique_ptr<issuer::LocalMockIssuer> m_issuer;
    QNetworkAccessManager m_network;
};

QTEST_GUILESS_MAIN(TestKeyFetchFaults)
#include "tst_keyfetchfaults.moc"
