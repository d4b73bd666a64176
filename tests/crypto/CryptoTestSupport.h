#pragma once

// Helpers shared by the crypto tests: turning the conformance vectors' key encodings into Tokenscope keys, and
// splitting their tokens. Header-only, test code only; the vectors themselves are found by support/.

#include "crypto/KeyParser.h"
#include "support/ConformanceVectors.h"
#include "support/TestFiles.h"
#include "support/TestTokens.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTest>

namespace tokenscope::test {

inline Key keyFromJwk(const QJsonObject &jwk, QString *error = nullptr)
{
    const KeyParseResult parsed = KeyParser::parseJwk(compactJson(jwk), QStringLiteral("test"));
    if (error)
        *error = parsed.error;
    return parsed ? parsed.keys.first() : Key();
}

// SubjectPublicKeyInfo DER (hex in Wycheproof) wrapped as PEM (RFC 7468 §13).
inline QByteArray spkiDerToPem(const QByteArray &der)
{
    QByteArray pem = "-----BEGIN PUBLIC KEY-----\n";
    const QByteArray base64 = der.toBase64();
    for (qsizetype offset = 0; offset < base64.size(); offset += 64)
        pem += base64.mid(offset, 64) + '\n';
    return pem + "-----END PUBLIC KEY-----\n";
}

inline Key keyFromPem(const QByteArray &pem, QString *error = nullptr)
{
    const KeyParseResult parsed = KeyParser::parsePem(pem, QStringLiteral("test"));
    if (error)
        *error = parsed.error;
    return parsed ? parsed.keys.first() : Key();
}

inline QByteArray base64UrlDecode(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding);
}

// A compact JWS split the simple way (the token decoder is tested on its own): signing input and signature.
struct CompactParts
{
    QByteArray header;
    QByteArray signingInput;
    QByteArray signature;
    bool ok = false;
};

inline CompactParts splitCompact(const QByteArray &token)
{
    CompactParts parts;
    const QList<QByteArray> pieces = token.split('.');
    if (pieces.size() != 3)
        return parts;
    parts.header = base64UrlDecode(pieces[0]);
    parts.signingInput = pieces[0] + '.' + pieces[1];
    parts.signature = base64UrlDecode(pieces[2]);
    parts.ok = true;
    return parts;
}

// Collects failing vector ids so one QVERIFY2 per file reports the first few.
struct FailureLog
{
    int run = 0;
    QStringList failures;
    void fail(const QString &what) { failures.append(what); }
    QByteArray summary() const
    {
        return QStringLiteral("%1 of %2 vectors failed, first: %3")
            .arg(failures.size())
            .arg(run)
            .arg(failures.mid(0, 8).join(QStringLiteral("; ")))
            .toUtf8();
    }
};

} // namespace tokenscope::test
