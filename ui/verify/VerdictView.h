#pragma once

#include "common/Span.h"
#include "jose/CompactToken.h"
#include "verify/JweDecryptor.h"
#include "verify/TokenVerifier.h"

#include <QList>
#include <QStringList>
#include <QWidget>

#include <optional>

class QAction;
class QFrame;
class QLabel;
class QListWidget;
class QTableView;

namespace tokenscope {

class KeyAttemptsModel;

// The top of the Signature / Decryption panel: the verdict as a tinted band (valid, invalid, or not checked yet)
// with its stable reason code; the key that verified (kid, thumbprint, where it came from); when none did, every
// candidate key and why it was rejected; and the keys the token names for itself, shown but never trusted
// (RFC 8725 §3.10). A passive view: the panel verifies and hands it the outcome.
class VerdictView : public QWidget
{
    Q_OBJECT
public:
    // What a verification produced, and what the view needs to word it.
    struct Verdict
    {
        std::optional<VerificationResult> result; // none: no token to verify
        // For an encrypted token (JWE) with a decryption key: the decryption's outcome.
        std::optional<DecryptionResult> decryption;
        bool verifiedNested = false; // `result` is about the token inside the JWE
        bool hasKeys = false; // the key source gave at least one usable key
        QStringList skippedKeys; // keys of the source that cannot be used, and why
    };

    explicit VerdictView(QWidget *parent = nullptr);

    // The analysed token (nullptr: none): the keys it names for itself, and what to highlight when the user picks a
    // candidate key.
    void setToken(const DecodedToken *token);
    void showVerdict(Verdict verdict);

    // Copies the verifying key's thumbprint (RFC 7638), enabled while there is one.
    [[nodiscard]] QAction *copyThumbprintAction() const { return m_copyThumbprintAction; }

signals:
    // The user picked a candidate key or an untrusted header key: light up these characters of the token text.
    void highlightRequested(tokenscope::Span characters);

protected:
    // Light/dark switch: the band's tint and the icons are derived from the palette.
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void showUntrustedKeys(const DecodedToken *token);
    void copyThumbprint();

    Verdict m_verdict;
    std::optional<Span> m_keySelectorSpan; // the token's kid (or alg), which a rejected candidate key answered to
    QList<Span> m_untrustedSpans;
    bool m_inPaletteChange = false;

    QAction *m_copyThumbprintAction = nullptr;
    QFrame *m_verdictFrame = nullptr;
    QLabel *m_verdictIconLabel = nullptr;
    QLabel *m_verdictLabel = nullptr;
    QLabel *m_reasonLabel = nullptr;
    QWidget *m_keyBox = nullptr;
    QLabel *m_keyKidLabel = nullptr;
    QLabel *m_keyThumbprintLabel = nullptr;
    QLabel *m_keySourceLabel = nullptr;
    QWidget *m_diagnosticsBox = nullptr;
    QTableView *m_diagnosticsView = nullptr;
    KeyAttemptsModel *m_attemptsModel = nullptr;
    QLabel *m_skippedLabel = nullptr;
    QWidget *m_untrustedBox = nullptr;
    QListWidget *m_untrustedList = nullptr;
};

} // namespace tokenscope
