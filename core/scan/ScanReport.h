#pragma once

#include "crypto/Key.h"
#include "jose/Json.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace tokenscope {

// Where a token was seen.
struct ScanPlace
{
    QString source; // the file name, or "standard input"
    qint64 line = 0; // 1-based, in a text input; 0 in a HAR
    qint64 offset = -1; // bytes from the start of a text input; -1 in a HAR
    QString context; // "Authorization header", "cookie session", "id_token"; in a HAR the field
    QString harPath; // in a HAR: "log.entries[3].request.headers[1]"
    QString method; // in a HAR: the entry's request method, URL (without query and fragment) and start time
    QString url;
    QString time;
};

// A token's state at the scan's "now" (RFC 7519 §4.1.4, §4.1.5).
enum class ExpiryStatus {
    StillValid, // within nbf..exp, or with no exp at all
    Expired, // now ≥ exp
    NotYetValid, // now < nbf
    Unknown, // a JWE, or a payload that is not a JSON object of claims
};
[[nodiscard]] QString expiryStatusName(ExpiryStatus status); // "still_valid", "expired", "not_yet_valid", "unknown"
// The state at `nowSeconds` of a token whose claims were read (nbf and exp as found, either may be absent).
[[nodiscard]] ExpiryStatus expiryStatusAt(std::optional<qint64> nbf, std::optional<qint64> exp, qint64 nowSeconds);

// One distinct token of a scan and what it says. The token itself is kept only when the scan is asked to show it.
struct ScannedToken
{
    QString fingerprint; // "sha256:" + hex of the token's bytes
    QByteArray text; // the token, only with ScanReport::Options::keepTokens
    QString kind; // "JWS", "unsecured JWS", "JWE", "SD-JWT"
    int disclosures = 0; // SD-JWT
    QString alg, kid, typ, iss, sub;
    std::optional<qint64> iat, nbf, exp;
    ExpiryStatus status = ExpiryStatus::Unknown;
    QString verification; // with keys: the verifier's reason ("valid", "bad_signature", …); empty without
    QStringList findings; // finding ids
    qint64 count = 0;
    ScanPlace firstSeen;
};

// Everything a scan found: distinct tokens in the order they were first seen, with their counts, and a summary.
// Memory is bounded by the number of distinct tokens (each costs a few hundred bytes, not its size), which is capped.
class ScanReport
{
public:
    enum class TokenText { Omit, Keep };
    // How distinct tokens are described: judged at which time, verified with which keys, text kept or not, how many.
    struct Options
    {
        qint64 nowSeconds = 0;
        std::optional<KeySet> keys; // verify each distinct token when given
        TokenText tokenText = TokenText::Omit;
        qsizetype maxDistinctTokens = 1'000'000; // past this, tokens are counted but not described
    };

    explicit ScanReport(Options options);

    // Counts an occurrence; the first sighting of a token decodes, judges and (with keys) verifies it. `digest` is the
    // token's SHA-256 when the caller has it already (TokenHit::digest), so a repeat costs one lookup; empty: computed.
    void add(QByteArrayView token, const ScanPlace &place, const QByteArray &digest = {});
    void addScannedBytes(qint64 bytes) { m_bytes += bytes; }
    void addSource(const QString &source) { m_sources << source; }

    [[nodiscard]] const std::vector<ScannedToken> &tokens() const { return m_tokens; }
    [[nodiscard]] qint64 occurrences() const { return m_occurrences; }
    [[nodiscard]] qint64 untracked() const { return m_untracked; }
    [[nodiscard]] qint64 scannedBytes() const { return m_bytes; }
    [[nodiscard]] bool verifies() const { return m_options.keys.has_value(); }

    // Counts over the distinct tokens, largest first.
    using Counts = std::vector<std::pair<QString, qint64>>;
    [[nodiscard]] Counts countBy(QString ScannedToken::*field) const;
    [[nodiscard]] Counts statusCounts() const;
    [[nodiscard]] Counts findingCounts() const;
    [[nodiscard]] qsizetype distinctSubjects() const;

    // {"type": "token", …}: see docs/scan.md.
    [[nodiscard]] JsonValue tokenJson(const ScannedToken &token, qsizetype index) const;
    // {"type": "summary", …}
    [[nodiscard]] JsonValue summaryJson() const;
    // RFC 4180 CSV: a header line, then one line per token.
    [[nodiscard]] static QByteArray csvHeader();
    [[nodiscard]] QByteArray csvRow(const ScannedToken &token, qsizetype index) const;

private:
    [[nodiscard]] ScannedToken describe(QByteArrayView token) const;

    Options m_options;
    std::vector<ScannedToken> m_tokens;
    QHash<QByteArray, qsizetype> m_index; // SHA-256 of the token → m_tokens index
    qint64 m_occurrences = 0;
    qint64 m_untracked = 0;
    qint64 m_bytes = 0;
    QStringList m_sources;
};

} // namespace tokenscope
