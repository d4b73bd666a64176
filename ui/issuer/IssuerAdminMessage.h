#pragma once

#include "issuer/IssuerAdminClient.h"

#include <QCoreApplication>
#include <QString>

namespace tokenscope {

// What the Issuer workspace's message line says about an admin request's answer: what changed, or why nothing did
// and what the issuer said. Empty text: nothing worth saying (the clock moved; the label shows it).
struct IssuerAdminMessage
{
    Q_DECLARE_TR_FUNCTIONS(IssuerAdminMessage)

public:
    QString text;
    bool error = false;

    // `revoked`: for revocations, what the request revoked ("the access token", "the session 1a2b…").
    [[nodiscard]] static IssuerAdminMessage forResult(const IssuerAdminClient::Result &result,
                                                      const QString &revoked = {});
};

} // namespace tokenscope
