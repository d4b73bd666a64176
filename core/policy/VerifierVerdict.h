#pragma once

#include "policy/Reason.h"
#include "verify/TokenVerifier.h"

namespace tokenscope::policy {

// What a resource server's verifier refusal means in the rulebook: a key the server's copy of the JWKS lacks
// (RFC 7517 §4.5 kid), an access token past exp + leeway (RFC 7519 §4.1.4), or anything else a verifier refuses
// (signature, iss, aud: RFC 9068 §4). The simulator's live checks and the lab's servers both name refusals this way.
[[nodiscard]] Reason verifierVerdict(VerificationReason reason);

} // namespace tokenscope::policy
