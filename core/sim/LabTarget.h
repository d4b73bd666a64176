#pragma once

#include <QList>
#include <QString>
#include <QUrl>

namespace tokenscope::sim {

// A live lab that a live run sends its resource-server requests to (docs/lab.md "Live simulations on the lab"): its
// control endpoint, its servers in the model's order, and the client its servers use at the issuer (RFC 7662
// introspection, the password grant behind POST /login), which the run's issuer configuration must keep.
struct LabTarget
{
    QUrl control;
    QList<QUrl> servers;
    QString clientId;
    QString clientSecret; // the lab's; never printed
};

} // namespace tokenscope::sim
