#include "issuer/ProbePanel.h"

#include "common/DurationSpinBox.h"
#include "common/SecretLineEdit.h"
#include "common/Settings.h"
#include "common/ShortcutAction.h"

#include <QAction>
#include <QComboBox>
#include <QDesktopServices>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QSaveFile>
#include <QSpinBox>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tokenscope {

ProbePanel::ProbePanel(QNetworkAccessManager *network, Settings *settings, QWidget *parent)
    : QWidget(parent), m_settings(settings), m_probe(new probe::StagingProbe(network, this))
{
    auto *layout = new QVBoxLayout(this);

    auto *form = new QFormLayout;
    m_issuerUrlLineEdit = new QLineEdit(this);
    m_issuerUrlLineEdit->setPlaceholderText(tr("https://issuer.example or …/.well-known/openid-configuration"));
    m_issuerUrlLineEdit->setAccessibleName(tr("Issuer URL"));
    form->addRow(tr("&Issuer URL:"), m_issuerUrlLineEdit);

    m_clientIdLineEdit = new QLineEdit(this);
    m_clientIdLineEdit->setAccessibleName(tr("Client ID"));
    form->addRow(tr("C&lient ID:"), m_clientIdLineEdit);

    m_clientSecretLineEdit = new SecretLineEdit(this);
    m_clientSecretLineEdit->setPlaceholderText(tr("empty for a public client"));
    m_clientSecretLineEdit->setAccessibleName(tr("Client secret"));
    form->addRow(tr("Client &secret:"), m_clientSecretLineEdit);

    m_credentialsComboBox = new QComboBox(this);
    m_credentialsComboBox->addItem(tr("Username and password (password grant)"), int(Credentials::Password));
    m_credentialsComboBox->addItem(tr("A refresh token"), int(Credentials::RefreshToken));
    m_credentialsComboBox->addItem(tr("Sign in with the browser (authorization code + PKCE)"),
                                   int(Credentials::Browser));
    m_credentialsComboBox->addItem(tr("Sign in with a device code (RFC 8628)"), int(Credentials::Device));
    m_credentialsComboBox->addItem(tr("Client only (client_credentials, no refresh token)"),
                                   int(Credentials::ClientOnly));
    m_credentialsComboBox->setAccessibleName(tr("Where the first tokens come from"));
    form->addRow(tr("&Tokens from:"), m_credentialsComboBox);

    m_usernameLineEdit = new QLineEdit(this);
    m_usernameLineEdit->setAccessibleName(tr("Username"));
    form->addRow(tr("&Username:"), m_usernameLineEdit);
    m_passwordLineEdit = new SecretLineEdit(this);
    m_passwordLineEdit->setAccessibleName(tr("Password"));
    form->addRow(tr("&Password:"), m_passwordLineEdit);
    m_refreshTokenLineEdit = new SecretLineEdit(this);
    m_refreshTokenLineEdit->setAccessibleName(tr("Refresh token"));
    form->addRow(tr("&Refresh token:"), m_refreshTokenLineEdit);

    m_pauseSpinBox = new DurationSpinBox(this);
    m_pauseSpinBox->setRange(0, 3600);
    m_pauseSpinBox->setValue(65);
    m_pauseSpinBox->setToolTip(tr("How long to wait before replaying the old refresh token again: longer than the "
                                  "issuer's grace window tells a grace window from accepted reuse."));
    m_pauseSpinBox->setAccessibleName(tr("Pause before the late replay"));
    form->addRow(tr("P&ause before the late replay:"), m_pauseSpinBox);
    layout->addLayout(form);

    buildActions();
    // The sign-in instructions: the URL selectable and copyable for a user whose browser did not open, and the
    // device login's user code.
    m_signInWidget = new QWidget(this);
    auto *signInLayout = new QFormLayout(m_signInWidget);
    signInLayout->setContentsMargins(0, 0, 0, 0);
    m_signInLabel = new QLabel(m_signInWidget);
    m_signInLabel->setWordWrap(true);
    signInLayout->addRow(m_signInLabel);
    auto *urlRow = new QHBoxLayout;
    m_signInUrlLineEdit = new QLineEdit(m_signInWidget);
    m_signInUrlLineEdit->setReadOnly(true);
    m_signInUrlLineEdit->setAccessibleName(tr("Sign-in URL"));
    urlRow->addWidget(m_signInUrlLineEdit, 1);
    auto *openButton = new QToolButton(m_signInWidget);
    openButton->setDefaultAction(m_openSignInAction);
    openButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    urlRow->addWidget(openButton);
    signInLayout->addRow(tr("Sign-in &URL:"), urlRow);
    qobject_cast<QLabel *>(signInLayout->labelForField(urlRow))->setBuddy(m_signInUrlLineEdit);
    m_userCodeLabel = new QLabel(m_signInWidget);
    m_userCodeLabel->setTextFormat(Qt::PlainText);
    m_userCodeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont codeFont = m_userCodeLabel->font();
    codeFont.setFamily(u"monospace"_s);
    codeFont.setStyleHint(QFont::Monospace);
    codeFont.setBold(true);
    codeFont.setPointSizeF(codeFont.pointSizeF() * 1.5);
    m_userCodeLabel->setFont(codeFont);
    m_userCodeLabel->setAccessibleName(tr("User code"));
    signInLayout->addRow(tr("User code:"), m_userCodeLabel);
    m_signInWidget->hide();
    layout->addWidget(m_signInWidget);

    auto *buttons = new QHBoxLayout;
    for (QAction *action :
         {m_runAction, m_cancelAction, m_openTokenAction, m_exportMarkdownAction, m_exportJsonAction}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_progressBar = new QProgressBar(this);
    m_progressBar->setRange(0, 1);
    m_progressBar->setValue(0);
    m_progressBar->setAccessibleName(tr("Probe progress"));
    layout->addWidget(m_progressBar);
    m_statusLabel = new QLabel(tr("Not run yet."), this);
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setAccessibleName(tr("Probe status"));
    layout->addWidget(m_statusLabel);
    m_presetLabel = new QLabel(this);
    m_presetLabel->setWordWrap(true);
    m_presetLabel->setTextFormat(Qt::PlainText);
    m_presetLabel->setAccessibleName(tr("Closest provider preset"));
    layout->addWidget(m_presetLabel);

    m_findingsTreeWidget = new QTreeWidget(this);
    m_findingsTreeWidget->setColumnCount(3);
    m_findingsTreeWidget->setHeaderLabels({tr("Finding"), tr("Result"), tr("Summary")});
    m_findingsTreeWidget->setAccessibleName(tr("Probe findings"));
    m_findingsTreeWidget->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_findingsTreeWidget->setWordWrap(true);
    layout->addWidget(m_findingsTreeWidget, 1);

    connect(m_credentialsComboBox, &QComboBox::currentIndexChanged, this, &ProbePanel::updateCredentialFields);
    connect(m_probe, &probe::StagingProbe::progress, this, &ProbePanel::onProgress);
    connect(m_probe, &probe::StagingProbe::findingAdded, this, &ProbePanel::onFindingAdded);
    connect(m_probe, &probe::StagingProbe::finished, this, &ProbePanel::onFinished);
    connect(m_probe, &probe::StagingProbe::browserLoginStarted, this,
            [this](const QUrl &url) { showSignIn(url, QString(), url); });
    connect(m_probe, &probe::StagingProbe::deviceLoginPrompted, this, [this](const probe::DeviceLoginPrompt &prompt) {
        // RFC 8628 §3.3.1: the complete URI carries the code, so the user need not type it.
        showSignIn(prompt.verificationUri, prompt.userCode,
                   prompt.verificationUriComplete.isEmpty() ? prompt.verificationUri : prompt.verificationUriComplete);
    });
    setUrlOpener({});
    updateCredentialFields();
    updateActions();
}

ProbePanel::~ProbePanel()
{
    m_probe->cancel();
    m_probe->clearTokens();
}

void ProbePanel::buildActions()
{
    const auto make = [this](const QString &text, const QKeySequence &shortcut, auto slot) {
        return makeShortcutAction(this, text, shortcut, slot);
    };
    m_runAction = make(tr("Run probe"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), &ProbePanel::run);
    m_cancelAction = make(tr("Cancel probe"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X), &ProbePanel::cancel);
    m_openTokenAction = new QAction(tr("Open access token in Inspect"), this);
    m_openTokenAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    connect(m_openTokenAction, &QAction::triggered, this, [this] {
        const QByteArray token = m_probe->lastAccessToken();
        if (!token.isEmpty())
            emit openTokenRequested(QString::fromUtf8(token));
    });
    addAction(m_openTokenAction);
    m_exportMarkdownAction = new QAction(tr("Export report as Markdown…"), this);
    m_exportMarkdownAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    connect(m_exportMarkdownAction, &QAction::triggered, this, [this] { exportInteractively(ExportFormat::Markdown); });
    addAction(m_exportMarkdownAction);
    m_exportJsonAction = new QAction(tr("Export report as JSON…"), this);
    m_exportJsonAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J));
    connect(m_exportJsonAction, &QAction::triggered, this, [this] { exportInteractively(ExportFormat::Json); });
    addAction(m_exportJsonAction);
    m_openSignInAction = new QAction(tr("Open sign-in page"), this);
    m_openSignInAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    connect(m_openSignInAction, &QAction::triggered, this, [this] {
        if (m_signInOpenUrl.isValid() && !m_signInOpenUrl.isEmpty())
            m_urlOpener(m_signInOpenUrl);
    });
    addAction(m_openSignInAction);
}

