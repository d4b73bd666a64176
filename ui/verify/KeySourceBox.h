#pragma once

#include "common/Clock.h"
#include "common/MessageKind.h"
#include "crypto/Key.h"
#include "net/JwksCache.h"

#include <QGroupBox>
#include <QStringList>
#include <QUrl>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPlainTextEdit;
class QStackedWidget;
class QStringListModel;

namespace tokenscope {

class JwksFetchBox;
class SecretLineEdit;
class Settings;

// Where the verifying keys come from: a JWKS URL, an issuer through OpenID Connect discovery (prefilled from the
// token's `iss`), a pasted JWK or JWK Set, a PEM key or certificate (pasted or from a file), or an HMAC secret,
// masked unless shown. Says how many keys the source gave and which it had to skip; the two URL sources fetch
// through a JwksFetchBox. Never the keys a token names for itself.
class KeySourceBox : public QGroupBox
{
    Q_OBJECT
public:
    // The order of the key-source picker (and the value remembered in Settings).
    enum class Kind { JwksUrl, Issuer, Jwk, Pem, Secret };
    enum class SecretEncoding { Text, Base64 };

    explicit KeySourceBox(QNetworkAccessManager *network, QWidget *parent = nullptr);

    // Fetch keys, cancel fetching, go to the key source, open a key file, show the secret: for the main window's
    // menus, in that order, each with a shortcut.
    [[nodiscard]] QList<QAction *> menuActions() const;

    void setKind(Kind kind);
    [[nodiscard]] Kind kind() const;
    void setJwksUrl(const QString &url);
    void setIssuerUrl(const QString &url); // the user's choice: a new token's iss no longer replaces it
    // The token's `iss`: fills the issuer field, unless the user typed one there, and reads the keys again without
    // keysChanged (the caller verifies the new token anyway). Fetching waits for the user.
    void setTokenIssuer(const QString &issuer);
    void setKeyText(const QString &jwkOrPem); // into the JWK or PEM field, by the current kind (JWK otherwise)
    void setSecret(const QString &secret, SecretEncoding encoding);
    void setCaBundlePath(const QString &path);
    // Reads a PEM key or certificate (or a JWK/JWKS) file into the matching source; false, with the reason shown,
    // when it holds no usable key or cannot be read.
    bool loadKeyFile(const QString &path);

    void fetchKeys();
    void cancelFetch();
    [[nodiscard]] bool isFetching() const;
    // Before the keys are used: a stale copy, or one without the token's kid, is fetched again in the background.
    void refreshIfNeeded(const QString &keyId);
    void setCacheClock(const Clock *clock);
    [[nodiscard]] JwksCache *jwksCache() const;

    // Reads the keys from the current source again (F5: a cached copy may have been fetched since).
    void reloadKeys();
    [[nodiscard]] const KeySet &keys() const { return m_keys; }
    [[nodiscard]] const QStringList &skippedKeys() const { return m_skipped; }
    // The issuer's jwks_uri when the keys came through OIDC discovery (empty otherwise).
    [[nodiscard]] const QUrl &discoveredJwksUrl() const { return m_discoveredJwksUrl; }

    // Non-secret preferences only: the source kind, recent JWKS URLs and the CA bundle path, never a key.
    void restoreSettings(const Settings &settings);
    void saveSettings(Settings &settings) const;

signals:
    // The source, its text or its fetched keys changed: verify again.
    void keysChanged();

protected:
    // Light/dark switch: the status colour comes from the palette.
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void onKeySourceChanged();
    void onUrlEdited();
    void onFetchFinished(JwksCache::SourceKind kind, const QUrl &url, const FetchError &error);
    void reloadAndNotify();
    void showFetchSource();
    void chooseKeyFile();
    void rememberJwksUrl(const QString &url);
    void setKeyStatus(const QString &text, MessageKind kind);

    [[nodiscard]] bool isUrlSource() const;
    [[nodiscard]] JwksCache::SourceKind cacheKind() const;
    [[nodiscard]] QUrl currentUrl() const;

    KeySet m_keys;
    QStringList m_skipped;
    QUrl m_discoveredJwksUrl;
    QString m_pemSource; // "file key.pem" while the PEM field holds a file's text
    MessageKind m_keyStatusKind = MessageKind::Info;
    bool m_issuerEditedByUser = false;
    bool m_restoring = false;

    QComboBox *m_sourceComboBox = nullptr;
    QStackedWidget *m_sourceStack = nullptr;
    QLineEdit *m_jwksUrlEdit = nullptr;
    QStringListModel *m_recentUrlsModel = nullptr;
    QLineEdit *m_issuerEdit = nullptr;
    QPlainTextEdit *m_jwkEdit = nullptr;
    QPlainTextEdit *m_pemEdit = nullptr;
    SecretLineEdit *m_secretEdit = nullptr;
    QComboBox *m_secretEncodingComboBox = nullptr;
    QLabel *m_keyStatusLabel = nullptr;
    JwksFetchBox *m_fetchBox = nullptr;

    QAction *m_fetchAction = nullptr;
    QAction *m_cancelFetchAction = nullptr;
    QAction *m_focusKeySourceAction = nullptr;
    QAction *m_openKeyFileAction = nullptr;
    QAction *m_showSecretAction = nullptr;
};

} // namespace tokenscope
