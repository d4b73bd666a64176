#include "issuer/IssuerServerBar.h"

#include "common/Theme.h"
#include "issuer/MockIssuer.h"
#include "policy/IssuerPolicy.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QToolButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

QToolButton *makeActionButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setIconSize(QSize(18, 18));
    return button;
}

} // namespace

IssuerServerBar::IssuerServerBar(QAction *startAction, QAction *stopAction, QWidget *parent) : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Mock issuer set-up"));
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setHorizontalSpacing(8);
    layout->setVerticalSpacing(6);

    auto *presetLabel = new QLabel(tr("&Policy"), this);
    m_presetComboBox = new QComboBox(this);
    m_presetComboBox->setAccessibleName(tr("Issuer policy preset"));
    m_presetComboBox->addItem(tr("As configured (demo: rotate, revoke family on reuse)"), QString());
    for (const QString &name : policy::IssuerPresets::names()) {
        m_presetComboBox->addItem(name, name);
        m_presetComboBox->setItemData(m_presetComboBox->count() - 1, policy::IssuerPresets::description(name),
                                      Qt::ToolTipRole);
    }
    m_presetComboBox->setToolTip(tr("A provider preset replaces the config file's policy"));
    presetLabel->setBuddy(m_presetComboBox);

    auto *portLabel = new QLabel(tr("P&ort"), this);
    m_portSpinBox = new QSpinBox(this);
    m_portSpinBox->setRange(0, 65535);
    m_portSpinBox->setSpecialValueText(tr("any free"));
    m_portSpinBox->setAccessibleName(tr("Port on 127.0.0.1 (0: any free port)"));
    m_portSpinBox->setToolTip(tr("The issuer listens on 127.0.0.1 only; 0 picks a free port"));
    portLabel->setBuddy(m_portSpinBox);

    auto *configLabel = new QLabel(tr("Con&fig file"), this);
    m_configEdit = new QLineEdit(this);
    m_configEdit->setPlaceholderText(tr("none: the demo clients and user (docs/issuer.md)"));
    m_configEdit->setAccessibleName(tr("Issuer config file"));
    m_configEdit->setClearButtonEnabled(true);
    configLabel->setBuddy(m_configEdit);
    auto *configButton = new QToolButton(this);
    configButton->setText(tr("Browse…"));
    configButton->setAccessibleName(tr("Choose an issuer config file"));
    connect(configButton, &QToolButton::clicked, this, &IssuerServerBar::chooseConfigFile);

    auto *tenantsLabel = new QLabel(tr("Te&nants"), this);
    m_tenantsEdit = new QLineEdit(this);
    m_tenantsEdit->setPlaceholderText(tr("none, or names such as acme globex"));
    m_tenantsEdit->setAccessibleName(tr("Tenants served under their own path"));
    m_tenantsEdit->setToolTip(tr("Further issuers on the same port, each under /NAME with the demo clients and user; "
                                 "a config file's \"issuers\" are added to these"));
    tenantsLabel->setBuddy(m_tenantsEdit);

    auto *databaseLabel = new QLabel(tr("&Database"), this);
    m_databaseComboBox = new QComboBox(this);
    m_databaseComboBox->setAccessibleName(tr("Where the issuer keeps its state"));
    m_databaseComboBox->addItem(tr("Temporary, for this session"));
    m_databaseComboBox->addItem(
        tr("User data folder (%1)").arg(QDir::toNativeSeparators(issuer::MockIssuer::defaultDatabasePath())));
    m_databaseComboBox->addItem(tr("File…"));
    m_databaseComboBox->setToolTip(
        tr("The SQLite database holds clients, refresh families, revocations and the issuer's throwaway keys"));
    m_databaseComboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_databaseComboBox->setMinimumContentsLength(24);
    databaseLabel->setBuddy(m_databaseComboBox);
    connect(m_databaseComboBox, &QComboBox::activated, this, &IssuerServerBar::onDatabaseLocationChosen);

    QToolButton *startButton = makeActionButton(startAction, this);
    QToolButton *stopButton = makeActionButton(stopAction, this);

    layout->addWidget(presetLabel, 0, 0);
    layout->addWidget(m_presetComboBox, 0, 1);
    layout->addWidget(portLabel, 0, 2);
    layout->addWidget(m_portSpinBox, 0, 3);
    layout->addWidget(databaseLabel, 0, 4);
    layout->addWidget(m_databaseComboBox, 0, 5);
    layout->addWidget(startButton, 0, 6);
    layout->addWidget(configLabel, 1, 0);
    auto *configRow = new QHBoxLayout;
    configRow->setSpacing(4);
    configRow->addWidget(m_configEdit, 1);
    configRow->addWidget(configButton);
    layout->addLayout(configRow, 1, 1, 1, 3);
    layout->addWidget(tenantsLabel, 1, 4);
    layout->addWidget(m_tenantsEdit, 1, 5);
    layout->addWidget(stopButton, 1, 6);
    layout->setColumnStretch(1, 2);
    layout->setColumnStretch(5, 3);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setAccessibleName(tr("Mock issuer status"));
    m_statusLabel->setTextFormat(Qt::RichText);
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_statusLabel->setOpenExternalLinks(true);
    layout->addWidget(m_statusLabel, 2, 0, 1, 7);
    updateStatus();
}

