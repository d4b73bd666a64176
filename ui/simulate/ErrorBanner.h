#pragma once

#include <QLabel>

namespace tokenscope {

// The Simulate workspace's error banner above the timeline: why a scenario did not load, a run was not run or
// stopped, a token could not be signed, an export failed. Hidden while there is nothing to say; selectable text,
// in the theme's error colours (readable on light and dark).
class ErrorBanner : public QLabel
{
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget *parent = nullptr);

    void showError(const QString &text); // plain text or HTML
    void clearError();
    // The text shown; empty while hidden.
    [[nodiscard]] QString errorText() const;
    // Takes the error colours of the theme `palette` belongs to (the workspace's, on every theme change).
    void setThemePalette(const QPalette &palette);
};

} // namespace tokenscope
