#pragma once

#include "simulate/SimulationRun.h"

#include <QAbstractScrollArea>
#include <QColor>
#include <QElapsedTimer>
#include <QLineF>
#include <QList>
#include <QPointF>

#include <functional>
#include <memory>
#include <vector>

class QTimer;

namespace tokenscope {

// The Simulate workspace's timeline: a lane per actor (issuer and operator, servers and session store,
// attackers, clients), token bars from iat to exp, events as marks, exposure windows shaded, and a playhead that
// reveals the run as it plays. Painted with QPainter (no scene graph: a large run has tens of thousands of marks,
// drawn with a level of detail of one mark per lane, kind and pixel column). The horizontal scroll bar pans in
// time, the vertical one over lanes; Ctrl+wheel zooms around the cursor; dragging on the time axis scrubs.
class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    static constexpr int labelWidth = 150;
    static constexpr int axisHeight = 30;
    static constexpr int clientLaneHeight = 34;
    static constexpr int laneHeight = 26;

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

    // Viewport geometry, for hit tests (and tests): the x of a time, the rectangle of a lane, of a bar.
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
    static constexpr double minLinkSpacing = 3.0;
    struct LinkSegment
    {
        int link = -1; // index into timeline().links
        TimelineData::LinkKind kind = TimelineData::LinkKind::Refresh;
        bool attacker = false;
        QPointF from;
        QPointF to;
        double reach = 0; // horizontal half-width of the connector in pixels
    };
    [[nodiscard]] std::vector<LinkSegment> linkSegments() const;
    // The straight pieces a link is drawn with (shared with the legend).
    static void appendLinkLines(const LinkSegment &segment, QList<QLineF> &lines);

    // Paints the visible time range with every lane (up to `maxHeight`) for PNG and SVG export.
    [[nodiscard]] QSize exportSize(int width, int maxHeight = 4000) const;
    void renderTimeline(QPainter *painter, const QSize &size) const;

    // Drawing helpers shared with the legend.
    struct Colors
    {
        QColor accessBar, refreshBar, sessionBar, stolenBar, outageBar;
        QColor ok, rejected, warning, info, muted, text, base, laneLabel, grid, playhead, theftShade, revocationShade;
        QColor link; // refresh and rotation links: readable on the token bars and on the lane background
    };
    [[nodiscard]] static Colors colors(const QPalette &palette);
    static void drawMark(QPainter *painter, TimelineData::MarkKind kind, bool ok, QPointF centre, double rowHeight,
                         const Colors &colors);
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
    struct Frame
    {
        QRect area; // the whole picture
        double viewFrom = 0;
        double viewTo = 1;
        int scrollY = 0;
    };
    void paintFrame(QPainter &painter, const Frame &frame) const;
    void paintAxis(QPainter &painter, const Frame &frame, double scale) const;
    [[nodiscard]] std::vector<LinkSegment> collectLinks(const Frame &frame, int firstLane, int lastLane) const;
    void layoutLanes();
    void updateScrollBars();
    void zoomAround(double factor, double anchorSeconds);
    [[nodiscard]] int laneTop(int lane) const { return m_laneTops[size_t(lane)]; }
    [[nodiscard]] int laneHeightOf(int lane) const;
    [[nodiscard]] QString markToolTip(const TimelineData::Mark &mark) const;
    [[nodiscard]] QString barToolTip(const TimelineData::Bar &bar) const;
    [[nodiscard]] QString absoluteTime(qint64 seconds) const;

    std::shared_ptr<const SimulationRun> m_run;
    std::vector<int> m_laneTops; // content y of each lane (below the axis)
    int m_contentHeight = 0;
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
