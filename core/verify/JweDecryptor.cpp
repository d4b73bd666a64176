#include "verify/JweDecryptor.h"

#include "crypto/JweAlgorithm.h"
#include "crypto/JweCipher.h"
#include "crypto/JweKeyManagement.h"
#include "crypto/KeyParser.h"
#include "jose/Base64Url.h"
#include "jose/Inflate.h"

#include <QCoreApplication>

namespace tokenscope {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct JweDecryptorText
{
    Q_DECLARE_TR_FUNCTIONS(JweDecryptor)
};

QString quoted(const QString &text)
{
    return u'"' + text + u'"';
}

DecryptionResult failure(DecryptionResult result, DecryptionReason reason, const QString &message)
{
    result.reason = reason;
    result.message = message;
    result.plaintext.clear();
    return result;
}

// RFC 7516 §11.5: one reason and one message for every failure that depends on the key or the secret content.
DecryptionResult decryptFailed(DecryptionResult result)
{
    return failure(
        std::move(result), DecryptionReason::DecryptFailed,
        JweDecryptorText::tr("the token does not decrypt with the given key (wrong key, or the token was altered)"));
}

QString supportedKeyManagement()
{
    return QStringLiteral("RSA1_5, RSA-OAEP, RSA-OAEP-256, A128KW, A192KW, A256KW, dir, ECDH-ES, ECDH-ES+A128KW, "
                          "ECDH-ES+A192KW, ECDH-ES+A256KW, A128GCMKW, A192GCMKW, A256GCMKW, PBES2-HS256+A128KW, "
                          "PBES2-HS384+A192KW, PBES2-HS512+A256KW");
}

QString supportedContentEncryption()
{
    return QStringLiteral("A128CBC-HS256, A192CBC-HS384, A256CBC-HS512, A128GCM, A192GCM, A256GCM");
}

// A header member the algorithms need, decoded; `error` names the member when it is missing or not base64url.
struct HeaderReader
{
    const JsonValue &header;
    QString error;

    const JsonValue *member(QStringView name) const { return header.value(name); }

    bool string(QStringView name, QString *out, bool required)
    {
        const JsonValue *value = member(name);
        if (!value) {
            if (required)
                error = JweDecryptorText::tr("the header has no %1 member").arg(quoted(name.toString()));
            return !required;
        }
        if (!value->isString()) {
            error = JweDecryptorText::tr("the header member %1 must be a string").arg(quoted(name.toString()));
            return false;
        }
        *out = value->string;
        return true;
    }

