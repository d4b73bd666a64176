#pragma once

#include <QJsonObject>
#include <QPointer>
#include <QUrl>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QNetworkAccessManager;
class QNetworkReply;
class QPushButton;
class QSpinBox;

namespace tokenscope {

class MessageBanner;

// The mock issuer's runtime faults (docs/issuer.md "Faults") as a form: a failing or stale JWKS, delays, an error
// rate, skewed iat/nbf, an unpublished kid, a trailing-slash issuer, a dropped refresh answer. Apply and Clear all
// go over HTTP to POST /admin/faults, the path the CLI and scripts take, and a new issuer's faults are read with GET
// /admin/faults into the form; the banner under the form says what is on (information while none is, a warning
// while some are, an error when the issuer refused them).
class IssuerFaultsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit IssuerFaultsPanel(QNetworkAccessManager *network, QWidget *parent = nullptr);

    // The running issuer, whose faults the form then shows; an empty URL (stopped) disables the form.
    void setIssuerUrl(const QUrl &issuerUrl);
    // The faults the form would apply, as the JSON POST /admin/faults takes.
    [[nodiscard]] QByteArray faultsJson() const;
    [[nodiscard]] MessageBanner *statusBanner() const { return m_statusBanner; }
    // GET /admin/faults of a newly set issuer is on its way.
    [[nodiscard]] bool isReadingFaults() const { return !m_fetch.isNull(); }

public slots:
    void apply();
    void clearAll();

signals:
    // An answer from the issuer arrived (applied, or refused with a message shown in the panel).
    void answered();

private:
    void send(const QByteArray &json);
    void fetch();
    void showAnswer(int status, const QByteArray &body);
    void showFaults(const QJsonObject &faults);
    void updateEnabled();

    QNetworkAccessManager *m_network;
    QUrl m_issuerUrl;
    bool m_busy = false;
    QPointer<QNetworkReply> m_fetch; // GET /admin/faults in flight; dropped by a new URL or an apply
    QComboBox *m_jwksCombo = nullptr;
    QSpinBox *m_jwksDelay = nullptr;
    QSpinBox *m_tokenDelay = nullptr;
    QSpinBox *m_errorPercent = nullptr;
    QSpinBox *m_clockSkew = nullptr;
    QCheckBox *m_unknownKid = nullptr;
    QCheckBox *m_trailingSlash = nullptr;
    QCheckBox *m_dropRefresh = nullptr;
    QPushButton *m_applyButton = nullptr;
    QPushButton *m_clearButton = nullptr;
    MessageBanner *m_statusBanner = nullptr;
};

} // namespace tokenscope
