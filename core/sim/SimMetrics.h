#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace tokenscope::sim {

// How long one revoked or stolen credential kept working: from the revocation or theft (start) to the first
// moment no resource server would accept it (end). Measured on the simulated clock, to the second.
struct Exposure
{
    QString kind; // "theft" or "revocation"
    QString label; // "revoke_refresh_token client 3", "steal access_token client 0"
    QString credential; // what was watched: "at:12", "rt:4.2", "sid:7", "key:sim-key-1", "attacker 0"
    qint64 start = 0; // seconds since the start of the run
    qint64 end = 0;
    // Still working: during a run the end is not known yet (show it up to now); after the run, end is the end of
    // the run.
    bool open = false;
    [[nodiscard]] qint64 seconds() const { return end - start; }
};

// The blocklist's size at one sample time, a point of the metrics' blocklist series.
struct BlocklistSample
{
    qint64 time = 0;
    qint64 size = 0;
};

// Everything a run measures. Counters are cumulative; ratios are computed when asked.
struct SimMetrics
{
    qint64 simulatedSeconds = 0;
    quint64 eventsProcessed = 0;

    quint64 legitRequests = 0;
    quint64 legitAccepted = 0;
    quint64 legitRejected = 0; // every rejection of a legitimate request (expired, unknown key, store down…)
    quint64 legitRejectedStoreDown = 0;
    quint64 legitRejectedUnknownKey = 0;
    quint64 legitRejectedServerDown = 0; // every server was down
    quint64 attackerRequests = 0;
    quint64 attackerAccepted = 0;

    quint64 storeLookups = 0;
    quint64 blocklistLookups = 0;
    quint64 introspectionLookups = 0;
    quint64 jwksFetches = 0;

    quint64 logins = 0;
    quint64 loginsDenied = 0;
    quint64 logouts = 0; // every time a client lost its credentials and had to sign in again
    quint64 wrongfulLogouts = 0; // of those, legitimate users logged out by the system itself
    quint64 wronglyLoggedOutClients = 0; // distinct clients that suffered at least one wrongful logout
    quint64 collateralLogouts = 0; // victims logged out because their stolen family was revoked

    quint64 refreshes = 0; // successful refreshes (all actors)
    quint64 refreshFailures = 0;
    quint64 concurrentRefreshes = 0; // second refreshes sent by the same client at once
    quint64 lostResponses = 0; // committed refreshes whose answer the client never received
    quint64 reuseDetections = 0; // rotated refresh tokens presented again outside any grace window
    quint64 familiesRevoked = 0;
    quint64 graceHonoured = 0;

    quint64 accessTokensIssued = 0;
    quint64 refreshTokensIssued = 0;
    quint64 sessionsCreated = 0;
    quint64 signaturesMade = 0; // lazy: only tokens that were shown, opened or measured

    qint64 blocklistMaxSize = 0;
    QList<BlocklistSample> blocklistSeries;

    quint64 credentialBytes = 0; // bytes of the credential header across legitimate requests

    QList<Exposure> exposures;

    [[nodiscard]] double perRequest(quint64 count) const
    {
        return legitRequests + attackerRequests == 0 ? 0.0 : double(count) / double(legitRequests + attackerRequests);
    }
    [[nodiscard]] double refreshesPerHour() const
    {
        return simulatedSeconds == 0 ? 0.0 : double(refreshes) * 3600.0 / double(simulatedSeconds);
    }
    [[nodiscard]] double credentialBytesPerRequest() const
    {
        return legitRequests == 0 ? 0.0 : double(credentialBytes) / double(legitRequests);
    }

    // One JSON object (compact), members in a fixed order.
    [[nodiscard]] QByteArray toJson() const;
    // Human summary, one metric per line.
    [[nodiscard]] QString toText() const;

    // The metrics as named rows: Full values for one run's report (toText), Brief ones for a table of variants
    // side by side (`simulate --table`), where each row must fit a column.
    enum class Detail { Full, Brief };
    // One metric of rows(): its name and its value as text.
    struct Row
    {
        QString name;
        QString value;
    };
    [[nodiscard]] QList<Row> rows(Detail detail) const;
};

} // namespace tokenscope::sim
