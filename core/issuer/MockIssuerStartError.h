#pragma once

#include "common/Result.h"

// Why MockIssuer::start failed: the codes of its Result<void>, so that a caller reacts to the cause (the GUI suggests
// another port, the CLI picks its exit code) without parsing the message or probing the port itself. The message
// names the address and port, the database, the schema versions.
namespace tokenscope::issuer::MockIssuerStartError {

inline constexpr ErrorCode AlreadyRunning {"issuer.already_running"};
// The options allow loopback only (MockIssuerOptions::listenScope) and the address is another.
inline constexpr ErrorCode AddressNotLoopback {"issuer.address_not_loopback"};
// The address is not one of this machine's (EADDRNOTAVAIL).
inline constexpr ErrorCode AddressNotAvailable {"issuer.address_not_available"};
// Another socket holds the port (EADDRINUSE).
inline constexpr ErrorCode PortInUse {"issuer.port_in_use"};
// The system refuses the port to this user: below 1024 without privileges (EACCES).
inline constexpr ErrorCode PortAccessDenied {"issuer.port_access_denied"};
// Any other reason the socket cannot listen.
inline constexpr ErrorCode ListenFailed {"issuer.listen_failed"};
// Not a database location, the file cannot be created or opened, PostgreSQL refused the login.
inline constexpr ErrorCode DatabaseNotOpened {"issuer.database_not_opened"};
// PostgreSQL did not answer.
inline constexpr ErrorCode DatabaseUnreachable {"issuer.database_unreachable"};
// A later Tokenscope wrote the database; it was left untouched.
inline constexpr ErrorCode SchemaTooNew {"issuer.schema_too_new"};
// A schema migration failed and was rolled back.
inline constexpr ErrorCode MigrationFailed {"issuer.migration_failed"};
// The clients, users or the issuer's state could not be read or written.
inline constexpr ErrorCode StateNotStored {"issuer.state_not_stored"};
// A tenant's name is not allowed or given twice, or there are more than IssuerTenantName::maxTenants.
inline constexpr ErrorCode BadTenant {"issuer.bad_tenant"};
// A signing key could not be generated, stored, or read back from the database.
inline constexpr ErrorCode SigningKeyFailed {"issuer.signing_key_failed"};

} // namespace tokenscope::issuer::MockIssuerStartError
