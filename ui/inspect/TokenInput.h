#pragma once

#include <QPlainTextEdit>

namespace tokenscope {

// Where the user pastes or drops anything holding a token. Dropped files and very large pastes are handed to the
// workspace instead of being inserted: laying out a megabyte-long line in an editor would freeze the UI.
class TokenInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    // Above this, laying out the one long line in the editor alone would take a frame or more.
    static constexpr qsizetype largeTextThreshold = 32 * 1024;

    explicit TokenInput(QWidget *parent = nullptr);

signals:
    void fileDropped(const QString &path);
    void largeTextInserted(const QString &text);

protected:
    [[nodiscard]] bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
};

} // namespace tokenscope
