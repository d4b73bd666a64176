#pragma once

#include "crypto/Algorithm.h"
#include "crypto/OpenSsl.h"

#include <QByteArrayView>

namespace tokenscope {

// Tries candidate HMAC secrets against one HS256/HS384/HS512 signature, offline: the way an attacker guesses a weak
// secret from a single captured token (RFC 8725 §3.5), so a defender can see it first. One MAC context is reused
// for every candidate; nothing leaves the process.
//
// The work is bounded whatever the token's size: at most kMaxTrials candidates, and fewer for a long signing input,
// so that no more than kHashBudgetBytes are hashed in all. A token under 8 KiB gets every trial.
class HmacTrial
{
public:
    static constexpr qsizetype kMaxTrials = 4096;
    static constexpr qsizetype kHashBudgetBytes = 32 * 1024 * 1024;

    // `algorithm` must be an HS*; `signingInput` and `signature` must outlive the trial.
    HmacTrial(Algorithm algorithm, QByteArrayView signingInput, QByteArrayView signature);

    // False when the algorithm is not an HS*, the signature has the wrong length or OpenSSL refused the digest.
    [[nodiscard]] bool isUsable() const { return m_usable; }
    // Whether HMAC(candidate, signing input) equals the signature. An empty candidate is a valid (if absurd) HMAC key
    // (RFC 2104 §2 pads any key with zeros to the block size). False, without any work, once the trials run out.
    [[nodiscard]] bool matches(QByteArrayView candidate);
    // How many candidates this trial tries at most (at least one), and whether they have all been used.
    [[nodiscard]] qsizetype maxTrials() const { return m_maxTrials; }
    [[nodiscard]] bool isExhausted() const { return m_trials >= m_maxTrials; }

private:
    QByteArrayView m_signingInput;
    QByteArrayView m_signature;
    OpenSsl::MacContextPointer m_context;
    qsizetype m_maxTrials = 0;
    qsizetype m_trials = 0;
    bool m_usable = false;
};

} // namespace tokenscope
