#pragma once

#include "common/Clock.h"
#include "common/Span.h"
#include "jose/CompactToken.h"
#include "jose/SdJwt.h"
#include "net/JwksCache.h"
#include "verify/JweDecryptor.h"
#include "verify/TokenVerifier.h"

#include <QSet>
#include <QWidget>

#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QFrame;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QStringListModel;
class QTableView;
class QToolButton;
class QNetworkAccessManager;

namespace tokenscope {

class KeyAttemptsModel;
class DecryptionBox;
class ResignDialog;
class Settings;

// The Inspect workspace's signature side: where the keys come from (JWKS URL, issuer discovery prefilled from
// `iss`, pasted JWK/JWKS, PEM key or certificate, HMAC secret), the policy (allowed algorithms, expected iss and
// aud), and the verdict with the key that verified or, when none did, every candidate key and why it was
// rejected. Keys fetched over the one injected QNetworkAccessManager, in the background, cached per URL.
// The workspace owns the token, the 'now' (time travel) and the leeway; the panel re-verifies when any changes.
class VerifyPanel : public QWidget
{
    Q_OBJECT
public:
    // The order of the key-source picker (and the value remembered in Settings).
    enum class KeySourceKind { JwksUrl, Issuer, Jwk, Pem, Secret };
    enum class SecretEncoding { Text, Base64 };

    VerifyPanel(QNetworkAccessManager *network, Settings *settings, QWidget *parent = nullptr);
    ~VerifyPanel() override;

    // The analysed token (nullptr: none). The panel copies what it needs. `droppedCharacters`: what was stuck to the
    // token in the pasted text (TokenExtractor); a token with any is refused as malformed, as `verify` does.
    // `sdJwt`: the SD-JWT whose issuer-signed JWT `token` is; the verdict then covers its Disclosures and key
    // binding too (RFC 9901 §7.1, §7.3), as `verify` does.
    void setToken(const DecodedToken *token, const QString &droppedCharacters = QString(),
                  const SdJwt *sdJwt = nullptr);
    void setNowSeconds(qint64 unixSeconds);
    void setLeewaySeconds(int seconds);

    [[nodiscard]] const std::optional<VerificationResult> &result() const;

    // The panel's actions for the main window's menus (each with a shortcut): verify, fetch keys, cancel, …
    [[nodiscard]] QList<QAction *> actions() const;

    // The wall clock for the key cache's fetched/trusted-until times (default: the system clock). Separate from
    // the workspace's 'now', which may be time-travelled: cache freshness is about real time.
    void setCacheClock(const Clock *clock);
    [[nodiscard]] JwksCache *jwksCache() const { return m_cache; }

    // Programmatic equivalents of what the user does (the main window and tests).
    void setKeySourceKind(KeySourceKind kind);
    [[nodiscard]] KeySourceKind keySourceKind() const;
    void setJwksUrl(const QString &url);
    void setIssuerUrl(const QString &url);
    void setKeyText(const QString &jwkOrPem); // into the JWK or PEM field, by the current kind (JWK otherwise)
    void setSecret(const QString &secret, SecretEncoding encoding);
    void setAllowedAlgorithms(const QList<Algorithm> &algorithms);
    void setExpectedIssuer(const QString &issuer);
    void setExpectedAudience(const QString &audience);
    void setCaBundlePath(const QString &path);
    // Starts fetching the current JWKS URL or issuer (what the Fetch button does).
    void fetchKeys();
    void cancelFetch();
    [[nodiscard]] bool isFetching() const;
    // The keys the current source provides (never those the token names for itself).
    [[nodiscard]] const KeySet &keys() const { return m_keys; }
    // Reads a PEM key or certificate (or a JWK/JWKS) file into the matching key source; false, with an inline
    // message, when it holds no usable key or cannot be read.
    bool loadKeyFile(const QString &path);
    // Opens the edit-and-re-sign dialog for the current token.
    ResignDialog *openResignDialog();
    // The decryption key and result, shown for an encrypted token (JWE); a nested token is verified with the key
    // source, and the verdict says so.
    [[nodiscard]] DecryptionBox *decryptionBox() const { return m_decryptionBox; }

    // Saves non-secret preferences (policy, key-source kind, recent URLs, CA path).
    void saveSettings();

signals:
    // After every verification (a key source, the policy, the token, now or leeway changed).
    void verified(const tokenscope::VerificationResult &result);
    // The user picked a diagnostic or an untrusted header key: light up these characters of the token text.
    void highlightRequested(tokenscope::Span characters);
    // The edit-and-re-sign dialog produced a token: the workspace loads it as its input.
    void resignedTokenProduced(const QString &token);

protected:
    // Light/dark switch: the verdict band and the message colours are derived from the palette.
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void buildLayout();
    void restoreSettings();
    QWidget *buildKeySourceBox();
    QWidget *buildPolicyBox();
    QWidget *buildVerdictBox();

