#pragma once

#include "common/MessageKind.h"

#include <QFrame>

class QLabel;

namespace tokenscope {

// The one-line-or-more message a workspace shows above its panes: an icon for the kind, word-wrapped selectable
// text (a path or a reason code can be copied), on a background tinted from the palette so it reads in light and
// dark. Hidden while there is nothing to say. It re-tints itself on a palette change, so its owner only says what
// to show. Screen readers hear the kind (the accessible description) and, for warnings and errors, an alert.
class MessageBanner : public QFrame
{
    Q_OBJECT
public:
    explicit MessageBanner(QWidget *parent = nullptr);

    // Shows `text` as a message of `kind`; an empty text hides the banner.
    void showMessage(const QString &text, MessageKind kind);
    // How the text is read: plain text (the default, so a path or a claim with '<' shows as it is) or, for an owner
    // whose messages are HTML, Qt::AutoText or Qt::RichText.
    void setTextFormat(Qt::TextFormat format);
    void clearMessage();

    // The text shown; empty while hidden.
    [[nodiscard]] QString text() const;
    [[nodiscard]] MessageKind kind() const { return m_kind; }
    // "Information", "Warning", "Error": what the icon says, for the accessible description.
    [[nodiscard]] static QString kindName(MessageKind kind);

    [[nodiscard]] QLabel *textLabel() const { return m_textLabel; }
    [[nodiscard]] QLabel *iconLabel() const { return m_iconLabel; }

protected:
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void applyKind();
    [[nodiscard]] QColor accentColor() const;

    MessageKind m_kind = MessageKind::Info;
    QLabel *m_iconLabel = nullptr;
    QLabel *m_textLabel = nullptr;
};

} // namespace tokenscope
