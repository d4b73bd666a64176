#include "report/SdJwtReport.h"

namespace tokenscope::SdJwtReport {
namespace {

JsonValue str(const QString &text)
{
    return JsonValue::makeString(text);
}

JsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? JsonValue {} : str(text);
}

} // namespace

JsonValue disclosuresArray(const SdJwt &sdJwt, const SdJwtClaims &claims)
{
    JsonValue array = JsonValue::makeArray();
    for (size_t index = 0; index < sdJwt.disclosures.size(); ++index) {
        const Disclosure &disclosure = sdJwt.disclosures[index];
        const DisclosureMatch match = index < claims.matches.size() ? claims.matches[index] : DisclosureMatch {};
        JsonValue item = JsonValue::makeObject();
        item.append(QStringLiteral("position"), JsonValue::makeNumber(disclosure.position));
        item.append(QStringLiteral("digest"), stringOrNull(QString::fromLatin1(match.digest)));
        item.append(QStringLiteral("salt"), str(disclosure.salt));
        item.append(QStringLiteral("claim_name"), disclosure.claimName ? str(*disclosure.claimName) : JsonValue {});
        item.append(QStringLiteral("value"), disclosure.value);
        item.append(QStringLiteral("referenced"), JsonValue::makeBool(match.referenced));
        item.append(QStringLiteral("path"), match.referenced ? str(match.path) : JsonValue {});
        item.append(QStringLiteral("encoded"), str(QString::fromLatin1(disclosure.encoded)));
        array.elements.push_back(std::move(item));
    }
    return array;
}

JsonValue sdJwtObject(const SdJwt &sdJwt, const SdJwtInspection &inspection)
{
    JsonValue object = JsonValue::makeObject();
    object.append(QStringLiteral("typ"), stringOrNull(sdJwt.type()));
    object.append(QStringLiteral("hash_alg"), str(inspection.claims.hashAlgorithm));
    object.append(QStringLiteral("claims"), inspection.claims.claims);
    object.append(QStringLiteral("undisclosed_digests"),
                  JsonValue::makeNumber(int(inspection.claims.undisclosed.size())));

    const KeyBindingResult &keyBinding = inspection.keyBinding;
    JsonValue binding = JsonValue::makeObject();
    binding.append(QStringLiteral("present"), JsonValue::makeBool(sdJwt.keyBinding.has_value()));
    binding.append(QStringLiteral("valid"), JsonValue::makeBool(keyBinding.isValid()));
    binding.append(QStringLiteral("reason"), str(keyBinding.reasonName()));
    binding.append(QStringLiteral("message"), str(keyBinding.message));
    binding.append(QStringLiteral("header"), sdJwt.keyBinding ? sdJwt.keyBinding->header : JsonValue {});
    binding.append(QStringLiteral("payload"),
                   sdJwt.keyBinding && sdJwt.keyBinding->payload ? *sdJwt.keyBinding->payload : JsonValue {});
    binding.append(QStringLiteral("expected_sd_hash"), stringOrNull(keyBinding.expectedSdHash));
    object.append(QStringLiteral("key_binding"), std::move(binding));
    return object;
}

void extend(JsonValue &report, const SdJwt &sdJwt, const SdJwtInspection &inspection)
{
    for (JsonMember &member : report.members) {
        if (member.name == u"kind")
            member.value = str(QStringLiteral("SD-JWT"));
    }
    report.append(QStringLiteral("disclosures"), disclosuresArray(sdJwt, inspection.claims));
    report.append(QStringLiteral("sd_jwt"), sdJwtObject(sdJwt, inspection));
}

} // namespace tokenscope::SdJwtReport