QString IssuerServerBar::presetName() const
{
    return m_presetComboBox->currentData().toString();
}

void IssuerServerBar::setPresetName(const QString &presetName)
{
    m_presetComboBox->setCurrentIndex(std::max(m_presetComboBox->findData(presetName), 0));
}

int IssuerServerBar::port() const
{
    return m_portSpinBox->value();
}

void IssuerServerBar::setPort(int port)
{
    m_portSpinBox->setValue(port);
}

QString IssuerServerBar::configPath() const
{
    return QDir::fromNativeSeparators(m_configEdit->text().trimmed());
}

void IssuerServerBar::setConfigPath(const QString &path)
{
    m_configEdit->setText(QDir::toNativeSeparators(path));
}

QStringList IssuerServerBar::tenantNames() const
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return m_tenantsEdit->text().split(separators, Qt::SkipEmptyParts);
}

void IssuerServerBar::setTenantNames(const QStringList &names)
{
    m_tenantsEdit->setText(names.join(u' '));
}

void IssuerServerBar::setDatabaseLocation(DatabaseLocation location, const QString &path)
{
    if (location == DatabaseLocation::File) {
        if (path.isEmpty())
            return;
        m_chosenDatabasePath = path;
        m_databaseComboBox->setItemText(int(DatabaseLocation::File),
                                        tr("File: %1").arg(QDir::toNativeSeparators(path)));
    }
    m_databaseLocation = location;
    m_databaseComboBox->setCurrentIndex(int(location));
    updateStatus();
}

void IssuerServerBar::setInputsEnabled(bool enabled)
{
    for (QWidget *input : std::initializer_list<QWidget *> {m_presetComboBox, m_portSpinBox, m_configEdit,
                                                            m_tenantsEdit, m_databaseComboBox})
        input->setEnabled(enabled);
}

void IssuerServerBar::setStatus(const Status &status)
{
    m_status = status;
    updateStatus();
}

void IssuerServerBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateStatus(); // the status dot's colour
}

void IssuerServerBar::onDatabaseLocationChosen(int index)
{
    if (index == int(DatabaseLocation::File)) {
        chooseDatabaseFile();
        return;
    }
    setDatabaseLocation(DatabaseLocation(index));
}

void IssuerServerBar::chooseConfigFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Issuer Config File"), m_configEdit->text(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (!path.isEmpty())
        setConfigPath(path);
}

void IssuerServerBar::chooseDatabaseFile()
{
    const QString start = m_chosenDatabasePath.isEmpty() ? QDir::homePath() : m_chosenDatabasePath;
    const QString path = QFileDialog::getSaveFileName(this, tr("Issuer Database"), start,
                                                      tr("SQLite databases (*.sqlite *.db);;All files (*)"), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty()) {
        m_databaseComboBox->setCurrentIndex(int(m_databaseLocation)); // cancelled: keep what was chosen
        return;
    }
    setDatabaseLocation(DatabaseLocation::File, path);
}

void IssuerServerBar::updateStatus()
{
    // Where the state lives, said plainly: a temporary database disappears with the session.
    QString where;
    switch (m_databaseLocation) {
    case DatabaseLocation::Temporary:
        where = !m_status.temporaryDatabasePath.isEmpty()
            ? tr("State: temporary database %1, deleted when Tokenscope closes.")
                  .arg(QDir::toNativeSeparators(m_status.temporaryDatabasePath).toHtmlEscaped())
            : tr("State: a temporary database, deleted when Tokenscope closes.");
        break;
    case DatabaseLocation::UserData:
        where = tr("State: %1 in the user data folder, shared with <code>tokenscope-cli issuer serve</code>; "
                   "kept between sessions.")
                    .arg(QDir::toNativeSeparators(issuer::MockIssuer::defaultDatabasePath()).toHtmlEscaped());
        break;
    case DatabaseLocation::File:
        where = tr("State: %1; kept between sessions.")
                    .arg(QDir::toNativeSeparators(m_chosenDatabasePath).toHtmlEscaped());
        break;
    }
    const Theme::Colors colors = Theme::colors(palette());
    QString status;
    if (m_status.running) {
        const QString url = m_status.issuerUrl.toString();
        const QString policy
            = m_status.presetName.isEmpty() ? tr("demo policy") : tr("%1 policy").arg(m_status.presetName);
        // The link opens the discovery document: the issuer URL itself has no page.
        QUrl discovery = m_status.issuerUrl;
        discovery.setPath(u"/.well-known/openid-configuration"_s);
        status = tr("<span style=\"color:%1\">●</span> <b>Running</b> at <a href=\"%2\">%3</a> · %4 · %5")
                     .arg(colors.valid.name(), discovery.toString().toHtmlEscaped(), url.toHtmlEscaped(),
                          policy.toHtmlEscaped(), where);
    } else {
        status = tr("<span style=\"color:%1\">●</span> <b>Stopped</b> · %2").arg(colors.annotation.name(), where);
    }
    m_statusLabel->setText(status);
}

} // namespace tokenscope
