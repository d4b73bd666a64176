// The admin API's run control (docs/issuer.md "Admin API"): what a live simulation needs to drive a mock issuer
// that is already running, whether started for the run or by `tokenscope-cli issuer serve`.
#include "issuer/MockIssuer.h"

namespace tokenscope::issuer {

bool MockIssuer::setClock(qint64 time, QString *error)
{
    const qint64 current = now();
    if (time < current) {
        // Keys, families and codes carry issue times: a clock moving back would make them come from the future.
        if (error)
            *error = tr("the clock only moves forward: it is %1, %2 was asked").arg(current).arg(time);
        return false;
    }
    return time == current || advanceClock(time - current, error);
}

bool MockIssuer::reconfigure(QByteArrayView json, QString *error)
{
    const IssuerConfigResult parsed = IssuerConfigReader::parse(json, QStringLiteral("config"));
    if (!parsed) {
        if (error)
            *error = parsed.error;
        return false;
    }
    // As `issuer serve --config`: the policy and the other settings take effect at once, and the given clients and
    // users replace the stored ones (in one transaction of the store's own). Families already issued keep their state
    // and meet the new rules.
    if (!m_store.replaceClientsAndUsers(parsed.config->clients, parsed.config->users)) {
        if (error)
            *error = tr("cannot store the clients and users: %1").arg(m_store.lastError());
        return false;
    }
    m_config = *parsed.config;
    loadClients();
    // A new signing algorithm needs a key of its own; scheduled rotation follows the new interval.
    if (!ensureKeys(error))
        return false;
    emit stateChanged();
    return true;
}

} // namespace tokenscope::issuer
