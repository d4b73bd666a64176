#include "support/TestCertificateAuthority.h"

#include "support/TestFiles.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslSocket>
#include <QStandardPaths>
#include <QStringList>

#include <utility>

using namespace Qt::StringLiterals;

namespace tokenscope::test {

namespace {

QString opensslCommand()
{
    return QStandardPaths::findExecutable(u"openssl"_s);
}

} // namespace

TestCertificateAuthority::TestCertificateAuthority(QString commonName) : m_commonName(std::move(commonName))
{ }

QString TestCertificateAuthority::unavailableReason()
{
    if (!QSslSocket::supportsSsl())
        return u"Qt has no TLS backend here"_s;
    if (opensslCommand().isEmpty())
        return u"the openssl command is not installed"_s;
    return {};
}

QString TestCertificateAuthority::certificatePath() const
{
    return QDir(m_directory.path()).filePath(u"ca.pem"_s);
}

QString TestCertificateAuthority::create()
{
    if (!m_directory.isValid())
        return u"cannot create a folder for the test certificates"_s;
    const QDir dir(m_directory.path());
    QFile extensions(dir.filePath(u"server.ext"_s));
    if (!extensions.open(QIODevice::WriteOnly))
        return u"cannot write the certificate extensions"_s;
    extensions.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                     "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
    extensions.close();
    const QList<QStringList> commands {
        {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:P-256"_s, u"-nodes"_s,
         u"-keyout"_s, u"ca.key"_s, u"-out"_s, u"ca.pem"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN="_s + m_commonName,
         u"-addext"_s, u"basicConstraints=critical,CA:TRUE"_s, u"-addext"_s,
         u"keyUsage=critical,keyCertSign,cRLSign"_s},
        {u"req"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:P-256"_s, u"-nodes"_s, u"-keyout"_s,
         u"server.key"_s, u"-out"_s, u"server.csr"_s, u"-subj"_s, u"/CN=127.0.0.1"_s},
        {u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s, u"ca.key"_s,
         u"-CAcreateserial"_s, u"-out"_s, u"server.pem"_s, u"-days"_s, u"2"_s, u"-extfile"_s, u"server.ext"_s},
    };
    const QString openssl = opensslCommand();
    for (const QStringList &arguments : commands) {
        QProcess process;
        process.setWorkingDirectory(dir.path());
        process.start(openssl, arguments);
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            return u"openssl failed: "_s + QString::fromLocal8Bit(process.readAllStandardError());
    }
    m_certificate = QSslCertificate(readFile(certificatePath()), QSsl::Pem);
    m_serverCertificate = QSslCertificate(readFile(dir.filePath(u"server.pem"_s)), QSsl::Pem);
    m_serverKey = QSslKey(readFile(dir.filePath(u"server.key"_s)), QSsl::Ec, QSsl::Pem);
    if (m_certificate.isNull() || m_serverCertificate.isNull() || m_serverKey.isNull())
        return u"the test certificates did not load"_s;
    return {};
}

} // namespace tokenscope::test
