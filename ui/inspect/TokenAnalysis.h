#pragma once

#include "binding/BundleChecks.h"
#include "inspect/PrettyJson.h"
#include "inspect/SdJwtAnalysis.h"
#include "jose/CompactToken.h"
#include "jose/TokenExtractor.h"
#include "verify/Finding.h"

#include <QList>
#include <QString>

#include <optional>

namespace tokenscope {

// Everything the Inspect workspace shows about one input, computed from the pasted text in one pure function so
// that large inputs can be analysed off the UI thread (a value type: safe to hand from a worker to the UI).
struct TokenAnalysis
{
    QList<ExtractedToken> candidates; // every token found in the input
    int index = -1; // the one analysed (-1: none found)
    std::optional<DecodeResult> decoded;
    PrettyJson header;
    PrettyJson payload; // for an SD-JWT: its processed claims (RFC 9901 §7.1)
    std::optional<SdJwtAnalysis> sdJwt; // when the token is an SD-JWT; `decoded` then holds its issuer-signed JWT
    QString payloadMessage; // when the payload is not JSON (or encrypted): what to show instead
    Findings findings; // judged at nowSeconds
    Findings attackFindings; // what attackers try (weak secrets, psychic signatures); independent of time
    qint64 nowSeconds = 0;
    // When the input holds tokens that travel together (a token response, a redirect URL, a request with a DPoP
    // proof): its tokens and the checks of how they relate, judged at nowSeconds with bundleOptions. The single-token
    // fields above describe the picked candidate as for any other input.
    std::optional<BundleReport> bundle;
    BundleOptions bundleOptions; // what the user knows beyond the paste; its clock is always null (nowSeconds rules)

    [[nodiscard]] const DecodedToken *token() const { return decoded && decoded->token ? &*decoded->token : nullptr; }
    // The candidate whose text is `token`, or -1 (an opaque token is no candidate: it has no JOSE structure).
    [[nodiscard]] int candidateIndex(QByteArrayView token) const;
};

namespace TokenAnalyzer {

// Extracts the tokens of `input`, decodes candidate `index` (clamped; 0 when out of range), pretty-prints header
// and payload and collects findings at `nowSeconds`. When the input is a bundle (TokenBundle::isCompound), also
// runs the bundle's checks with `bundleOptions` (its clock is ignored: the checks are judged at `nowSeconds`).
[[nodiscard]] TokenAnalysis analyze(const QString &input, int index, qint64 nowSeconds,
                                    const BundleOptions &bundleOptions = {});
// Re-judges the findings of an analysis at another time (time travel) without decoding again; a bundle's checks
// are run again too (a DPoP proof's iat window moves with 'now').
void updateFindings(TokenAnalysis &analysis, qint64 nowSeconds);
// Which side of a bundle's DPoP proof iat window (RFC 9449 §11.1) `nowSeconds` is on (0: no proof with an iat), so
// that a ticker runs the checks again when the proof ages out.
[[nodiscard]] int proofWindowState(const TokenAnalysis &analysis, qint64 nowSeconds);
// Runs a bundle's checks again with what the user entered (method, URL, nonces) and updates the findings.
void setBundleOptions(TokenAnalysis &analysis, const BundleOptions &bundleOptions);

} // namespace TokenAnalyzer
} // namespace tokenscope