    void onKeySourceChanged();
    void showKeyBindingFields();
    void onUrlEdited();
    void reloadKeys();
    void verify();
    void showVerdict();
    void showUntrustedKeys();
    void updateFetchControls();
    void onFetchFinished(JwksCache::SourceKind kind, const QUrl &url, const FetchError &error);
    void onFetchProgress(qint64 received, qint64 total);
    void onAlgorithmsChanged();
    void onDiagnosticSelected();
    void onUntrustedKeySelected();
    void chooseKeyFile();
    void chooseCaBundle();
    void copyThumbprint();
    void onResignedToken(const QString &token);
    void rememberJwksUrl(const QString &url);

    [[nodiscard]] bool isUrlSource() const;
    [[nodiscard]] JwksCache::SourceKind cacheKind() const;
    [[nodiscard]] QUrl currentUrl() const;
    [[nodiscard]] std::optional<FetchOptions> fetchOptions(QString *error) const;
    [[nodiscard]] VerificationPolicy policy() const;
    void setKeyStatus(const QString &text, bool error);

    Settings *m_settings = nullptr;
    JwksCache *m_cache = nullptr;
    FixedClock m_verifyClock; // the workspace's 'now'
    int m_leewaySeconds = 0;
    std::optional<DecodedToken> m_token;
    std::optional<SdJwt> m_sdJwt;
    QString m_droppedCharacters;
    std::optional<VerificationResult> m_result;
    std::optional<DecryptionResult> m_decryption; // when the token is a JWE and a decryption key is given
    bool m_verifiedNested = false; // m_result is about the token inside the JWE
    KeySet m_keys;
    QStringList m_skipped;
    QUrl m_discoveredJwksUrl; // the issuer's jwks_uri when the keys came through OIDC discovery
    QString m_pemSource; // "file key.pem" while the PEM field holds a file's text
    QSet<QString> m_insecureAllowed; // URLs the user allowed over plain http, this session only
    QString m_tokenIssuer; // the `iss` the issuer field was prefilled with
    bool m_issuerEditedByUser = false;
    bool m_restoring = false;
    bool m_inPaletteChange = false;
    FetchError m_lastFetchError;
    QUrl m_lastFetchErrorUrl;

    QComboBox *m_sourceComboBox = nullptr;
    QStackedWidget *m_sourceStack = nullptr;
    QLineEdit *m_jwksUrlEdit = nullptr;
    QStringListModel *m_recentUrlsModel = nullptr;
    QLineEdit *m_issuerEdit = nullptr;
    QPlainTextEdit *m_jwkEdit = nullptr;
    QPlainTextEdit *m_pemEdit = nullptr;
    QLineEdit *m_secretEdit = nullptr;
    QComboBox *m_secretEncodingComboBox = nullptr;
    QToolButton *m_showSecretButton = nullptr;
    QLabel *m_keyStatusLabel = nullptr;

    QWidget *m_fetchBox = nullptr;
    QPushButton *m_fetchButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QProgressBar *m_fetchProgressBar = nullptr;
    QCheckBox *m_allowHttpCheckBox = nullptr;
    QLabel *m_cacheLabel = nullptr;
    QLabel *m_fetchErrorLabel = nullptr;
    QLineEdit *m_caBundleEdit = nullptr;

    QToolButton *m_algorithmsButton = nullptr;
    QList<QAction *> m_algorithmActions;
    QLineEdit *m_expectedIssuerEdit = nullptr;
    QLineEdit *m_expectedAudienceEdit = nullptr;
    QLineEdit *m_keyBindingNonceEdit = nullptr;
    QLineEdit *m_keyBindingAudienceEdit = nullptr;
    QFormLayout *m_policyForm = nullptr;

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
    QList<Span> m_untrustedSpans;

    ResignDialog *m_resignDialog = nullptr;
    DecryptionBox *m_decryptionBox = nullptr;

    QAction *m_verifyAction = nullptr;
    QAction *m_fetchAction = nullptr;
    QAction *m_cancelFetchAction = nullptr;
    QAction *m_focusKeySourceAction = nullptr;
    QAction *m_openKeyFileAction = nullptr;
    QAction *m_showSecretAction = nullptr;
    QAction *m_copyThumbprintAction = nullptr;
    QAction *m_resignAction = nullptr;
};

} // namespace tokenscope
