#pragma once

// Shared by the verification-panel GUI tests: tokens signed at test time with keys made or read at test time.

#include "crypto/KeyParser.h"
#include "jose/CompactToken.h"
#include "support/TestKeys.h"
#include "support/TestTokens.h"
#include "verify/TokenSigner.h"

#include <QFile>
#include <QLabel>
#include <QString>
#include <QTest>

namespace tokenscope::test {

inline QByteArray readTestFile(const QString &relativePath)
{
    QFile file(QStringLiteral(TOKENSCOPE_TEST_DATA_DIR "/") + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

inline JsonValue jsonObject(const QByteArray &json)
{
    const JsonParseResult parsed = Json::parse(json);
    if (!parsed || !parsed.value->isObject())
        qFatal("bad test JSON: %s", json.constData());
    return *parsed.value;
}

// A JWS over `payload` with `header` (alg and kid set by the signer: kid from the key unless keepHeaderKid).
inline QByteArray signedToken(const Key &key, Algorithm algorithm, const QByteArray &payload,
                              const QByteArray &header = QByteArrayLiteral("{\"typ\":\"JWT\"}"),
                              bool keepHeaderKid = false)
{
    const SignedToken token
        = TokenSigner::sign(jsonObject(header), jsonObject(payload), algorithm, key,
                            keepHeaderKid ? TokenSigner::KeyIdChoice::KeepHeader : TokenSigner::KeyIdChoice::FromKey);
    if (!token)
        qFatal("signing failed: %s", qPrintable(token.error));
    return token.token;
}

// The text of the label `name` below `root`; a missing label ends the test run (a renamed object, not a failure).
inline QString labelText(const QObject *root, const QString &name)
{
    const auto *found = root->findChild<QLabel *>(name);
    if (!found)
        qFatal("no label %s", qPrintable(name));
    return found->text();
}

} // namespace tokenscope::test
