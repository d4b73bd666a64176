#pragma once

#include "crypto/Algorithm.h"
#include "crypto/Key.h"
#include "verify/TokenVerifier.h"

#include <QString>
#include <QVarLengthArray>

namespace tokenscope {

// What a verdict says, for both verification paths (TokenVerifier and FastVerifier). Verification may run on several
// threads at once over the same keys. Every translation takes the application's translator read lock and every copy
// of a key's QString writes its shared reference count, so the texts of a verdict are built from per-thread copies of
// both instead: a successful verification writes only memory of its own thread.
namespace VerdictTexts {

// What happened to one key; turned into KeyAttempt text only after the key loop, so the loop itself stays cheap.
enum class AttemptOutcome { KidDiffers, DoesNotFit, SignatureInvalid, Verified };
// One key's attempt as the key loop records it: which key, what happened, and a detail.
struct AttemptRecord
{
    qsizetype keyIndex;
    AttemptOutcome outcome;
    QString detail;
};
using AttemptRecords = QVarLengthArray<AttemptRecord, 4>;

// Appends a KeyAttempt for each record (keys.at(record.keyIndex)) to `attempts`, translated in the current language.
// `tokenKid` is named in "kid differs" outcomes.
void describeAttempts(const KeySet &keys, const AttemptRecords &records, const QString &tokenKid,
                      QList<KeyAttempt> &attempts);

// "the ES256 signature verifies and the claims pass", translated in the current language (shares this thread's copy).
[[nodiscard]] const QString &validMessage(Algorithm algorithm);

} // namespace VerdictTexts
} // namespace tokenscope
