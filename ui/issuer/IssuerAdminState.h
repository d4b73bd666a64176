#pragma once

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace tokenscope {

// What a mock issuer's GET /admin/state says, as plain values; never a secret (the issuer hands out none).
struct IssuerAdminState
{
    // One of the issuer's signing keys: its kid, its publish, sign and retire times, and what it does now.
    struct Key
    {
        QString kid;
        QString algorithm;
        qint64 publishFrom = 0;
        qint64 signFrom = 0;
        qint64 retireAt = 0; // 0: not scheduled
        bool published = false;
        bool signing = false;
    };
    // One refresh family: its client and user, newest generation, lifetime and revocation.
    struct Family
    {
        QString id; // the tokens' "sid"
        QString clientId;
        QString subject;
        int generation = 0;
        qint64 createdAt = 0;
        qint64 expiresAt = 0; // 0: never
        bool revoked = false;
        QString revokedReason; // "revoked_by_admin", "user_banned", …
    };
    // One user the issuer knows, their roles, and whether banned.
    struct User
    {
        QString username;
        QString subject;
        bool banned = false;
        QStringList roles;
    };
    // One client the issuer knows (RFC 6749 §2) and its redirect URIs.
    struct Client
    {
        QString clientId;
        bool confidential = false;
        QStringList redirectUris;
    };

    qint64 now = 0; // the issuer's clock
    qint64 clockOffset = 0;
    QList<Key> keys;
    QList<Family> families;
    QSet<QString> revokedAccessTokenIds; // jti; an hour past their expiry they drop out
    QList<User> users;
    QList<Client> clients;

    // Reads the state document; members that are missing or of another type keep their defaults.
    [[nodiscard]] static IssuerAdminState fromJson(const QJsonObject &json);
};

} // namespace tokenscope