    // A base64url member of exactly `size` bytes (0: any size, `minimumSize` at least).
    bool bytes(QStringView name, QByteArray *out, bool required, qsizetype size = 0, qsizetype minimumSize = 0)
    {
        QString text;
        if (!string(name, &text, required))
            return false;
        if (!member(name))
            return true;
        if (!Base64Url::decodeStrict(text.toLatin1(), *out)) {
            error = JweDecryptorText::tr("the header member %1 is not canonical unpadded base64url")
                        .arg(quoted(name.toString()));
            return false;
        }
        if ((size > 0 && out->size() != size) || out->size() < minimumSize) {
            error = size > 0 ? JweDecryptorText::tr("the header member %1 is %2 bytes; it must be %3")
                                   .arg(quoted(name.toString()))
                                   .arg(out->size())
                                   .arg(size)
                             : JweDecryptorText::tr("the header member %1 is %2 bytes; it must be at least %3")
                                   .arg(quoted(name.toString()))
                                   .arg(out->size())
                                   .arg(minimumSize);
            return false;
        }
        return true;
    }
};

// Why `key` cannot decrypt with `algorithm`/`encryption`, or empty when it can (RFC 7518 §4 key types and sizes;
// RFC 7517 §4.2–4.4 JWK use, key_ops and alg).
QString unfitReason(const Key &key, KeyManagement algorithm, ContentEncryption encryption)
{
    const QString algorithmName = JweAlgorithms::name(algorithm);
    switch (JweAlgorithms::mode(algorithm)) {
    case KeyManagementMode::RsaEncryption:
        if (key.type() != Key::Type::Rsa || !key.hasPrivate())
            return JweDecryptorText::tr("%1 needs an RSA private key, this is %2").arg(algorithmName, key.kty());
        if (key.bits() < 2048)
            return JweDecryptorText::tr("RSA key of %1 bits is below the 2048-bit minimum (RFC 7518 §4.2, §4.3)")
                .arg(key.bits());
        break;
    case KeyManagementMode::AesKeyWrap:
    case KeyManagementMode::AesGcmKeyWrap:
        if (key.type() != Key::Type::Oct)
            return JweDecryptorText::tr("%1 needs a symmetric key, this is %2").arg(algorithmName, key.kty());
        if (key.bits() != JweAlgorithms::wrapKeySize(algorithm) * 8)
            return JweDecryptorText::tr("%1 needs a %2-bit key, this one has %3 bits")
                .arg(algorithmName)
                .arg(JweAlgorithms::wrapKeySize(algorithm) * 8)
                .arg(key.bits());
        break;
    case KeyManagementMode::Direct:
        if (key.type() != Key::Type::Oct)
            return JweDecryptorText::tr("dir needs a symmetric key, this is %1").arg(key.kty());
        if (key.bits() != JweAlgorithms::keySize(encryption) * 8)
            return JweDecryptorText::tr("dir with %1 needs a %2-bit key, this one has %3 bits")
                .arg(JweAlgorithms::name(encryption))
                .arg(JweAlgorithms::keySize(encryption) * 8)
                .arg(key.bits());
        break;
    case KeyManagementMode::Password:
        if (key.type() != Key::Type::Oct)
            return JweDecryptorText::tr("%1 needs a password, this is a %2 key").arg(algorithmName, key.kty());
        break;
    case KeyManagementMode::KeyAgreement:
    case KeyManagementMode::KeyAgreementWithKeyWrap: {
        const QString curve = key.curve();
        const bool agreementCurve = (key.type() == Key::Type::Ec)
            || (key.type() == Key::Type::Okp && (curve == u"X25519" || curve == u"X448"));
        if (!agreementCurve || !key.hasPrivate())
            return JweDecryptorText::tr("%1 needs an EC (P-256/384/521) or X25519/X448 private key, this is %2 %3")
                .arg(algorithmName, key.kty(), curve);
        break;
    }
    }
    // A key for "dir" is the CEK itself, so its JWK "alg" may name the content encryption (RFC 7520 §5.6).
    const bool directKeyForEncryption
        = algorithm == KeyManagement::Direct && key.jwkAlgorithm() == JweAlgorithms::name(encryption);
    if (!key.jwkAlgorithm().isEmpty() && key.jwkAlgorithm() != algorithmName && !directKeyForEncryption)
        return JweDecryptorText::tr("the JWK is for %1, not %2").arg(key.jwkAlgorithm(), algorithmName);
    if (!key.use().isEmpty() && key.use() != u"enc")
        return JweDecryptorText::tr("JWK use is %1, not enc").arg(key.use());
    if (!key.keyOperations().isEmpty()) {
        const KeyManagementMode mode = JweAlgorithms::mode(algorithm);
        const QStringList wanted = mode == KeyManagementMode::Direct ? QStringList {QStringLiteral("decrypt")}
            : (mode == KeyManagementMode::KeyAgreement || mode == KeyManagementMode::KeyAgreementWithKeyWrap)
            ? QStringList {QStringLiteral("deriveKey"), QStringLiteral("deriveBits")}
            : QStringList {QStringLiteral("unwrapKey"), QStringLiteral("decrypt")};
        bool allowed = false;
        for (const QString &operation : wanted)
            allowed = allowed || key.keyOperations().contains(operation);
        if (!allowed)
            return JweDecryptorText::tr("JWK key_ops does not include %1").arg(wanted.join(QStringLiteral(" or ")));
    }
    return {};
}

} // namespace

