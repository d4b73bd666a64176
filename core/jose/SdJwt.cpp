#include "jose/SdJwt.h"

#include "jose/Base64Url.h"

#include <QCoreApplication>

namespace tokenscope {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct SdJwtText
{
    Q_DECLARE_TR_FUNCTIONS(SdJwt)
};

SdJwtParseResult failure(DecodeErrorCode code, int segment, qsizetype offset, QString message)
{
    SdJwtParseResult result;
    result.error = {code, segment, offset, std::move(message)};
    return result;
}

// "disclosure 2 (character 412): …": counted from 1 for people, the character is the offset in the SD-JWT.
SdJwtParseResult disclosureFailure(int position, qsizetype offset, const QString &detail)
{
    return failure(DecodeErrorCode::BadDisclosure, position, offset,
                   SdJwtText::tr("disclosure %1 (character %2): %3").arg(position).arg(offset).arg(detail));
}

std::optional<Disclosure> decodeDisclosure(QByteArrayView encoded, int position, qsizetype offset,
                                           const JsonLimits &limits, SdJwtParseResult &error)
{
    if (encoded.isEmpty()) {
        error = disclosureFailure(position, offset, SdJwtText::tr("empty; two '~' in a row"));
        return std::nullopt;
    }
    const Base64Url::DecodeResult bytes = Base64Url::decode(encoded);
    if (!bytes.ok) {
        error = disclosureFailure(position, offset + qMax<qsizetype>(0, bytes.errorOffset),
                                  SdJwtText::tr("not base64url: %1").arg(bytes.error));
        return std::nullopt;
    }
    JsonParseResult json = Json::parse(bytes.bytes, limits);
    if (!json) {
        error = disclosureFailure(
            position, offset, SdJwtText::tr("not JSON: %1 at byte %2").arg(json.error.message).arg(json.error.offset));
        return std::nullopt;
    }
    JsonValue &array = *json.value;
    // RFC 9901 §4.2.1 and §4.2.2: exactly three elements for a property, two for an array element; a string salt
    // and a string claim name.
    if (!array.isArray() || (array.elements.size() != 2 && array.elements.size() != 3)) {
        error = disclosureFailure(position, offset, SdJwtText::tr("not a JSON array of two or three elements"));
        return std::nullopt;
    }
    if (!array.elements[0].isString()) {
        error = disclosureFailure(position, offset, SdJwtText::tr("the salt (first element) is not a string"));
        return std::nullopt;
    }
    Disclosure disclosure;
    disclosure.position = position;
    disclosure.span = {offset, encoded.size()};
    disclosure.encoded = encoded.toByteArray();
    disclosure.salt = array.elements[0].string;
    if (array.elements.size() == 3) {
        if (!array.elements[1].isString()) {
            error
                = disclosureFailure(position, offset, SdJwtText::tr("the claim name (second element) is not a string"));
            return std::nullopt;
        }
        disclosure.claimName = array.elements[1].string;
    }
    disclosure.value = std::move(array.elements.back());
    return disclosure;
}

} // namespace

QByteArrayView SdJwt::hashedPresentation() const
{
    const qsizetype end = keyBinding ? keyBindingSpan.start : text.size();
    return QByteArrayView(text).first(end);
}

QString SdJwt::type() const
{
    const JsonValue *typ = issuerSigned.header.value(u"typ");
    return typ && typ->isString() ? typ->string : QString();
}

namespace SdJwtParser {

bool isSdJwt(QByteArrayView text)
{
    return text.contains('~');
}

bool looksLikeDisclosure(QByteArrayView encoded)
{
    if (encoded.isEmpty() || encoded.contains('.'))
        return false;
    const Base64Url::DecodeResult decoded = Base64Url::decode(encoded.first(qMin<qsizetype>(encoded.size(), 8)));
    return decoded.ok && decoded.bytes.startsWith('[');
}

SdJwtParseResult parse(QByteArrayView text, const SdJwtLimits &limits)
{
    if (text.isEmpty())
        return failure(DecodeErrorCode::Empty, -1, -1, SdJwtText::tr("the SD-JWT is empty"));
    if (text.size() > limits.decode.maxTokenBytes)
        return failure(DecodeErrorCode::TooLarge, -1, -1,
                       SdJwtText::tr("the SD-JWT is %1 bytes, more than the %2 allowed")
                           .arg(text.size())
                           .arg(limits.decode.maxTokenBytes));
    const qsizetype firstTilde = text.indexOf('~');
    if (firstTilde < 0)
        return failure(DecodeErrorCode::WrongPartCount, -1, -1, SdJwtText::tr("an SD-JWT has at least one '~'"));

    DecodeResult issuer = CompactToken::decode(text.first(firstTilde), limits.decode);
    if (!issuer) {
        issuer.error.message = SdJwtText::tr("issuer-signed JWT: %1").arg(issuer.error.message);
        return failure(issuer.error.code, issuer.error.segment, issuer.error.offset, issuer.error.message);
    }
    if (issuer.token->kind == TokenKind::Jwe)
        return failure(
            DecodeErrorCode::WrongPartCount, 0, 0,
            SdJwtText::tr("issuer-signed JWT: an SD-JWT starts with a JWS, not an encrypted token (RFC 9901 §4)"));

    SdJwt sdJwt;
    sdJwt.text = text.toByteArray();
    sdJwt.issuerSigned = std::move(*issuer.token);

    // Everything between '~'s is a Disclosure; what follows the last '~' is the KB-JWT, or nothing (§4).
    const qsizetype lastTilde = text.lastIndexOf('~');
    qsizetype position = firstTilde + 1;
    SdJwtParseResult error;
    while (position <= lastTilde) {
        const qsizetype tilde = text.indexOf('~', position);
        const int number = int(sdJwt.disclosures.size()) + 1;
        if (number > limits.maxDisclosures)
            return failure(DecodeErrorCode::TooLarge, number, position,
                           SdJwtText::tr("more than %1 disclosures").arg(limits.maxDisclosures));
        std::optional<Disclosure> disclosure
            = decodeDisclosure(text.sliced(position, tilde - position), number, position, limits.decode.json, error);
        if (!disclosure)
            return error;
        sdJwt.disclosures.push_back(std::move(*disclosure));
        position = tilde + 1;
    }

    if (lastTilde + 1 < text.size()) {
        const QByteArrayView keyBindingText = text.sliced(lastTilde + 1);
        DecodeResult keyBinding = CompactToken::decode(keyBindingText, limits.decode);
        if (!keyBinding) {
            const qsizetype offset = keyBinding.error.offset >= 0 ? keyBinding.error.offset + lastTilde + 1 : -1;
            return failure(keyBinding.error.code, keyBinding.error.segment, offset,
                           SdJwtText::tr("key-binding JWT (after character %1): %2")
                               .arg(lastTilde + 1)
                               .arg(keyBinding.error.message));
        }
        if (keyBinding.token->kind == TokenKind::Jwe)
            return failure(DecodeErrorCode::WrongPartCount, -1, lastTilde + 1,
                           SdJwtText::tr("key-binding JWT (after character %1): an encrypted token, not a JWS")
                               .arg(lastTilde + 1));
        sdJwt.keyBinding = std::move(*keyBinding.token);
        sdJwt.keyBindingSpan = {lastTilde + 1, keyBindingText.size()};
    }
    SdJwtParseResult result;
    result.sdJwt = std::move(sdJwt);
    return result;
}

} // namespace SdJwtParser
} // namespace tokenscope
