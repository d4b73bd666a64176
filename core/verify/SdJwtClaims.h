#pragma once

#include "crypto/NamedHash.h"
#include "jose/Json.h"
#include "jose/SdJwt.h"

#include <QList>
#include <QString>

#include <vector>

namespace tokenscope {

// What the digests of an SD-JWT say about each Disclosure, parallel to SdJwt::disclosures.
struct DisclosureMatch
{
    QByteArray digest; // base64url of the hash of the Disclosure as given (RFC 9901 §4.2.3)
    bool referenced = false; // a digest in the payload or in another Disclosure refers to it
    QString path; // where its value landed in the processed claims, as a JSON Pointer (RFC 6901)
};

// A digest no presented Disclosure answers: a withheld claim or a decoy (RFC 9901 §4.2.5), which look the same.
struct UndisclosedDigest
{
    QString digest;
    QString path; // the object whose "_sd" lists it, or the array element it stands for, as a JSON Pointer
};

// A reason RFC 9901 §7.1 rejects an SD-JWT.
struct SdJwtProblem
{
    enum class Kind {
        UnreferencedDisclosure, // §7.1 step 5: no digest refers to it
        RepeatedDigest, // §7.1 step 4: a digest appears twice (in the payload or via Disclosures)
        ReservedClaimName, // §7.1 step 3.c.ii.2: a Disclosure names "_sd" or "..."
        ClaimNameClash, // §7.1 step 3.c.ii.3: the disclosed claim already exists at that level
        WrongDisclosureKind, // an array-element Disclosure behind "_sd", or a property Disclosure behind "..."
        MalformedDigests, // "_sd" not an array of strings, or a "..." digest not a string (§4.2.4)
        UnknownHashAlgorithm, // "_sd_alg" names nothing Tokenscope can compute (§4.1.1)
        WeakHashAlgorithm, // "_sd_alg" names a truncated or broken hash
        TooDeep, // Disclosures nest deeper than the limit
    };
    Kind kind = Kind::UnreferencedDisclosure;
    int disclosure = 0; // 1-based position of the Disclosure concerned, 0 when none
    QString message; // translated, one sentence
};

// The Processed SD-JWT Payload (RFC 9901 §7.1 steps 3-4) with what matched what.
struct SdJwtClaims
{
    QString hashAlgorithm; // "_sd_alg", or "sha-256" when absent (§4.1.1)
    NamedHash::Strength hashStrength = NamedHash::Strength::Strong;
    JsonValue claims; // "_sd", "_sd_alg" and "..." elements removed, disclosed values in place
    std::vector<DisclosureMatch> matches; // parallel to SdJwt::disclosures
    QList<UndisclosedDigest> undisclosed; // in the order they were met
    QList<SdJwtProblem> problems;

    [[nodiscard]] bool isValid() const { return problems.isEmpty(); }
};

namespace SdJwtReconstruction {

// Nesting allowed across recursive Disclosures (each Disclosure is itself limited by the JSON parser's depth).
inline constexpr int kMaxDepth = 128;

// Matches every digest in the issuer-signed payload (recursively through disclosed values) against the
// Disclosures and builds the processed claims. Never fails: problems are listed.
[[nodiscard]] SdJwtClaims reconstruct(const SdJwt &sdJwt, int maxDepth = kMaxDepth);

} // namespace SdJwtReconstruction
} // namespace tokenscope
