#pragma once

#include "common/Clock.h"
#include "common/Span.h"
#include "jose/CompactToken.h"
#include "jose/SdJwt.h"
#include "net/JwksCache.h"
#include "verify/KeySourceBox.h"
#include "verify/TokenVerifier.h"

#include <QWidget>

#include <optional>

class QAction;
class QNetworkAccessManager;

namespace tokenscope {

class DecryptionBox;
class PolicyBox;
class ResignDialog;
class Settings;
class VerdictView;

// The Inspect workspace's signature side: where the keys come from (KeySourceBox: JWKS URL, issuer discovery
// prefilled from `iss`, pasted JWK/JWKS, PEM key or certificate, HMAC secret), the policy (PolicyBox: allowed
// algorithms, expected iss and aud), and the verdict (VerdictView) with the key that verified or, when none did,
// every candidate key and why it was rejected. The panel owns the three, and verifies whenever one of them, the
// token, the 'now' (time travel) or the leeway changes; the workspace owns the last three.
class VerifyPanel : public QWidget
{
    Q_OBJECT
public:
    // The key-source picker's kinds (their order is the value remembered in Settings), and the secret's encodings.
    using KeySourceKind = KeySourceBox::Kind;
    using SecretEncoding = KeySourceBox::SecretEncoding;

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
    [[nodiscard]] JwksCache *jwksCache() const;

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
    [[nodiscard]] const KeySet &keys() const { return m_keySource->keys(); }
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

private:
    void buildActions();
    void buildLayout(QNetworkAccessManager *network);
    void restoreSettings();
    void verify();
    void onResignedToken(const QString &token);

    Settings *m_settings = nullptr;
    FixedClock m_verifyClock; // the workspace's 'now'
    int m_leewaySeconds = 0;
    std::optional<DecodedToken> m_token;
    std::optional<SdJwt> m_sdJwt;
    QString m_droppedCharacters;
    std::optional<VerificationResult> m_result;
    bool m_restoring = false;

    VerdictView *m_verdictView = nullptr;
    DecryptionBox *m_decryptionBox = nullptr;
    KeySourceBox *m_keySource = nullptr;
    PolicyBox *m_policyBox = nullptr;
    ResignDialog *m_resignDialog = nullptr;

    QAction *m_verifyAction = nullptr;
    QAction *m_resignAction = nullptr;
};

} // namespace tokenscope
