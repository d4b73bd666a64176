#include "SdJwtOutput.h"

#include "Commands.h"
#include "report/SdJwtReport.h"
#include "report/TokenReport.h"
#include "verify/AttackFindings.h"
#include "verify/Findings.h"
#include "verify/SdJwtVerifier.h"

#include <QCoreApplication>

namespace tokenscope::cli {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

const QString kRequireKeyBinding = QStringLiteral("require-kb");
const QString kNonce = QStringLiteral("kb-nonce");
const QString kAudience = QStringLiteral("kb-aud");
const QString kMaxAge = QStringLiteral("kb-max-age");

QString indented(const QByteArray &json)
{
    QString text = QString::fromUtf8(json);
    text.replace(u'\n', QStringLiteral("\n  "));
    return QStringLiteral("  ") + text + u'\n';
}

// The part of the report a person reads after the issuer-signed JWT: one line per Disclosure, the processed claims,
// the undisclosed count and the key binding.
QString describeSdJwt(const SdJwt &sdJwt, const SdJwtInspection &inspection)
{
    QString text;
    text += u'\n'
        + CliText::tr("Disclosures (%1, digests %2)").arg(sdJwt.disclosures.size()).arg(inspection.claims.hashAlgorithm)
        + u'\n';
    if (sdJwt.disclosures.empty())
        text += CliText::tr("  none\n");
    for (size_t index = 0; index < sdJwt.disclosures.size(); ++index) {
        const Disclosure &disclosure = sdJwt.disclosures[index];
        const DisclosureMatch &match = inspection.claims.matches[index];
        const QString name = disclosure.claimName ? *disclosure.claimName : CliText::tr("(array element)");
        text += QStringLiteral("  %1. %2 = %3\n")
                    .arg(disclosure.position)
                    .arg(name, QString::fromUtf8(Json::write(disclosure.value, Json::Style::Compact)).left(200));
        text += CliText::tr("     salt %1, digest %2, %3\n")
                    .arg(disclosure.salt, QString::fromLatin1(match.digest),
                         match.referenced ? CliText::tr("at %1").arg(match.path)
                                          : CliText::tr("referred to by no digest"));
    }
    text += u'\n' + CliText::tr("Processed claims") + u'\n' + indented(Json::write(inspection.claims.claims));
    text += CliText::tr("  undisclosed digests (withheld claims and decoys): %1\n")
                .arg(inspection.claims.undisclosed.size());
    text += u'\n' + CliText::tr("Key binding") + u'\n';
    text += QStringLiteral("  %1: %2\n").arg(inspection.keyBinding.reasonName(), inspection.keyBinding.message);
    if (sdJwt.keyBinding && sdJwt.keyBinding->payload)
        text += indented(Json::write(*sdJwt.keyBinding->payload));
    return text;
}

} // namespace

void addKeyBindingOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {kRequireKeyBinding,
         CliText::tr("SD-JWT: require a key-binding JWT (RFC 9901 §7.3); without one the token fails as "
                     "key_binding_invalid.")},
        {kNonce, CliText::tr("SD-JWT: the nonce the key-binding JWT must carry."), QStringLiteral("NONCE")},
        {kAudience, CliText::tr("SD-JWT: the audience (aud) the key-binding JWT must name."),
         QStringLiteral("AUDIENCE")},
        {kMaxAge, CliText::tr("SD-JWT: how old the key-binding JWT's iat may be (default 300)."),
         QStringLiteral("SECONDS"), QStringLiteral("300")},
    });
}

std::optional<KeyBindingPolicy> keyBindingPolicy(const QCommandLineParser &parser, const Clock *clock)
{
    KeyBindingPolicy policy;
    policy.clock = clock;
    policy.requirement = parser.isSet(kRequireKeyBinding) ? KeyBindingPolicy::Requirement::Required
                                                          : KeyBindingPolicy::Requirement::Optional;
    policy.expectedNonce = parser.value(kNonce);
    policy.expectedAudience = parser.value(kAudience);
    bool ok = false;
    policy.maxAgeSeconds = parser.value(kMaxAge).toLongLong(&ok);
    if (!ok || policy.maxAgeSeconds < 0 || policy.maxAgeSeconds > 366LL * 86400) {
        printError(CliText::tr("--kb-max-age expects whole seconds from 0 to one year"));
        return std::nullopt;
    }
    return policy;
}

