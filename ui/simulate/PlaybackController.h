#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>

class QTimer;

namespace tokenscope {

class TimelineView;

// Plays a run on the Simulate timeline: moves its playhead at a speed in simulated seconds per wall second (about
// sixty times a second, keeping the sub-second remainder so slow speeds still move), keeps the playhead in view, and
// stops at the end. Stepping jumps to the previous or next notable event (anything but a plain request).
class PlaybackController : public QObject
{
    Q_OBJECT
public:
    // The speeds offered (simulated seconds per wall second).
    static const QList<double> &speeds();

    explicit PlaybackController(TimelineView *timeline, QObject *parent = nullptr);

    [[nodiscard]] bool isPlaying() const;
    void play(); // from the start when the playhead is at the end; nothing without a run
    void pause();
    void togglePlayback();
    // Clamped to speeds()'s range.
    void setSpeed(double simulatedSecondsPerSecond);
    [[nodiscard]] double speed() const { return m_speed; }
    // Moves the playhead by `wallMilliseconds` at the current speed: the play timer calls it with the elapsed wall
    // time, tests call it directly.
    void advance(qint64 wallMilliseconds);
    void stepForward();
    void stepBackward();

signals:
    void playingChanged(bool playing);
    void speedChanged(double simulatedSecondsPerSecond);

private:
    TimelineView *m_timeline;
    QTimer *m_playTimer = nullptr;
    QElapsedTimer m_wallClock;
    double m_speed = 600;
    double m_playheadFraction = 0; // the simulated time played but not yet a whole second
};

} // namespace tokenscope
