#include "sim/Scenario.h"
#include "sim/SimEngine.h"

namespace tokenscope::sim {

QByteArray CredentialRef::name() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::AccessToken:
        return "at:" + QByteArray::number(id);
    case Kind::RefreshToken:
        return "rt:" + QByteArray::number(family) + '.' + QByteArray::number(generation);
    case Kind::SessionId:
        return "sid:" + QByteArray::number(id);
    case Kind::Key:
        return "key:" + QByteArray::number(id);
    }
    return {};
}

QByteArray SimEvent::toJsonLine() const
{
    static const char *const typeNames[] = {
        "login",          "login_denied",     "request",          "refresh",   "concurrent_refresh", "logout",
        "theft",          "attacker_request", "attacker_refresh", "operator",  "key_published",      "store_outage",
        "store_restored", "exposure_ended",   "server_down",      "server_up",
    };
    static const char *const actorNames[] = {"client", "attacker", "operator", "issuer"};
    QByteArray line;
    line.reserve(160);
    line += "{\"t\":";
    line += QByteArray::number(time);
    line += ",\"type\":\"";
    line += typeNames[int(type)];
    line += "\",\"actor\":\"";
    line += actorNames[int(actor)];
    line += '"';
    if (actorIndex >= 0) {
        line += ",\"index\":";
        line += QByteArray::number(actorIndex);
    }
    if (server >= 0) {
        line += ",\"server\":";
        line += QByteArray::number(server);
    }
    const std::pair<const char *, const CredentialRef *> credentials[]
        = {{"credential", &credential}, {"access", &issuedAccess}, {"refresh", &issuedRefresh}};
    for (const auto &[name, ref] : credentials) {
        if (ref->isNull())
            continue;
        line += ",\"";
        line += name;
        line += "\":\"";
        line += ref->name();
        line += '"';
    }
    line += ok ? ",\"ok\":true" : ",\"ok\":false";
    if (const QByteArray text = reasonText(); !text.isEmpty()) {
        line += ",\"reason\":\"";
        line += text;
        line += '"';
    }
    if (note != LogoutKind::None) {
        line += ",\"note\":\"";
        line += noteText();
        line += '"';
    }
    line += "}\n";
    return line;
}

QByteArray SimEvent::reasonText() const
{
    if (actor == ActorKind::Operator) // operator events, and the outages they start
        return ScenarioNames::operatorAction(action).toLatin1();
    return QByteArray(policy::reasonCode(reason));
}

const char *SimEvent::noteText() const
{
    switch (note) {
    case LogoutKind::None:
        return "";
    case LogoutKind::Intended:
        return "intended";
    case LogoutKind::Wrongful:
        return "wrongful";
    case LogoutKind::Collateral:
        return "collateral";
    }
    return "";
}

} // namespace tokenscope::sim
