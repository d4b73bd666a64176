#pragma once

#include "jose/SdJwt.h"
#include "verify/Finding.h"
#include "verify/KeyBindingVerifier.h"
#include "verify/SdJwtClaims.h"

namespace tokenscope::FindingsCatalogue {

// Findings about an SD-JWT's Disclosures and key binding (RFC 9901 §7), from the catalogue's sd_* entries; spans
// point at the Disclosure concerned in the SD-JWT text.
[[nodiscard]] Findings analyzeSdJwt(const SdJwt &sdJwt, const SdJwtClaims &claims, const KeyBindingResult &keyBinding);

} // namespace tokenscope::FindingsCatalogue
