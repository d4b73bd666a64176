#include "verify/JwksFetchBox.h"

#include "common/BoundedRead.h"
#include "common/Theme.h"
#include "verify/FetchErrorText.h"
#include "verify/MessageLabel.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSslCertificate>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

// A system CA bundle (Debian's ca-certificates.crt) is about 200 KB; internal bundles are smaller.
constexpr qint64 maxCaBundleBytes = 4 * 1024 * 1024;

QString clockTime(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds).toString(u"HH:mm:ss"_s);
}

} // namespace

JwksFetchBox::JwksFetchBox(QNetworkAccessManager *network, QAction *fetchAction, QAction *cancelAction, QWidget *parent)
    : QWidget(parent), m_cache(new JwksCache(network, &SystemClock::instance(), this)), m_fetchAction(fetchAction),
      m_cancelAction(cancelAction)
{
    connect(m_cache, &JwksCache::finished, this, &JwksFetchBox::onFetchFinished);
    connect(m_cache, &JwksCache::progress, this, &JwksFetchBox::onFetchProgress);

    auto *fetchLayout = new QVBoxLayout(this);
    fetchLayout->setContentsMargins(0, 0, 0, 0);
    m_allowHttpCheckBox = new QCheckBox(tr("Allow plain &http for this URL (this session only)"), this);
    m_allowHttpCheckBox->setObjectName(u"allowHttpCheckBox"_s);
    m_allowHttpCheckBox->setToolTip(tr("Keys fetched over plain http can be swapped by anyone on the network path. "
                                       "Loopback addresses are always allowed."));
    fetchLayout->addWidget(m_allowHttpCheckBox);
    auto *fetchRow = new QHBoxLayout;
    m_fetchButton = new QPushButton(m_fetchAction->icon(), tr("Fetch Keys"), this);
    m_fetchButton->setObjectName(u"fetchButton"_s);
    const FetchLimits limits;
    m_fetchButton->setToolTip(tr("%1. In the background, at most %2 s and %3 KiB per answer; https only, except "
                                 "from this machine.")
                                  .arg(m_fetchAction->toolTip())
                                  .arg(limits.timeoutMs / 1000)
                                  .arg(limits.maxBytes / 1024));
    connect(m_fetchButton, &QPushButton::clicked, m_fetchAction, &QAction::trigger);
    m_fetchProgressBar = new QProgressBar(this);
    m_fetchProgressBar->setObjectName(u"fetchProgressBar"_s);
    m_fetchProgressBar->setAccessibleName(tr("Fetching keys"));
    m_fetchProgressBar->setTextVisible(false);
    m_fetchProgressBar->setMaximumHeight(m_fetchButton->sizeHint().height() / 2);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(u"cancelFetchButton"_s);
    m_cancelButton->setToolTip(m_cancelAction->toolTip());
    connect(m_cancelButton, &QPushButton::clicked, this, &JwksFetchBox::cancel);
    fetchRow->addWidget(m_fetchButton);
    fetchRow->addWidget(m_fetchProgressBar, 1);
    fetchRow->addWidget(m_cancelButton);
    fetchLayout->addLayout(fetchRow);
    m_cacheLabel = makeMessageLabel(this);
    m_cacheLabel->setObjectName(u"cacheLabel"_s);
    m_cacheLabel->setAccessibleName(tr("Cached keys"));
    fetchLayout->addWidget(m_cacheLabel);
    m_fetchErrorLabel = makeMessageLabel(this);
    m_fetchErrorLabel->setObjectName(u"fetchErrorLabel"_s);
    m_fetchErrorLabel->setAccessibleName(tr("Fetch error"));
    fetchLayout->addWidget(m_fetchErrorLabel);
    auto *caRow = new QHBoxLayout;
    m_caBundleEdit = new QLineEdit(this);
    m_caBundleEdit->setObjectName(u"caBundleEdit"_s);
    m_caBundleEdit->setAccessibleName(tr("Custom CA bundle file"));
    m_caBundleEdit->setPlaceholderText(tr("Optional: CA bundle (PEM) for an issuer with an internal CA"));
    m_caBundleEdit->setClearButtonEnabled(true);
    auto *caLabel = new QLabel(tr("C&A bundle:"), this);
    caLabel->setBuddy(m_caBundleEdit);
    auto *caBrowseButton = new QPushButton(tr("Browse…"), this);
    caBrowseButton->setObjectName(u"caBrowseButton"_s);
    connect(caBrowseButton, &QPushButton::clicked, this, &JwksFetchBox::chooseCaBundle);
    caRow->addWidget(caLabel);
    caRow->addWidget(m_caBundleEdit, 1);
    caRow->addWidget(caBrowseButton);
    fetchLayout->addLayout(caRow);

    connect(m_allowHttpCheckBox, &QCheckBox::toggled, this, [this](bool allowed) {
        const QString url = m_url.toString();
        if (allowed)
            m_insecureAllowed.insert(url);
        else
            m_insecureAllowed.remove(url);
    });
}

