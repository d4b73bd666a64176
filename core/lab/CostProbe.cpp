#include "lab/CostProbe.h"

#include "lab/IssuerClient.h"
#include "lab/Lab.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>

#include <openssl/crypto.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

namespace tokenscope::lab {

namespace {

constexpr int tickMs = 100; // progress and the cancel check while the run waits on the network
constexpr int requestTimeoutMs = 5000;

QUrl withPath(const QUrl &base, const QString &path)
{
    QUrl url = base;
    url.setPath(path);
    return url;
}

QByteArray formBody(const QList<std::pair<QString, QString>> &fields)
{
    QUrlQuery query;
    for (const auto &[name, value] : fields)
        query.addQueryItem(name, value);
    return query.toString(QUrl::FullyEncoded).toUtf8();
}

// Every request keeps cookies out of the manager's jar: the session cookie is sent by hand, like the benchmark's,
// and lives only in the run's memory.
QNetworkRequest labRequest(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(requestTimeoutMs);
    return request;
}

// Nearest rank: the smallest value with at least `share` of the values at or below it.
double percentile(const std::vector<qint64> &sorted, double share)
{
    if (sorted.empty())
        return 0;
    const auto rank = qsizetype(std::ceil(share * double(sorted.size())));
    return double(sorted[size_t(std::clamp<qsizetype>(rank, 1, qsizetype(sorted.size())) - 1)]);
}

} // namespace

struct CostRunState
{
    std::atomic<bool> cancelRequested {false};
    std::atomic<qint64> redisPid {0};
    std::atomic<qint64> balancerPid {0};
    // Written by the run's thread before it finishes; read by the probe after QThread::wait().
    enum class Outcome { Finished, Failed, Cancelled } outcome = Outcome::Cancelled;
    CostMeasurement measurement;
    QString error;
};

// The measurement itself, on the probe's thread: every step is a reply or a timer in that thread's event loop. Its
// signals reach the probe queued, in the probe's thread.
class CostRun : public QObject
{
    Q_OBJECT

public:
    using Phase = CostProbe::Phase;

    CostRun(const CostProbeOptions &options, std::shared_ptr<CostRunState> shared)
        : m_options(options), m_shared(std::move(shared))
    { }

signals:
    void phaseChanged(tokenscope::lab::CostProbe::Phase phase);
    void progressed(double fraction);

public:
    void begin()
    {
        announcePhase(Phase::StartingLab);
        LabOptions labOptions;
        labOptions.mode = m_options.mode;
        labOptions.servers = 1;
        labOptions.sessionStore = SessionStoreKind::Shared;
        m_lab = std::make_unique<Lab>();
        const Result<void> started = m_lab->start(labOptions); // stops what it started when it fails
        m_shared->redisPid = m_lab->redisPid();
        m_shared->balancerPid = m_lab->balancerPid();
        if (!started)
            return end(CostRunState::Outcome::Failed, started.error().message());
        if (m_shared->cancelRequested)
            return end(CostRunState::Outcome::Cancelled);
        m_serverUrl = m_lab->serverUrls().value(0);
        m_network = std::make_unique<QNetworkAccessManager>();
        // Created here, in the run's thread (a member would have stayed in the thread that made the run).
        m_ticker = new QTimer(this);
        connect(m_ticker, &QTimer::timeout, this, &CostRun::tick);
        m_ticker->start(tickMs);
        requestCredential();
    }

private:
    // As tests/bench/lab_costs.sh: the demo user's password grant (RFC 6749 §4.3) at the lab's issuer for the
    // bearer modes, POST /login at server 1 for sessions.
    void requestCredential()
    {
        announcePhase(Phase::GettingCredential);
        const QList<std::pair<QString, QString>> user {{QStringLiteral("username"), QStringLiteral("alice")},
                                                       {QStringLiteral("password"), QStringLiteral("alice")}};
        QNetworkReply *reply = nullptr;
        if (m_options.mode == CheckMode::Session) {
            QNetworkRequest request = labRequest(withPath(m_serverUrl, QStringLiteral("/login")));
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/x-www-form-urlencoded"));
            reply = m_network->post(request, formBody(user));
        } else {
            QNetworkRequest request = labRequest(withPath(m_lab->issuerUrl(), QStringLiteral("/token")));
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/x-www-form-urlencoded"));
            request.setRawHeader(
                QByteArrayLiteral("Authorization"),
                IssuerClient::basicAuthorization(m_lab->options().clientId, m_lab->options().clientSecret));
            reply = m_network->post(
                request,
                formBody(QList<std::pair<QString, QString>> {{QStringLiteral("grant_type"), QStringLiteral("password")}}
                         + user));
        }
        m_pending.insert(reply, 0);
        connect(reply, &QNetworkReply::finished, this, [this, reply] { credentialAnswered(reply); });
    }

