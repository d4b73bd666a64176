#pragma once

#include "common/MessageKind.h"
#include "issuer/IssuerAdminClient.h"

#include <QCoreApplication>
#include <QString>

namespace tokenscope {

// What the Issuer workspace's message line says about an admin answer: what changed, or why nothing did.
struct IssuerAdminMessage
{
    Q_DECLARE_TR_FUNCTIONS(IssuerAdminMessage)

public:
    QString text;
    MessageKind kind = MessageKind::Info;

    // `revoked`: for revocations, what the request revoked ("the access token", "the session 1a2b…").
    [[nodiscard]] static IssuerAdminMessage forResult(const IssuerAdminClient::Result &result,
                                                      const QString &revoked = {});
};

} // namespace tokenscope
