#pragma once

// Shared by the lab tests: the programs the lab needs, and whether a process is gone.

#include "lab/ChildProcess.h"

#include <QString>

#include <cerrno>
#include <csignal>

namespace tokenscope::lab::testing {

// Empty when redis-server and haproxy are installed; otherwise what to do about it.
inline QString missingPrograms()
{
    QStringList missing;
    for (const char *program : {"redis-server", "haproxy"}) {
        if (ChildProcess::findProgram(QString::fromLatin1(program)).isEmpty())
            missing << QString::fromLatin1(program);
    }
    return missing.isEmpty() ? QString()
                             : QStringLiteral("%1 not installed: run packaging/install-deps.sh (as root)")
                                   .arg(missing.join(QStringLiteral(" and ")));
}

// True when no process has this PID any more (the lab stopped and reaped it).
inline bool processGone(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

} // namespace tokenscope::lab::testing
