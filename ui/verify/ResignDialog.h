#pragma once

#include "crypto/Algorithm.h"
#include "crypto/Key.h"
#include "jose/CompactToken.h"
#include "jose/Json.h"

#include <QDialog>

#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QToolButton;

namespace tokenscope {

class SecretLineEdit;

// Edit a token's header and payload and sign the result with a key of one's own: generated in place, a pasted
// private key (PEM or JWK) or an HMAC secret. The JSON is checked as it is typed (the core's strict parser, with
// the line and column of the first error); each editor keeps its undo history. The key and the new token live
// in memory only; secrets and tokens are copied to the clipboard marked concealed.
class ResignDialog : public QDialog
{
    Q_OBJECT
public:
    enum class KeyChoice { Generate, PrivateKey, SecretText, SecretBase64 };

    explicit ResignDialog(QWidget *parent = nullptr);
    ~ResignDialog() override;

    // Fills the editors from a token (pretty JSON, members in order, numbers as written) and picks its algorithm.
    void setToken(const DecodedToken &token);
    void setHeaderText(const QString &json);
    void setPayloadText(const QString &json);
    [[nodiscard]] QString headerText() const;
    [[nodiscard]] QString payloadText() const;
    // The first problem with the edited JSON, empty when both parse ("Payload, line 3, column 7: …").
    [[nodiscard]] QString jsonError() const;

    void setAlgorithm(Algorithm algorithm);
    [[nodiscard]] Algorithm algorithm() const;
    void setKeyChoice(KeyChoice choice);
    [[nodiscard]] KeyChoice keyChoice() const;
    // Pasted private key (PEM/JWK) or secret, for the current choice.
    void setKeyText(const QString &text);
    // Generates a fresh key for the current algorithm (KeyChoice::Generate).
    void generateKey();
    // The key that will sign, when the current choice yields one that fits the algorithm.
    [[nodiscard]] std::optional<Key> signingKey() const;
    [[nodiscard]] QString keyStatus() const;
    // Whether the workspace should verify the new token with this key (its public half, or the secret).
    [[nodiscard]] bool verifiesWithThisKey() const;

    // Signs; on success the token is shown, emitted and returned.
    QString sign();
    [[nodiscard]] QString producedToken() const;

    void undo();
    void redo();

signals:
    void tokenProduced(const QString &token);

private:
    void buildLayout();
    void validate();
    void reloadKey();
    void updateSignButton();
    void copyToken();
    void copyPublicKey();
    void copyPrivateKey();
    void resetToToken();

    std::optional<DecodedToken> m_token;
    std::optional<JsonValue> m_header;
    std::optional<JsonValue> m_payload;
    QString m_jsonError;
    std::optional<Key> m_generatedKey;
    std::optional<Key> m_key;
    QString m_keyStatus;
    QString m_produced;
    QPlainTextEdit *m_lastEditor = nullptr;

    QPlainTextEdit *m_headerEdit = nullptr;
    QPlainTextEdit *m_payloadEdit = nullptr;
    QLabel *m_jsonStatusLabel = nullptr;
    QComboBox *m_algorithmComboBox = nullptr;
    QComboBox *m_keyChoiceComboBox = nullptr;
    QStackedWidget *m_keyStack = nullptr;
    QPushButton *m_generateButton = nullptr;
    QPlainTextEdit *m_privateKeyEdit = nullptr;
    SecretLineEdit *m_secretEdit = nullptr;
    QLabel *m_keyStatusLabel = nullptr;
    QCheckBox *m_keyIdCheckBox = nullptr;
    QCheckBox *m_verifyWithKeyCheckBox = nullptr;
    QPushButton *m_signButton = nullptr;
    QLineEdit *m_tokenEdit = nullptr;
    QPushButton *m_copyTokenButton = nullptr;
    QPushButton *m_copyPublicKeyButton = nullptr;
    QPushButton *m_copyPrivateKeyButton = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
};

} // namespace tokenscope