    void credentialAnswered(QNetworkReply *reply)
    {
        m_pending.remove(reply);
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (m_options.mode == CheckMode::Session) {
            const auto cookies = reply->header(QNetworkRequest::SetCookieHeader).value<QList<QNetworkCookie>>();
            for (const QNetworkCookie &cookie : cookies) {
                if (cookie.name() == "sid")
                    m_credential = "sid=" + cookie.value();
            }
            m_credentialHeader = QByteArrayLiteral("Cookie");
        } else {
            const QByteArray token = QJsonDocument::fromJson(reply->readAll())
                                         .object()
                                         .value(QStringLiteral("access_token"))
                                         .toString()
                                         .toLatin1();
            if (!token.isEmpty())
                m_credential = "Bearer " + token;
            m_credentialHeader = QByteArrayLiteral("Authorization");
        }
        if (m_credential.isEmpty()) {
            // The status and the network error only: an answer body could carry a credential.
            const QString why = status ? CostProbe::tr("HTTP %1").arg(status) : reply->errorString();
            return end(CostRunState::Outcome::Failed,
                       m_options.mode == CheckMode::Session
                           ? CostProbe::tr("the lab's server refused the demo login (%1)").arg(why)
                           : CostProbe::tr("the lab's issuer gave no token (%1)").arg(why));
        }
        if (m_shared->cancelRequested)
            return end(CostRunState::Outcome::Cancelled);

        announcePhase(Phase::SendingRequests);
        m_before = m_lab->counters().value(0);
        m_clock.start();
        for (int i = 0; i < m_options.inFlight; ++i)
            sendRequest();
    }

    void sendRequest()
    {
        QNetworkRequest request = labRequest(withPath(m_serverUrl, QStringLiteral("/api/whoami")));
        request.setRawHeader(m_credentialHeader, m_credential);
        QNetworkReply *reply = m_network->get(request);
        m_pending.insert(reply, m_clock.nsecsElapsed());
        connect(reply, &QNetworkReply::finished, this, [this, reply] { answered(reply); });
    }

    void answered(QNetworkReply *reply)
    {
        const qint64 now = m_clock.nsecsElapsed();
        const qint64 sentAt = m_pending.take(reply);
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_latencies.push_back((now - sentAt) / 1000); // microseconds
        m_lastAnswerNs = now;
        if (status != 200) {
            ++m_failed;
            if (m_firstFailure.isEmpty())
                m_firstFailure = status ? CostProbe::tr("HTTP %1").arg(status) : reply->errorString();
        }
        if (!m_shared->cancelRequested && now < qint64(m_options.durationMs) * 1000000)
            sendRequest();
        else if (m_pending.isEmpty())
            complete();
    }

    void tick()
    {
        if (m_shared->cancelRequested)
            return end(CostRunState::Outcome::Cancelled);
        if (m_clock.isValid())
            announceProgress(std::min(1.0, double(m_clock.elapsed()) / m_options.durationMs));
    }

    void complete()
    {
        if (m_shared->cancelRequested)
            return end(CostRunState::Outcome::Cancelled);
        const ServerCounters after = m_lab->counters().value(0);
        const qint64 handled = qint64(after.requests - m_before.requests);
        const qint64 answered = qint64(m_latencies.size());
        if (answered == m_failed)
            return end(CostRunState::Outcome::Failed,
                       CostProbe::tr("server 1 accepted none of %1 requests (first answer: %2)")
                           .arg(answered)
                           .arg(m_firstFailure));
        std::sort(m_latencies.begin(), m_latencies.end());
        CostMeasurement &m = m_shared->measurement;
        m.mode = m_options.mode;
        m.requests = answered;
        m.failedRequests = m_failed;
        m.requestsPerSecond = m_lastAnswerNs > 0 ? double(answered) * 1e9 / double(m_lastAnswerNs) : 0;
        double sum = 0;
        for (const qint64 latency : m_latencies)
            sum += double(latency);
        m.meanMicroseconds = sum / double(answered);
        m.p50Microseconds = percentile(m_latencies, 0.50);
        m.p99Microseconds = percentile(m_latencies, 0.99);
        // As the benchmark: round trips over the requests the server itself counted.
        if (handled > 0) {
            m.storeRoundTripsPerRequest = double(after.storeRoundTrips - m_before.storeRoundTrips) / double(handled);
            m.issuerRoundTripsPerRequest = double(after.issuerRoundTrips - m_before.issuerRoundTrips) / double(handled);
        }
        m.durationMs = m_options.durationMs;
        m.inFlight = m_options.inFlight;
        m.measuredAt = QDateTime::currentDateTimeUtc();
        announceProgress(1.0);
        end(CostRunState::Outcome::Finished);
    }

