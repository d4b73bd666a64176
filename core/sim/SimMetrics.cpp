#include "sim/SimMetrics.h"

#include "common/TimeFormat.h"
#include "jose/Json.h"

#include <QCoreApplication>

namespace tokenscope::sim {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SimMetrics", text);
}

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

QString SimMetrics::toText() const
{
    QString text;
    const auto line = [&text](const QString &name, const QString &value) {
        text += QStringLiteral("  %1 %2\n").arg(name + u':', -38).arg(value);
    };
    line(tr("simulated time"), TimeFormat::duration(simulatedSeconds));
    line(tr("events processed"), QString::number(eventsProcessed));
    line(tr("legitimate requests"),
         tr("%1 (%2 accepted, %3 rejected; %4 store down, %5 unknown key, %6 no server)")
             .arg(legitRequests)
             .arg(legitAccepted)
             .arg(legitRejected)
             .arg(legitRejectedStoreDown)
             .arg(legitRejectedUnknownKey)
             .arg(legitRejectedServerDown));
    line(tr("attacker requests accepted"), tr("%1 of %2").arg(attackerAccepted).arg(attackerRequests));
    line(tr("store lookups per request"), QString::number(perRequest(storeLookups), 'f', 3));
    line(tr("blocklist lookups per request"), QString::number(perRequest(blocklistLookups), 'f', 3));
    line(tr("introspection calls per request"), QString::number(perRequest(introspectionLookups), 'f', 3));
    line(tr("JWKS fetches"), QString::number(jwksFetches));
    line(tr("logins"), tr("%1 (%2 denied)").arg(logins).arg(loginsDenied));
    line(tr("users wrongly logged out"), tr("%1 times, %2 clients").arg(wrongfulLogouts).arg(wronglyLoggedOutClients));
    line(tr("victims logged out by theft defence"), QString::number(collateralLogouts));
    line(tr("refreshes per hour"), QString::number(refreshesPerHour(), 'f', 2));
    line(tr("refresh failures"), QString::number(refreshFailures));
    line(tr("reuse detections"),
         tr("%1 (%2 families revoked, %3 grace)").arg(reuseDetections).arg(familiesRevoked).arg(graceHonoured));
    line(tr("blocklist size (max)"), QString::number(blocklistMaxSize));
    line(tr("credential bytes per request"), QString::number(credentialBytesPerRequest(), 'f', 1));
    line(tr("tokens issued / signed"),
         tr("%1 access, %2 refresh, %3 sessions / %4 signatures")
             .arg(accessTokensIssued)
             .arg(refreshTokensIssued)
             .arg(sessionsCreated)
             .arg(signaturesMade));
    for (const Exposure &exposure : exposures) {
        line(tr("exposure"),
             tr("%1 %2 (%3): %4%5")
                 .arg(exposure.kind, exposure.label, exposure.credential, TimeFormat::duration(exposure.seconds()),
                      exposure.open ? tr(", still open at the end") : QString()));
    }
    return text;
}

} // namespace tokenscope::sim
