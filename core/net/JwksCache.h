#pragma once

#include "common/Clock.h"
#include "net/JwksClient.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;

namespace tokenscope {

// A per-URL cache of fetched JWK Sets in front of one JwksClient, as a relying party keeps one: a copy is trusted
// for the response's Cache-Control max-age (RFC 9111 §5.2.2.1; a default when the header is absent), an unknown
// kid triggers one re-fetch (a key rotation may have happened since the copy was taken), and a cooldown keeps a
// token with a made-up kid from turning into a request per verification. Times come from the injected clock.
class JwksCache : public QObject
{
    Q_OBJECT
public:
    // How the keys are found: a JWKS URL, or an issuer (or discovery URL) through OpenID Connect discovery.
    enum class SourceKind { JwksUrl, Issuer };

    // One cached JWK Set: what was asked for, what the fetch returned, and until when the copy is trusted.
    struct Entry
    {
        SourceKind kind = SourceKind::JwksUrl;
        QUrl url; // what was asked for (the JWKS URL or the issuer)
        JwksFetchResult fetched; // keys, skipped keys, the JWKS and discovery URLs
        qint64 fetchedAt = 0; // clock seconds
        qint64 trustedUntil = 0; // fetchedAt + max-age (or the default)
        [[nodiscard]] bool hasKid(const QString &kid) const;
    };

    // Why fetch() was called; an automatic re-fetch honours the cooldown, a user's request does not.
    enum class Trigger { User, Stale, UnknownKid };

    static constexpr qint64 defaultTrustSeconds = 300; // when the response has no max-age
    static constexpr qint64 defaultCooldownSeconds = 30;

    JwksCache(QNetworkAccessManager *network, const Clock *clock, QObject *parent = nullptr);
    ~JwksCache() override;

    void setClock(const Clock *clock);
    void setCooldownSeconds(qint64 seconds) { m_cooldownSeconds = seconds; }
    [[nodiscard]] qint64 cooldownSeconds() const { return m_cooldownSeconds; }
    void setDefaultTrustSeconds(qint64 seconds) { m_defaultTrustSeconds = seconds; }

    // The cached copy for a source, fresh or not.
    [[nodiscard]] std::optional<Entry> entry(SourceKind kind, const QUrl &url) const;
    [[nodiscard]] bool isFresh(SourceKind kind, const QUrl &url) const;

    // Starts a fetch in the background (cancelling a running one). finished() reports it.
    void fetch(SourceKind kind, const QUrl &url, const FetchOptions &options, Trigger trigger = Trigger::User);

    // What a verifier calls before using the cached keys: re-fetches when the copy is stale, or when `kid` is
    // not in it, unless a fetch of this source started less than the cooldown ago. Nothing happens for a source
    // that was never fetched (fetching is the user's decision). Returns true when a re-fetch started.
    bool refreshIfNeeded(SourceKind kind, const QUrl &url, const QString &kid, const FetchOptions &options);

    void cancel();
    [[nodiscard]] bool isFetching() const;
    // The source being fetched (valid while isFetching()).
    [[nodiscard]] SourceKind fetchingKind() const { return m_fetchingKind; }
    [[nodiscard]] QUrl fetchingUrl() const { return m_fetchingUrl; }
    [[nodiscard]] Trigger fetchingTrigger() const { return m_fetchingTrigger; }

    // How many requests (fetch starts) each source has had; for tests and diagnostics.
    [[nodiscard]] int fetchCount(SourceKind kind, const QUrl &url) const;

    void clear();

signals:
    // A fetch ended: on success the entry is cached (entry() returns it); on failure a previous copy is kept.
    void finished(tokenscope::JwksCache::SourceKind kind, const QUrl &url, const tokenscope::FetchError &error);
    void progress(qint64 bytesReceived, qint64 bytesTotal);

private:
    // Per source: its cached entry, if any, and its fetch attempts (for the cooldown after an unknown kid).
    struct State
    {
        std::optional<Entry> entry;
        qint64 lastAttemptAt = 0;
        bool attempted = false;
        int fetchCount = 0;
    };

    void onClientFinished(const JwksFetchResult &result);
    [[nodiscard]] static QString keyFor(SourceKind kind, const QUrl &url);

    JwksClient m_client;
    const Clock *m_clock = nullptr;
    qint64 m_cooldownSeconds = defaultCooldownSeconds;
    qint64 m_defaultTrustSeconds = defaultTrustSeconds;
    QHash<QString, State> m_states;
    SourceKind m_fetchingKind = SourceKind::JwksUrl;
    QUrl m_fetchingUrl;
    Trigger m_fetchingTrigger = Trigger::User;
    bool m_fetching = false;
};

} // namespace tokenscope
