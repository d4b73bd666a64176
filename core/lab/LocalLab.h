#pragma once

#include "common/Result.h"
#include "lab/LabOptions.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <memory>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace tokenscope::lab {

class Lab;

// A lab started for one live simulation run (`simulate --live --lab new`), in a thread of its own. The run calls the
// lab's servers and its control endpoint synchronously, each call waiting in a short local event loop; served from
// the run's own thread, the lab would answer from inside that nested loop. With its own thread and event loop it is
// an independent lab on 127.0.0.1, exactly like `tokenscope-cli lab serve`, reached through the same code.
// The destructor (or stop()) stops every process the lab started and joins the thread.
class LocalLab
{
public:
    LocalLab();
    ~LocalLab();
    LocalLab(const LocalLab &) = delete;
    LocalLab &operator=(const LocalLab &) = delete;

    // With the codes of Lab::start.
    [[nodiscard]] Result<void> start(const LabOptions &options);
    void stop();
    [[nodiscard]] QUrl controlUrl() const { return m_controlUrl; }
    [[nodiscard]] QList<QUrl> serverUrls() const { return m_serverUrls; }
    [[nodiscard]] qint64 redisPid() const { return m_redisPid; }

private:
    std::unique_ptr<QThread> m_thread;
    Lab *m_lab = nullptr; // lives in m_thread
    QUrl m_controlUrl;
    QList<QUrl> m_serverUrls;
    qint64 m_redisPid = 0;
};

} // namespace tokenscope::lab
