#pragma once

#include "common/Span.h"

#include <QPlainTextEdit>

namespace tokenscope {

class TokenHighlighter;

// The compact token with its parts coloured (header, payload, signature; five colours for a JWE; an SD-JWT's
// Disclosures and key-binding JWT set apart), the byte-pane half of the linked panes: a click or selection reports
// the characters (characterSelected); setLinkedSpan() lights up a run chosen elsewhere without echoing. A decode error
// is marked in place at its character. Very long tokens are shown up to maxDisplayCharacters so that laying out the
// text never stalls the UI.
class TokenView : public QPlainTextEdit
{
    Q_OBJECT
public:
    static constexpr qsizetype maxDisplayCharacters = 16 * 1024;

    explicit TokenView(QWidget *parent = nullptr);
    ~TokenView() override;

    void setToken(const QByteArray &token);
    void clearToken();
    [[nodiscard]] bool isTruncated() const { return m_truncated; }

    // Marks the run linked to a selection elsewhere (empty: none) and scrolls to it; emits nothing.
    void setLinkedSpan(Span span);
    [[nodiscard]] Span linkedSpan() const { return m_linked; }
    // Marks a decode error at character `offset` (-1: none), underlining up to the end of its part.
    void setErrorOffset(qsizetype offset);
    [[nodiscard]] qsizetype errorOffset() const { return m_errorOffset; }

    // A part of the text as shown: a dot-separated JOSE part, or in an SD-JWT (RFC 9901 §4) a '~'-separated
    // Disclosure or a part of the key-binding JWT.
    struct Part
    {
        enum class Kind { Jose, Disclosure, KeyBinding };
        Span span;
        Kind kind = Kind::Jose;
        int index = 0; // 0-based among the JOSE or key-binding parts; a Disclosure's 1-based position
    };
    [[nodiscard]] static QList<Part> parts(QStringView text);
    // Character spans of the parts as shown.
    [[nodiscard]] QList<Span> partSpans() const;
    // What the character at `offset` belongs to, for the hover tooltip: "payload (part 2), character 57".
    [[nodiscard]] QString describeCharacter(qsizetype offset) const;

signals:
    // The user clicked or selected characters of the token.
    void characterSelected(tokenscope::Span characters);

protected:
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onCursorPositionChanged();
    void updateMarks();

    TokenHighlighter *m_highlighter = nullptr;
    Span m_linked;
    qsizetype m_errorOffset = -1;
    bool m_truncated = false;
    bool m_settingCursor = false;
};

} // namespace tokenscope
