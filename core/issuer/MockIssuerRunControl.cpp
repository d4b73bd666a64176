// The admin API's run control (docs/issuer.md "Admin API"): what a live simulation needs to drive a mock issuer
// that is already running, whether started for the run or by `tokenscope-cli issuer serve`.
#include "issuer/MockIssuer.h"

namespace tokenscope::issuer {

Result<void> MockIssuer::setClock(qint64 time)
{
    const qint64 current = now();
    if (time < current) {
        // Keys, families and codes carry issue times: a clock moving back would make them come from the future.
        return Error {"issuer.clock_backwards",
                      tr("the clock only moves forward: it is %1, %2 was asked").arg(current).arg(time)};
    }
    return time == current ? Result<void>() : advanceClock(time - current);
}

Result<void> MockIssuer::reconfigure(QByteArrayView json)
{
    const IssuerConfigResult parsed = IssuerConfigReader::parse(json, QStringLiteral("config"));
    if (!parsed)
        return Error {"issuer.bad_config", parsed.error};
    // Tenants are set when the server starts (each has its own database and routes); the admin API of each
    // reconfigures that one issuer.
    if (!parsed.config->tenants.empty())
        return Error {"issuer.bad_config",
                      tr("config: issuers: tenants are fixed when the server starts; reconfigure each at "
                         "/NAME/admin/config")};
    // As `issuer serve --config`: the policy and the other settings take effect at once, and the given clients and
    // users replace the stored ones (in one transaction of the store's own). Families already issued keep their state
    // and meet the new rules.
    if (!m_store.replaceClientsAndUsers(parsed.config->clients, parsed.config->users))
        return Error {"issuer.state_not_stored", tr("cannot store the clients and users: %1").arg(m_store.lastError())};
    m_config = *parsed.config;
    loadClients();
    // A new signing algorithm needs a key of its own; scheduled rotation follows the new interval.
    if (Result<void> keys = ensureKeys(); !keys)
        return keys;
    emit stateChanged();
    return {};
}

} // namespace tokenscope::issuer
