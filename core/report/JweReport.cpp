#include "report/JweReport.h"

#include "jose/Base64Url.h"
#include "report/TokenReport.h"

#include <QStringDecoder>

namespace tokenscope::JweReport {

namespace {

JsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? JsonValue {} : JsonValue::makeString(text);
}

} // namespace

JsonValue decryptionReport(const DecryptionResult &result, Content content, JsonValue nested)
{
    JsonValue report = JsonValue::makeObject();
    report.append(QStringLiteral("valid"), JsonValue::makeBool(result.isValid()));
    report.append(QStringLiteral("reason"), JsonValue::makeString(decryptionReasonName(result.reason)));
    report.append(QStringLiteral("message"), JsonValue::makeString(result.message));
    report.append(QStringLiteral("alg"), stringOrNull(result.algorithm));
    report.append(QStringLiteral("enc"), stringOrNull(result.contentEncryption));
    report.append(QStringLiteral("kid"), stringOrNull(result.kid));
    report.append(QStringLiteral("key"),
                  result.decryptedBy ? TokenReport::keyReport(*result.decryptedBy) : JsonValue {});
    if (content == Content::Include) {
        JsonValue text, bytes;
        if (result.isValid()) {
            QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            const QString decoded = decoder.decode(result.plaintext);
            if (decoder.hasError())
                bytes = JsonValue::makeString(QString::fromLatin1(Base64Url::encode(result.plaintext)));
            else
                text = JsonValue::makeString(decoded);
        }
        report.append(QStringLiteral("plaintext"), std::move(text));
        report.append(QStringLiteral("plaintext_base64url"), std::move(bytes));
    }
    report.append(QStringLiteral("nested"), std::move(nested));
    report.append(QStringLiteral("findings"), TokenReport::findingsArray(result.findings));
    return report;
}

} // namespace tokenscope::JweReport
