#pragma once

#include <QWidget>

#include <optional>

namespace tokenscope {

// The token's life at a glance: a bar from iat (or nbf) to exp with the not-yet-valid part, the valid part, the
// leeway and a 'now' marker that moves as the clock ticks. Passive: the workspace feeds it times and now.
class ValidityBar : public QWidget
{
    Q_OBJECT
public:
    explicit ValidityBar(QWidget *parent = nullptr);

    void setTimes(std::optional<qint64> issuedAt, std::optional<qint64> notBefore, std::optional<qint64> expiresAt);
    // No token: an empty track.
    void clearTimes();
    void setNowSeconds(qint64 seconds);
    void setLeewaySeconds(qint64 seconds);

    // What the bar says in words, ticking with now: "expires in 4m 12s", "expired 3s ago", "valid in 5m",
    // "no expiry (no exp claim)", "" when there is no token.
    [[nodiscard]] QString statusText() const;
    enum class State { NoToken, NoExpiry, NotYetValid, Valid, ValidWithinLeeway, Expired };
    [[nodiscard]] State state() const;

    // Where the labels under the bar go: the start label under its time, the end label ending under its time. When
    // they would collide (a token that expired long ago squeezes both to one side) the end label moves right of the
    // start label, or the start label left of the end label, or the end label takes the second line.
    struct LabelPlacement
    {
        double startX = 0;
        double endX = 0;
        bool endOnSecondLine = false;
    };
    [[nodiscard]] static LabelPlacement placeLabels(double startAt, int startWidth, double endAt, int endWidth,
                                                    double left, double right, int gap);

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    [[nodiscard]] qint64 startSeconds() const;

    std::optional<qint64> m_issuedAt;
    std::optional<qint64> m_notBefore;
    std::optional<qint64> m_expiresAt;
    bool m_hasToken = false;
    qint64 m_nowSeconds = 0;
    qint64 m_leewaySeconds = 0;
};

} // namespace tokenscope
