#pragma once

#include <QKeySequence>
#include <QLineEdit>

class QAction;

namespace tokenscope {

// A line edit for a secret (an HMAC key, a password): masked by default, with an eye inside the edit that shows
// and hides it, and masked again whenever the edit is hidden (another key source picked, the dialog closed), so a
// secret shown once does not stay on screen. Input methods are told the text is sensitive (no prediction, no
// learning). Like any QLineEdit in password mode it refuses copy, cut and drag; nothing here logs the text.
class SecretLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit SecretLineEdit(QWidget *parent = nullptr);

    void setSecretShown(bool shown);
    [[nodiscard]] bool isSecretShown() const;
    // The checkable show/hide action inside the edit (its button is named "showSecretButton").
    [[nodiscard]] QAction *showSecretAction() const { return m_showSecretAction; }
    // A shortcut for the show/hide action while the edit is visible (none by default: the main window's own
    // "Show Secret" action may hold the same keys, and two actions on one shortcut would both be dead).
    void setShowSecretShortcut(const QKeySequence &shortcut);

signals:
    void secretShownChanged(bool shown);

protected:
    void changeEvent(QEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateShowSecretAction();

    QAction *m_showSecretAction = nullptr;
};

} // namespace tokenscope
