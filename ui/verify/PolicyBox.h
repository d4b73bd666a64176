#pragma once

#include "crypto/Algorithm.h"
#include "verify/KeyBindingVerifier.h"
#include "verify/VerificationPolicy.h"

#include <QGroupBox>
#include <QList>

class QAction;
class QFormLayout;
class QLineEdit;
class QToolButton;

namespace tokenscope {

class Settings;

// What the verifier expects of a token, as the user sets it: the allowed algorithms (RFC 8725 §3.1), the expected
// iss and aud, and for an SD-JWT with a key binding the nonce and audience its KB-JWT must answer with. Empty means
// not checked. The workspace's 'now' and leeway are not the box's: the panel adds them.
class PolicyBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit PolicyBox(QWidget *parent = nullptr);

    void setAllowedAlgorithms(const QList<Algorithm> &algorithms); // empty: any the key fits
    [[nodiscard]] QList<Algorithm> allowedAlgorithms() const;
    void setExpectedIssuer(const QString &issuer);
    void setExpectedAudience(const QString &audience);
    // The key-binding rows, shown only for an SD-JWT with a key binding.
    void setKeyBindingFieldsShown(bool shown);

    // The fields as a policy (leeway and clock left at their defaults) and as a key-binding policy.
    [[nodiscard]] VerificationPolicy policy() const;
    [[nodiscard]] KeyBindingPolicy keyBindingPolicy() const;

    void restoreSettings(const Settings &settings);
    void saveSettings(Settings &settings) const;

signals:
    // Any field changed: verify again.
    void policyChanged();

private:
    void onAlgorithmsChanged();

    QToolButton *m_algorithmsButton = nullptr;
    QList<QAction *> m_algorithmActions;
    QLineEdit *m_expectedIssuerEdit = nullptr;
    QLineEdit *m_expectedAudienceEdit = nullptr;
    QLineEdit *m_keyBindingNonceEdit = nullptr;
    QLineEdit *m_keyBindingAudienceEdit = nullptr;
    QFormLayout *m_form = nullptr;
};

} // namespace tokenscope