QList<QAction *> ProbePanel::actions() const
{
    return {m_runAction,        m_cancelAction,    m_openTokenAction, m_exportMarkdownAction,
            m_exportJsonAction, m_openSignInAction};
}

void ProbePanel::setIssuerUrl(const QUrl &url)
{
    m_issuerUrlLineEdit->setText(url.toString());
}

void ProbePanel::setClientCredentials(const QString &clientId, const QString &clientSecret)
{
    m_clientIdLineEdit->setText(clientId);
    m_clientSecretLineEdit->setText(clientSecret);
}

void ProbePanel::setPauseHandler(probe::StagingProbe::PauseHandler handler)
{
    m_probe->setPauseHandler(std::move(handler));
}

void ProbePanel::setUrlOpener(probe::BrowserLogin::UrlOpener opener)
{
    if (!opener)
        opener = [](const QUrl &url) {
            QDesktopServices::openUrl(url);
        };
    m_urlOpener = opener;
    m_probe->setUrlOpener(std::move(opener));
}

void ProbePanel::setPollDelay(probe::DeviceLogin::Delay delay)
{
    m_probe->setPollDelay(std::move(delay));
}

void ProbePanel::showSignIn(const QUrl &url, const QString &userCode, const QUrl &openUrl)
{
    m_signInOpenUrl = openUrl;
    const bool device = !userCode.isEmpty();
    m_signInLabel->setText(device ? tr("Open the sign-in page on any device, sign in and enter the code below. The "
                                       "probe goes on when the issuer says the device is allowed.")
                                  : tr("Sign in in the browser that opened. If none did, open this URL in one (it "
                                       "must run on this machine: the issuer sends it back to 127.0.0.1)."));
    m_signInUrlLineEdit->setText(QString::fromUtf8(url.toEncoded()));
    m_signInUrlLineEdit->setCursorPosition(0);
    m_userCodeLabel->setText(userCode);
    m_userCodeLabel->setVisible(device);
    if (auto *label
        = qobject_cast<QLabel *>(qobject_cast<QFormLayout *>(m_signInWidget->layout())->labelForField(m_userCodeLabel)))
        label->setVisible(device);
    m_signInWidget->show();
    m_statusLabel->setText(device ? tr("Waiting for the device code to be entered…")
                                  : tr("Waiting for the browser sign-in…"));
}

