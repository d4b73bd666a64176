#include "issuer/IssuerAdminState.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (item.isString())
            list << item.toString();
    }
    return list;
}

qint64 integer(const QJsonObject &object, const QString &name)
{
    return object.value(name).toInteger(0);
}

} // namespace

IssuerAdminState IssuerAdminState::fromJson(const QJsonObject &json)
{
    IssuerAdminState state;
    state.now = integer(json, u"now"_s);
    state.clockOffset = integer(json, u"clock_offset"_s);
    for (const QJsonValue &value : json.value(u"keys"_s).toArray()) {
        const QJsonObject key = value.toObject();
        state.keys.append({key.value(u"kid"_s).toString(), key.value(u"alg"_s).toString(),
                           integer(key, u"publish_from"_s), integer(key, u"sign_from"_s), integer(key, u"retire_at"_s),
                           key.value(u"published"_s).toBool(), key.value(u"signing"_s).toBool()});
    }
    for (const QJsonValue &value : json.value(u"families"_s).toArray()) {
        const QJsonObject family = value.toObject();
        state.families.append({family.value(u"id"_s).toString(), family.value(u"client_id"_s).toString(),
                               family.value(u"sub"_s).toString(), int(integer(family, u"generation"_s)),
                               integer(family, u"created_at"_s), integer(family, u"expires_at"_s),
                               family.value(u"revoked"_s).toBool(), family.value(u"revoked_reason"_s).toString()});
    }
    for (const QJsonValue &value : json.value(u"revoked_access_tokens"_s).toArray()) {
        const QString jti = value.toObject().value(u"jti"_s).toString();
        if (!jti.isEmpty())
            state.revokedAccessTokenIds.insert(jti);
    }
    for (const QJsonValue &value : json.value(u"users"_s).toArray()) {
        const QJsonObject user = value.toObject();
        state.users.append({user.value(u"username"_s).toString(), user.value(u"sub"_s).toString(),
                            user.value(u"banned"_s).toBool(), strings(user.value(u"roles"_s))});
    }
    for (const QJsonValue &value : json.value(u"clients"_s).toArray()) {
        const QJsonObject client = value.toObject();
        state.clients.append({client.value(u"client_id"_s).toString(), client.value(u"confidential"_s).toBool(),
                              strings(client.value(u"redirect_uris"_s))});
    }
    return state;
}

} // namespace tokenscope
