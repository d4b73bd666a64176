#pragma once

#include <QString>
#include <QTranslator>

namespace tokenscope::test {

// A translator that marks every string it is asked for: "Verify" becomes "⟦Verify⟧". Text that reaches a widget
// without the marks never passed through tr() or QCoreApplication::translate(). Install it before building the
// widgets under test and remove it after.
inline constexpr QChar pseudoOpenMark = QChar(0x27E6);
inline constexpr QChar pseudoCloseMark = QChar(0x27E7);

class PseudoTranslator : public QTranslator
{
public:
    QString translate(const char *, const char *sourceText, const char *, int) const override
    {
        return pseudoOpenMark + QString::fromUtf8(sourceText) + pseudoCloseMark;
    }
    bool isEmpty() const override { return false; }
};

// Whether `text` holds a translated string (a message built from several may hold more than one).
inline bool isPseudoTranslated(const QString &text)
{
    return text.contains(pseudoOpenMark) && text.contains(pseudoCloseMark);
}

} // namespace tokenscope::test
