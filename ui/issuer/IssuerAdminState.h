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
    struct User
    {
        QString username;
        QString subject;
        bool banned = false;
        QStringList roles;
    };
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