JwksFetchBox::~JwksFetchBox()
{
    // A running fetch ends here; its report must not reach a half-destroyed box (or the panel).
    disconnect(m_cache, nullptr, this, nullptr);
    m_cache->cancel();
}

void JwksFetchBox::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_caBundleEdit)
        updateControls(); // sets the error label's palette only, which does not come back here
}

void JwksFetchBox::setCacheClock(const Clock *clock)
{
    m_cache->setClock(clock);
    updateControls();
}

void JwksFetchBox::setSource(std::optional<JwksCache::SourceKind> kind, const QUrl &url)
{
    m_kind = kind;
    m_url = kind ? url : QUrl();
    updateControls();
}

void JwksFetchBox::recallHttpOptIn()
{
    const QSignalBlocker blocker(m_allowHttpCheckBox);
    m_allowHttpCheckBox->setChecked(m_insecureAllowed.contains(m_url.toString()));
}

void JwksFetchBox::setCaBundlePath(const QString &path)
{
    m_caBundleEdit->setText(path);
}

QString JwksFetchBox::caBundlePath() const
{
    return m_caBundleEdit->text();
}

Result<FetchOptions> JwksFetchBox::fetchOptions() const
{
    FetchOptions options;
    options.plainHttp = m_insecureAllowed.contains(m_url.toString()) ? UrlPolicy::PlainHttp::AnyHost
                                                                     : UrlPolicy::PlainHttp::LoopbackOnly;
    const QString caPath = m_caBundleEdit->text().trimmed();
    if (!caPath.isEmpty()) {
        QFile file(caPath);
        if (!file.open(QIODevice::ReadOnly))
            return Error {"jwks.bad_ca_bundle", tr("CA bundle %1: %2").arg(caPath, file.errorString())};
        const BoundedReadResult read = BoundedRead::readAll(file, maxCaBundleBytes);
        if (!read)
            return Error {"jwks.bad_ca_bundle",
                          read.status == BoundedReadResult::Status::TooLarge
                              ? tr("CA bundle %1: larger than %2 bytes").arg(caPath).arg(maxCaBundleBytes)
                              : tr("CA bundle %1: %2").arg(caPath, read.error)};
        options.caCertificates = QSslCertificate::fromData(read.bytes, QSsl::Pem);
        if (options.caCertificates.isEmpty())
            return Error {"jwks.bad_ca_bundle", tr("CA bundle %1: no PEM certificate in the file").arg(caPath)};
    }
    return options;
}

bool JwksFetchBox::fetch()
{
    if (!m_kind)
        return false;
    const QUrl url = m_url;
    m_lastFetchError = {};
    if (url.isEmpty() || !url.isValid()) {
        m_lastFetchError.kind = FetchError::Kind::InvalidUrl;
        m_lastFetchError.message = tr("Enter a URL to fetch the keys from.");
        m_lastFetchErrorUrl = url;
        updateControls();
        return false;
    }
    const Result<FetchOptions> options = fetchOptions();
    if (!options) {
        m_lastFetchError.kind = FetchError::Kind::Other;
        m_lastFetchError.message = options.error().message();
        m_lastFetchErrorUrl = url;
        updateControls();
        return false;
    }
    m_cache->fetch(*m_kind, url, *options, JwksCache::Trigger::User);
    m_fetchProgressBar->setRange(0, 0);
    updateControls();
    return true;
}

