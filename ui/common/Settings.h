#pragma once

#include "lab/CostMeasurement.h"

#include <QByteArray>
#include <QList>
#include <QSettings>
#include <QString>

#include <memory>
#include <optional>

namespace tokenscope {

// The only place the app remembers anything between runs: window layout and non-secret preferences. Typed so
// that no caller writes a free-form key, which is how a token or a secret could end up on disk: tokens, secrets
// and private keys have no setter here on purpose. Injected (MainWindow, workspaces); tests use throwaway().
class Settings
{
public:
    enum class ThemeChoice { System, Light, Dark };

    // Over the application's QSettings (organisation "Tokenscope", application "tokenscope").
    Settings();
    // Over the given QSettings (takes ownership).
    explicit Settings(std::unique_ptr<QSettings> settings);
    ~Settings();
    Settings(const Settings &) = delete;
    Settings &operator=(const Settings &) = delete;

    // A settings object backed by a temporary INI file that is deleted with it: tests and `--no-settings`.
    [[nodiscard]] static std::unique_ptr<Settings> throwaway();

    [[nodiscard]] QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    [[nodiscard]] QByteArray windowState() const;
    void setWindowState(const QByteArray &state);

    // Splitter sizes by a fixed name ("inspect/main", "inspect/left", …).
    [[nodiscard]] QList<int> splitterSizes(const QString &name) const;
    void setSplitterSizes(const QString &name, const QList<int> &sizes);

    [[nodiscard]] ThemeChoice theme() const;
    void setTheme(ThemeChoice theme);

    [[nodiscard]] int leewaySeconds() const;
    void setLeewaySeconds(int seconds);

    // Inspect: whether the payload is shown as a claims table instead of JSON.
    [[nodiscard]] bool claimsTableShown() const;
    void setClaimsTableShown(bool shown);

    [[nodiscard]] int workspaceIndex() const;
    void setWorkspaceIndex(int index);

    // Verification preferences (non-secret only: never a key, secret or token). Algorithm names as in JWS "alg";
    // the key-source kind as VerifyPanel::KeySourceKind's value; JWKS URLs without user info, most recent first;
    // the path of a custom CA bundle file (its certificates are public).
    [[nodiscard]] QStringList verifyAllowedAlgorithms() const;
    void setVerifyAllowedAlgorithms(const QStringList &algorithms);
    [[nodiscard]] QString verifyExpectedIssuer() const;
    void setVerifyExpectedIssuer(const QString &issuer);
    [[nodiscard]] QString verifyExpectedAudience() const;
    void setVerifyExpectedAudience(const QString &audience);
    [[nodiscard]] int verifyKeySourceKind() const;
    void setVerifyKeySourceKind(int kind);
    [[nodiscard]] QStringList recentJwksUrls() const;
    void setRecentJwksUrls(const QStringList &urls);
    [[nodiscard]] QString verifyCaBundlePath() const;
    void setVerifyCaBundlePath(const QString &path);

    // Issuer workspace (non-secret only): the mock issuer's preset name (empty: the demo policy), port (0: a free
    // one), config file path, where its database lives (IssuerWorkspace::DatabaseLocation's value) and the chosen
    // database file, and the workspace's open tab. Never a client secret, password or token.
    [[nodiscard]] QString issuerPreset() const;
    void setIssuerPreset(const QString &preset);
    [[nodiscard]] int issuerPort() const;
    void setIssuerPort(int port);
    [[nodiscard]] QString issuerConfigPath() const;
    void setIssuerConfigPath(const QString &path);
    // The tenant names of the Issuer workspace's server bar (names only: a tenant's set-up holds no secret here).
    [[nodiscard]] QStringList issuerTenants() const;
    void setIssuerTenants(const QStringList &names);
    [[nodiscard]] int issuerDatabaseLocation() const;
    void setIssuerDatabaseLocation(int location);
    [[nodiscard]] QString issuerDatabasePath() const;
    void setIssuerDatabasePath(const QString &path);
    [[nodiscard]] int issuerTab() const;
    void setIssuerTab(int tab);

    // Simulate: the scenario last shown (a built-in name), its variant index and the playback speed.
    [[nodiscard]] QString simulateScenario() const;
    void setSimulateScenario(const QString &name);
    [[nodiscard]] int simulateVariant() const;
    void setSimulateVariant(int index);
    [[nodiscard]] double simulateSpeed() const;
    void setSimulateSpeed(double speed);
    // Simulate: the cost per request last measured on this machine ("Measure here"), one record per lab mode:
    // numbers and the date only. Empty when never measured or when a stored value does not read back.
    [[nodiscard]] std::optional<lab::CostMeasurement> labCost(lab::CheckMode mode) const;
    void setLabCost(const lab::CostMeasurement &measurement);

    void sync();
    // For tests: the underlying store, to check what was (not) written.
    [[nodiscard]] const QSettings &store() const { return *m_settings; }

private:
    std::unique_ptr<QSettings> m_settings;
    QString m_throwawayPath; // removed in the destructor when set
};

} // namespace tokenscope
