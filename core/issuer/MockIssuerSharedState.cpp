// Several `issuer serve` processes on one database act as one issuer (docs/issuer.md "Replicas on PostgreSQL").
// Everything a replica holds in memory besides its policy (the signing keys, the clock offset the admin API added,
// the clients) is a cache of the store: every change of it increments the store's state generation in the same
// transaction, and each request first compares the generation and re-reads what moved. Changes to that state (start-up,
// the admin API) take the issuer-wide lock, so replicas make them one at a time, each on the latest state.
#include "issuer/MockIssuer.h"

namespace tokenscope::issuer {

Result<void> MockIssuer::loadSharedState(bool configGiven)
{
    auto failed = [](ErrorCode code, const QString &message) {
        return Error {code, message};
    };
    // Replicas starting together: the first makes the signing key, the others find it.
    IssuerStore::Transaction transaction(m_store, IssuerStore::TransactionScope::IssuerState);
    if (!transaction.isActive())
        return failed(MockIssuerStartError::StateNotStored,
                      tr("cannot start a transaction: %1").arg(m_store.lastError()));
    if (configGiven || !m_store.hasClients()) {
        if (!m_store.replaceClientsAndUsers(m_config.clients, m_config.users))
            return failed(MockIssuerStartError::StateNotStored,
                          tr("cannot store the clients and users: %1").arg(m_store.lastError()));
    }
    // Both fail only on the key ring: a stored key that cannot be read, or a new one not generated or not stored.
    if (const Result<void> reloaded = reloadSharedState(); !reloaded)
        return failed(MockIssuerStartError::SigningKeyFailed, reloaded.error().message());
    if (const Result<void> keys = ensureKeys(); !keys)
        return failed(MockIssuerStartError::SigningKeyFailed, keys.error().message());
    if (!transaction.commit())
        return failed(MockIssuerStartError::StateNotStored,
                      tr("cannot store the issuer's state: %1").arg(m_store.lastError()));
    m_stateGeneration = m_store.stateGeneration().value_or(-1);
    return {};
}

Result<void> MockIssuer::reloadSharedState()
{
    loadClients();
    m_clock->offset = m_store.metaInteger(QStringLiteral("clock_offset")).value_or(0);
    return loadKeys();
}

bool MockIssuer::syncWithStore(std::optional<IssuerStore::Transaction> *adminTransaction)
{
    std::optional<qint64> generation;
    // A connection that broke since the last request (PostgreSQL restarted) is noticed by the first statement on
    // it: one new connection and a second try, then 503 until the database is back.
    for (int attempt = 0; attempt < 2 && !generation; ++attempt) {
        if (adminTransaction)
            adminTransaction->reset();
        if (!m_store.isAvailable() && !m_store.reconnect())
            return false;
        if (adminTransaction)
            adminTransaction->emplace(m_store, IssuerStore::TransactionScope::IssuerState);
        generation = m_store.stateGeneration();
        if (!generation && m_store.isAvailable())
            break; // the statement failed, not the connection
    }
    if (!generation) {
        if (adminTransaction)
            adminTransaction->reset();
        return false;
    }
    if (*generation != m_stateGeneration) {
        if (const Result<void> reloaded = reloadSharedState(); !reloaded) {
            qWarning("tokenscope mock issuer: cannot re-read the shared state: %s",
                     qPrintable(reloaded.error().message()));
            return false;
        }
        m_stateGeneration = *generation;
    }
    if (const Result<void> keys = ensureKeys(); !keys) {
        qWarning("tokenscope mock issuer: %s", qPrintable(keys.error().message()));
        m_stateGeneration = -1; // re-read the key ring: another replica may have made the change this one could not
    }
    return true;
}

bool MockIssuer::finishWithStore(std::optional<IssuerStore::Transaction> &adminTransaction, int status)
{
    const bool succeeded = status < 400;
    if (adminTransaction && !adminTransaction->commit() && succeeded) {
        // What the admin call changed in memory was not stored: re-read it all at the next request.
        m_stateGeneration = -1;
        return false;
    }
    // A server error because the database went away is the database's outage, not the issuer's fault.
    return !(status >= 500 && !m_store.isAvailable());
}

} // namespace tokenscope::issuer
