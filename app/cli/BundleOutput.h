#pragma once

#include "binding/BundleChecks.h"
#include "crypto/Key.h"
#include "verify/VerificationPolicy.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>

// decode and verify on text that holds tokens travelling together (a token response, a redirect URL, a request with
// a DPoP proof, or an ID token with --access-token/--code/--state/--nonce): every token and the binding checks.
namespace tokenscope::cli {

// The companion options decode and verify add for an ID token's bundle: --access-token, --code, --state, --nonce.
struct CompanionOptions
{
    QCommandLineOption accessToken;
    QCommandLineOption code;
    QCommandLineOption state;
    QCommandLineOption nonce;

    CompanionOptions();
    void addTo(QCommandLineParser &parser) const;
    [[nodiscard]] bool anySet(const QCommandLineParser &parser) const;
};

// The bundle in `input` when it is compound, or when companion options were given (the first token found is then
// the ID token); nullopt when the input is a single token to show the usual way.
[[nodiscard]] std::optional<BundleReport> readBundle(const QCommandLineParser &parser, const CompanionOptions &options,
                                                     const QByteArray &input, const Clock &clock);

// decode on a bundle: each token's decode report and the checks. Returns the exit code (0: every token decoded).
[[nodiscard]] int printBundleDecode(const BundleReport &report, qint64 nowSeconds, bool json);
// verify on a bundle: the access token and ID token each verified with `keys` (the expected audience applies to
// the ID token, whose audience is the client), the DPoP proof with its own key, and the checks. Returns the exit code.
[[nodiscard]] int printBundleVerify(const BundleReport &report, const KeySet &keys, const VerificationPolicy &policy,
                                    qint64 nowSeconds, bool json);
// The check lines for people: "  pass         dpop_typ      typ is dpop+jwt".
[[nodiscard]] QString describeChecks(const BindingChecks &checks);

} // namespace tokenscope::cli
