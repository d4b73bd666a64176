#include "diff/TokenDiff.h"

#include "common/TimeFormat.h"

namespace tokenscope {
namespace {

// RFC 7519 §4.1.4-4.1.6 and OpenID Connect Core §2 (auth_time): the NumericDates whose change reads as a move.
bool isNumericDate(QStringView name)
{
    return name == u"exp" || name == u"nbf" || name == u"iat" || name == u"auth_time";
}

// The value as a NumericDate in Tokenscope's range (an out parameter rather than std::optional, which GCC's
// -Wmaybe-uninitialized misjudges at -O2).
bool numericDate(const JsonValue *value, qint64 *seconds)
{
    if (!value || !value->isNumber())
        return false;
    const std::optional<qint64> number = value->toInteger();
    if (!number.has_value() || !TimeFormat::inRange(number.value()))
        return false;
    *seconds = number.value();
    return true;
}

QByteArray written(const JsonValue &value)
{
    return Json::write(value, Json::Style::Compact);
}

std::vector<MemberChange> compareObjects(const JsonValue *first, const JsonValue *second)
{
    std::vector<MemberChange> changes;
    const JsonValue empty = JsonValue::makeObject();
    const JsonValue &before = first && first->isObject() ? *first : empty;
    const JsonValue &after = second && second->isObject() ? *second : empty;
    for (const JsonMember &member : before.members) {
        const JsonValue *other = after.value(member.name);
        if (!other) {
            changes.push_back({MemberChange::Kind::Removed, member.name, written(member.value), {}, {}});
            continue;
        }
        const QByteArray was = written(member.value);
        const QByteArray now = written(*other);
        if (was == now)
            continue;
        MemberChange change {MemberChange::Kind::Changed, member.name, was, now, {}};
        qint64 from = 0;
        qint64 to = 0;
        if (isNumericDate(member.name) && numericDate(&member.value, &from) && numericDate(other, &to))
            change.moveSeconds = to - from;
        changes.push_back(std::move(change));
    }
    for (const JsonMember &member : after.members) {
        if (!before.value(member.name))
            changes.push_back({MemberChange::Kind::Added, member.name, {}, written(member.value), {}});
    }
    return changes;
}

SideFacts factsOf(const DecodedToken &token)
{
    SideFacts facts;
    facts.alg = token.algorithm();
    facts.kid = token.keyId();
    if (token.payload && token.payload->isObject()) {
        const JsonValue *iss = token.payload->value(u"iss");
        facts.iss = iss && iss->isString() ? iss->string : QString();
        qint64 issued = 0;
        qint64 expires = 0;
        if (numericDate(token.payload->value(u"iat"), &issued) && numericDate(token.payload->value(u"exp"), &expires))
            facts.lifetimeSeconds = expires - issued;
    }
    return facts;
}

JsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? JsonValue() : JsonValue::makeString(text);
}

JsonValue pairJson(const QString &first, const QString &second)
{
    JsonValue object = JsonValue::makeObject();
    object.append(QStringLiteral("first"), stringOrNull(first));
    object.append(QStringLiteral("second"), stringOrNull(second));
    object.append(QStringLiteral("same"), JsonValue::makeBool(first == second));
    return object;
}

JsonValue changesJson(const std::vector<MemberChange> &changes)
{
    JsonValue array = JsonValue::makeArray();
    for (const MemberChange &change : changes) {
        JsonValue object = JsonValue::makeObject();
        object.append(QStringLiteral("change"), JsonValue::makeString(TokenDiffer::kindName(change.kind)));
        object.append(QStringLiteral("name"), JsonValue::makeString(change.name));
        // Embedded as parsed, so numbers keep their lexemes.
        for (const auto &[key, text] :
             {std::pair {QStringLiteral("before"), change.before}, std::pair {QStringLiteral("after"), change.after}}) {
            if (!text.isEmpty())
                object.append(key, *Json::parse(text).value);
        }
        if (change.moveSeconds)
            object.append(QStringLiteral("move_seconds"), JsonValue::makeNumber(*change.moveSeconds));
        array.elements.push_back(std::move(object));
    }
    return array;
}

} // namespace

bool TokenDiff::identical() const
{
    return header.empty() && payload.empty() && sameSignature;
}

namespace TokenDiffer {

TokenDiff compare(const DecodedToken &first, const DecodedToken &second)
{
    TokenDiff diff;
    diff.header = compareObjects(&first.header, &second.header);
    if (first.kind != TokenKind::Jwe && second.kind != TokenKind::Jwe)
        diff.payload
            = compareObjects(first.payload ? &*first.payload : nullptr, second.payload ? &*second.payload : nullptr);
    diff.first = factsOf(first);
    diff.second = factsOf(second);
    diff.sameSignature = first.kind == second.kind && first.signature() == second.signature();
    return diff;
}

QString kindName(MemberChange::Kind kind)
{
    switch (kind) {
    case MemberChange::Kind::Added:
        return QStringLiteral("added");
    case MemberChange::Kind::Removed:
        return QStringLiteral("removed");
    case MemberChange::Kind::Changed:
        break;
    }
    return QStringLiteral("changed");
}

QString move(const MemberChange &change)
{
    if (!change.moveSeconds)
        return {};
    const qint64 seconds = *change.moveSeconds;
    return QStringLiteral("%1 %2%3").arg(change.name, seconds < 0 ? QStringLiteral("-") : QStringLiteral("+"),
                                         TimeFormat::duration(seconds < 0 ? -seconds : seconds));
}

JsonValue toJson(const TokenDiff &diff)
{
    JsonValue object = JsonValue::makeObject();
    object.append(QStringLiteral("identical"), JsonValue::makeBool(diff.identical()));
    object.append(QStringLiteral("header"), changesJson(diff.header));
    object.append(QStringLiteral("payload"), changesJson(diff.payload));
    JsonValue lifetime = JsonValue::makeObject();
    for (const auto &[key, facts] :
         {std::pair {QStringLiteral("first"), &diff.first}, std::pair {QStringLiteral("second"), &diff.second}})
        lifetime.append(key, facts->lifetimeSeconds ? JsonValue::makeNumber(*facts->lifetimeSeconds) : JsonValue());
    object.append(QStringLiteral("lifetime_seconds"), std::move(lifetime));
    JsonValue key = JsonValue::makeObject();
    key.append(QStringLiteral("alg"), pairJson(diff.first.alg, diff.second.alg));
    key.append(QStringLiteral("kid"), pairJson(diff.first.kid, diff.second.kid));
    key.append(QStringLiteral("iss"), pairJson(diff.first.iss, diff.second.iss));
    key.append(QStringLiteral("same_signature"), JsonValue::makeBool(diff.sameSignature));
    object.append(QStringLiteral("signature"), std::move(key));
    return object;
}

} // namespace TokenDiffer
} // namespace tokenscope
