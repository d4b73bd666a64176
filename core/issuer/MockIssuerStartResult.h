#pragma once

#include <QString>

namespace tokenscope::issuer {

// Why MockIssuer::start failed, so that a caller reacts to the cause (the GUI suggests another port, the CLI picks its
// exit code) without parsing the message or probing the port itself.
enum class MockIssuerStartError {
    None,
    AlreadyRunning,
    AddressNotLoopback, // the options allow loopback only (MockIssuerOptions::listenScope) and the address is another
    AddressNotAvailable, // the address is not one of this machine's (EADDRNOTAVAIL)
    PortInUse, // another socket holds the port (EADDRINUSE)
    PortAccessDenied, // the system refuses the port to this user: below 1024 without privileges (EACCES)
    ListenFailed, // any other reason the socket cannot listen
    DatabaseNotOpened, // not a database location, the file cannot be created or opened, PostgreSQL refused the login
    DatabaseUnreachable, // PostgreSQL did not answer
    SchemaTooNew, // a later Tokenscope wrote the database; it was left untouched
    MigrationFailed, // a schema migration failed and was rolled back
    StateNotStored, // the clients, users or the issuer's state could not be read or written
    SigningKeyFailed, // a signing key could not be generated, stored, or read back from the database
};

// The outcome of MockIssuer::start: the cause as a stable code and a translated message that names it (the address
// and port, the database, the schema versions).
struct MockIssuerStartResult
{
    MockIssuerStartError error = MockIssuerStartError::None;
    QString message;
    explicit operator bool() const { return error == MockIssuerStartError::None; } // true when the issuer started
};

} // namespace tokenscope::issuer
