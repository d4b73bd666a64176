#include "common/ActionButton.h"

#include <QLabel>
#include <QToolButton>

namespace tokenscope {

QToolButton *actionButton(QAction *action, QWidget *parent, Qt::ToolButtonStyle style)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setAutoRaise(true);
    button->setToolButtonStyle(style);
    button->setIconSize(QSize(18, 18));
    return button;
}

QLabel *buddyLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace tokenscope