    // Stops everything this run started, in this thread, then ends the thread; the probe reports after that.
    void end(CostRunState::Outcome outcome, const QString &error = {})
    {
        if (m_ended)
            return;
        m_ended = true;
        announcePhase(Phase::StoppingLab);
        if (m_ticker)
            m_ticker->stop();
        const QList<QNetworkReply *> replies = m_pending.keys();
        m_pending.clear();
        for (QNetworkReply *reply : replies) {
            reply->disconnect(this);
            reply->abort();
        }
        m_network.reset();
        m_credential.fill('\0');
        m_credential.clear();
        if (m_lab)
            m_lab->stop();
        m_lab.reset();
        // The in-process issuer drew random numbers here, so OpenSSL holds this thread's DRBGs. It frees them in a
        // thread-exit handler that may run after QThread::wait() has returned, too late for a caller that checks
        // for leaks at once; freeing them now makes the end of the run the end of its OpenSSL state.
        OPENSSL_thread_stop();
        m_shared->outcome = outcome;
        m_shared->error = error;
        QThread::currentThread()->quit();
    }

    void announcePhase(Phase phase) { emit phaseChanged(phase); }
    void announceProgress(double fraction) { emit progressed(fraction); }

    CostProbeOptions m_options;
    std::shared_ptr<CostRunState> m_shared;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QUrl m_serverUrl;
    QByteArray m_credentialHeader;
    QByteArray m_credential; // "Bearer …" or "sid=…": memory only
    QTimer *m_ticker = nullptr;
    QElapsedTimer m_clock; // from the first request sent
    QHash<QNetworkReply *, qint64> m_pending; // reply → when it was sent, ns on m_clock
    ServerCounters m_before;
    std::vector<qint64> m_latencies; // microseconds
    qint64 m_failed = 0;
    qint64 m_lastAnswerNs = 0;
    QString m_firstFailure;
    bool m_ended = false;
};

CostProbe::CostProbe(QObject *parent) : QObject(parent), m_shared(std::make_shared<CostRunState>())
{ }

CostProbe::~CostProbe()
{
    if (m_thread) {
        m_shared->cancelRequested = true;
        m_thread->wait();
        delete m_thread;
    }
}

Result<void> CostProbe::start(const CostProbeOptions &options)
{
    if (m_thread)
        return Error {"cost.already_running", tr("a measurement is already running")};
    if (options.durationMs < minimumDurationMs || options.durationMs > maximumDurationMs)
        return Error {"cost.bad_duration",
                      tr("the duration must be %1 to %2 ms").arg(minimumDurationMs).arg(maximumDurationMs)};
    if (options.inFlight < 1 || options.inFlight > maximumInFlight)
        return Error {"cost.bad_in_flight", tr("1 to %1 requests may be in flight").arg(maximumInFlight)};

    m_shared = std::make_shared<CostRunState>();
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("lab cost probe"));
    auto *run = new CostRun(options, m_shared);
    run->moveToThread(m_thread);
    connect(run, &CostRun::phaseChanged, this, &CostProbe::phaseChanged);
    connect(run, &CostRun::progressed, this, &CostProbe::progressed);
    // Queued, so begin() runs inside the thread's event loop (Lab::start waits in nested loops of its own).
    connect(m_thread, &QThread::started, run, &CostRun::begin, Qt::QueuedConnection);
    connect(m_thread, &QThread::finished, run, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, this, &CostProbe::runEnded, Qt::QueuedConnection);
    m_thread->start();
    return {};
}

void CostProbe::cancel()
{
    if (m_thread)
        m_shared->cancelRequested = true;
}

bool CostProbe::isRunning() const
{
    return m_thread != nullptr;
}

qint64 CostProbe::redisPid() const
{
    return m_shared->redisPid;
}

qint64 CostProbe::balancerPid() const
{
    return m_shared->balancerPid;
}

void CostProbe::runEnded()
{
    if (!m_thread)
        return;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    switch (m_shared->outcome) {
    case CostRunState::Outcome::Finished:
        emit finished(m_shared->measurement);
        break;
    case CostRunState::Outcome::Failed:
        emit failed(m_shared->error);
        break;
    case CostRunState::Outcome::Cancelled:
        emit cancelled();
        break;
    }
}

} // namespace tokenscope::lab

#include "CostProbe.moc"
