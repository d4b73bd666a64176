#include "sim/SimMetrics.h"

#include "common/TimeFormat.h"
#include "jose/Json.h"

#include <QCoreApplication>

namespace tokenscope::sim {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct SimMetricsText
{
    Q_DECLARE_TR_FUNCTIONS(SimMetrics)
};

JsonValue number(quint64 value)
{
    return JsonValue::makeNumber(qint64(value));
}

// Ratios with a fixed number of decimals so that the JSON is the same on every platform.
JsonValue ratio(double value)
{
    return JsonValue::makeNumberLexeme(QByteArray::number(value, 'f', 4));
}

} // namespace

QByteArray SimMetrics::toJson() const
{
    JsonValue root = JsonValue::makeObject();
    root.append(QStringLiteral("simulatedSeconds"), JsonValue::makeNumber(simulatedSeconds));
    root.append(QStringLiteral("eventsProcessed"), number(eventsProcessed));

    JsonValue requests = JsonValue::makeObject();
    requests.append(QStringLiteral("legitimate"), number(legitRequests));
    requests.append(QStringLiteral("legitimateAccepted"), number(legitAccepted));
    requests.append(QStringLiteral("legitimateRejected"), number(legitRejected));
    requests.append(QStringLiteral("legitimateRejectedStoreDown"), number(legitRejectedStoreDown));
    requests.append(QStringLiteral("legitimateRejectedUnknownKey"), number(legitRejectedUnknownKey));
    requests.append(QStringLiteral("legitimateRejectedServerDown"), number(legitRejectedServerDown));
    requests.append(QStringLiteral("attacker"), number(attackerRequests));
    requests.append(QStringLiteral("attackerAccepted"), number(attackerAccepted));
    root.append(QStringLiteral("requests"), std::move(requests));

    JsonValue lookups = JsonValue::makeObject();
    lookups.append(QStringLiteral("store"), number(storeLookups));
    lookups.append(QStringLiteral("blocklist"), number(blocklistLookups));
    lookups.append(QStringLiteral("introspection"), number(introspectionLookups));
    lookups.append(QStringLiteral("jwksFetches"), number(jwksFetches));
    lookups.append(QStringLiteral("storePerRequest"), ratio(perRequest(storeLookups)));
    lookups.append(QStringLiteral("blocklistPerRequest"), ratio(perRequest(blocklistLookups)));
    lookups.append(QStringLiteral("introspectionPerRequest"), ratio(perRequest(introspectionLookups)));
    root.append(QStringLiteral("lookups"), std::move(lookups));

    JsonValue sessions = JsonValue::makeObject();
    sessions.append(QStringLiteral("logins"), number(logins));
    sessions.append(QStringLiteral("loginsDenied"), number(loginsDenied));
    sessions.append(QStringLiteral("logouts"), number(logouts));
    sessions.append(QStringLiteral("wrongfulLogouts"), number(wrongfulLogouts));
    sessions.append(QStringLiteral("wronglyLoggedOutClients"), number(wronglyLoggedOutClients));
    sessions.append(QStringLiteral("collateralLogouts"), number(collateralLogouts));
    root.append(QStringLiteral("users"), std::move(sessions));

    JsonValue refresh = JsonValue::makeObject();
    refresh.append(QStringLiteral("refreshes"), number(refreshes));
    refresh.append(QStringLiteral("perHour"), ratio(refreshesPerHour()));
    refresh.append(QStringLiteral("failures"), number(refreshFailures));
    refresh.append(QStringLiteral("concurrent"), number(concurrentRefreshes));
    refresh.append(QStringLiteral("lostResponses"), number(lostResponses));
    refresh.append(QStringLiteral("reuseDetections"), number(reuseDetections));
    refresh.append(QStringLiteral("familiesRevoked"), number(familiesRevoked));
    refresh.append(QStringLiteral("graceHonoured"), number(graceHonoured));
    root.append(QStringLiteral("refresh"), std::move(refresh));

    JsonValue tokens = JsonValue::makeObject();
    tokens.append(QStringLiteral("accessTokensIssued"), number(accessTokensIssued));
    tokens.append(QStringLiteral("refreshTokensIssued"), number(refreshTokensIssued));
    tokens.append(QStringLiteral("sessionsCreated"), number(sessionsCreated));
    tokens.append(QStringLiteral("signaturesMade"), number(signaturesMade));
    tokens.append(QStringLiteral("credentialBytes"), number(credentialBytes));
    tokens.append(QStringLiteral("credentialBytesPerRequest"), ratio(credentialBytesPerRequest()));
    root.append(QStringLiteral("tokens"), std::move(tokens));

    JsonValue blocklist = JsonValue::makeObject();
    blocklist.append(QStringLiteral("maxSize"), JsonValue::makeNumber(blocklistMaxSize));
    JsonValue series = JsonValue::makeArray();
    for (const BlocklistSample &sample : blocklistSeries) {
        JsonValue point = JsonValue::makeArray();
        point.elements.push_back(JsonValue::makeNumber(sample.time));
        point.elements.push_back(JsonValue::makeNumber(sample.size));
        series.elements.push_back(std::move(point));
    }
    blocklist.append(QStringLiteral("series"), std::move(series));
    root.append(QStringLiteral("blocklist"), std::move(blocklist));

    JsonValue exposureList = JsonValue::makeArray();
    for (const Exposure &exposure : exposures) {
        JsonValue item = JsonValue::makeObject();
        item.append(QStringLiteral("kind"), JsonValue::makeString(exposure.kind));
        item.append(QStringLiteral("label"), JsonValue::makeString(exposure.label));
        item.append(QStringLiteral("credential"), JsonValue::makeString(exposure.credential));
        item.append(QStringLiteral("start"), JsonValue::makeNumber(exposure.start));
        item.append(QStringLiteral("end"), JsonValue::makeNumber(exposure.end));
        item.append(QStringLiteral("seconds"), JsonValue::makeNumber(exposure.seconds()));
        item.append(QStringLiteral("open"), JsonValue::makeBool(exposure.open));
        exposureList.elements.push_back(std::move(item));
    }
    root.append(QStringLiteral("exposures"), std::move(exposureList));
    return Json::write(root, Json::Style::Compact);
}

