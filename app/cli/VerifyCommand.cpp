#include "BundleOutput.h"
#include "CliSupport.h"
#include "Commands.h"
#include "DecryptSupport.h"
#include "SdJwtOutput.h"
#include "jose/CompactToken.h"
#include "report/TokenReport.h"
#include "verify/AttackFindings.h"
#include "verify/Findings.h"
#include "verify/TokenVerifier.h"

#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

} // namespace

QString describeVerdict(const VerificationResult &result)
{
    QString text;
    if (result.isValid()) {
        const Key &key = *result.verifiedBy;
        text += CliText::tr("valid: %1\n").arg(result.message);
        text += CliText::tr("  key       %1%2\n")
                    .arg(key.source(), key.kid().isEmpty() ? QString() : CliText::tr(" (kid %1)").arg(key.kid()));
        text += CliText::tr("  thumbprint %1\n").arg(key.thumbprint());
    } else {
        text += CliText::tr("invalid (%1): %2\n").arg(reasonName(result.reason), result.message);
        for (const KeyAttempt &attempt : result.attempts) {
            text += CliText::tr("  tried %1 key%2 from %3: %4\n")
                        .arg(attempt.kty, attempt.kid.isEmpty() ? QString() : CliText::tr(" kid %1").arg(attempt.kid),
                             attempt.source, attempt.outcome);
        }
    }
    return text;
}

