#include "inspect/TokenAnalysis.h"

#include "verify/AttackFindings.h"
#include "verify/Findings.h"

#include <QCoreApplication>

namespace tokenscope::TokenAnalyzer {

TokenAnalysis analyze(const QString &input, int index, qint64 nowSeconds)
{
    TokenAnalysis analysis;
    analysis.nowSeconds = nowSeconds;
    analysis.candidates = TokenExtractor::extract(input);
    if (analysis.candidates.isEmpty())
        return analysis;
    analysis.index = index >= 0 && index < analysis.candidates.size() ? index : 0;
    const QByteArray &text = analysis.candidates[analysis.index].token;
    if (SdJwtParser::isSdJwt(text)) {
        SdJwtParseResult sdJwt = SdJwtParser::parse(text);
        analysis.decoded = DecodeResult {};
        if (!sdJwt) {
            analysis.decoded->error = sdJwt.error;
            return analysis;
        }
        analysis.decoded->token = sdJwt.sdJwt->issuerSigned;
        analysis.sdJwt = SdJwtAnalyzer::analyze(std::move(*sdJwt.sdJwt), nowSeconds, analysis.payload);
    } else {
        analysis.decoded = CompactToken::decode(text);
    }
    const DecodedToken *token = analysis.token();
    if (!token)
        return analysis;
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
        analysis.payloadMessage = QCoreApplication::translate("TokenAnalysis", "The payload is not JSON: %1")
                                      .arg(token->payloadError.message);
        if (!bytes.isEmpty()) {
            analysis.payloadMessage += QStringLiteral("\n\n")
                + QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 64 * 1024)));
        }
    }
    // Tries the built-in weak-secret list on an HS* token (milliseconds, capped for long tokens) once per token, with
    // the rest of the analysis (in the background for large input), and not again when time travel re-judges the
    // findings.
    analysis.attackFindings = FindingsCatalogue::analyzeAttacks(*token);
    updateFindings(analysis, nowSeconds);
    return analysis;
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
}

} // namespace tokenscope::TokenAnalyzer
