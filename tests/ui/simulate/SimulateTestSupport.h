#pragma once

#include "simulate/SimulateWorkspace.h"

#include <QSignalSpy>
#include <QTest>
#include <QWidget>

#include <functional>

namespace tokenscope::test {

// Runs `action` (which starts one or more runs) and waits for the workspace to report a finished run that
// satisfies `done` (an event-loop wait on the worker thread, no sleeps).
inline bool runAndWait(SimulateWorkspace *workspace, const std::function<void()> &action,
                       const std::function<bool(const SimulationRun &)> &done = {})
{
    QSignalSpy spy(workspace, &SimulateWorkspace::runFinished);
    action();
    for (int i = 0; i < 20; ++i) {
        if (!workspace->isRunning() && workspace->currentRun() && (!done || done(*workspace->currentRun())))
            return true;
        if (!spy.wait(30000))
            return false;
    }
    return false;
}

template<typename T> T *byAccessibleName(QWidget *root, const QString &name)
{
    const auto children = root->findChildren<T *>();
    for (T *child : children) {
        if (child->accessibleName() == name)
            return child;
    }
    return nullptr;
}

} // namespace tokenscope::test
