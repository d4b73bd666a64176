#include "lab/LoadBalancer.h"

#include <QCoreApplication>
#include <QFile>

#include <optional>

namespace tokenscope::lab {

namespace {

struct LoadBalancerText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::lab::LoadBalancer)
};

} // namespace

LoadBalancer::~LoadBalancer()
{
    stop();
}

QByteArray LoadBalancer::configuration(Routing routing, const QList<quint16> &serverPorts, quint16 port)
{
    const bool sticky = routing == Routing::Sticky;
    QByteArray text = "# Tokenscope lab load balancer (generated; docs/lab.md)\n"
                      "global\n"
                      "    maxconn 4096\n"
                      "    nbthread 1\n"
                      "defaults\n"
                      "    mode http\n"
                      "    timeout connect 1s\n"
                      "    timeout client 30s\n"
                      "    timeout server 10s\n"
                      "    timeout http-request 5s\n"
                      "    retries 2\n"
                      "    option redispatch 1\n"
                      // A server taken down by an outage may have accepted a request and closed without
                      // answering; a safe request is then sent again, to the next server (RFC 9110 §9.2.2).
                      "    retry-on conn-failure empty-response\n"
                      "    http-reuse safe\n"
                      "frontend lab\n"
                      "    bind 127.0.0.1:"
        + QByteArray::number(port)
        + "\n"
          "    default_backend servers\n"
          "backend servers\n"
          "    balance roundrobin\n"
          "    http-request disable-l7-retry unless METH_GET\n"
          "    option httpchk GET /health\n";
    if (sticky)
        text += "    cookie lab_server insert indirect nocache httponly\n";
    for (int i = 0; i < serverPorts.size(); ++i) {
        const QByteArray name = "s" + QByteArray::number(i + 1);
        text += "    server " + name + " 127.0.0.1:" + QByteArray::number(serverPorts[i])
            + " check inter 200ms fall 1 rise 1" + (sticky ? " cookie " + name : QByteArray()) + '\n';
    }
    return text;
}

Result<void> LoadBalancer::start(Routing routing, const QList<quint16> &serverPorts, quint16 port)
{
    stop();
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid())
        return Error {"haproxy.no_directory",
                      LoadBalancerText::tr("cannot create a temporary directory for haproxy: %1")
                          .arg(m_directory->errorString())};
    const bool choosePort = port == 0;
    std::optional<Error> lastError;
    for (int attempt = 0; attempt < (choosePort ? 3 : 1); ++attempt) {
        m_port = choosePort ? ChildProcess::freeLoopbackPort() : port;
        const QString path = m_directory->filePath(QStringLiteral("haproxy.cfg"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(configuration(routing, serverPorts, m_port)) < 0)
            return Error {"haproxy.no_configuration",
                          LoadBalancerText::tr("cannot write %1: %2").arg(path, file.errorString())};
        file.close();
        // -db: stay in the foreground, so the PID the lab holds is HAProxy's own.
        Result<void> started
            = m_process.start(QStringLiteral("haproxy"), {QStringLiteral("-db"), QStringLiteral("-f"), path},
                              m_directory->path(), m_port, startTimeoutMs);
        if (started)
            return started;
        lastError = started.error();
        if (ChildProcess::findProgram(QStringLiteral("haproxy")).isEmpty())
            break;
    }
    return *lastError;
}

void LoadBalancer::stop()
{
    m_process.stop();
    m_directory.reset();
}

QUrl LoadBalancer::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

} // namespace tokenscope::lab
