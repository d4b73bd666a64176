#pragma once

#include "inspect/PrettyJson.h"

#include <QPlainTextEdit>

namespace tokenscope {

class JsonHighlighter;

// A read-only pane of pretty JSON (header or payload) whose members can be selected like the detail pane of a
// packet analyser: a click or cursor move selects the innermost member (entrySelected), and selectEntry() marks a
// member chosen elsewhere without echoing the signal. Hovering a member shows what the claim catalogue says about
// it; NumericDate claims get a painted annotation after the value (local time, UTC, relative to now), painted
// rather than inserted so the text stays exactly the JSON that was decoded.
class JsonView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit JsonView(PrettyJsonPrinter::Section section, QWidget *parent = nullptr);
    ~JsonView() override;

    void setJson(const PrettyJson &json);
    // No JSON to show: a message instead (e.g. why the payload is not JSON), with no entries.
    void setMessage(const QString &message);
    [[nodiscard]] const PrettyJson &json() const { return m_json; }

    // Where "relative" annotations and tooltips are measured from.
    void setNowSeconds(qint64 seconds);

    // Marks entry `index` (-1: none) and scrolls to it; does not emit entrySelected.
    void selectEntry(int index);
    [[nodiscard]] int selectedEntry() const { return m_selectedEntry; }
    // The extent of the marked entry in the pane's text (empty when none).
    [[nodiscard]] Span selectedTextSpan() const;

    // The annotation painted after a timestamp entry: "in 5m · 2026-11-22T18:41:50Z · 2026-11-22 19:41:50 local".
    [[nodiscard]] QString annotation(int index) const;
    // The tooltip for an entry (catalogue explanation, and times for timestamps).
    [[nodiscard]] QString toolTipFor(int index) const;

signals:
    // The user moved the cursor into a member (or out of all of them: -1).
    void entrySelected(int index);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onCursorPositionChanged();
    void updateColors();
    void updateSelectionMark();

    PrettyJsonPrinter::Section m_section;
    JsonHighlighter *m_highlighter = nullptr;
    PrettyJson m_json;
    qint64 m_nowSeconds = 0;
    int m_selectedEntry = -1;
    bool m_settingCursor = false; // guards against echoing programmatic cursor moves as user selections
};

} // namespace tokenscope
