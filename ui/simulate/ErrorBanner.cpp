#include "simulate/ErrorBanner.h"

#include "common/Theme.h"

namespace tokenscope {

using namespace Qt::StringLiterals;

ErrorBanner::ErrorBanner(QWidget *parent) : QLabel(parent)
{
    setObjectName(u"simulateError"_s);
    setAccessibleName(tr("Scenario error"));
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setAutoFillBackground(true);
    setMargin(6);
    hide();
}

void ErrorBanner::showError(const QString &text)
{
    setText(text);
    show();
}

void ErrorBanner::clearError()
{
    clear();
    hide();
}

QString ErrorBanner::errorText() const
{
    return isHidden() ? QString() : text();
}

void ErrorBanner::setThemePalette(const QPalette &palette)
{
    const Theme::Colors colors = Theme::colors(palette);
    QPalette errorPalette = this->palette();
    errorPalette.setColor(QPalette::Window, colors.errorBackground);
    errorPalette.setColor(QPalette::WindowText, colors.errorForeground);
    setPalette(errorPalette);
}

} // namespace tokenscope
