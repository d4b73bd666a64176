#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace tokenscope {

// The built-in list of weak HMAC secrets: well-known defaults, tutorial secrets and common passwords, tried
// offline against HS* tokens (resources/weak-secrets/README.md says where each group comes from and its licence).
namespace WeakSecrets {

// One source's weak secrets (a file of resources/weak-secrets), tried in order.
struct Group
{
    QString name; // "Tokenscope defaults", "wallarm/jwt-secrets"
    QList<QByteArray> secrets; // in file order; no entry appears in an earlier group
};

// Read once from the core's resources; empty groups when a resource is missing (which a test catches).
[[nodiscard]] const QList<Group> &groups();
// All entries across the groups.
[[nodiscard]] qsizetype size();
// Whether `secret` is an entry of any group (a verifier's own secret, judged by the hmac_secret_weak finding).
[[nodiscard]] bool contains(QByteArrayView secret);

} // namespace WeakSecrets
} // namespace tokenscope