bool ProbePanel::isRunning() const
{
    return m_probe->isRunning();
}

const probe::ProbeReport &ProbePanel::report() const
{
    return m_probe->report();
}

void ProbePanel::updateCredentialFields()
{
    const auto credentials = Credentials(m_credentialsComboBox->currentData().toInt());
    m_usernameLineEdit->setEnabled(credentials == Credentials::Password);
    m_passwordLineEdit->setEnabled(credentials == Credentials::Password);
    m_refreshTokenLineEdit->setEnabled(credentials == Credentials::RefreshToken);
}

void ProbePanel::updateActions()
{
    const bool running = m_probe->isRunning();
    m_runAction->setEnabled(!running);
    m_cancelAction->setEnabled(running);
    m_exportMarkdownAction->setEnabled(!running && m_hasReport);
    m_exportJsonAction->setEnabled(!running && m_hasReport);
    m_openSignInAction->setEnabled(running);
    m_openTokenAction->setEnabled(!running && !m_probe->lastAccessToken().isEmpty());
}

void ProbePanel::run()
{
    if (m_probe->isRunning())
        return;
    probe::ProbeOptions options;
    options.issuerUrl = QUrl::fromUserInput(m_issuerUrlLineEdit->text().trimmed());
    if (m_issuerUrlLineEdit->text().trimmed().isEmpty())
        options.issuerUrl = QUrl();
    options.clientId = m_clientIdLineEdit->text().trimmed();
    options.clientSecret = m_clientSecretLineEdit->text().toUtf8();
    switch (Credentials(m_credentialsComboBox->currentData().toInt())) {
    case Credentials::Password:
        options.username = m_usernameLineEdit->text();
        options.password = m_passwordLineEdit->text().toUtf8();
        break;
    case Credentials::RefreshToken:
        options.refreshToken = m_refreshTokenLineEdit->text().trimmed().toUtf8();
        break;
    case Credentials::Browser:
        options.login = probe::LoginMethod::Browser;
        break;
    case Credentials::Device:
        options.login = probe::LoginMethod::Device;
        break;
    case Credentials::ClientOnly:
        options.scope.clear();
        break;
    }
    options.pauseSeconds = m_pauseSpinBox->value();
    m_findingsTreeWidget->clear();
    m_presetLabel->clear();
    m_hasReport = false;
    m_progressBar->setRange(0, 1);
    m_progressBar->setValue(0);
    m_statusLabel->setText(tr("Probing…"));
    m_probe->start(options);
    updateActions();
}

