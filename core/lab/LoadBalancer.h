#pragma once

#include "lab/ChildProcess.h"
#include "lab/LabOptions.h"

#include <QList>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace tokenscope::lab {

// The lab's load balancer: HAProxy from Debian in HTTP mode on 127.0.0.1, configured from the lab's options and
// run as a child process. HTTP mode balances every request, not every connection, so round robin really sends a
// client's next request to the next server (the per-server-session failure); sticky routing inserts a
// `lab_server` cookie (HAProxy's `cookie … insert`). Health checks on GET /health every 200 ms and `option
// redispatch` send a down server's traffic to the next one. Chosen over a hand-written Qt proxy: HTTP parsing,
// keep-alive, cookies, health checks and retries are HAProxy's well-tested job, not Tokenscope's idea.
class LoadBalancer
{
public:
    LoadBalancer() = default;
    ~LoadBalancer();
    LoadBalancer(const LoadBalancer &) = delete;
    LoadBalancer &operator=(const LoadBalancer &) = delete;

    // Writes the configuration into a temporary directory and starts haproxy; `port` 0 picks a free one.
    [[nodiscard]] Result<void> start(Routing routing, const QList<quint16> &serverPorts, quint16 port);
    void stop();

    [[nodiscard]] QUrl url() const;
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] qint64 pid() const { return m_process.pid(); }
    [[nodiscard]] bool isRunning() const { return m_process.isRunning(); }

    // The configuration text, for tests and docs/lab.md.
    [[nodiscard]] static QByteArray configuration(Routing routing, const QList<quint16> &serverPorts, quint16 port);

    static constexpr int startTimeoutMs = 5000;

private:
    ChildProcess m_process;
    std::unique_ptr<QTemporaryDir> m_directory;
    quint16 m_port = 0;
};

} // namespace tokenscope::lab
