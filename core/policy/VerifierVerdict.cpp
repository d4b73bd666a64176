#include "policy/VerifierVerdict.h"

namespace tokenscope::policy {

Reason verifierVerdict(VerificationReason reason)
{
    switch (reason) {
    case VerificationReason::Valid:
        return Reason::None;
    case VerificationReason::KeyNotFound:
        return Reason::UnknownKid;
    case VerificationReason::Expired:
        return Reason::Expired;
    default:
        return Reason::TokenInvalid;
    }
}

} // namespace tokenscope::policy
