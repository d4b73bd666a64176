#include "issuer/IssuerFaultsPanel.h"

#include "common/DurationSpinBox.h"
#include "common/MessageBanner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSpinBox>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>

namespace tokenscope {

namespace {

QSpinBox *spinBox(const QString &name, int minimum, int maximum, const QString &suffix, const QString &toolTip,
                  QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setAccessibleName(name);
    box->setRange(minimum, maximum);
    box->setSuffix(suffix);
    box->setToolTip(toolTip);
    box->setAccessibleDescription(toolTip);
    return box;
}

QCheckBox *checkBox(const QString &text, const QString &toolTip, QWidget *parent)
{
    auto *box = new QCheckBox(text, parent);
    box->setAccessibleName(QString(text).remove(u'&'));
    box->setToolTip(toolTip);
    box->setAccessibleDescription(toolTip);
    return box;
}

} // namespace

IssuerFaultsPanel::IssuerFaultsPanel(QNetworkAccessManager *network, QWidget *parent)
    : QWidget(parent), m_network(network)
{
    setAccessibleName(tr("Faults"));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);

    m_jwksCombo = new QComboBox(this);
    m_jwksCombo->addItem(tr("Normal"), QStringLiteral("normal"));
    m_jwksCombo->addItem(tr("Answers 500"), QStringLiteral("server_error"));
    m_jwksCombo->addItem(tr("Stale (no current key)"), QStringLiteral("stale"));
    m_jwksCombo->setToolTip(tr("What /jwks serves: the key set, a 500 server_error, or the set without the key "
                               "that signs now, as a forgotten cache would"));
    m_jwksCombo->setAccessibleName(tr("JWKS fault"));
    form->addRow(tr("&JWKS:"), m_jwksCombo);
    m_jwksDelay = spinBox(tr("JWKS delay"), 0, 10'000, tr(" ms"), tr("How much later /jwks answers"), this);
    m_jwksDelay->setSingleStep(100);
    form->addRow(tr("JWKS &delay:"), m_jwksDelay);
    m_tokenDelay
        = spinBox(tr("Token delay"), 0, 10'000, tr(" ms"), tr("How much later the token endpoint answers"), this);
    m_tokenDelay->setSingleStep(100);
    form->addRow(tr("&Token delay:"), m_tokenDelay);
    m_errorPercent
        = spinBox(tr("Token errors"), 0, 100, tr(" %"),
                  tr("The share of token requests answered 503 temporarily_unavailable, spread evenly"), this);
    form->addRow(tr("Token &errors:"), m_errorPercent);
    // A duration either way ("-5m", "2h"): the issuer reads the skew in seconds.
    m_clockSkew = new DurationSpinBox(this);
    m_clockSkew->setRange(-86'400, 86'400);
    m_clockSkew->setSingleStep(60);
    m_clockSkew->setAccessibleName(tr("Clock skew"));
    m_clockSkew->setToolTip(tr("Moves the iat and nbf of issued tokens: ahead refuses them until verifiers catch up"));
    m_clockSkew->setAccessibleDescription(m_clockSkew->toolTip());
    form->addRow(tr("Clock &skew:"), m_clockSkew);

    m_unknownKid
        = checkBox(tr("Sign with an &unpublished kid"), tr("Issued tokens name a kid the JWKS does not publish"), this);
    m_trailingSlash = checkBox(tr("Trailing &slash on discovery's issuer"),
                               tr("Discovery's issuer differs from the tokens' iss by a trailing slash"), this);
    m_dropRefresh = checkBox(tr("Drop &refresh answers"),
                             tr("A refresh is committed, then the connection closes without the answer: the lost "
                                "response that logs users out under rotation without grace"),
                             this);

    m_applyButton = new QPushButton(tr("&Apply Faults"), this);
    m_applyButton->setToolTip(tr("Switch the issuer to exactly these faults (POST /admin/faults)"));
    m_clearButton = new QPushButton(tr("C&lear All"), this);
    m_clearButton->setToolTip(tr("Switch every fault off"));
    m_applyButton->setAccessibleName(tr("Apply faults"));
    m_clearButton->setAccessibleName(tr("Clear all faults"));
    connect(m_applyButton, &QPushButton::clicked, this, &IssuerFaultsPanel::apply);
    connect(m_clearButton, &QPushButton::clicked, this, &IssuerFaultsPanel::clearAll);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_applyButton);
    buttons->addWidget(m_clearButton);
    buttons->addStretch(1);

    m_statusBanner = new MessageBanner(this);
    m_statusBanner->setAccessibleName(tr("Faults now on"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_unknownKid);
    layout->addWidget(m_trailingSlash);
    layout->addWidget(m_dropRefresh);
    layout->addLayout(buttons);
    layout->addWidget(m_statusBanner);
    layout->addStretch(1);
    updateEnabled();
}

void IssuerFaultsPanel::setIssuerUrl(const QUrl &issuerUrl)
{
    m_issuerUrl = issuerUrl;
    if (QNetworkReply *stale = m_fetch) {
        m_fetch.clear();
        stale->abort();
    }
    m_statusBanner->showMessage(issuerUrl.isEmpty() ? tr("Start the issuer to switch faults.")
                                                    : tr("Reading the issuer's faults…"),
                                MessageKind::Info);
    updateEnabled();
    fetch();
}

void IssuerFaultsPanel::fetch()
{
    if (m_issuerUrl.isEmpty())
        return;
    QUrl url = m_issuerUrl;
    url.setPath(url.path() + QStringLiteral("/admin/faults"));
    QNetworkRequest request(url);
    request.setTransferTimeout(10'000);
    QNetworkReply *reply = m_network->get(request);
    m_fetch = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply != m_fetch) // aborted: another issuer, or an apply that answers for itself
            return;
        m_fetch.clear();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        showAnswer(status.isValid() ? status.toInt() : 0,
                   status.isValid() ? reply->readAll() : reply->errorString().toUtf8());
    });
}

