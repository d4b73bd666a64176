#pragma once

#include "common/Span.h"
#include "jose/CompactToken.h"
#include "verify/TokenVerifier.h"

#include <QWidget>

#include <optional>

class QNetworkAccessManager;

namespace tokenscope {

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
    VerifyPanel(QNetworkAccessManager *network, Settings *settings, QWidget *parent = nullptr);
    ~VerifyPanel() override;

    // The analysed token (nullptr: none). The panel copies what it needs.
    void setToken(const DecodedToken *token);
    void setNowSeconds(qint64 unixSeconds);
    void setLeewaySeconds(int seconds);

    [[nodiscard]] const std::optional<VerificationResult> &result() const;

    // The panel's actions for the main window's menus (each with a shortcut): verify, fetch keys, cancel, …
    [[nodiscard]] QList<QAction *> actions() const;

signals:
    // After every verification (a key source, the policy, the token, now or leeway changed).
    void verified(const tokenscope::VerificationResult &result);
    // The user picked a diagnostic or an untrusted header key: light up these characters of the token text.
    void highlightRequested(tokenscope::Span characters);
};

} // namespace tokenscope
