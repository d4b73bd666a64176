// The mock issuer's key ring: signing keys kept in the store, the scheduled rotation and the published JWK Set
// (RFC 7517 §5).
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

Result<void> MockIssuer::loadKeys()
{
    m_keys.clear();
    for (const StoredKey &stored : m_store.keys()) {
        const KeyParseResult parsed = KeyParser::parsePem(stored.privatePem, keySource);
        const auto found
            = std::find_if(parsed.keys.begin(), parsed.keys.end(), [](const Key &key) { return key.hasPrivate(); });
        if (found == parsed.keys.end())
            return Error {"issuer.key_unreadable",
                          tr("the signing key %1 in the database cannot be read: %2").arg(stored.kid, parsed.error)};
        Key key = *found;
        key.setKid(stored.kid);
        key.setJwkAlgorithm(stored.algorithm);
        key.setUse(QStringLiteral("sig"));
        appendKey(stored, key);
    }
    return {};
}

Result<QString> MockIssuer::addKey(qint64 publishFrom, qint64 signFrom)
{
    const Algorithm algorithm = m_config.policy.signingAlgorithm;
    KeyGenerationResult generated = KeyGenerator::generate(algorithm);
    if (!generated)
        return Error {"issuer.key_not_generated", tr("cannot generate a signing key: %1").arg(generated.error)};
    Key key = generated.key;
    // RFC 7638 §1: the thumbprint makes a stable, unique kid.
    key.setKid(key.thumbprint());
    key.setJwkAlgorithm(Algorithms::name(algorithm));
    key.setUse(QStringLiteral("sig"));
    StoredKey stored;
    stored.kid = key.kid();
    stored.algorithm = Algorithms::name(algorithm);
    stored.privatePem = key.toPem(Key::Export::IncludePrivate);
    stored.createdAt = now();
    stored.publishFrom = publishFrom;
    stored.signFrom = signFrom;
    if (!m_store.insertKey(stored))
        return Error {"issuer.key_not_stored", tr("cannot store the signing key: %1").arg(m_store.lastError())};
    appendKey(stored, key);
    return stored.kid;
}

void MockIssuer::appendKey(const StoredKey &stored, const Key &key)
{
    const Key publicKey = key.publicKey();
    m_keys.append({stored, key, publicKey, publicKey.toJwk(Key::Export::PublicOnly)});
}

const MockIssuer::LoadedKey *MockIssuer::signingKey()
{
    const qint64 t = now();
    const LoadedKey *best = nullptr;
    for (const LoadedKey &key : std::as_const(m_keys)) {
        if (key.stored.algorithm != Algorithms::name(m_config.policy.signingAlgorithm))
            continue;
        if (key.stored.signFrom <= t && (key.stored.retireAt == 0 || t < key.stored.retireAt)
            && (!best || key.stored.signFrom >= best->stored.signFrom))
            best = &key;
    }
    return best;
}

QList<const MockIssuer::LoadedKey *> MockIssuer::publishedKeys()
{
    const qint64 t = now();
    QList<const LoadedKey *> list;
    for (const LoadedKey &key : std::as_const(m_keys)) {
        if (key.stored.publishFrom <= t && (key.stored.retireAt == 0 || t < key.stored.retireAt))
            list << &key;
    }
    return list;
}

std::optional<qint64> MockIssuer::dueSuccessorSignFrom()
{
    const policy::IssuerPolicy &policy = m_config.policy;
    const LoadedKey *current = signingKey();
    if (!current || policy.keyRotationInterval <= 0)
        return std::nullopt;
    // Scheduled rotation: the successor is published `keyOverlap` before it signs, one interval after the current
    // key started signing; the current key stays published `keyOverlap` after it stops (docs/scenarios.md).
    qint64 latestSignFrom = current->stored.signFrom;
    for (const LoadedKey &key : std::as_const(m_keys))
        latestSignFrom = std::max(latestSignFrom, key.stored.signFrom);
    if (latestSignFrom > current->stored.signFrom)
        return std::nullopt; // the successor is already published
    const qint64 t = now();
    if (t + policy.keyOverlap < current->stored.signFrom + policy.keyRotationInterval)
        return std::nullopt;
    // After a long jump of the clock, skip the intervals that passed unseen.
    const qint64 steps
        = std::max<qint64>(1, (t + policy.keyOverlap - current->stored.signFrom) / policy.keyRotationInterval);
    return current->stored.signFrom + steps * policy.keyRotationInterval;
}