void JwksFetchBox::cancel()
{
    m_cache->cancel();
    updateControls();
}

void JwksFetchBox::refreshIfNeeded(const QString &keyId)
{
    // A stale copy or a kid the copy does not know: fetch again in the background (the cache's cooldown keeps
    // this to one request per source every so often); the result arrives through onFetchFinished.
    if (!m_kind || m_cache->isFetching())
        return;
    if (const Result<FetchOptions> options = fetchOptions(); options && !m_url.isEmpty()) {
        if (m_cache->refreshIfNeeded(*m_kind, m_url, keyId, *options))
            updateControls();
    }
}

void JwksFetchBox::onFetchProgress(qint64 received, qint64 total)
{
    if (total > 0) {
        m_fetchProgressBar->setRange(0, 1000);
        m_fetchProgressBar->setValue(int(std::min<qint64>(1000, received * 1000 / total)));
    } else {
        m_fetchProgressBar->setRange(0, 0);
    }
}

void JwksFetchBox::onFetchFinished(JwksCache::SourceKind kind, const QUrl &url, const FetchError &error)
{
    m_lastFetchError = error;
    m_lastFetchErrorUrl = url;
    emit fetchFinished(kind, url, error);
}

void JwksFetchBox::updateControls()
{
    const bool fetching = m_cache->isFetching();
    const bool urlSource = m_kind.has_value();
    const QUrl &url = m_url;
    m_fetchButton->setEnabled(urlSource && !fetching && !url.isEmpty());
    m_fetchAction->setEnabled(urlSource && !fetching);
    m_cancelButton->setEnabled(fetching);
    m_cancelAction->setEnabled(fetching);
    m_fetchProgressBar->setVisible(fetching);
    if (!fetching)
        m_fetchProgressBar->setRange(0, 1);

    // Plain http to another machine needs the user's opt-in, per URL.
    const bool insecure = url.scheme() == u"http" && !UrlPolicy::isLoopback(url);
    m_allowHttpCheckBox->setVisible(urlSource && insecure);

    QString cacheText;
    if (urlSource && !url.isEmpty()) {
        if (const std::optional<JwksCache::Entry> entry = m_cache->entry(*m_kind, url)) {
            cacheText
                = tr("Fetched %1, trusted until %2").arg(clockTime(entry->fetchedAt), clockTime(entry->trustedUntil));
            if (!m_cache->isFresh(*m_kind, url))
                cacheText += u' ' + tr("(stale: fetched again at the next verification)");
            if (entry->kind == JwksCache::SourceKind::Issuer)
                cacheText += u'\n'
                    + tr("Keys from %1, named by the discovery document").arg(entry->fetched.jwksUrl.toDisplayString());
        }
        if (fetching && m_cache->fetchingUrl() == url) {
            const QString why = m_cache->fetchingTrigger() == JwksCache::Trigger::UnknownKid
                ? tr("Fetching again: the token's kid is not in the cached keys…")
                : tr("Fetching…");
            cacheText = cacheText.isEmpty() ? why : why + u'\n' + cacheText;
        }
    }
    m_cacheLabel->setText(cacheText);
    m_cacheLabel->setVisible(!cacheText.isEmpty());

    QString errorText;
    if (urlSource && m_lastFetchError && m_lastFetchErrorUrl == url) {
        errorText = m_lastFetchError.message;
        const QString hint = FetchErrorText::hint(m_lastFetchError);
        if (!hint.isEmpty())
            errorText += u'\n' + hint;
    }
    m_fetchErrorLabel->setText(errorText);
    m_fetchErrorLabel->setVisible(!errorText.isEmpty());
    QPalette errorPalette = m_fetchErrorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, Theme::colors(palette()).errorForeground);
    m_fetchErrorLabel->setPalette(errorPalette);
}

void JwksFetchBox::chooseCaBundle()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose CA Bundle"), {},
                                                      tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!path.isEmpty())
        m_caBundleEdit->setText(path);
}

} // namespace tokenscope
