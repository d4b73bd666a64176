#include "simulate/PlaybackController.h"

#include "simulate/TimelineView.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace tokenscope {

const QList<double> &PlaybackController::speeds()
{
    static const QList<double> list = {1, 10, 60, 300, 600, 3600, 10000};
    return list;
}

PlaybackController::PlaybackController(TimelineView *timeline, QObject *parent) : QObject(parent), m_timeline(timeline)
{
    m_playTimer = new QTimer(this);
    m_playTimer->setInterval(16);
    m_playTimer->setTimerType(Qt::PreciseTimer);
    connect(m_playTimer, &QTimer::timeout, this, [this] { advance(m_wallClock.restart()); });
    // Whoever moves the playhead (a click, a scrub, a step) starts the count of a new second.
    connect(m_timeline, &TimelineView::playheadChanged, this, [this] { m_playheadFraction = 0; });
}

bool PlaybackController::isPlaying() const
{
    return m_playTimer->isActive();
}

void PlaybackController::play()
{
    if (!m_timeline->run() || isPlaying())
        return;
    if (m_timeline->playhead() >= m_timeline->duration())
        m_timeline->setPlayhead(0);
    m_wallClock.start();
    m_playTimer->start();
    emit playingChanged(true);
}

void PlaybackController::pause()
{
    if (!isPlaying())
        return;
    m_playTimer->stop();
    emit playingChanged(false);
}

void PlaybackController::togglePlayback()
{
    if (isPlaying())
        pause();
    else
        play();
}

void PlaybackController::setSpeed(double speed)
{
    m_speed = std::clamp(speed, speeds().first(), speeds().last());
    emit speedChanged(m_speed);
}

void PlaybackController::advance(qint64 wallMilliseconds)
{
    if (!m_timeline->run())
        return;
    m_playheadFraction += double(wallMilliseconds) * m_speed / 1000.0;
    const qint64 whole = qint64(std::floor(m_playheadFraction));
    const double rest = m_playheadFraction - double(whole);
    const qint64 target = std::min(m_timeline->playhead() + whole, m_timeline->duration());
    m_timeline->setPlayhead(target);
    m_playheadFraction = rest; // the playheadChanged handler clears it; keep the sub-second part
    // Keep the playhead in view while playing.
    if (double(target) > m_timeline->visibleTo() || double(target) < m_timeline->visibleFrom()) {
        const double span = m_timeline->visibleTo() - m_timeline->visibleFrom();
        m_timeline->setVisibleRange(double(target) - span * 0.1, double(target) + span * 0.9);
    }
    if (target >= m_timeline->duration())
        pause();
}

void PlaybackController::stepForward()
{
    const SimulationRun *run = m_timeline->run();
    if (!run)
        return;
    for (const auto &mark : run->timeline.marks) {
        if (mark.time > m_timeline->playhead() && mark.kind != TimelineData::MarkKind::Request) {
            m_timeline->setPlayhead(mark.time);
            return;
        }
    }
    m_timeline->setPlayhead(m_timeline->duration());
}

void PlaybackController::stepBackward()
{
    const SimulationRun *run = m_timeline->run();
    if (!run)
        return;
    const auto &marks = run->timeline.marks;
    for (auto it = marks.rbegin(); it != marks.rend(); ++it) {
        if (it->time < m_timeline->playhead() && it->kind != TimelineData::MarkKind::Request) {
            m_timeline->setPlayhead(it->time);
            return;
        }
    }
    m_timeline->setPlayhead(0);
}

} // namespace tokenscope
