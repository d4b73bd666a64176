#pragma once

// Published examples and helpers shared by the binding tests (DPoP, OIDC hashes, token responses). Header-only, test
// code only.

#include "binding/BindingCheck.h"
#include "verify/VerifyTestSupport.h"

#include <QByteArray>
#include <QTest>

namespace tokenscope::test {

// RFC 9449 §4.1 Figure 3: a proof for POST https://server.example.com/token, iat 1562262616.
inline const QByteArray kRfc9449TokenRequestProof
    = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0Rs"
      "cEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2"
      "In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2Vu"
      "IiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-"
      "FNyJK70nfbV37xRZT3Lg";
inline constexpr qint64 kRfc9449TokenRequestIat = 1562262616;

// RFC 9449 §7.1 Figure 12: a proof for GET https://resource.example.org/protectedresource with the access token
// below (ath fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo), iat 1562262618.
inline const QByteArray kRfc9449ResourceProof
    = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0Rs"
      "cEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2"
      "In19.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90"
      "ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFF"
      "byJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";
inline constexpr qint64 kRfc9449ResourceIat = 1562262618;
inline const QByteArray kRfc9449AccessToken = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
// RFC 9449 §6.1 Figure 9: the jkt of the examples' key.
inline const QString kRfc9449Jkt = QStringLiteral("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");

inline const BindingCheck *findCheck(const BindingChecks &checks, QStringView name)
{
    for (const BindingCheck &check : checks) {
        if (check.check == name)
            return &check;
    }
    return nullptr;
}

inline QString describe(const BindingChecks &checks)
{
    QStringList lines;
    for (const BindingCheck &check : checks)
        lines << QStringLiteral("%1 %2 %3 %4")
                     .arg(check.check, Binding::outcomeName(check.outcome), check.reason, check.message);
    return lines.join(u'\n');
}

} // namespace tokenscope::test
