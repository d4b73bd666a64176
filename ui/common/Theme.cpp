#include "common/Theme.h"

#include <QApplication>
#include <QStyleFactory>

#include <optional>

namespace tokenscope::Theme {

namespace {
std::optional<QPalette> &systemPalette()
{
    static std::optional<QPalette> palette;
    return palette;
}
} // namespace

void captureSystemPalette()
{
    if (!systemPalette())
        systemPalette() = QGuiApplication::palette();
}

bool systemIsDark()
{
    captureSystemPalette();
    return isDark(*systemPalette());
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QPalette lightPalette()
{
    QPalette palette;
    const QColor window(0xf5, 0xf6, 0xf8);
    const QColor base(0xff, 0xff, 0xff);
    const QColor text(0x1f, 0x23, 0x28);
    const QColor accent(0x25, 0x63, 0xeb);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0xf0, 0xf2, 0xf5));
    palette.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xff));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x91, 0x9c));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0xfb, 0xfb, 0xfc));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xd0, 0x21, 0x2e));
    palette.setColor(QPalette::Highlight, accent);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, accent);
    palette.setColor(QPalette::Light, Qt::white);
    palette.setColor(QPalette::Midlight, QColor(0xe6, 0xe8, 0xec));
    palette.setColor(QPalette::Mid, QColor(0xc9, 0xcd, 0xd3));
    palette.setColor(QPalette::Dark, QColor(0xa0, 0xa6, 0xae));
    palette.setColor(QPalette::Shadow, QColor(0x70, 0x75, 0x7d));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x9a, 0xa0, 0xa8));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x9a, 0xa0, 0xa8));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x9a, 0xa0, 0xa8));
    return palette;
}

QPalette darkPalette()
{
    QPalette palette;
    const QColor window(0x1e, 0x21, 0x26);
    const QColor base(0x16, 0x18, 0x1c);
    const QColor text(0xe3, 0xe6, 0xea);
    const QColor accent(0x4c, 0x8d, 0xf6);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x22, 0x25, 0x2b));
    palette.setColor(QPalette::ToolTipBase, QColor(0x2a, 0x2e, 0x35));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x7d, 0x84, 0x8e));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x2a, 0x2e, 0x35));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Highlight, accent);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x7a, 0xaa, 0xff));
    palette.setColor(QPalette::Light, QColor(0x3a, 0x3f, 0x47));
    palette.setColor(QPalette::Midlight, QColor(0x32, 0x36, 0x3d));
    palette.setColor(QPalette::Mid, QColor(0x2a, 0x2e, 0x35));
    palette.setColor(QPalette::Dark, QColor(0x12, 0x14, 0x17));
    palette.setColor(QPalette::Shadow, QColor(0x08, 0x09, 0x0a));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x71, 0x7a));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6b, 0x71, 0x7a));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x71, 0x7a));
    return palette;
}

void apply(Settings::ThemeChoice choice)
{
    captureSystemPalette();
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    bool dark = false;
    switch (choice) {
    case Settings::ThemeChoice::System:
        dark = systemIsDark();
        break;
    case Settings::ThemeChoice::Light:
        dark = false;
        break;
    case Settings::ThemeChoice::Dark:
        dark = true;
        break;
    }
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
}

Colors colors(const QPalette &palette)
{
    Colors c;
    if (isDark(palette)) {
        c.segment[0] = QColor(0xff, 0x7a, 0x9c);
        c.segment[1] = QColor(0xc7, 0x92, 0xea);
        c.segment[2] = QColor(0x4f, 0xc3, 0xf7);
        c.segment[3] = QColor(0x7e, 0xd3, 0x8a);
        c.segment[4] = QColor(0xff, 0xb8, 0x6c);
        c.jwsSignature = QColor(0x4f, 0xc3, 0xf7);
        c.linkedBackground = QColor(0xf5, 0xc5, 0x42, 0x70);
        c.errorBackground = QColor(0xd0, 0x3a, 0x3a, 0x90);
        c.errorForeground = QColor(0xff, 0x8a, 0x80);
        c.jsonKey = QColor(0x8a, 0xc8, 0xff);
        c.jsonString = QColor(0xa5, 0xd6, 0x8a);
        c.jsonNumber = QColor(0xf7, 0xb2, 0x6b);
        c.jsonKeyword = QColor(0xd2, 0x9b, 0xf7);
        c.jsonPunctuation = QColor(0x8b, 0x93, 0x9e);
        c.annotation = QColor(0x80, 0x89, 0x95);
        c.info = QColor(0x6c, 0xb4, 0xff);
        c.warning = QColor(0xf5, 0xb7, 0x40);
        c.high = QColor(0xff, 0x6b, 0x6b);
        c.valid = QColor(0x4c, 0xc3, 0x7a);
    } else {
        c.segment[0] = QColor(0xc2, 0x18, 0x5b);
        c.segment[1] = QColor(0x7b, 0x2f, 0xb0);
        c.segment[2] = QColor(0x02, 0x77, 0xbd);
        c.segment[3] = QColor(0x2e, 0x7d, 0x32);
        c.segment[4] = QColor(0xc6, 0x60, 0x00);
        c.jwsSignature = QColor(0x02, 0x77, 0xbd);
        c.linkedBackground = QColor(0xff, 0xd5, 0x4f, 0x90);
        c.errorBackground = QColor(0xff, 0xcd, 0xd2);
        c.errorForeground = QColor(0xb7, 0x1c, 0x1c);
        c.jsonKey = QColor(0x0b, 0x54, 0xa8);
        c.jsonString = QColor(0x1e, 0x7a, 0x34);
        c.jsonNumber = QColor(0xb3, 0x50, 0x00);
        c.jsonKeyword = QColor(0x8e, 0x24, 0xaa);
        c.jsonPunctuation = QColor(0x6b, 0x72, 0x7c);
        c.annotation = QColor(0x7a, 0x82, 0x8c);
        c.info = QColor(0x1e, 0x6f, 0xd9);
        c.warning = QColor(0xc7, 0x7c, 0x02);
        c.high = QColor(0xd3, 0x2f, 0x2f);
        c.valid = QColor(0x1f, 0x9d, 0x55);
    }
    return c;
}

} // namespace tokenscope::Theme