Result<void> MockIssuer::ensureKeys()
{
    if (signingKey() && !dueSuccessorSignFrom())
        return {};
    // The step's own error when it has one, else the store's.
    auto failed = [&](const std::optional<Error> &cause = std::nullopt) -> Result<void> {
        Error error = cause ? *cause : Error {"issuer.state_not_stored", m_store.lastError()};
        (void)loadKeys(); // drop what was not stored
        return error;
    };
    // Replicas sharing the database: one changes the key ring at a time, and each decides on the ring as the
    // previous one left it, so a due key is made once, not once per replica.
    IssuerStore::Transaction transaction(m_store, IssuerStore::TransactionScope::IssuerState);
    if (!transaction.isActive())
        return failed();
    if (const Result<void> loaded = loadKeys(); !loaded)
        return failed(loaded.error());
    const policy::IssuerPolicy &policy = m_config.policy;
    const qint64 t = now();
    if (!signingKey()) {
        // No key of the policy's algorithm signs now (a new database, or the algorithm changed): one at once.
        // Keys of another algorithm (the policy changed since they were made) stay published long enough for the
        // tokens they signed to expire, then retire.
        const qint64 retireAt = t + std::max(policy.keyOverlap, policy.accessTokenTtl);
        for (LoadedKey &key : m_keys) {
            if (key.stored.retireAt == 0 || key.stored.retireAt > retireAt) {
                if (!m_store.setKeyRetireAt(key.stored.kid, retireAt))
                    return failed();
                key.stored.retireAt = retireAt;
            }
        }
        if (const Result<QString> added = addKey(t, t); !added)
            return failed(added.error());
        if (!transaction.commit())
            return failed();
        return {};
    }
    const std::optional<qint64> signFrom = dueSuccessorSignFrom();
    if (!signFrom) // another replica made the successor while this one waited
        return transaction.commit() ? Result<void>() : failed();
    const QString currentKid = signingKey()->stored.kid;
    if (const Result<QString> added = addKey(std::min(t, *signFrom - policy.keyOverlap), *signFrom); !added)
        return failed(added.error());
    if (!m_store.setKeyRetireAt(currentKid, *signFrom + policy.keyOverlap) || !transaction.commit())
        return failed();
    for (LoadedKey &key : m_keys) {
        if (key.stored.kid == currentKid)
            key.stored.retireAt = *signFrom + policy.keyOverlap;
    }
    emit stateChanged();
    return {};
}

Result<QString> MockIssuer::rotateKeys()
{
    const qint64 t = now();
    const qint64 overlap = m_config.policy.keyOverlap;
    IssuerStore::Transaction transaction(m_store);
    QStringList retiring;
    for (const LoadedKey &key : std::as_const(m_keys)) {
        if (key.stored.retireAt == 0 || key.stored.retireAt > t + 2 * overlap)
            retiring << key.stored.kid;
    }
    for (const QString &kid : std::as_const(retiring)) {
        if (!m_store.setKeyRetireAt(kid, t + 2 * overlap))
            return Error {"issuer.state_not_stored", m_store.lastError()};
    }
    // Published now, signing after the overlap, so verifiers that refresh their JWKS see it before it is used.
    Result<QString> added = addKey(t, t + overlap);
    if (!added)
        return added;
    if (!transaction.commit()) {
        Error error {"issuer.state_not_stored", m_store.lastError()};
        (void)loadKeys(); // drop the key that was not stored
        return error;
    }
    for (LoadedKey &key : m_keys) {
        if (retiring.contains(key.stored.kid))
            key.stored.retireAt = t + 2 * overlap;
    }
    emit stateChanged();
    return added;
}

QByteArray MockIssuer::jwks()
{
    const QList<const LoadedKey *> published = publishedKeys();
    QByteArray kids;
    for (const LoadedKey *key : published)
        kids += key->stored.kid.toLatin1() + ' ';
    // The body changes only when the published set does (a rotation, or the clock passing a key's dates).
    if (kids == m_jwksKids && !m_jwksBody.isEmpty())
        return m_jwksBody;
    QByteArray body = QByteArrayLiteral("{\"keys\":[");
    bool first = true;
    for (const LoadedKey *key : published) {
        if (!first)
            body += ',';
        first = false;
        body += key->publicJwk;
    }
    body += "]}";
    m_jwksKids = kids;
    m_jwksBody = body;
    return body;
}

} // namespace tokenscope::issuer