QString decryptionReasonName(DecryptionReason reason)
{
    switch (reason) {
    case DecryptionReason::Valid:
        return QStringLiteral("valid");
    case DecryptionReason::Malformed:
        return QStringLiteral("malformed");
    case DecryptionReason::Unsupported:
        return QStringLiteral("unsupported");
    case DecryptionReason::DuplicateMember:
        return QStringLiteral("duplicate_member");
    case DecryptionReason::CritUnsupported:
        return QStringLiteral("crit_unsupported");
    case DecryptionReason::KeyNotFound:
        return QStringLiteral("key_not_found");
    case DecryptionReason::KeyMismatch:
        return QStringLiteral("key_mismatch");
    case DecryptionReason::DecryptFailed:
        return QStringLiteral("decrypt_failed");
    case DecryptionReason::LimitExceeded:
        return QStringLiteral("limit_exceeded");
    }
    return QStringLiteral("malformed");
}

namespace JweDecryptor {

DecryptionResult decrypt(const DecodedToken &token, const KeySet &keys, const DecryptionLimits &limits)
{
    DecryptionResult result;
    if (token.kind != TokenKind::Jwe || token.segments.size() != 5)
        return failure(
            result, DecryptionReason::Malformed,
            JweDecryptorText::tr("not an encrypted token: a compact JWE has five dot-separated parts (RFC 7516 §7.1)"));
    HeaderReader header {token.header, {}};
    // The header is read first so every later verdict can name the algorithms.
    (void)header.string(u"alg", &result.algorithm, false);
    (void)header.string(u"enc", &result.contentEncryption, false);
    (void)header.string(u"kid", &result.kid, false);
    header.error.clear();

    // 1. Structure.
    for (const TokenSegment &segment : token.segments) {
        // RFC 7516 §2: base64url without padding; the header's spelling is the additional authenticated data.
        if (!segment.canonical)
            return failure(result, DecryptionReason::Malformed,
                           JweDecryptorText::tr(
                               "the %1 is not canonical base64url (padding or non-zero unused bits) at character %2")
                               .arg(CompactToken::segmentName(segment.role))
                               .arg(segment.nonCanonicalOffset));
    }
    if (!token.headerDuplicates.empty())
        return failure(result, DecryptionReason::DuplicateMember,
                       JweDecryptorText::tr("the header has the member %1 twice")
                           .arg(quoted(token.headerDuplicates.front().name)));
    QString algorithmName, encryptionName, compression;
    if (!header.string(u"alg", &algorithmName, true) || !header.string(u"enc", &encryptionName, true)
        || !header.string(u"zip", &compression, false))
        return failure(result, DecryptionReason::Malformed, header.error);
    if (const JsonValue *crit = header.member(u"crit")) {
        // RFC 7516 §4.1.13 (RFC 7515 §4.1.11): Tokenscope understands no extension, so any listed one fails.
        QStringList names;
        if (crit->isArray()) {
            for (const JsonValue &element : crit->elements)
                names << (element.isString() ? quoted(element.string) : JweDecryptorText::tr("(not a string)"));
        }
        return failure(
            result, DecryptionReason::CritUnsupported,
            JweDecryptorText::tr("the header marks %1 critical, an extension Tokenscope does not understand")
                .arg(names.isEmpty() ? JweDecryptorText::tr("(nothing)") : names.join(QStringLiteral(", "))));
    }
    const std::optional<KeyManagement> algorithm = JweAlgorithms::keyManagementFromName(algorithmName);
    if (!algorithm)
        return failure(result, DecryptionReason::Unsupported,
                       JweDecryptorText::tr("the key management algorithm %1 is not supported (supported: %2)")
                           .arg(quoted(algorithmName), supportedKeyManagement()));
    const std::optional<ContentEncryption> encryption = JweAlgorithms::contentEncryptionFromName(encryptionName);
    if (!encryption)
        return failure(result, DecryptionReason::Unsupported,
                       JweDecryptorText::tr("the content encryption algorithm %1 is not supported (supported: %2)")
                           .arg(quoted(encryptionName), supportedContentEncryption()));
    if (header.member(u"zip") && compression != u"DEF")
        return failure(
            result, DecryptionReason::Unsupported,
            JweDecryptorText::tr("the compression algorithm %1 is not supported (RFC 7516 §4.1.3 defines only \"DEF\")")
                .arg(quoted(compression)));

    // 2. Every size the algorithms fix, before any work (RFC 7518 §4, §5).
    const auto segmentBytes = [&](SegmentRole role) -> const QByteArray & {
        return token.segment(role).bytes;
    };
    const QByteArray &encryptedKey = segmentBytes(SegmentRole::EncryptedKey);
    const QByteArray &iv = segmentBytes(SegmentRole::InitializationVector);
    const QByteArray &ciphertext = segmentBytes(SegmentRole::Ciphertext);
    const QByteArray &tag = segmentBytes(SegmentRole::AuthenticationTag);
    const auto wrongSize = [&](SegmentRole role, qsizetype size, const QString &expected) {
        return failure(result, DecryptionReason::Malformed,
                       JweDecryptorText::tr("the %1 (part %2) is %3 bytes; %4 needs %5")
                           .arg(CompactToken::segmentName(role))
                           .arg(int(role) - 1) // the JWE roles follow Signature: encrypted key is part 2
                           .arg(size)
                           .arg(encryptionName, expected));
    };
    const int ivSize = JweAlgorithms::ivSize(*encryption);
    const int tagSize = JweAlgorithms::tagSize(*encryption);
    const int cekSize = JweAlgorithms::keySize(*encryption);
    if (iv.size() != ivSize)
        return wrongSize(SegmentRole::InitializationVector, iv.size(), JweDecryptorText::tr("exactly %1").arg(ivSize));
    if (tag.size() != tagSize)
        return wrongSize(SegmentRole::AuthenticationTag, tag.size(), JweDecryptorText::tr("exactly %1").arg(tagSize));
    // CBC ciphertext is whole blocks, at least one (PKCS #7 padding always adds one to eight-and-more bytes).
    if (!JweAlgorithms::isGcm(*encryption) && (ciphertext.isEmpty() || ciphertext.size() % 16 != 0))
        return wrongSize(SegmentRole::Ciphertext, ciphertext.size(), JweDecryptorText::tr("a non-zero multiple of 16"));

    const KeyManagementMode mode = JweAlgorithms::mode(*algorithm);
    const auto wrongKeySize = [&](const QString &expected) {
        return failure(result, DecryptionReason::Malformed,
                       JweDecryptorText::tr("the encrypted key (part 2) is %1 bytes; %2 with %3 needs %4")
                           .arg(encryptedKey.size())
                           .arg(algorithmName, encryptionName, expected));
    };
    switch (mode) {
    case KeyManagementMode::Direct:
    case KeyManagementMode::KeyAgreement:
        if (!encryptedKey.isEmpty())
            return wrongKeySize(JweDecryptorText::tr("none (RFC 7516 §5.1 step 5)"));
        break;
    case KeyManagementMode::AesKeyWrap:
    case KeyManagementMode::KeyAgreementWithKeyWrap:
    case KeyManagementMode::Password:
        // RFC 3394: the wrapped key is the key plus one 64-bit integrity block.
        if (encryptedKey.size() != cekSize + 8)
            return wrongKeySize(JweDecryptorText::tr("exactly %1").arg(cekSize + 8));
        break;
    case KeyManagementMode::AesGcmKeyWrap:
        if (encryptedKey.size() != cekSize)
            return wrongKeySize(JweDecryptorText::tr("exactly %1").arg(cekSize));
        break;
    case KeyManagementMode::RsaEncryption:
        if (encryptedKey.isEmpty())
            return wrongKeySize(JweDecryptorText::tr("one RSA block"));
        break;
    }

    JweKeyManagement::ContentKeyInputs inputs;
    inputs.algorithm = *algorithm;
    inputs.encryption = *encryption;
    inputs.encryptedKey = encryptedKey;
    QByteArray wrapIv, wrapTag, partyUInfo, partyVInfo, salt;
    Key ephemeralKey;
    bool ephemeralKeyUsable = true;
    if (mode == KeyManagementMode::AesGcmKeyWrap) {
        // RFC 7518 §4.7.1: a 96-bit IV and a 128-bit tag in the header.
        if (!header.bytes(u"iv", &wrapIv, true, 12) || !header.bytes(u"tag", &wrapTag, true, 16))
            return failure(result, DecryptionReason::Malformed, header.error);
        inputs.wrapIv = wrapIv;
        inputs.wrapTag = wrapTag;
    } else if (mode == KeyManagementMode::Password) {
        // RFC 7518 §4.8.1.1: the salt input is at least 8 bytes; §4.8.1.2: p2c is a positive integer.
        if (!header.bytes(u"p2s", &salt, true, 0, 8))
            return failure(result, DecryptionReason::Malformed, header.error);
        const JsonValue *count = header.member(u"p2c");
        const std::optional<qint64> iterations = count && count->isNumber() ? count->toInteger() : std::nullopt;
        if (!count || !iterations || *iterations < 1)
            return failure(
                result, DecryptionReason::Malformed,
                JweDecryptorText::tr("the header member \"p2c\" must be a positive integer (RFC 7518 §4.8.1.2)"));
        if (quint64(*iterations) > limits.maxPbes2Iterations)
            return failure(
                result, DecryptionReason::LimitExceeded,
                JweDecryptorText::tr("the header member \"p2c\" asks for %1 PBKDF2 iterations, over the cap of %2")
                    .arg(*iterations)
                    .arg(limits.maxPbes2Iterations));
        inputs.passwordSalt = salt;
        inputs.iterations = quint64(*iterations);
    } else if (mode == KeyManagementMode::KeyAgreement || mode == KeyManagementMode::KeyAgreementWithKeyWrap) {
        // RFC 7518 §4.6.1: "epk" is required, "apu" and "apv" optional.
        const JsonValue *epk = header.member(u"epk");
        if (!epk || !epk->isObject())
            return failure(
                result, DecryptionReason::Malformed,
                JweDecryptorText::tr("the header member \"epk\" (the ephemeral public key) must be a JWK object"));
        if (!header.bytes(u"apu", &partyUInfo, false) || !header.bytes(u"apv", &partyVInfo, false))
            return failure(result, DecryptionReason::Malformed, header.error);
        // A point off the curve is an attack on the key (invalid-curve attack); it fails as decrypt_failed below,
        // after key selection, like every other failure that involves the private key.
        const KeyParseResult parsed
            = KeyParser::parseJwk(Json::write(*epk, Json::Style::Compact), JweDecryptorText::tr("header epk"));
        ephemeralKeyUsable = bool(parsed) && !parsed.keys.first().hasPrivate();
        if (ephemeralKeyUsable)
            ephemeralKey = parsed.keys.first().publicKey();
        inputs.ephemeralKey = &ephemeralKey;
        inputs.partyUInfo = partyUInfo;
        inputs.partyVInfo = partyVInfo;
    }

    // 3. Key selection: the header's kid first (keys without a kid stay candidates), then fit.
    KeySet candidates;
    QString firstUnfit;
    bool kidMatched = false;
    for (const Key &key : keys) {
        if (!result.kid.isEmpty() && !key.kid().isEmpty() && key.kid() != result.kid)
            continue;
        kidMatched = true;
        const QString why = unfitReason(key, *algorithm, *encryption);
        if (why.isEmpty())
            candidates << key;
        else if (firstUnfit.isEmpty())
            firstUnfit = why;
    }
    if (!kidMatched)
        return failure(result, DecryptionReason::KeyNotFound,
                       JweDecryptorText::tr("no key given has the kid %1 the token names").arg(quoted(result.kid)));
    if (candidates.isEmpty())
        return failure(result, DecryptionReason::KeyMismatch,
                       JweDecryptorText::tr("no key given can decrypt %1: %2").arg(algorithmName, firstUnfit));
    if (*algorithm == KeyManagement::Rsa1_5) {
        result.findings << Finding {
            QStringLiteral("jwe_rsa1_5"), Finding::Severity::Warning,
            JweDecryptorText::tr("RSA1_5 (RSAES-PKCS1-v1_5) key encryption is deprecated: its padding invites "
                                 "oracle attacks (RFC 8725 §3.2); use RSA-OAEP-256 or ECDH-ES"),
            token.segment(SegmentRole::Header).span};
    }

    // 4. Key management and content decryption; the AAD is the protected header as written (RFC 7516 §5.2 step 14).
    const Span headerSpan = token.segment(SegmentRole::Header).span;
    const QByteArrayView aad = QByteArrayView(token.text).sliced(headerSpan.start, headerSpan.length);
    std::optional<SecureBytes> plaintext;
    for (const Key &key : std::as_const(candidates)) {
        if (!ephemeralKeyUsable)
            break;
        if (mode == KeyManagementMode::RsaEncryption && encryptedKey.size() != (key.bits() + 7) / 8)
            continue;
        const std::optional<SecureBytes> cek = JweKeyManagement::recoverContentKey(key, inputs);
        if (!cek || cek->size() != cekSize)
            continue;
        plaintext = JweCipher::decryptContent(*encryption, *cek, iv, aad, ciphertext, tag);
        if (plaintext) {
            result.decryptedBy = key;
            break;
        }
    }
    if (!plaintext)
        return decryptFailed(std::move(result));

    // 5. Inflation (RFC 7516 §5.2 step 18) under the size cap.
    if (compression == u"DEF") {
        const Inflate::InflateResult inflated = Inflate::inflateRaw(plaintext->view(), limits.maxPlaintextBytes);
        if (inflated.status == Inflate::InflateResult::Status::TooLarge)
            return failure(result, DecryptionReason::LimitExceeded,
                           JweDecryptorText::tr("the content inflates past the cap of %1 bytes (\"zip\":\"DEF\")")
                               .arg(limits.maxPlaintextBytes));
        if (!inflated)
            return failure(result, DecryptionReason::Malformed,
                           JweDecryptorText::tr("the decrypted content does not inflate (\"zip\":\"DEF\"): %1")
                               .arg(inflated.error));
        result.plaintext = inflated.bytes;
    } else {
        if (plaintext->size() > limits.maxPlaintextBytes)
            return failure(
                result, DecryptionReason::LimitExceeded,
                JweDecryptorText::tr("the content is over the cap of %1 bytes").arg(limits.maxPlaintextBytes));
        result.plaintext = plaintext->view().toByteArray();
    }
    QString contentType;
    if (header.string(u"cty", &contentType, false))
        result.nestedJwt = contentType.compare(u"JWT", Qt::CaseInsensitive) == 0;
    result.reason = DecryptionReason::Valid;
    result.message = result.nestedJwt
        ? JweDecryptorText::tr("decrypted with %1 and %2; the content is a nested JWT")
              .arg(algorithmName, encryptionName)
        : JweDecryptorText::tr("decrypted with %1 and %2").arg(algorithmName, encryptionName);
    return result;
}

DecryptionResult decrypt(QByteArrayView text, const KeySet &keys, const DecryptionLimits &limits)
{
    const QByteArrayView trimmed = text.trimmed();
    if (trimmed.startsWith('{')) {
        // RFC 7516 §7.2: the general and flattened JSON serializations (several recipients, unprotected headers).
        JsonLimits jsonLimits;
        jsonLimits.maxDepth = 16;
        const JsonParseResult parsed = Json::parse(trimmed, jsonLimits);
        const JsonValue *recipients = parsed && parsed.value->isObject() ? parsed.value->value(u"recipients") : nullptr;
        DecryptionResult result;
        return failure(
            result, DecryptionReason::Unsupported,
            recipients && recipients->isArray() && recipients->elements.size() > 1
                ? JweDecryptorText::tr(
                      "the JWE JSON serialization with %1 recipients (RFC 7516 §7.2.1) is not supported; "
                      "only the compact serialization is")
                      .arg(recipients->elements.size())
                : JweDecryptorText::tr("the JWE JSON serialization (RFC 7516 §7.2) is not supported; only the compact "
                                       "serialization is"));
    }
    const DecodeResult decoded = CompactToken::decode(trimmed);
    if (!decoded) {
        DecryptionResult result;
        return failure(result, DecryptionReason::Malformed, decoded.error.message);
    }
    return decrypt(*decoded.token, keys, limits);
}

} // namespace JweDecryptor
} // namespace tokenscope
