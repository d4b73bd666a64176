#include "lab/LocalLab.h"

#include "lab/Lab.h"

#include <QThread>

namespace tokenscope::lab {

LocalLab::LocalLab() = default;

LocalLab::~LocalLab()
{
    stop();
}

Result<void> LocalLab::start(const LabOptions &options)
{
    stop();
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("tokenscope-live-lab"));
    m_thread->start();
    m_lab = new Lab;
    m_lab->moveToThread(m_thread.get());
    Result<void> started;
    // The control server, the outages' timers and redis-server's QProcess must all belong to the lab's thread.
    QMetaObject::invokeMethod(
        m_lab,
        [&] {
            started = m_lab->start(options);
            if (started) {
                m_controlUrl = m_lab->controlUrl();
                m_serverUrls = m_lab->serverUrls();
                m_redisPid = m_lab->redisPid();
            }
        },
        Qt::BlockingQueuedConnection);
    if (!started)
        stop();
    return started;
}

void LocalLab::stop()
{
    if (m_lab) {
        Lab *lab = m_lab;
        m_lab = nullptr;
        QMetaObject::invokeMethod(
            lab,
            [lab] {
                lab->stop();
                delete lab;
            },
            Qt::BlockingQueuedConnection);
    }
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        m_thread.reset();
    }
    m_controlUrl.clear();
    m_serverUrls.clear();
    m_redisPid = 0;
}

} // namespace tokenscope::lab
