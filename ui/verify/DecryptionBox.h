#pragma once

#include "common/SecretLineEdit.h"
#include "crypto/Key.h"
#include "jose/CompactToken.h"
#include "verify/JweDecryptor.h"

#include <QGroupBox>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace tokenscope {

// The decryption half of the Signature / Decryption panel, shown for an encrypted token (JWE, RFC 7516): the key
// the user supplies (a private JWK or PEM, a symmetric key, or a PBES2 password), the decryption verdict with its
// stable reason code, and for a nested token (cty JWT, RFC 7519 §5.2) the inner token's header and claims. The
// panel verifies the inner token's signature with its key source. Secrets are masked, never stored or logged.
class DecryptionBox : public QGroupBox
{
    Q_OBJECT
public:
    enum class KeyKind { PrivateJwk, PrivatePem, SymmetricKey, Password };

    // What decrypt() gave: the decryption verdict, and the nested token the content holds, when it holds one.
    struct Outcome
    {
        DecryptionResult result;
        std::optional<DecodedToken> inner; // the nested token, when the content is one
    };

    explicit DecryptionBox(QWidget *parent = nullptr);

    void setKeyKind(KeyKind kind);
    [[nodiscard]] KeyKind keyKind() const;
    // Into the JWK/PEM editor, or the masked field for a symmetric key (base64url) or password, by the kind.
    void setKeyText(const QString &text);
    [[nodiscard]] bool hasKey() const { return !m_keys.isEmpty(); }

    // Decrypts `jwe` with the key given, shows the verdict and, for a nested token, its header and claims.
    [[nodiscard]] Outcome decrypt(const DecodedToken &jwe);
    void clearResult();

    [[nodiscard]] QComboBox *keyKindComboBox() const { return m_kindComboBox; }
    [[nodiscard]] QPlainTextEdit *keyEdit() const { return m_keyEdit; }
    [[nodiscard]] QLineEdit *secretEdit() const { return m_secretEdit; }
    [[nodiscard]] QLabel *resultLabel() const { return m_resultLabel; }
    [[nodiscard]] QPlainTextEdit *contentView() const { return m_contentView; }

signals:
    // The key changed: decrypt again.
    void keyChanged();

private:
    void reloadKey();

    KeySet m_keys;
    QComboBox *m_kindComboBox = nullptr;
    QWidget *m_secretPage = nullptr;
    QPlainTextEdit *m_keyEdit = nullptr;
    SecretLineEdit *m_secretEdit = nullptr;
    QLabel *m_keyStatusLabel = nullptr;
    QLabel *m_resultLabel = nullptr;
    QLabel *m_contentTitle = nullptr;
    QPlainTextEdit *m_contentView = nullptr;
};

} // namespace tokenscope
