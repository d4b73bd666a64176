#include "lab/LoadBalancer.h"

#include <QCoreApplication>
#include <QFile>

namespace tokenscope::lab {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("tokenscope::lab::LoadBalancer", text);
}

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
                      "    http-reuse safe\n"
                      "frontend lab\n"
                      "    bind 127.0.0.1:"
        + QByteArray::number(port)
        + "\n"
          "    default_backend servers\n"
          "backend servers\n"
          "    balance roundrobin\n"
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

bool LoadBalancer::start(Routing routing, const QList<quint16> &serverPorts, quint16 port, QString *error)
{
    stop();
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid()) {
        if (error)
            *error = tr("cannot create a temporary directory for haproxy: %1").arg(m_directory->errorString());
        return false;
    }
    const bool choosePort = port == 0;
    for (int attempt = 0; attempt < (choosePort ? 3 : 1); ++attempt) {
        m_port = choosePort ? ChildProcess::freeLoopbackPort() : port;
        const QString path = m_directory->filePath(QStringLiteral("haproxy.cfg"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(configuration(routing, serverPorts, m_port)) < 0) {
            if (error)
                *error = tr("cannot write %1: %2").arg(path, file.errorString());
            return false;
        }
        file.close();
        // -db: stay in the foreground, so the PID the lab holds is HAProxy's own.
        if (m_process.start(QStringLiteral("haproxy"), {QStringLiteral("-db"), QStringLiteral("-f"), path},
                            m_directory->path(), m_port, startTimeoutMs, error))
            return true;
        if (ChildProcess::findProgram(QStringLiteral("haproxy")).isEmpty())
            break;
    }
    return false;
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