int runVerify(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("TOKEN"),
                                 CliText::tr("The token, or text holding it; '-' or nothing reads standard input."),
                                 QStringLiteral("[TOKEN|-]"));
    addKeySourceOptions(parser, KeySources::LocalAndNetwork);
    addDecryptionKeyOption(parser);
    const QCommandLineOption algOption(QStringLiteral("alg"),
                                       CliText::tr("Allowed algorithm (repeatable); default: any the key fits."),
                                       QStringLiteral("ALG"));
    const QCommandLineOption issOption(QStringLiteral("iss"), CliText::tr("Expected issuer (iss)."),
                                       QStringLiteral("ISSUER"));
    const QCommandLineOption audOption(QStringLiteral("aud"), CliText::tr("Expected audience (aud)."),
                                       QStringLiteral("AUDIENCE"));
    const QCommandLineOption leewayOption(QStringLiteral("leeway"),
                                          CliText::tr("Clock skew allowed for exp, nbf and iat."),
                                          QStringLiteral("SECONDS"), QStringLiteral("0"));
    const QCommandLineOption requireOption(
        QStringLiteral("require"), CliText::tr("Claim that must be present (repeatable)."), QStringLiteral("CLAIM"));
    const QCommandLineOption requireTypOption(
        QStringLiteral("require-typ"), CliText::tr("The header's typ must be TYP (RFC 8725 §3.11), e.g. at+jwt."),
        QStringLiteral("TYP"));
    const QCommandLineOption nowOption(QStringLiteral("now"), CliText::tr("Verify as if it were UNIX_SECONDS."),
                                       QStringLiteral("UNIX_SECONDS"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), CliText::tr("Print one JSON object."));
    const QCommandLineOption indexOption(QStringLiteral("index"),
                                         CliText::tr("When the input holds several tokens, verify the Nth (from 1)."),
                                         QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption payloadAnyOption(
        QStringLiteral("payload-any"),
        CliText::tr("Accept a plain JWS whose payload is not JSON claims (default: such a "
                    "payload fails as claims_unreadable)."));
    parser.addOptions({algOption, issOption, audOption, leewayOption, requireOption, requireTypOption, nowOption,
                       jsonOption, indexOption, payloadAnyOption});
    addKeyBindingOptions(parser);
    const CompanionOptions companions;
    companions.addTo(parser);
    if (const int code = finishParsing(
            parser, arguments,
            CliText::tr(
                "Verify a token's signature and claims (for an SD-JWT also its disclosures and key binding). In a "
                "token response, a redirect URL or an HTTP request with a DPoP proof, the access token and the ID "
                "token are each verified (--aud and --require-typ apply to the ID token and the access token "
                "respectively) and the binding checks of decode must pass too."));
        code >= 0)
        return code;

    VerificationPolicy policy;
    for (const QString &name : parser.values(algOption)) {
        const std::optional<Algorithm> algorithm = Algorithms::fromName(name);
        if (!algorithm) {
            printError(CliText::tr("--alg %1: not a supported algorithm").arg(name));
            return UsageError;
        }
        policy.allowedAlgorithms << *algorithm;
    }
    policy.expectedIssuer = parser.value(issOption);
    policy.expectedAudience = parser.value(audOption);
    policy.requiredClaims = parser.values(requireOption);
    policy.requiredType = parser.value(requireTypOption);
    if (parser.isSet(payloadAnyOption))
        policy.payloadKind = VerificationPolicy::PayloadKind::Any;
    bool leewayOk = false;
    policy.leewaySeconds = parser.value(leewayOption).toLongLong(&leewayOk);
    if (!leewayOk || policy.leewaySeconds < 0 || policy.leewaySeconds > 366LL * 86400) {
        printError(CliText::tr("--leeway expects whole seconds from 0 to one year"));
        return UsageError;
    }
    const Result<qint64> now = parseNow(parser);
    if (!now) {
        printError(now.error().message());
        return UsageError;
    }
    const FixedClock clock(*now);
    policy.clock = &clock;
    bool indexOk = false;
    const int index = parser.value(indexOption).toInt(&indexOk) - 1;
    if (!indexOk || index < 0) {
        printError(CliText::tr("--index expects a number from 1"));
        return UsageError;
    }

    const ReadResult input = readTokenArgument(parser.positionalArguments());
    if (!input) {
        printError(input.error);
        return UsageError;
    }
    // Keys before the token, so a bad key file is a usage error whatever the token says.
    const KeyLoadResult keys = loadKeys(parser, PrivateKey::Optional);
    if (!keys) {
        printError(keys.error);
        return keys.exitCode;
    }
    const bool json = parser.isSet(jsonOption);
    for (const QString &skipped : keys.skipped)
        if (!json)
            printError(CliText::tr("skipped a key: %1").arg(skipped));

    // A token response, a redirect URL or a request with a DPoP proof: each token verified, and how they relate.
    // --index asks for one token.
    if (!parser.isSet(indexOption)) {
        if (const std::optional<BundleReport> bundle = readBundle(parser, companions, input.bytes, clock))
            return printBundleVerify(*bundle, keys.keys, policy, *now, json);
    }

    const PickedToken picked = pickToken(input.bytes, index);
    if (picked.token.isEmpty()) {
        if (json && picked.count == 0) {
            VerificationResult result;
            result.reason = VerificationReason::Malformed;
            result.message = picked.error;
            printOut(Json::write(TokenReport::verificationReport(nullptr, result, {})) + '\n');
        }
        printError(picked.error);
        return picked.count > 0 ? UsageError : TokenFailure;
    }
    // Paste tolerance never guesses where a token ends: a dot or a stray character stuck to it is malformed. With
    // `decodeError`, the token itself did not decode and that is the message.
    const auto failMalformed = [json, &picked](const QString &decodeError) {
        VerificationResult result = TokenVerifier::refuseDroppedCharacters(picked.extracted.dropped);
        if (!decodeError.isEmpty())
            result.message = decodeError;
        if (json)
            printOut(Json::write(TokenReport::verificationReport(nullptr, result, {})) + '\n');
        printError(result.message);
        return TokenFailure;
    };
    // RFC 9901 §7: an SD-JWT is verified as its issuer-signed JWT, then its Disclosures, then its key binding.
    if (SdJwtParser::isSdJwt(picked.token)) {
        const std::optional<KeyBindingPolicy> keyBinding = keyBindingPolicy(parser, &clock);
        if (!keyBinding)
            return UsageError;
        const SdJwtParseResult sdJwt = SdJwtParser::parse(picked.token);
        if (!sdJwt)
            return failMalformed(sdJwt.error.message);
        if (!picked.extracted.dropped.isEmpty())
            return failMalformed({});
        KeyBindingPolicy withLeeway = *keyBinding;
        withLeeway.leewaySeconds = policy.leewaySeconds;
        return printSdJwtVerification(*sdJwt.sdJwt, keys.keys, keys.discoveredJwksUrl, policy, withLeeway, *now, json);
    }
    const DecodeResult decoded = CompactToken::decode(picked.token);
    if (!decoded)
        return failMalformed(decoded.error.message);
    if (!picked.extracted.dropped.isEmpty())
        return failMalformed({});
    NestedToken nested = decryptNestedToken(parser, *decoded.token, json);
    if (nested.exitCode >= 0)
        return nested.exitCode;
    const DecodedToken &token = nested.token ? *nested.token : *decoded.token;
    const VerificationResult result = TokenVerifier::verify(token, keys.keys, policy);

    Findings findings = FindingsCatalogue::analyzeToken(token, *now);
    findings += FindingsCatalogue::analyzeAttacks(token);
    findings += FindingsCatalogue::analyzeVerifierAttacks(token, keys.keys, keys.discoveredJwksUrl);
    findings += result.findings;
    if (result.verifiedBy)
        findings += FindingsCatalogue::analyzeKey(*result.verifiedBy);
    else if (keys.keys.size() == 1)
        findings += FindingsCatalogue::analyzeKey(keys.keys.first());

    if (json) {
        JsonValue report = TokenReport::verificationReport(&token, result, findings);
        if (nested.token)
            report.append(QStringLiteral("decryption"), std::move(nested.decryption));
        printOut(Json::write(report) + '\n');
        return result.isValid() ? Success : TokenFailure;
    }
    QString text = describeVerdict(result);
    if (!findings.isEmpty())
        text += CliText::tr("Findings\n") + describeFindings(findings);
    printOut(text);
    return result.isValid() ? Success : TokenFailure;
}

} // namespace tokenscope::cli
