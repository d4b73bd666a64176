#include "support/TestTokens.h"

#include <QJsonDocument>
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

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace tokenscope::test
