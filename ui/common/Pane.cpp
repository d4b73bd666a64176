#include "common/Pane.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace tokenscope {

Pane makePane(const QString &title, QWidget *content, QWidget *parent)
{
    Pane pane;
    pane.widget = new QWidget(parent);
    auto *layout = new QVBoxLayout(pane.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    pane.headerLayout = new QHBoxLayout;
    pane.headerLayout->setContentsMargins(2, 0, 0, 0);
    pane.headerLayout->setSpacing(4);
    pane.title = new QLabel(title, pane.widget);
    QFont font = pane.title->font();
    font.setBold(true);
    pane.title->setFont(font);
    pane.headerLayout->addWidget(pane.title);
    pane.headerLayout->addStretch();
    layout->addLayout(pane.headerLayout);
    auto *frame = new QFrame(pane.widget);
    frame->setObjectName(QStringLiteral("pane"));
    frame->setFrameShape(QFrame::StyledPanel);
    auto *frameLayout = new QVBoxLayout(frame);
    frameLayout->setContentsMargins(1, 1, 1, 1);
    frameLayout->addWidget(content);
    content->setParent(frame);
    layout->addWidget(frame, 1);
    return pane;
}

} // namespace tokenscope
