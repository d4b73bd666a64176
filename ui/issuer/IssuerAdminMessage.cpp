#include "issuer/IssuerAdminMessage.h"

#include "issuer/IssuerClockBar.h"

using namespace Qt::StringLiterals;

namespace tokenscope {

IssuerAdminMessage IssuerAdminMessage::forResult(const IssuerAdminClient::Result &result, const QString &revoked)
{
    using Action = IssuerAdminClient::Action;
    const QString error = result.errorMessage();
    const bool ok = bool(result);
    switch (result.action) {
    case Action::RevokeToken:
    case Action::RevokeFamily:
        if (ok)
            return {tr("Revoked %1.").arg(revoked), MessageKind::Info};
        if (result.httpStatus == 404)
            return {tr("Nothing to revoke: the issuer does not know %1 (a database from another run?).").arg(revoked),
                    MessageKind::Error};
        if (result.httpStatus != 0)
            return {tr("The issuer refused to revoke %1: %2").arg(revoked, error), MessageKind::Error};
        return {tr("Cannot reach the issuer to revoke %1: %2").arg(revoked, result.networkError), MessageKind::Error};
    case Action::BanUser:
    case Action::LiftBan:
        if (!ok)
            return {tr("Cannot change the ban of %1: %2").arg(result.target, error), MessageKind::Error};
        if (result.action == Action::LiftBan)
            return {tr("Lifted the ban of %1 (revoked sessions stay revoked).").arg(result.target), MessageKind::Info};
        return {tr("Banned %1: every session is revoked and logins fail.").arg(result.target), MessageKind::Info};
    case Action::RotateKeys:
        if (!ok)
            return {tr("Cannot rotate the keys: %1").arg(error), MessageKind::Error};
        return {tr("Published the new key %1; it signs from %2, after the policy's key overlap.")
                    .arg(result.body.value(u"kid"_s).toString(),
                         IssuerClockBar::issuerTime(result.body.value(u"signs_from"_s).toInteger())),
                MessageKind::Info};
    case Action::AdvanceClock:
        return ok ? IssuerAdminMessage {}
                  : IssuerAdminMessage {tr("Cannot advance the clock: %1").arg(error), MessageKind::Error};
    case Action::FetchState:
        return ok ? IssuerAdminMessage {}
                  : IssuerAdminMessage {tr("Cannot read the issuer's state: %1").arg(error), MessageKind::Error};
    }
    return {};
}

} // namespace tokenscope
