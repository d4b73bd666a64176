#pragma once

#include <QWidget>

#include <vector>

namespace tokenscope {

// A row of sample marks and bars with their meaning, painted with the timeline's own helpers.
class TimelineLegend : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineLegend(QWidget *parent = nullptr);
    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;
    [[nodiscard]] bool hasHeightForWidth() const override;
    [[nodiscard]] int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Entry;
    [[nodiscard]] std::vector<Entry> entries() const;
};

} // namespace tokenscope
