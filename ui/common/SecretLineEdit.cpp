#include "common/SecretLineEdit.h"

#include "common/Icons.h"

#include <QAction>
#include <QEvent>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace tokenscope {

SecretLineEdit::SecretLineEdit(QWidget *parent) : QLineEdit(parent)
{
    setEchoMode(QLineEdit::Password);
    setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhSensitiveData);
    m_showSecretAction = new QAction(this);
    m_showSecretAction->setCheckable(true);
    addAction(m_showSecretAction, QLineEdit::TrailingPosition);
    // The edit draws the action as a tool button of its own; a name lets tests and scripts find it.
    for (QObject *object : m_showSecretAction->associatedObjects()) {
        if (auto *button = qobject_cast<QToolButton *>(object))
            button->setObjectName(u"showSecretButton"_s);
    }
    connect(m_showSecretAction, &QAction::toggled, this, &SecretLineEdit::setSecretShown);
    updateShowSecretAction();
}

void SecretLineEdit::setSecretShown(bool shown)
{
    if (shown == isSecretShown())
        return;
    setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    {
        const QSignalBlocker blocker(m_showSecretAction);
        m_showSecretAction->setChecked(shown);
    }
    updateShowSecretAction();
    emit secretShownChanged(shown);
}

bool SecretLineEdit::isSecretShown() const
{
    return echoMode() == QLineEdit::Normal;
}

void SecretLineEdit::setShowSecretShortcut(const QKeySequence &shortcut)
{
    m_showSecretAction->setShortcut(shortcut);
    m_showSecretAction->setShortcutContext(Qt::WindowShortcut);
    updateShowSecretAction();
}

void SecretLineEdit::updateShowSecretAction()
{
    const bool shown = isSecretShown();
    // The icon says what a click does: an open eye shows the secret, a struck-out one hides it again.
    m_showSecretAction->setIcon(Icons::icon(shown ? u"conceal"_s : u"reveal"_s, palette()));
    m_showSecretAction->setText(shown ? tr("Hide Secret") : tr("Show Secret"));
    const QKeySequence shortcut = m_showSecretAction->shortcut();
    m_showSecretAction->setToolTip(
        shortcut.isEmpty() ? m_showSecretAction->text()
                           : u"%1 (%2)"_s.arg(m_showSecretAction->text(), shortcut.toString(QKeySequence::NativeText)));
}

void SecretLineEdit::changeEvent(QEvent *event)
{
    QLineEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateShowSecretAction();
}

void SecretLineEdit::hideEvent(QHideEvent *event)
{
    QLineEdit::hideEvent(event);
    setSecretShown(false);
}

} // namespace tokenscope
