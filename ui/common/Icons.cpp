#include "common/Icons.h"

#include <QFile>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace tokenscope::Icons {

namespace {

QString resourcePath(const QString &name)
{
    return QStringLiteral(":/tokenscope/icons/%1.svg").arg(name);
}

QIcon render(const QByteArray &svg)
{
    QSvgRenderer renderer(svg);
    QIcon icon;
    if (!renderer.isValid())
        return icon;
    for (int size : {16, 20, 24, 32, 48, 64, 128}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        renderer.render(&painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QByteArray read(const QString &name)
{
    QFile file(resourcePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

QIcon icon(const QString &name, const QPalette &palette)
{
    QByteArray svg = read(name);
    svg.replace("currentColor", palette.color(QPalette::WindowText).name().toLatin1());
    return render(svg);
}

QIcon application()
{
    return QIcon(resourcePath(QStringLiteral("tokenscope")));
}

QIcon severity(Finding::Severity severity)
{
    // Rendered once: list views ask for decorations on every repaint.
    static const QIcon info = render(read(QStringLiteral("severity-info")));
    static const QIcon warning = render(read(QStringLiteral("severity-warning")));
    static const QIcon high = render(read(QStringLiteral("severity-high")));
    switch (severity) {
    case Finding::Severity::Info:
        return info;
    case Finding::Severity::Warning:
        return warning;
    case Finding::Severity::High:
        return high;
    }
    return {};
}

QIcon valid()
{
    return render(read(QStringLiteral("status-valid")));
}

} // namespace tokenscope::Icons
