#pragma once

#include "common/Span.h"
#include "jose/CompactToken.h"

#include <QList>
#include <QString>

namespace tokenscope {

// A key the token names for itself in its header (jwk, jku, x5u, x5c). Shown so the user sees it, never used:
// whoever forged the token chose it (RFC 8725 §3.10; RFC 7515 §4.1.2–4.1.6 leave trusting them to the application).
struct UntrustedHeaderKey
{
    QString parameter; // "jwk", "jku", "x5u", "x5c"
    QString description; // translated: what it names ("EC P-256 key, kid …", "URL https://…")
    Span characters; // the member in the token text, for highlighting
};

namespace UntrustedHeaderKeys {
[[nodiscard]] QList<UntrustedHeaderKey> find(const DecodedToken &token);
} // namespace UntrustedHeaderKeys

} // namespace tokenscope
