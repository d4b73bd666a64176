#include "BundleOutput.h"
#include "CliSupport.h"
#include "Commands.h"
#include "RedactedOutput.h"
#include "SdJwtOutput.h"
#include "jose/CompactToken.h"
#include "jose/TokenExtractor.h"
#include "report/TokenReport.h"
#include "verify/AttackFindings.h"
#include "verify/Findings.h"

#include <QCoreApplication>

namespace tokenscope::cli {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct CliText
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

QString indent(const QByteArray &json)
{
    QString text = QString::fromUtf8(json);
    text.replace(u'\n', QStringLiteral("\n  "));
    return QStringLiteral("  ") + text + u'\n';
}

} // namespace

PickedToken pickToken(const QByteArray &input, int index)
{
    // From the bytes as given: an error then names the byte the user gave, not a replacement character.
    const QList<ExtractedToken> tokens = TokenExtractor::extract(QByteArrayView(input));
    PickedToken picked;
    picked.count = int(tokens.size());
    if (tokens.isEmpty()) {
        picked.error = CliText::tr("no token found in the input");
        return picked;
    }
    if (index < 0 || index >= tokens.size()) {
        picked.error = CliText::tr("--index %1: the input holds %2 token(s)").arg(index + 1).arg(tokens.size());
        return picked;
    }
    picked.token = tokens.at(index).token;
    picked.extracted = tokens.at(index);
    return picked;
}

TokenInput readTokenInput(const QCommandLineParser &parser, const QCommandLineOption &indexOption)
{
    TokenInput result;
    const Result<qint64> now = parseNow(parser);
    if (!now) {
        printError(now.error().message());
        result.exitCode = UsageError;
        return result;
    }
    result.now = *now;
    bool indexOk = false;
    result.index = parser.value(indexOption).toInt(&indexOk) - 1;
    if (!indexOk || result.index < 0) {
        printError(CliText::tr("--index expects a number from 1"));
        result.exitCode = UsageError;
        return result;
    }
    result.input = readTokenArgument(parser.positionalArguments());
    if (!result.input) {
        printError(result.input.error);
        result.exitCode = UsageError;
    }
    return result;
}

QString describeToken(const DecodedToken &token, const Findings &findings, qint64 nowSeconds)
{
    QString text;
    if (token.kind == TokenKind::Jwe) {
        text += CliText::tr("JWE (encrypted: header shown; 'tokenscope-cli decrypt' decrypts the content)\n");
    } else {
        text += CliText::tr("%1, alg %2, signature %3 bytes\n")
                    .arg(TokenReport::kindName(token.kind), token.algorithm())
                    .arg(token.signature().size());
    }
    text += u'\n' + CliText::tr("Header") + u'\n' + indent(Json::write(token.header));
    if (token.kind != TokenKind::Jwe) {
        text += u'\n' + CliText::tr("Payload") + u'\n';
        if (token.payload) {
            text += indent(Json::write(*token.payload));
        } else {
            text += CliText::tr("  (not JSON: %1)\n").arg(token.payloadError.message);
            text += QStringLiteral("  ") + QString::fromUtf8(token.segment(SegmentRole::Payload).bytes).left(2000)
                + u'\n';
        }
    }
    const QList<TokenReport::TimeClaim> times = TokenReport::timeClaims(token, nowSeconds);
    if (!times.isEmpty()) {
        text += u'\n' + CliText::tr("Times") + u'\n';
        qsizetype nameWidth = 0;
        for (const auto &claim : times)
            nameWidth = qMax(nameWidth, claim.name.size());
        for (const auto &claim : times) {
            text += QStringLiteral("  %1  %2  %3\n")
                        .arg(claim.name.leftJustified(nameWidth),
                             (claim.isoUtc.isEmpty() ? QString::number(claim.value) : claim.isoUtc).leftJustified(20),
                             claim.relative);
        }
    }
    text += u'\n' + CliText::tr("Findings") + u'\n';
    text += findings.isEmpty() ? CliText::tr("  none\n") : describeFindings(findings);
    return text;
}