QList<SimMetrics::Row> SimMetrics::rows(Detail detail) const
{
    const bool full = detail == Detail::Full;
    QList<Row> rows;
    const auto row = [&rows](const QString &name, const QString &value) {
        rows.append({name, value});
    };
    const auto ofTotal = [](qint64 part, qint64 total) {
        return SimMetricsText::tr("%1 of %2").arg(part).arg(total);
    };
    row(SimMetricsText::tr("simulated time"), TimeFormat::duration(simulatedSeconds));
    row(SimMetricsText::tr("events processed"), QString::number(eventsProcessed));
    row(full ? SimMetricsText::tr("legitimate requests") : SimMetricsText::tr("legitimate requests accepted"),
        full ? SimMetricsText::tr("%1 (%2 accepted, %3 rejected; %4 store down, %5 unknown key, %6 no server)")
                   .arg(legitRequests)
                   .arg(legitAccepted)
                   .arg(legitRejected)
                   .arg(legitRejectedStoreDown)
                   .arg(legitRejectedUnknownKey)
                   .arg(legitRejectedServerDown)
             : ofTotal(legitAccepted, legitRequests));
    row(SimMetricsText::tr("attacker requests accepted"), ofTotal(attackerAccepted, attackerRequests));
    row(SimMetricsText::tr("store lookups per request"), QString::number(perRequest(storeLookups), 'f', 3));
    row(SimMetricsText::tr("blocklist lookups per request"), QString::number(perRequest(blocklistLookups), 'f', 3));
    row(SimMetricsText::tr("introspection calls per request"),
        QString::number(perRequest(introspectionLookups), 'f', 3));
    row(SimMetricsText::tr("JWKS fetches"), QString::number(jwksFetches));
    row(SimMetricsText::tr("logins"), SimMetricsText::tr("%1 (%2 denied)").arg(logins).arg(loginsDenied));
    row(SimMetricsText::tr("users wrongly logged out"),
        full ? SimMetricsText::tr("%1 times, %2 clients").arg(wrongfulLogouts).arg(wronglyLoggedOutClients)
             : QString::number(wrongfulLogouts));
    row(SimMetricsText::tr("victims logged out by theft defence"), QString::number(collateralLogouts));
    row(SimMetricsText::tr("refreshes per hour"), QString::number(refreshesPerHour(), 'f', 2));
    row(SimMetricsText::tr("refresh failures"), QString::number(refreshFailures));
    row(SimMetricsText::tr("refresh answers lost"), QString::number(lostResponses));
    row(SimMetricsText::tr("reuse detections"),
        full ? SimMetricsText::tr("%1 (%2 families revoked, %3 grace)")
                   .arg(reuseDetections)
                   .arg(familiesRevoked)
                   .arg(graceHonoured)
             : QString::number(reuseDetections));
    if (!full) {
        row(SimMetricsText::tr("families revoked"), QString::number(familiesRevoked));
        row(SimMetricsText::tr("grace honoured"), QString::number(graceHonoured));
    }
    row(SimMetricsText::tr("blocklist size (max)"), QString::number(blocklistMaxSize));
    row(SimMetricsText::tr("credential bytes per request"), QString::number(credentialBytesPerRequest(), 'f', 1));
    if (full) {
        row(SimMetricsText::tr("tokens issued / signed"),
            SimMetricsText::tr("%1 access, %2 refresh, %3 sessions / %4 signatures")
                .arg(accessTokensIssued)
                .arg(refreshTokensIssued)
                .arg(sessionsCreated)
                .arg(signaturesMade));
    }
    for (qsizetype i = 0; i < exposures.size(); ++i) {
        const Exposure &exposure = exposures[i];
        const QString open = exposure.open ? SimMetricsText::tr(", still open at the end") : QString();
        if (full)
            row(SimMetricsText::tr("exposure"),
                SimMetricsText::tr("%1 %2 (%3): %4%5")
                    .arg(exposure.kind, exposure.label, exposure.credential, TimeFormat::duration(exposure.seconds()),
                         open));
        else
            row(SimMetricsText::tr("exposure %1 (%2)").arg(i + 1).arg(exposure.kind),
                TimeFormat::duration(exposure.seconds()) + (exposure.open ? SimMetricsText::tr(" (open)") : QString()));
    }
    return rows;
}

QString SimMetrics::toText() const
{
    QString text;
    for (const Row &row : rows(Detail::Full))
        text += QStringLiteral("  %1 %2\n").arg(row.name + u':', -38).arg(row.value);
    return text;
}

} // namespace tokenscope::sim
