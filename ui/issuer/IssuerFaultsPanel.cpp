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
    m_statusBanner->showMessage(
        issuerUrl.isEmpty() ? tr("Start the issuer to switch faults.") : tr("No faults are on."), MessageKind::Info);
    updateEnabled();
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
    QStringList on;
    for (const QJsonValue &value : json.value(QStringLiteral("on")).toArray())
        on << value.toString();
    if (on.isEmpty())
        m_statusBanner->showMessage(tr("No faults are on."), MessageKind::Info);
    else
        m_statusBanner->showMessage(tr("On: %1").arg(on.join(QStringLiteral(", "))), MessageKind::Warning);
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
