#pragma once

#include "simulate/SimulationRun.h"
#include "simulate/TimelineGeometry.h"

#include <QAbstractScrollArea>

#include <functional>
#include <memory>
#include <vector>

namespace tokenscope {

// The Simulate workspace's timeline: a lane per actor (issuer and operator, servers and session store,
// attackers, clients), token bars from iat to exp, events as marks, exposure windows shaded, and a playhead that
// reveals the run as it plays. The widget keeps the state and the interaction: the time range in view, the playhead,
// clicks, tooltips and scrolling; the horizontal scroll bar pans in time, the vertical one over lanes; Ctrl+wheel
// zooms around the cursor; dragging on the time axis scrubs. Where things are is TimelineGeometry's, painting is
// TimelinePainter's.
class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    static constexpr int labelWidth = TimelineGeometry::labelWidth;
    static constexpr int axisHeight = TimelineGeometry::axisHeight;
    static constexpr int clientLaneHeight = TimelineGeometry::clientLaneHeight;
    static constexpr int laneHeight = TimelineGeometry::laneHeight;

    explicit TimelineView(QWidget *parent = nullptr);
    ~TimelineView() override;

    void setRun(std::shared_ptr<const SimulationRun> run);
    [[nodiscard]] const SimulationRun *run() const { return m_run.get(); }

    // Seconds since the start of the run; everything after it is hidden.
    [[nodiscard]] qint64 playhead() const { return m_playhead; }
    void setPlayhead(qint64 seconds);
    [[nodiscard]] qint64 duration() const;
    // Pans (keeping the zoom) so that `seconds` is in view.
    void ensureVisible(qint64 seconds);

    [[nodiscard]] double visibleFrom() const { return m_viewFrom; }
    [[nodiscard]] double visibleTo() const { return m_viewTo; }
    void setVisibleRange(double from, double to);
    void zoomIn();
    void zoomOut();
    void zoomToFit();

    // Signs a token of the run on demand (the workspace asks the engine); the bar tooltips show its claims.
    using TokenTextProvider = std::function<QByteArray(qint64 tokenId)>;
    void setTokenTextProvider(TokenTextProvider provider) { m_tokenText = std::move(provider); }

    // The viewport's geometry as it is now (lanes, time range, scroll, playhead), for hit tests and tests.
    [[nodiscard]] const TimelineGeometry &timelineGeometry() const;
    // Shortcuts into it: the x of a time, the rectangle of a lane, of a bar.
    [[nodiscard]] double xForTime(double seconds) const;
    [[nodiscard]] double timeForX(double x) const;
    [[nodiscard]] QRect laneRect(int lane) const;
    [[nodiscard]] QRect barRect(int barIndex) const;
    [[nodiscard]] int barAt(const QPoint &viewportPos) const; // index into timeline().bars, or -1
    [[nodiscard]] int markAt(const QPoint &viewportPos) const; // index into timeline().marks, or -1
    [[nodiscard]] QString toolTipAt(const QPoint &viewportPos) const;

    // Refresh and rotation links (TimelineData::Link) as drawn in the viewport now, after the level of detail:
    // none when links would be under minLinkSpacing pixels apart, at most one per lane, kind and that many pixels.
    // `from` lies on the parent token's bar at the refresh point, `to` on the child's bar at its start.
    static constexpr double minLinkSpacing = TimelineGeometry::minLinkSpacing;
    using LinkSegment = TimelineGeometry::LinkSegment;
    [[nodiscard]] std::vector<LinkSegment> linkSegments() const;

    // Paints the visible time range with every lane (up to `maxHeight`) for PNG and SVG export.
    [[nodiscard]] QSize exportSize(int width, int maxHeight = 4000) const;
    void renderTimeline(QPainter *painter, const QSize &size) const;

    // "1 d 2 h 5 min", "45 s": an offset from the start of the run, as tooltips and the axis show it.
    [[nodiscard]] static QString formatOffset(qint64 seconds);

signals:
    void playheadChanged(qint64 seconds);
    void visibleRangeChanged(double from, double to);
    void tokenActivated(qint64 tokenId);
    void eventActivated(int eventIndex); // a mark was clicked: index into SimulationRun::events
    void scrubbed(); // the user moved the playhead by dragging on the time axis

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateScrollBars();
    void zoomAround(double factor, double anchorSeconds);
    [[nodiscard]] QString markToolTip(const TimelineData::Mark &mark) const;
    [[nodiscard]] QString barToolTip(const TimelineData::Bar &bar) const;
    [[nodiscard]] QString absoluteTime(qint64 seconds) const;

    std::shared_ptr<const SimulationRun> m_run;
    // Laid out when the run changes; its view is brought up to date by timelineGeometry() on every use.
    mutable TimelineGeometry m_geometry;
    qint64 m_playhead = 0;
    double m_viewFrom = 0;
    double m_viewTo = 1;
    bool m_scrubbing = false;
    int m_pressedBar = -1;
    int m_pressedMark = -1;
    bool m_updatingScrollBars = false;
    TokenTextProvider m_tokenText;
};

} // namespace tokenscope
