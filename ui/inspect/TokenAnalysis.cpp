#include "inspect/TokenAnalysis.h"

#include "common/Clock.h"
#include "verify/AttackFindings.h"
#include "verify/Findings.h"

#include <QCoreApplication>

#include <algorithm>

namespace tokenscope {

int TokenAnalysis::candidateIndex(QByteArrayView token) const
{
    for (int i = 0; i < candidates.size(); ++i) {
        if (candidates[i].token == token)
            return i;
    }
    return -1;
}

namespace TokenAnalyzer {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct AnalysisText
{
    Q_DECLARE_TR_FUNCTIONS(TokenAnalysis)
};

// The bundle's checks at the analysis' own 'now': a FixedClock keeps them a pure function of the input (they may run
// off the UI thread) and lets time travel move the DPoP iat window (RFC 9449 §11.1) with the rest of the verdict.
void checkBundle(TokenAnalysis &analysis)
{
    const FixedClock clock(analysis.nowSeconds);
    BundleOptions options = analysis.bundleOptions;
    options.dpop.clock = &clock;
    analysis.bundle = BundleChecks::check(analysis.bundle->bundle, options);
}

// Decodes the picked candidate into the single-token fields.
void decodeCandidate(TokenAnalysis &analysis, int index)
{
    analysis.index = index >= 0 && index < analysis.candidates.size() ? index : 0;
    const QByteArray &text = analysis.candidates[analysis.index].token;
    if (SdJwtParser::isSdJwt(text)) {
        SdJwtParseResult sdJwt = SdJwtParser::parse(text);
        analysis.decoded = DecodeResult {};
        if (!sdJwt) {
            analysis.decoded->error = sdJwt.error;
            return;
        }
        analysis.decoded->token = sdJwt.sdJwt->issuerSigned;
        analysis.sdJwt = SdJwtAnalyzer::analyze(std::move(*sdJwt.sdJwt), analysis.nowSeconds, analysis.payload);
    } else {
        analysis.decoded = CompactToken::decode(text);
    }
    const DecodedToken *token = analysis.token();
    if (!token)
        return;
    analysis.header = PrettyJsonPrinter::print(token->header, PrettyJsonPrinter::Section::Header);
    if (analysis.sdJwt) {
        // The payload pane shows the processed claims, printed by SdJwtAnalyzer.
    } else if (token->payload) {
        analysis.payload = PrettyJsonPrinter::print(*token->payload, PrettyJsonPrinter::Section::Payload);
    } else if (token->kind == TokenKind::Jwe) {
        analysis.payloadMessage = QCoreApplication::translate(
            "TokenAnalysis", "Encrypted (JWE): the payload is ciphertext. Tokenscope shows the protected header.");
    } else {
        const QByteArray &bytes = token->segment(SegmentRole::Payload).bytes;
        analysis.payloadMessage = AnalysisText::tr("The payload is not JSON: %1").arg(token->payloadError.message);
        if (!bytes.isEmpty()) {
            analysis.payloadMessage += QStringLiteral("\n\n")
                + QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 64 * 1024)));
        }
    }
    // Tries the built-in weak-secret list on an HS* token (milliseconds, capped for long tokens) once per token, with
    // the rest of the analysis (in the background for large input), and not again when time travel re-judges the
    // findings.
    analysis.attackFindings = FindingsCatalogue::analyzeAttacks(*token);
}

} // namespace

TokenAnalysis analyze(const QString &input, int index, qint64 nowSeconds, const BundleOptions &bundleOptions)
{
    TokenAnalysis analysis;
    analysis.nowSeconds = nowSeconds;
    analysis.bundleOptions = bundleOptions;
    analysis.bundleOptions.dpop.clock = nullptr; // never a pointer into the caller's thread
    if (TokenBundle bundle = TokenBundleReader::read(input); bundle.isCompound()) {
        analysis.bundle = BundleReport {};
        analysis.bundle->bundle = std::move(bundle);
    }
    analysis.candidates = TokenExtractor::extract(input);
    if (!analysis.candidates.isEmpty())
        decodeCandidate(analysis, index);
    updateFindings(analysis, nowSeconds);
    return analysis;
}

int proofWindowState(const TokenAnalysis &analysis, qint64 nowSeconds)
{
    const BundleToken *proof = analysis.bundle ? analysis.bundle->token(u"dpop_proof") : nullptr;
    if (!proof || !proof->decoded || !proof->decoded->payload)
        return 0;
    const JsonValue *iat = proof->decoded->payload->value(u"iat");
    const std::optional<qint64> issued = iat && iat->isNumber() ? iat->toInteger() : std::nullopt;
    if (!issued)
        return 0;
    // The same bounds DpopVerifier applies: in the future beyond the leeway, or older than the window.
    const DpopExpectation expectation = analysis.bundleOptions.dpop;
    if (*issued - nowSeconds > expectation.iatLeewaySeconds)
        return 1;
    if (nowSeconds - *issued > expectation.iatWindowSeconds)
        return 3;
    return 2;
}

void setBundleOptions(TokenAnalysis &analysis, const BundleOptions &bundleOptions)
{
    analysis.bundleOptions = bundleOptions;
    analysis.bundleOptions.dpop.clock = nullptr;
    updateFindings(analysis, analysis.nowSeconds);
}

void updateFindings(TokenAnalysis &analysis, qint64 nowSeconds)
{
    analysis.nowSeconds = nowSeconds;
    const DecodedToken *token = analysis.token();
    analysis.findings = token ? FindingsCatalogue::analyzeToken(*token, nowSeconds) : Findings {};
    analysis.findings += analysis.attackFindings;
    // How the token was found counts too: characters stuck to it were left out (and verification refuses it).
    if (token)
        analysis.findings += FindingsCatalogue::analyzeExtraction(analysis.candidates[analysis.index]);
    if (analysis.sdJwt) {
        SdJwtAnalyzer::rejudge(*analysis.sdJwt, nowSeconds);
        analysis.findings += analysis.sdJwt->inspection.findings;
    }
    if (analysis.bundle) {
        checkBundle(analysis);
        // Each failed check is a catalogue finding too; one the picked token already reports is not listed twice.
        for (const Finding &finding : Binding::findings(analysis.bundle->checks)) {
            const bool known
                = std::any_of(analysis.findings.cbegin(), analysis.findings.cend(), [&](const Finding &other) {
                      return other.id == finding.id && other.message == finding.message;
                  });
            if (!known)
                analysis.findings.append(finding);
        }
    }
}

} // namespace TokenAnalyzer
} // namespace tokenscope
