#pragma once

// Helpers shared by the verify tests: minting tokens with Tokenscope's own signer and reading the conformance
// vectors (tests QSKIP when they are absent). Header-only, test code only.

#include "crypto/KeyGenerator.h"
#include "crypto/KeyParser.h"
#include "crypto/Signature.h"
#include "jose/Base64Url.h"
#include "jose/CompactToken.h"
#include "verify/VerificationPolicy.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaType>

Q_DECLARE_METATYPE(tokenscope::Key)
Q_DECLARE_METATYPE(tokenscope::VerificationPolicy)

namespace tokenscope::test {

inline QString vectorsDirectory()
{
    return QString::fromUtf8(TOKENSCOPE_VECTORS_DIR);
}

inline bool haveVectors()
{
    return QDir(vectorsDirectory()).exists(QStringLiteral("README.md"));
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QJsonObject readVectorObject(const QString &relative)
{
    return QJsonDocument::fromJson(readFile(vectorsDirectory() + u'/' + relative)).object();
}

inline QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

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

inline Key generatedKey(Algorithm algorithm, const QString &kid)
{
    const KeyGenerationResult generated = KeyGenerator::generate(algorithm, kid);
    if (!generated)
        qFatal("key generation failed: %s", qPrintable(generated.error));
    return generated.key;
}

// A key as a PEM file gives it: no kid at all (the generator names keys by their thumbprint).
inline Key withoutKid(Key key)
{
    key.setKid(QString());
    return key;
}

inline DecodedToken decoded(QByteArrayView token)
{
    DecodeResult result = CompactToken::decode(token);
    if (!result)
        qFatal("test token does not decode: %s", qPrintable(result.error.message));
    return std::move(*result.token);
}

} // namespace tokenscope::test
