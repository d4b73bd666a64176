#include "net/JwksCache.h"
#include "support/JwksTestServer.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace tokenscope;
using namespace Qt::StringLiterals;
using SourceKind = JwksCache::SourceKind;
using Kind = FetchError::Kind;

namespace {

// RFC 7517 A.1 EC key and RFC 8037 A.2 Ed25519 key: the second stands for a key the issuer rotates in later.
const QByteArray ecKey
    = R"({"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","use":"sig","kid":"ec-1"})";
const QByteArray edKey
    = R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"ed-1"})";

} // namespace

// JwksCache: freshness from Cache-Control max-age on an injected clock, the one re-fetch on an unknown kid and its
// cooldown, failures that keep the previous copy, against a Qt HTTP Server on loopback.
class TestJwksCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString notListening = m_server.start();
        QVERIFY2(notListening.isEmpty(), qPrintable(notListening));
    }

    // The first key served with max-age 600, no request counted yet.
    void init() { m_server.serve("{\"keys\":[" + ecKey + "]}"); }

    void trustsTheCopyForMaxAge_data()
    {
        QTest::addColumn<QByteArray>("cacheControl");
        QTest::addColumn<qint64>("lifetime");
        QTest::newRow("max-age") << QByteArray("max-age=600") << qint64(600);
        QTest::newRow("among other directives")
            << QByteArray("public, MAX-AGE=\"120\", must-revalidate") << qint64(120);
        QTest::newRow("zero") << QByteArray("max-age=0") << qint64(0);
        QTest::newRow("absent: default") << QByteArray() << JwksCache::defaultTrustSeconds;
        QTest::newRow("malformed: default") << QByteArray("max-age=soon") << JwksCache::defaultTrustSeconds;
    }

    void trustsTheCopyForMaxAge()
    {
        QFETCH(QByteArray, cacheControl);
        QFETCH(qint64, lifetime);
        m_server.jwksCacheControl = cacheControl;
        FixedClock clock(1'000'000);
        QNetworkAccessManager network;
        JwksCache cache(&network, &clock);
        const QUrl url(m_server.base() + u"/jwks"_s);
        QVERIFY(fetchAndWait(cache, SourceKind::JwksUrl, url));

        const std::optional<JwksCache::Entry> entry = cache.entry(SourceKind::JwksUrl, url);
        QVERIFY(entry);
        QCOMPARE(entry->fetchedAt, 1'000'000);
        QCOMPARE(entry->trustedUntil, 1'000'000 + lifetime);
        QCOMPARE(entry->fetched.keys.size(), 1);
        QVERIFY(entry->hasKid(u"ec-1"_s));
        QCOMPARE(cache.isFresh(SourceKind::JwksUrl, url), lifetime > 0);

        // Within the lifetime (and past the cooldown) a known kid costs no request.
        clock.setNowSeconds(1'000'000 + std::max<qint64>(lifetime - 1, 0));
        if (lifetime > JwksCache::defaultCooldownSeconds)
            QVERIFY(!cache.refreshIfNeeded(SourceKind::JwksUrl, url, u"ec-1"_s, {}));
        QCOMPARE(m_server.jwksHits, 1);

        // Past it, the copy is stale and the next verification re-fetches it.
        clock.setNowSeconds(1'000'000 + std::max(lifetime, JwksCache::defaultCooldownSeconds));
        QVERIFY(!cache.isFresh(SourceKind::JwksUrl, url));
        QSignalSpy finished(&cache, &JwksCache::finished);
        QVERIFY(cache.refreshIfNeeded(SourceKind::JwksUrl, url, u"ec-1"_s, {}));
        QCOMPARE(cache.fetchingTrigger(), JwksCache::Trigger::Stale);
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_server.jwksHits, 2);
        QCOMPARE(cache.entry(SourceKind::JwksUrl, url)->fetchedAt, clock.nowSeconds());
    }

    void refetchesOnceOnUnknownKidWithCooldown()
    {
        m_server.jwksCacheControl = "max-age=3600";
        FixedClock clock(5000);
        QNetworkAccessManager network;
        JwksCache cache(&network, &clock);
        const QUrl url(m_server.base() + u"/jwks"_s);
        QVERIFY(fetchAndWait(cache, SourceKind::JwksUrl, url));
        QCOMPARE(m_server.jwksHits, 1);

        // Just fetched: an unknown kid does not send another request inside the cooldown.
        clock.advance(10);
        QVERIFY(!cache.refreshIfNeeded(SourceKind::JwksUrl, url, u"ed-1"_s, {}));
        QCOMPARE(m_server.jwksHits, 1);

        // After it, one re-fetch, which finds the rotated-in key.
        m_server.jwksBody = "{\"keys\":[" + ecKey + "," + edKey + "]}";
        clock.advance(JwksCache::defaultCooldownSeconds);
        QSignalSpy finished(&cache, &JwksCache::finished);
        QVERIFY(cache.refreshIfNeeded(SourceKind::JwksUrl, url, u"ed-1"_s, {}));
        QCOMPARE(cache.fetchingTrigger(), JwksCache::Trigger::UnknownKid);
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_server.jwksHits, 2);
        QVERIFY(cache.entry(SourceKind::JwksUrl, url)->hasKid(u"ed-1"_s));

        // A kid nobody has: one re-fetch per cooldown, not one per verification.
        clock.advance(JwksCache::defaultCooldownSeconds);
        QVERIFY(cache.refreshIfNeeded(SourceKind::JwksUrl, url, u"made-up"_s, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_server.jwksHits, 3);
        for (int i = 0; i < 5; ++i) {
            clock.advance(5);
            QVERIFY(!cache.refreshIfNeeded(SourceKind::JwksUrl, url, u"made-up"_s, {}));
        }
        QCOMPARE(m_server.jwksHits, 3);
        clock.advance(JwksCache::defaultCooldownSeconds);
        QVERIFY(cache.refreshIfNeeded(SourceKind::JwksUrl, url, u"made-up"_s, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_server.jwksHits, 4);
        QCOMPARE(cache.fetchCount(SourceKind::JwksUrl, url), 4);
    }

    void neverFetchesASourceTheUserDidNotAskFor()
    {
        FixedClock clock(100);
        QNetworkAccessManager network;
        JwksCache cache(&network, &clock);
        QVERIFY(!cache.refreshIfNeeded(SourceKind::JwksUrl, QUrl(m_server.base() + u"/jwks"_s), u"ec-1"_s, {}));
        QVERIFY(!cache.isFetching());
        QCOMPARE(m_server.jwksHits, 0);
    }

    void keepsThePreviousCopyWhenARefetchFails()
    {
        FixedClock clock(2000);
        QNetworkAccessManager network;
        JwksCache cache(&network, &clock);
        const QUrl url(m_server.base() + u"/jwks"_s);
        QVERIFY(fetchAndWait(cache, SourceKind::JwksUrl, url));
        m_server.jwksStatus = 503;
        clock.advance(700);
        QSignalSpy finished(&cache, &JwksCache::finished);
        cache.fetch(SourceKind::JwksUrl, url, {});
        QVERIFY(finished.wait(5000));
        const auto error = finished.first().at(2).value<FetchError>();
        QCOMPARE(error.kind, Kind::HttpStatus);
        QCOMPARE(error.httpStatus, 503);
        const std::optional<JwksCache::Entry> entry = cache.entry(SourceKind::JwksUrl, url);
        QVERIFY(entry);
        QCOMPARE(entry->fetchedAt, 2000);
    }

    void fetchesThroughIssuerDiscovery()
    {
        FixedClock clock(3000);
        QNetworkAccessManager network;
        JwksCache cache(&network, &clock);
        const QUrl issuer(m_server.base() + u"/realm"_s);
        QVERIFY(fetchAndWait(cache, SourceKind::Issuer, issuer));
        const std::optional<JwksCache::Entry> entry = cache.entry(SourceKind::Issuer, issuer);
        QVERIFY(entry);
        QCOMPARE(entry->fetched.jwksUrl, QUrl(m_server.base() + u"/jwks"_s));
        QCOMPARE(entry->fetched.issuer, m_server.base() + u"/realm"_s);
        QVERIFY(!cache.entry(SourceKind::JwksUrl, issuer)); // kinds do not share entries
    }

    void refusesPlainHttpToOtherHosts()
    {
        FixedClock clock(0);
        QNetworkAccessManager network;
        JwksCache cache(&network, &clock);
        QSignalSpy finished(&cache, &JwksCache::finished);
        const QUrl url(u"http://keys.example/jwks"_s);
        cache.fetch(SourceKind::JwksUrl, url, {});
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().at(2).value<FetchError>().kind, Kind::InsecureUrl);
        QVERIFY(!cache.entry(SourceKind::JwksUrl, url));
    }

    void cancelReportsCancelled()
    {
        FixedClock clock(0);
        QNetworkAccessManager network;
        JwksCache cache(&network, &clock);
        QSignalSpy finished(&cache, &JwksCache::finished);
        const QUrl url(m_server.silentUrl());
        cache.fetch(SourceKind::JwksUrl, url, {});
        QVERIFY(cache.isFetching());
        cache.cancel();
        QVERIFY(!cache.isFetching());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(2).value<FetchError>().kind, Kind::Cancelled);
        QVERIFY(!cache.entry(SourceKind::JwksUrl, url));
    }

private:
    bool fetchAndWait(JwksCache &cache, SourceKind kind, const QUrl &url)
    {
        QSignalSpy finished(&cache, &JwksCache::finished);
        cache.fetch(kind, url, {});
        if (!finished.wait(5000))
            return false;
        const auto error = finished.first().at(2).value<FetchError>();
        if (error)
            qWarning("fetch failed: %s", qPrintable(error.message));
        return !error;
    }

    test::JwksTestServer m_server;
};

QTEST_GUILESS_MAIN(TestJwksCache)
#include "tst_jwkscache.moc"
