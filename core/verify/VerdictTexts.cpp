#include "verify/VerdictTexts.h"

#include "crypto/KeyData.h"

#include <QCoreApplication>
#include <QEvent>
#include <QThread>

#include <array>
#include <atomic>
#include <optional>
#include <vector>

namespace tokenscope::VerdictTexts {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct VerifierText
{
    Q_DECLARE_TR_FUNCTIONS(TokenVerifier)
};

// Bumped on QEvent::LanguageChange (QCoreApplication::installTranslator/removeTranslator send it to the
// application) and when the watched application goes away, so per-thread copies of translated text know when to
// translate again.
std::atomic<quint64> translationGeneration {0};
std::atomic<QCoreApplication *> watchedApplication {nullptr};

class LanguageChangeWatcher final : public QObject
{
public:
    explicit LanguageChangeWatcher(QObject *parent) : QObject(parent) { }
    ~LanguageChangeWatcher() override
    {
        watchedApplication.store(nullptr, std::memory_order_release);
        translationGeneration.fetch_add(1, std::memory_order_acq_rel);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LanguageChange)
            translationGeneration.fetch_add(1, std::memory_order_acq_rel);
        return QObject::eventFilter(watched, event);
    }
};

// The current translation generation, or nullopt when translations are not watched (no application, or the
// application's thread has not verified yet: only that thread may install the event filter). Without a
// generation nothing is cached and every verification translates afresh.
std::optional<quint64> watchedTranslationGeneration()
{
    QCoreApplication *application = QCoreApplication::instance();
    if (!application)
        return std::nullopt;
    if (watchedApplication.load(std::memory_order_acquire) != application) {
        if (QThread::currentThread() != application->thread())
            return std::nullopt;
        // Owned by the application, so it goes (and invalidates the caches) when the application does.
        application->installEventFilter(new LanguageChangeWatcher(application));
        translationGeneration.fetch_add(1, std::memory_order_acq_rel);
        watchedApplication.store(application, std::memory_order_release);
    }
    return translationGeneration.load(std::memory_order_acquire);
}

QString deepCopy(const QString &text)
{
    return text.isNull() ? QString() : QString(text.constData(), text.size());
}

constexpr size_t kAlgorithmCount = size_t(Algorithms::count);

// Kept because it pays (callgrind, release build, 2026-12-05, `tokenscope-cli bench` as in tests/bench/README.md):
// HS256 verification costs 20.8k instructions per token with this cache and 22.9k without (+10 %), most of what
// Tokenscope adds to the HMAC.
// One thread's copies of key metadata (for KeyAttempt) and of translated success texts. Entries are matched by
// KeyData address and id, then checked against the key's current metadata strings by buffer (setters may change an
// unshared KeyData in place); only building an entry writes the key's reference counts. Entries hold public
// metadata only, never key material.
struct ThreadCache
{
    struct KeyEntry
    {
        const KeyData *data = nullptr;
        quint64 id = 0;
        KeyAttempt metadata; // deep copies (public metadata only, no key material); outcome empty
        // The key's own strings at the time, held so their buffers cannot be reused: a string that still has the
        // same buffer still has the same text (shared QString data is never changed in place).
        std::array<QString, 5> held;

        static bool same(const QString &kept, const QString &current)
        {
            return kept.constData() == current.constData() && kept.size() == current.size();
        }
        bool matches(const KeyData &current) const
        {
            return same(held[0], current.kid) && same(held[1], current.algorithm) && same(held[2], current.use)
                && same(held[3], current.source) && same(held[4], current.thumbprint);
        }
    };

    std::optional<quint64> generation;
    QString signatureVerifies;
    std::array<QString, kAlgorithmCount> validMessages;
    std::vector<KeyEntry> keys;

    void refreshTranslations()
    {
        const std::optional<quint64> current = watchedTranslationGeneration();
        if (current && current == generation)
            return;
        generation = current;
        signatureVerifies.clear();
        for (QString &message : validMessages)
            message.clear();
    }

    const QString &validMessage(Algorithm algorithm)
    {
        QString &valid = validMessages[size_t(algorithm)];
        if (valid.isNull())
            valid = VerifierText::tr("the %1 signature verifies and the claims pass").arg(Algorithms::name(algorithm));
        return valid;
    }

    // Metadata of `key`, (re)built when the key is new to this thread or its metadata changed in place.
    KeyEntry &entry(const Key &key)
    {
        static const KeyData noData;
        const KeyData &data = key.data() ? *key.data() : noData;
        for (KeyEntry &candidate : keys) {
            if (candidate.data == &data && candidate.id == data.id) {
                if (candidate.matches(data))
                    return candidate;
                candidate = makeEntry(key, data);
                return candidate;
            }
        }
        // A bounded cache: a JWKS rarely has more keys than this.
        if (keys.size() >= 64)
            keys.clear();
        keys.push_back(makeEntry(key, data));
        return keys.back();
    }

    static KeyEntry makeEntry(const Key &key, const KeyData &data)
    {
        KeyEntry made;
        made.data = &data;
        made.id = data.id;
        made.metadata.kid = deepCopy(data.kid);
        made.metadata.kty = key.kty();
        made.metadata.alg = deepCopy(data.algorithm);
        made.metadata.use = deepCopy(data.use);
        made.metadata.source = deepCopy(data.source);
        made.metadata.thumbprint = deepCopy(data.thumbprint);
        made.held = {data.kid, data.algorithm, data.use, data.source, data.thumbprint};
        return made;
    }
};

ThreadCache &threadCache()
{
    thread_local ThreadCache cache;
    return cache;
}

KeyAttempt describe(ThreadCache &cache, const Key &key, const AttemptRecord &record, const QString &tokenKid)
{
    KeyAttempt attempt = cache.entry(key).metadata;
    switch (record.outcome) {
    case AttemptOutcome::KidDiffers:
        attempt.outcome = VerifierText::tr("kid differs (the token asks for \"%1\")").arg(tokenKid);
        break;
    case AttemptOutcome::DoesNotFit:
        attempt.outcome = record.detail;
        break;
    case AttemptOutcome::SignatureInvalid:
        attempt.outcome = record.detail.isEmpty()
            ? VerifierText::tr("signature does not verify")
            : VerifierText::tr("signature does not verify: %1").arg(record.detail);
        break;
    case AttemptOutcome::Verified:
        if (cache.signatureVerifies.isNull())
            cache.signatureVerifies = VerifierText::tr("signature verifies");
        attempt.outcome = cache.signatureVerifies;
        break;
    }
    return attempt;
}

} // namespace

void describeAttempts(const KeySet &keys, const AttemptRecords &records, const QString &tokenKid,
                      QList<KeyAttempt> &attempts)
{
    ThreadCache &cache = threadCache();
    cache.refreshTranslations();
    attempts.reserve(attempts.size() + records.size());
    for (const AttemptRecord &record : records)
        attempts.append(describe(cache, keys.at(record.keyIndex), record, tokenKid));
}

const QString &validMessage(Algorithm algorithm)
{
    ThreadCache &cache = threadCache();
    cache.refreshTranslations();
    return cache.validMessage(algorithm);
}

} // namespace tokenscope::VerdictTexts
