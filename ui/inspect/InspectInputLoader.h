#pragma once

#include "common/MessageBanner.h"
#include "inspect/TokenAnalysisRunner.h"

#include <QObject>
#include <QString>

#include <functional>

class QMimeData;
class QWidget;

namespace tokenscope {

class FoundTokensPanel;
class TokenInput;

// Brings what the user gives the Inspect workspace into its input: a paste or typing, a file chosen, opened or
// dropped (a small one read as a paste, a capture or a log handed to the found-tokens scan), and a text too large
// for the editor, which is kept aside and named in the placeholder instead. Whatever arrives is announced with
// inputChanged(); what could not be read, with message().
class InspectInputLoader : public QObject
{
    Q_OBJECT
public:
    // Files larger than this are refused: the decoder's own limit (DecodeLimits::maxTokenBytes).
    static constexpr qint64 maxFileBytes = 16 * 1024 * 1024;
    // Files up to this size holding at most one token are read as a paste (and analysed at once).
    static constexpr qsizetype pasteFileLimit = TokenAnalysisRunner::synchronousLimit;

    // `now` gives the moment a scan judges its tokens at; `dialogParent` parents the file dialog.
    InspectInputLoader(TokenInput *input, FoundTokensPanel *foundTokens, std::function<qint64()> now,
                       QWidget *dialogParent);

    // As if the user pasted `text` into the input (replacing what was there).
    void setText(const QString &text);
    // The input, including a large text the editor does not show.
    [[nodiscard]] QString text() const;
    // See InspectWorkspace::openFile().
    bool openFile(const QString &path);
    // Reads a file into the input as a paste (false and a message when it cannot be read or is too large).
    bool readFileIntoInput(const QString &path);
    void clear();
    void pasteFromClipboard();
    void chooseFile();
    // A file or text dropped anywhere on the workspace.
    [[nodiscard]] static bool canDrop(const QMimeData *mime);
    void drop(const QMimeData *mime);

signals:
    // The input is now `text`: analyse it (from its first token).
    void inputChanged(const QString &text);
    void message(const QString &text, MessageKind kind);

private:
    void showLargeText(const QString &text, const QString &origin);
    void onEdited();

    TokenInput *m_input = nullptr;
    FoundTokensPanel *m_foundTokens = nullptr;
    std::function<qint64()> m_now;
    QWidget *m_dialogParent = nullptr;
    QString m_largeText; // set when the input is too large to show in the editor
    bool m_settingText = false;
};

} // namespace tokenscope
