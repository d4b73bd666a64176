#pragma once

#include <QString>
#include <QStringView>

// The names of the issuers one server hosts under a path of their own (docs/issuer.md "Several issuers"): the rule
// every source of a name (the config's "issuers", `issuer serve --tenant`, MockIssuerOptions) is checked against,
// so the config reader and the server refuse the same names with the same words.
namespace tokenscope::issuer::IssuerTenantName {

// A server holds at most this many tenants: each has its own database connection, key ring and caches, and a test
// set-up needing more is more likely a runaway script than a plan.
inline constexpr int maxTenants = 64;
// The longest name: with the "tenant_" prefix a PostgreSQL schema name stays within its 63 bytes
// (IssuerDatabaseLocation::forTenant).
inline constexpr int maxLength = 32;

// Why `name` cannot name a tenant ("must be 1 to 32 of a-z, 0-9 and -, starting with a letter or digit", "is the
// root issuer's endpoint …"), or an empty string when it can.
[[nodiscard]] QString problem(QStringView name);

} // namespace tokenscope::issuer::IssuerTenantName
