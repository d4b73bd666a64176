#include "net/JwksCache.h"

namespace tokenscope {

bool JwksCache::Entry::hasKid(const QString &kid) const
{
    for (const Key &key : fetched.keys) {
        if (key.kid() == kid)
            return true;
    }
    return false;
}

JwksCache::JwksCache(QNetworkAccessManager *network, const Clock *clock, QObject *parent)
    : QObject(parent), m_client(network), m_clock(clock ? clock : &SystemClock::instance())
{
    connect(&m_client, &JwksClient::finished, this, &JwksCache::onClientFinished);
    connect(&m_client, &JwksClient::progress, this, &JwksCache::progress);
}

JwksCache::~JwksCache() = default;

void JwksCache::setClock(const Clock *clock)
{
    m_clock = clock ? clock : &SystemClock::instance();
}

QString JwksCache::keyFor(SourceKind kind, const QUrl &url)
{
    return (kind == SourceKind::Issuer ? QStringLiteral("issuer ") : QStringLiteral("jwks ")) + url.toString();
}

std::optional<JwksCache::Entry> JwksCache::entry(SourceKind kind, const QUrl &url) const
{
    const auto found = m_states.constFind(keyFor(kind, url));
    if (found == m_states.cend())
        return std::nullopt;
    return found->entry;
}

bool JwksCache::isFresh(SourceKind kind, const QUrl &url) const
{
    const std::optional<Entry> cached = entry(kind, url);
    // RFC 9111 §4.2: a response is fresh while its age is below the freshness lifetime.
    return cached && m_clock->nowSeconds() < cached->trustedUntil;
}

int JwksCache::fetchCount(SourceKind kind, const QUrl &url) const
{
    const auto found = m_states.constFind(keyFor(kind, url));
    return found == m_states.cend() ? 0 : found->fetchCount;
}

bool JwksCache::isFetching() const
{
    return m_fetching;
}

void JwksCache::fetch(SourceKind kind, const QUrl &url, const FetchOptions &options, Trigger trigger)
{
    if (m_fetching)
        cancel(); // reports the running fetch as cancelled before this one starts
    State &state = m_states[keyFor(kind, url)];
    state.attempted = true;
    state.lastAttemptAt = m_clock->nowSeconds();
    ++state.fetchCount;
    m_fetching = true;
    m_fetchingKind = kind;
    m_fetchingUrl = url;
    m_fetchingTrigger = trigger;
    m_client.setOptions(options);
    if (kind == SourceKind::Issuer)
        m_client.fetchFromIssuer(url);
    else
        m_client.fetchJwks(url);
}

bool JwksCache::refreshIfNeeded(SourceKind kind, const QUrl &url, const QString &kid, const FetchOptions &options)
{
    if (m_fetching)
        return false;
    const auto found = m_states.constFind(keyFor(kind, url));
    if (found == m_states.cend() || !found->entry)
        return false; // never fetched: the user decides when to go on the network
    const qint64 now = m_clock->nowSeconds();
    if (found->attempted && now - found->lastAttemptAt < m_cooldownSeconds)
        return false;
    if (now >= found->entry->trustedUntil) {
        fetch(kind, url, options, Trigger::Stale);
        return true;
    }
    // A kid the copy does not know may be a key the issuer rotated in after the copy was taken.
    if (!kid.isEmpty() && !found->entry->hasKid(kid)) {
        fetch(kind, url, options, Trigger::UnknownKid);
        return true;
    }
    return false;
}

void JwksCache::cancel()
{
    if (m_fetching)
        m_client.cancel(); // emits finished(Cancelled) at once, handled below
    m_fetching = false;
}

void JwksCache::clear()
{
    cancel();
    m_states.clear();
}

void JwksCache::onClientFinished(const JwksFetchResult &result)
{
    if (!m_fetching)
        return;
    m_fetching = false;
    const SourceKind kind = m_fetchingKind;
    const QUrl url = m_fetchingUrl;
    if (result) {
        State &state = m_states[keyFor(kind, url)];
        Entry fresh;
        fresh.kind = kind;
        fresh.url = url;
        fresh.fetched = result;
        fresh.fetchedAt = m_clock->nowSeconds();
        const qint64 lifetime = result.maxAgeSeconds >= 0 ? result.maxAgeSeconds : m_defaultTrustSeconds;
        fresh.trustedUntil = fresh.fetchedAt + lifetime;
        state.entry = std::move(fresh);
    }
    emit finished(kind, url, result.error);
}

} // namespace tokenscope
