#pragma once

#include <QFrame>
#include <QString>
#include <QStringList>
#include <QUrl>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tokenscope {

// The Issuer workspace's server bar: how the next mock issuer starts (policy preset, port, config file, where its
// database lives), the Start and Stop buttons for the workspace's actions, and a status line saying whether it runs,
// where, and where its state is kept. Holds no issuer: the workspace reads the set-up on start and reports back
// through setStatus().
class IssuerServerBar : public QFrame
{
    Q_OBJECT
public:
    // Where the mock issuer keeps its state (SQLite).
    enum class DatabaseLocation {
        Temporary, // a file in a temporary folder, kept across stop/start and deleted with the workspace
        UserData, // MockIssuer::defaultDatabasePath(), shared with `tokenscope-cli issuer serve`
        File, // a file the user picked
    };

    // What the status line says.
    struct Status
    {
        bool running = false;
        QUrl issuerUrl; // of the running issuer
        QString presetName; // the running issuer's policy preset; empty: the demo policy
        QString temporaryDatabasePath; // the session database, once its folder exists
    };

    // `startAction` and `stopAction` are the workspace's (they carry its shortcuts); the bar shows them as buttons.
    IssuerServerBar(QAction *startAction, QAction *stopAction, QWidget *parent = nullptr);

    [[nodiscard]] QString presetName() const; // empty: as configured
    void setPresetName(const QString &presetName); // unknown names choose "as configured"
    [[nodiscard]] int port() const; // 0: any free port
    void setPort(int port);
    [[nodiscard]] QString configPath() const; // empty: the demo clients and user
    void setConfigPath(const QString &path);
    // The tenants to serve beside the root issuer, each under /NAME with the demo set-up (docs/issuer.md "Several
    // issuers"), as typed: separated by spaces or commas, not yet checked.
    [[nodiscard]] QStringList tenantNames() const;
    void setTenantNames(const QStringList &names);
    [[nodiscard]] DatabaseLocation databaseLocation() const { return m_databaseLocation; }
    // The file of DatabaseLocation::File, kept while another location is chosen.
    [[nodiscard]] QString chosenDatabasePath() const { return m_chosenDatabasePath; }
    // A File location without a path keeps the current location.
    void setDatabaseLocation(DatabaseLocation location, const QString &path = {});
    // Remembers the file the user chose last (settings) without choosing it: the file dialog starts there.
    void setChosenDatabasePath(const QString &path) { m_chosenDatabasePath = path; }

    // While an issuer runs its set-up is fixed: the inputs are disabled.
    void setInputsEnabled(bool enabled);
    void setStatus(const Status &status);
    [[nodiscard]] QLabel *statusLabel() const { return m_statusLabel; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void onDatabaseLocationChosen(int index);
    void chooseConfigFile();
    void chooseDatabaseFile();
    void updateStatus();

    DatabaseLocation m_databaseLocation = DatabaseLocation::Temporary;
    QString m_chosenDatabasePath;
    Status m_status;

    QComboBox *m_presetComboBox = nullptr;
    QSpinBox *m_portSpinBox = nullptr;
    QLineEdit *m_configEdit = nullptr;
    QLineEdit *m_tenantsEdit = nullptr;
    QComboBox *m_databaseComboBox = nullptr;
    QLabel *m_statusLabel = nullptr;
};

} // namespace tokenscope