void ProbePanel::cancel()
{
    m_probe->cancel();
}

void ProbePanel::onProgress(const QString &step, int done, int total)
{
    m_progressBar->setRange(0, total);
    m_progressBar->setValue(done);
    // While the user signs in, the polls would hide the instructions' status behind step names.
    if (m_signInWidget->isHidden())
        m_statusLabel->setText(tr("Probing: %1").arg(step));
}

void ProbePanel::onFindingAdded(const probe::ProbeFinding &finding)
{
    auto *item = new QTreeWidgetItem(m_findingsTreeWidget, {finding.title, finding.value, finding.summary});
    item->setToolTip(2, finding.summary);
    switch (finding.severity) {
    case probe::ProbeFinding::Severity::Info:
        break;
    case probe::ProbeFinding::Severity::Warning:
        item->setIcon(0, style()->standardIcon(QStyle::SP_MessageBoxWarning));
        break;
    case probe::ProbeFinding::Severity::Problem:
        item->setIcon(0, style()->standardIcon(QStyle::SP_MessageBoxCritical));
        break;
    }
    // The evidence: each request behind the finding, with its status and OAuth error code.
    const probe::ProbeReport &report = m_probe->report();
    for (int index : finding.evidence) {
        if (index < 0 || index >= report.requests.size())
            continue;
        const probe::ProbeRequest &request = report.requests.at(index);
        QString text = tr("#%1 %2 %3").arg(index + 1).arg(request.method, request.url.toString());
        if (!request.grantType.isEmpty())
            text += tr(" (grant_type=%1)").arg(request.grantType);
        QString result = request.status ? QString::number(request.status) : tr("no answer");
        if (!request.error.isEmpty())
            result += u' ' + request.error;
        new QTreeWidgetItem(item, {text, result, request.note});
    }
}

void ProbePanel::onFinished(const probe::ProbeReport &report)
{
    m_hasReport = true;
    m_signInWidget->hide();
    m_signInOpenUrl.clear();
    m_signInUrlLineEdit->clear();
    m_userCodeLabel->clear();
    if (report.error) {
        m_statusLabel->setText(report.error.kind == probe::ProbeError::Kind::Cancelled
                                   ? tr("Cancelled.")
                                   : tr("Stopped: %1").arg(report.error.message));
    } else {
        m_progressBar->setValue(m_progressBar->maximum());
        m_statusLabel->setText(tr("Done: %n finding(s).", nullptr, int(report.findings.size())));
    }
    if (!report.presets.isEmpty()) {
        const probe::PresetMatch &best = report.presets.first();
        QString text = tr("Closest provider preset: %1 (%2 of %3)").arg(best.name).arg(best.score).arg(best.maximum);
        if (!best.differences.isEmpty())
            text += tr(" — differs: %1").arg(best.differences.join(u"; "_s));
        m_presetLabel->setText(text);
    }
    updateActions();
    emit probeFinished();
}

QList<QByteArray> ProbePanel::typedSecrets() const
{
    return {m_clientSecretLineEdit->text().toUtf8(), m_passwordLineEdit->text().toUtf8(),
            m_refreshTokenLineEdit->text().trimmed().toUtf8(), m_probe->lastAccessToken()};
}

QString ProbePanel::exportText(ExportFormat format) const
{
    const probe::ProbeReport &report = m_probe->report();
    const QString text = format == ExportFormat::Markdown ? probe::ProbeReportWriter::toMarkdown(report)
                                                          : QString::fromUtf8(probe::ProbeReportWriter::toJson(report));
    return probe::ProbeReportWriter::redact(text, typedSecrets());
}

Result<void> ProbePanel::exportToFile(ExportFormat format, const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(exportText(format).toUtf8()) < 0 || !file.commit())
        return Error {"export.not_written", tr("%1: %2").arg(path, file.errorString())};
    return {};
}

void ProbePanel::exportInteractively(ExportFormat format)
{
    const bool markdown = format == ExportFormat::Markdown;
    const QString path = QFileDialog::getSaveFileName(
        this, markdown ? tr("Export probe report as Markdown") : tr("Export probe report as JSON"),
        markdown ? u"probe-report.md"_s : u"probe-report.json"_s,
        markdown ? tr("Markdown (*.md)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    if (const Result<void> exported = exportToFile(format, path); !exported)
        QMessageBox::warning(this, tr("Export failed"), exported.error().message());
}

} // namespace tokenscope
