#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QTemporaryDir>

namespace tokenscope::test {

// A certificate authority made at test time with the openssl command, and a server certificate it signed for
// 127.0.0.1 and localhost: a staging issuer with an internal CA, which Tokenscope trusts only when told to.
class TestCertificateAuthority
{
public:
    explicit TestCertificateAuthority(QString commonName);

    // Empty when this machine can make and serve the certificates (a TLS backend, the openssl command), else why
    // not: a reason to skip, not a failure.
    [[nodiscard]] static QString unavailableReason();

    // Makes the CA and the server certificate; empty on success, else what failed.
    [[nodiscard]] QString create();

    [[nodiscard]] QSslCertificate certificate() const { return m_certificate; }
    // The CA certificate as a PEM file, for the "CA bundle" inputs of the app and the CLI.
    [[nodiscard]] QString certificatePath() const;
    [[nodiscard]] QSslCertificate serverCertificate() const { return m_serverCertificate; }
    [[nodiscard]] QSslKey serverKey() const { return m_serverKey; }

private:
    QString m_commonName;
    QTemporaryDir m_directory;
    QSslCertificate m_certificate;
    QSslCertificate m_serverCertificate;
    QSslKey m_serverKey;
};

} // namespace tokenscope::test