std::optional<SdJwt> parseSdJwtForDecode(const PickedToken &picked, bool json)
{
    SdJwtParseResult parsed = SdJwtParser::parse(picked.token);
    if (parsed)
        return std::move(parsed.sdJwt);
    if (json)
        printOut(Json::write(TokenReport::decodeErrorReport(parsed.error)) + '\n');
    printError(parsed.error.message);
    return std::nullopt;
}

int printSdJwtDecode(const SdJwt &sdJwt, const PickedToken &picked, const KeyBindingPolicy &policy, qint64 nowSeconds,
                     bool json)
{
    const SdJwtInspection inspection = SdJwtVerifier::inspect(sdJwt, policy);
    Findings findings = FindingsCatalogue::analyzeExtraction(picked.extracted);
    findings += FindingsCatalogue::analyzeToken(sdJwt.issuerSigned, nowSeconds);
    findings += FindingsCatalogue::analyzeAttacks(sdJwt.issuerSigned);
    findings += inspection.findings;
    if (json) {
        JsonValue report = TokenReport::decodeReport(sdJwt.issuerSigned, findings, nowSeconds);
        SdJwtReport::extend(report, sdJwt, inspection);
        printOut(Json::write(report) + '\n');
        return Success;
    }
    QString text = describeToken(sdJwt.issuerSigned, findings, nowSeconds);
    text.prepend(CliText::tr("SD-JWT%1 with %2 disclosure(s)%3; the issuer-signed JWT:\n")
                     .arg(sdJwt.type().isEmpty() ? QString() : QStringLiteral(" (typ %1)").arg(sdJwt.type()))
                     .arg(sdJwt.disclosures.size())
                     .arg(sdJwt.keyBinding ? CliText::tr(" and a key-binding JWT") : QString()));
    text += describeSdJwt(sdJwt, inspection);
    printOut(text);
    return Success;
}

int printSdJwtVerification(const SdJwt &sdJwt, const KeySet &keys, const QUrl &discoveredJwksUrl,
                           const VerificationPolicy &policy, const KeyBindingPolicy &keyBindingPolicy,
                           qint64 nowSeconds, bool json)
{
    const SdJwtVerification verification = SdJwtVerifier::verify(sdJwt, keys, policy, keyBindingPolicy);
    const VerificationResult &result = verification.result;
    Findings findings = FindingsCatalogue::analyzeToken(sdJwt.issuerSigned, nowSeconds);
    findings += FindingsCatalogue::analyzeAttacks(sdJwt.issuerSigned);
    findings += FindingsCatalogue::analyzeVerifierAttacks(sdJwt.issuerSigned, keys, discoveredJwksUrl);
    findings += result.findings;
    findings += verification.inspection.findings;
    if (result.verifiedBy)
        findings += FindingsCatalogue::analyzeKey(*result.verifiedBy);
    else if (keys.size() == 1)
        findings += FindingsCatalogue::analyzeKey(keys.first());
    const int exitCode = result.isValid() ? Success : TokenFailure;
    if (json) {
        JsonValue report = TokenReport::verificationReport(&sdJwt.issuerSigned, result, findings);
        SdJwtReport::extend(report, sdJwt, verification.inspection);
        printOut(Json::write(report) + '\n');
        return exitCode;
    }
    QString text = describeVerdict(result);
    text += describeSdJwt(sdJwt, verification.inspection);
    if (!findings.isEmpty())
        text += u'\n' + CliText::tr("Findings\n") + describeFindings(findings);
    printOut(text);
    return exitCode;
}

} // namespace tokenscope::cli