QString describeFindings(const Findings &findings)
{
    QString text;
    for (const Finding &finding : findings)
        text += QStringLiteral("  [%1] %2: %3\n").arg(severityName(finding.severity), finding.id, finding.message);
    return text;
}

int runDecode(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("TOKEN"),
                                 CliText::tr("The token, or text holding it; '-' or nothing reads standard input."),
                                 QStringLiteral("[TOKEN|-]"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), CliText::tr("Print one JSON object."));
    const QCommandLineOption indexOption(QStringLiteral("index"),
                                         CliText::tr("When the input holds several tokens, decode the Nth (from 1)."),
                                         QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption nowOption(QStringLiteral("now"),
                                       CliText::tr("Judge times at UNIX_SECONDS instead of now."),
                                       QStringLiteral("UNIX_SECONDS"));
    parser.addOptions({jsonOption, indexOption, nowOption});
    addRedactionOptions(parser);
    const CompanionOptions companions;
    companions.addTo(parser);
    if (const int code = finishParsing(
            parser, arguments,
            CliText::tr(
                "Decode a token: header, payload, times and findings (for an SD-JWT also its disclosures, processed "
                "claims and key binding). A token response, a redirect URL or an HTTP request with a DPoP proof shows "
                "every token in it and how they relate (at_hash, c_hash, s_hash, nonce, the same iss, sub and client, "
                "the DPoP checks); so does an ID token with --access-token, --code or --state."));
        code >= 0)
        return code;

    const TokenInput tokenInput = readTokenInput(parser, indexOption);
    if (tokenInput.exitCode >= 0)
        return tokenInput.exitCode;
    const std::optional<qint64> now = tokenInput.now;
    const int index = tokenInput.index;
    const ReadResult &input = tokenInput.input;
    const bool json = parser.isSet(jsonOption);
    // A token response, a redirect URL or a request with a DPoP proof: every token and how they relate. --index
    // and --redacted ask for one token.
    if (!parser.isSet(QStringLiteral("redacted")) && !parser.isSet(indexOption)) {
        const FixedClock clock(*now);
        if (const std::optional<BundleReport> bundle = readBundle(parser, companions, input.bytes, clock))
            return printBundleDecode(*bundle, *now, json);
    }
    const PickedToken picked = pickToken(input.bytes, index);
    if (picked.token.isEmpty()) {
        if (json && picked.count == 0)
            printOut(Json::write(TokenReport::decodeErrorReport({DecodeErrorCode::Empty, -1, -1, picked.error}))
                     + '\n');
        printError(picked.error);
        return picked.count > 0 ? UsageError : TokenFailure;
    }
    if (picked.count > 1 && !json)
        printError(CliText::tr("the input holds %1 tokens; showing token %2 (choose with --index)")
                       .arg(picked.count)
                       .arg(index + 1));

    // RFC 9901: an SD-JWT is shown as its issuer-signed JWT plus Disclosures, processed claims and key binding.
    if (SdJwtParser::isSdJwt(picked.token)) {
        const std::optional<SdJwt> sdJwt = parseSdJwtForDecode(picked, json);
        if (!sdJwt)
            return TokenFailure;
        const FixedClock clock(*now);
        KeyBindingPolicy keyBinding;
        keyBinding.clock = &clock;
        return printSdJwtDecode(*sdJwt, picked, keyBinding, *now, json);
    }
    const DecodeResult decoded = CompactToken::decode(picked.token);
    if (!decoded) {
        if (json)
            printOut(Json::write(TokenReport::decodeErrorReport(decoded.error)) + '\n');
        printError(decoded.error.message);
        return TokenFailure;
    }
    const DecodedToken &token = *decoded.token;
    Findings findings = FindingsCatalogue::analyzeExtraction(picked.extracted);
    findings += FindingsCatalogue::analyzeToken(token, *now);
    findings += FindingsCatalogue::analyzeAttacks(token);
    if (const int code = printRedactedIfAsked(parser, token, findings, *now); code >= 0)
        return code;
    if (json) {
        printOut(Json::write(TokenReport::decodeReport(token, findings, *now)) + '\n');
        return Success;
    }

    printOut(describeToken(token, findings, *now));
    return Success;
}

} // namespace tokenscope::cli
