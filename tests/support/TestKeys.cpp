#include "support/TestKeys.h"

#include "crypto/KeyGenerator.h"

#include <QtGlobal>

namespace tokenscope::test {

Key generatedKey(Algorithm algorithm, const QString &kid)
{
    const KeyGenerationResult generated = KeyGenerator::generate(algorithm, kid);
    if (!generated)
        qFatal("key generation failed: %s", qPrintable(generated.error));
    return generated.key;
}

} // namespace tokenscope::test
