// libFuzzer target for KeyParser::parse (PEM, JWK and JWKS detection and parsing) and what a parsed key offers:
// thumbprint, JWK and PEM export, and re-parsing the exported JWK (which must give the same thumbprint).

#include "crypto/KeyParser.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace tokenscope;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const KeyParseResult result = KeyParser::parse(input, QStringLiteral("fuzz"));
    for (const Key &key : result.keys) {
        const QString thumbprint = key.thumbprint();
        const QByteArray jwk = key.toJwk(Key::Export::IncludePrivate);
        (void)key.toPem();
        (void)key.publicKey();
        const KeyParseResult again = KeyParser::parse(jwk, QStringLiteral("fuzz"));
        // An exported key must read back as the same key.
        if (!again || again.keys.first().thumbprint() != thumbprint)
            std::abort();
    }
    return 0;
}
