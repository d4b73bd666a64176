#pragma once

// Helpers shared by the verify tests: minting tokens with Tokenscope's own signer. Header-only, test code only; the
// conformance vectors, generated keys and decoding come from support/.

#include "crypto/KeyParser.h"
#include "crypto/Signature.h"
#include "jose/Base64Url.h"
#include "jose/CompactToken.h"
#include "support/ConformanceVectors.h"
#include "support/TestFiles.h"
#include "support/TestKeys.h"
#include "support/TestTokens.h"
#include "verify/VerificationPolicy.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaType>

Q_DECLARE_METATYPE(tokenscope::Key)
Q_DECLARE_METATYPE(tokenscope::VerificationPolicy)

namespace tokenscope::test {

// header.payload.signature, signed with `key` (any algorithm name in the header; `algorithm` is what signs).
inline QByteArray signedToken(QByteArrayView headerJson, QByteArrayView payloadJson, const Key &key,
                              Algorithm algorithm)
{
    const QByteArray input = Base64Url::encode(headerJson) + '.' + Base64Url::encode(payloadJson);
    const Signature::SignResult signature = Signature::sign(algorithm, key, input);
    if (!signature)
        qFatal("signing failed: %s", qPrintable(signature.error));
    return input + '.' + Base64Url::encode(signature.signature);
}

inline QByteArray unsignedToken(QByteArrayView headerJson, QByteArrayView payloadJson, QByteArrayView signature = {})
{
    return Base64Url::encode(headerJson) + '.' + Base64Url::encode(payloadJson) + '.' + Base64Url::encode(signature);
}

// A key as a PEM file gives it: no kid at all (the generator names keys by their thumbprint).
inline Key withoutKid(Key key)
{
    key.setKid(QString());
    return key;
}

} // namespace tokenscope::test
