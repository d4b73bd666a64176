#pragma once

#include <QByteArrayView>
#include <QCoreApplication>
#include <QHostAddress>
#include <QString>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
QT_END_NAMESPACE

namespace tokenscope::issuer {

// Decides whether a request to the admin API or the login page's POST was addressed to this issuer by a program on
// the user's machine, not sent by a web page in the user's browser:
// - DNS rebinding: a page on attacker.example whose name now resolves to 127.0.0.1 reaches the issuer with
//   "Host: attacker.example:PORT" and can read the answers. Only "localhost" and the IP literal the issuer listens
//   on, with its port, are the issuer's own names (RFC 9110 §7.2).
// - Cross-site requests: a page may post a simple form to http://127.0.0.1:PORT without a preflight. Browsers say
//   where it came from in Origin (RFC 6454 §7) and Sec-Fetch-Site (Fetch Metadata); only the issuer's own origin,
//   or no browser context at all, is accepted. The CLI and the GUI send neither header.
class LocalRequestCheck
{
    Q_DECLARE_TR_FUNCTIONS(LocalRequestCheck)

public:
    LocalRequestCheck() = default;
    LocalRequestCheck(const QHostAddress &listenAddress, quint16 port);

    // The Host header value names this issuer: "localhost" or the listening IP literal (any IP literal when it
    // listens on every address), and its port (which may be left out only when it is 80).
    [[nodiscard]] bool isOwnHost(QByteArrayView host) const;
    // The Origin header value is this issuer's own origin: "http://" and an own host with its port.
    [[nodiscard]] bool isOwnOrigin(QByteArrayView origin) const;

    // Empty when the request may proceed, else why it is refused (for error_description).
    [[nodiscard]] QString refusal(const QHttpServerRequest &request) const;

private:
    QHostAddress m_listenAddress;
    quint16 m_port = 0;
};

} // namespace tokenscope::issuer
