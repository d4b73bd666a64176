#include "report/BindingReport.h"

namespace tokenscope::BindingReport {

JsonValue checksArray(const BindingChecks &checks)
{
    JsonValue array = JsonValue::makeArray();
    for (const BindingCheck &check : checks) {
        JsonValue item = JsonValue::makeObject();
        item.append(QStringLiteral("check"), JsonValue::makeString(check.check));
        item.append(QStringLiteral("result"), JsonValue::makeString(Binding::outcomeName(check.outcome)));
        item.append(QStringLiteral("reason"),
                    check.reason.isEmpty() ? JsonValue {} : JsonValue::makeString(check.reason));
        item.append(QStringLiteral("message"), JsonValue::makeString(check.message));
        array.elements.push_back(std::move(item));
    }
    return array;
}

QString firstReason(const BindingChecks &checks)
{
    for (const BindingCheck &check : checks) {
        if (check.outcome == BindingCheck::Outcome::Failed)
            return check.reason;
    }
    return QStringLiteral("valid");
}

JsonValue tokenSummary(const BundleToken &token)
{
    // An opaque token is shown by its length only: its value is a credential and says nothing more.
    JsonValue item = JsonValue::makeObject();
    item.append(QStringLiteral("role"), JsonValue::makeString(token.role));
    item.append(QStringLiteral("opaque"), JsonValue::makeBool(!token.decoded.has_value()));
    item.append(QStringLiteral("length"), JsonValue::makeNumber(token.value.size()));
    return item;
}

} // namespace tokenscope::BindingReport
