#pragma once

#include "lab/LabOptions.h"

#include <QDateTime>
#include <QtGlobal>

namespace tokenscope::lab {

// What one short load on one lab resource server measured (CostProbe; the Simulate workspace's "Measure here"):
// numbers and a date only, never a credential, so it may be kept between runs.
struct CostMeasurement
{
    CheckMode mode = CheckMode::Stateless;
    qint64 requests = 0; // answered GET /api/whoami, accepted or not
    qint64 failedRequests = 0; // of those, answered other than 200 (or not answered)
    double requestsPerSecond = 0;
    double meanMicroseconds = 0; // latency as the client saw it, loopback included
    double p50Microseconds = 0;
    double p99Microseconds = 0;
    // From the server's own counters (Lab::counters()): Redis commands and issuer calls over the requests it handled.
    double storeRoundTripsPerRequest = 0;
    double issuerRoundTripsPerRequest = 0;
    int durationMs = 0; // how long requests were sent
    int inFlight = 0; // requests outstanding at once
    QDateTime measuredAt; // UTC
};

} // namespace tokenscope::lab
