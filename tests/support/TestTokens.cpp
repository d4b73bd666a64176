#include "support/TestTokens.h"

#include <QtGlobal>

#include <utility>

namespace tokenscope::test {

DecodedToken decoded(QByteArrayView token)
{
    DecodeResult result = CompactToken::decode(token);
    if (!result)
        qFatal("test token does not decode: %s", qPrintable(result.error.message));
    return std::move(*result.token);
}

} // namespace tokenscope::test
