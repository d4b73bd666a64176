#pragma once

#include "common/Result.h"
#include "net/JwksCache.h"

#include <QSet>
#include <QUrl>
#include <QWidget>

#include <optional>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QProgressBar;
class QPushButton;

namespace tokenscope {

// The fetching half of the key source, for a JWKS URL or an issuer's discovery: Fetch and Cancel, the progress,
// the cached copy's fetched and trusted-until times, the last error in words with a hint, the per-URL opt-in to
// plain http and a custom CA bundle. Keys come in the background through one JwksCache, fetched only when the user
// asks, then again when the copy goes stale or the token names a kid it lacks.
class JwksFetchBox : public QWidget
{
    Q_OBJECT
public:
    // `fetchAction` and `cancelAction` belong to the key-source box, whose shortcuts work while this box is hidden;
    // the box's buttons stand for them, and it enables them as it does its buttons.
    JwksFetchBox(QNetworkAccessManager *network, QAction *fetchAction, QAction *cancelAction,
                 QWidget *parent = nullptr);
    ~JwksFetchBox() override;

    [[nodiscard]] JwksCache *cache() const { return m_cache; }
    // The wall clock for the fetched/trusted-until times (default: the system clock).
    void setCacheClock(const Clock *clock);

    // What to fetch: the kind of URL source (nullopt while the key source is not a URL) and its URL (empty while
    // none is typed).
    void setSource(std::optional<JwksCache::SourceKind> kind, const QUrl &url);
    // Checks the plain-http opt-in as the user left it for the current URL.
    void recallHttpOptIn();
    void setCaBundlePath(const QString &path);
    [[nodiscard]] QString caBundlePath() const;

    // Starts fetching the current source, as the Fetch button does; false, with the reason shown, when the URL or
    // the CA bundle cannot be used.
    bool fetch();
    void cancel();
    // Before the keys are used: fetches again in the background when the copy is stale or lacks `keyId`.
    void refreshIfNeeded(const QString &keyId);

signals:
    // A fetch ended, as JwksCache::finished, after the box shows it.
    void fetchFinished(tokenscope::JwksCache::SourceKind kind, const QUrl &url, const tokenscope::FetchError &error);

protected:
    // Light/dark switch: the error colour comes from the palette.
    void changeEvent(QEvent *event) override;

private:
    void updateControls();
    void onFetchFinished(JwksCache::SourceKind kind, const QUrl &url, const FetchError &error);
    void onFetchProgress(qint64 received, qint64 total);
    void chooseCaBundle();
    // Fails with "jwks.bad_ca_bundle" when the CA bundle cannot be read or holds no certificate.
    [[nodiscard]] Result<FetchOptions> fetchOptions() const;

    JwksCache *m_cache = nullptr;
    QAction *m_fetchAction = nullptr;
    QAction *m_cancelAction = nullptr;
    std::optional<JwksCache::SourceKind> m_kind;
    QUrl m_url;
    QSet<QString> m_insecureAllowed; // URLs the user allowed over plain http, this session only
    FetchError m_lastFetchError;
    QUrl m_lastFetchErrorUrl;

    QPushButton *m_fetchButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QProgressBar *m_fetchProgressBar = nullptr;
    QCheckBox *m_allowHttpCheckBox = nullptr;
    QLabel *m_cacheLabel = nullptr;
    QLabel *m_fetchErrorLabel = nullptr;
    QLineEdit *m_caBundleEdit = nullptr;
};

} // namespace tokenscope