QByteArray IssuerFaultsPanel::faultsJson() const
{
    QJsonObject faults {
        {QStringLiteral("jwks"), m_jwksCombo->currentData().toString()},
        {QStringLiteral("jwks_delay_ms"), m_jwksDelay->value()},
        {QStringLiteral("token_delay_ms"), m_tokenDelay->value()},
        {QStringLiteral("token_error_percent"), m_errorPercent->value()},
        {QStringLiteral("token_clock_skew"), m_clockSkew->value()},
        {QStringLiteral("token_unknown_kid"), m_unknownKid->isChecked()},
        {QStringLiteral("issuer_trailing_slash"), m_trailingSlash->isChecked()},
        {QStringLiteral("drop_refresh_response"), m_dropRefresh->isChecked()},
    };
    return QJsonDocument(faults).toJson(QJsonDocument::Compact);
}

void IssuerFaultsPanel::apply()
{
    send(faultsJson());
}

void IssuerFaultsPanel::clearAll()
{
    m_jwksCombo->setCurrentIndex(0);
    for (QSpinBox *box : {m_jwksDelay, m_tokenDelay, m_errorPercent, m_clockSkew})
        box->setValue(0);
    for (QCheckBox *box : {m_unknownKid, m_trailingSlash, m_dropRefresh})
        box->setChecked(false);
    send(QByteArrayLiteral("{}"));
}

void IssuerFaultsPanel::send(const QByteArray &json)
{
    if (m_issuerUrl.isEmpty() || m_busy)
        return;
    if (QNetworkReply *stale = m_fetch) {
        m_fetch.clear();
        stale->abort();
    }
    QUrl url = m_issuerUrl;
    url.setPath(url.path() + QStringLiteral("/admin/faults"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("faults"), QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(json))));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setTransferTimeout(10'000);
    m_busy = true;
    updateEnabled();
    QNetworkReply *reply = m_network->post(request, form.toString(QUrl::FullyEncoded).toLatin1());
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_busy = false;
        updateEnabled();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        showAnswer(status.isValid() ? status.toInt() : 0,
                   status.isValid() ? reply->readAll() : reply->errorString().toUtf8());
        emit answered();
    });
}

void IssuerFaultsPanel::showAnswer(int status, const QByteArray &body)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    if (status != 200) {
        const QString why
            = status == 0 ? QString::fromUtf8(body) : json.value(QStringLiteral("error_description")).toString();
        m_statusBanner->showMessage(tr("The issuer refused the faults: %1").arg(why), MessageKind::Error);
        return;
    }
    showFaults(json.value(QStringLiteral("faults")).toObject());
    QStringList on;
    for (const QJsonValue &value : json.value(QStringLiteral("on")).toArray())
        on << value.toString();
    if (on.isEmpty())
        m_statusBanner->showMessage(tr("No faults are on."), MessageKind::Info);
    else
        m_statusBanner->showMessage(tr("On: %1").arg(on.join(QStringLiteral(", "))), MessageKind::Warning);
}

// The form as the issuer's answer has it (docs/issuer.md "Faults": every member present).
void IssuerFaultsPanel::showFaults(const QJsonObject &faults)
{
    m_jwksCombo->setCurrentIndex(std::max(0, m_jwksCombo->findData(faults.value(QStringLiteral("jwks")).toString())));
    const std::pair<QSpinBox *, const char *> numbers[] = {{m_jwksDelay, "jwks_delay_ms"},
                                                           {m_tokenDelay, "token_delay_ms"},
                                                           {m_errorPercent, "token_error_percent"},
                                                           {m_clockSkew, "token_clock_skew"}};
    for (const auto &[box, name] : numbers)
        box->setValue(faults.value(QLatin1String(name)).toInt());
    const std::pair<QCheckBox *, const char *> switches[] = {{m_unknownKid, "token_unknown_kid"},
                                                             {m_trailingSlash, "issuer_trailing_slash"},
                                                             {m_dropRefresh, "drop_refresh_response"}};
    for (const auto &[box, name] : switches)
        box->setChecked(faults.value(QLatin1String(name)).toBool());
}

void IssuerFaultsPanel::updateEnabled()
{
    const bool usable = !m_issuerUrl.isEmpty() && !m_busy;
    for (QWidget *widget :
         std::initializer_list<QWidget *> {m_jwksCombo, m_jwksDelay, m_tokenDelay, m_errorPercent, m_clockSkew,
                                           m_unknownKid, m_trailingSlash, m_dropRefresh, m_applyButton, m_clearButton})
        widget->setEnabled(usable);
}

} // namespace tokenscope
