#include "verify/UntrustedHeaderKeys.h"

#include "crypto/KeyParser.h"

#include <QCoreApplication>
#include <QSslCertificate>

namespace tokenscope::UntrustedHeaderKeys {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct UntrustedKeysText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::UntrustedHeaderKeys)
};

QString describeJwk(const JsonValue &value)
{
    if (!value.isObject())
        return UntrustedKeysText::tr("an embedded JWK that is not a JSON object");
    const KeyParseResult parsed
        = KeyParser::parseJwk(Json::write(value, Json::Style::Compact), UntrustedKeysText::tr("token header"));
    if (!parsed)
        return UntrustedKeysText::tr("an embedded JWK that does not parse: %1").arg(parsed.error);
    const Key &key = parsed.keys.first();
    const QString kind = key.curve().isEmpty() ? UntrustedKeysText::tr("%1 %2-bit").arg(key.kty()).arg(key.bits())
                                               : UntrustedKeysText::tr("%1 %2").arg(key.kty(), key.curve());
    return UntrustedKeysText::tr("embedded %1 key%2, thumbprint %3")
        .arg(kind, key.kid().isEmpty() ? QString() : UntrustedKeysText::tr(", kid %1").arg(key.kid()),
             key.thumbprint());
}

QString describeChain(const JsonValue &value)
{
    if (!value.isArray() || value.elements.empty())
        return UntrustedKeysText::tr("a certificate chain that is not an array of base64 certificates");
    const JsonValue &first = value.elements.front();
    QString subject;
    if (first.isString()) {
        // RFC 7515 §4.1.6: base64 (not base64url) DER.
        const QSslCertificate certificate(QByteArray::fromBase64(first.string.toLatin1()), QSsl::Der);
        if (!certificate.isNull())
            subject = certificate.subjectDisplayName();
    }
    const int count = int(value.elements.size());
    const QString chain = count == 1 ? UntrustedKeysText::tr("a chain of 1 certificate")
                                     : UntrustedKeysText::tr("a chain of %1 certificates").arg(count);
    return subject.isEmpty() ? chain : UntrustedKeysText::tr("%1 for \"%2\"").arg(chain, subject);
}

} // namespace

QList<UntrustedHeaderKey> find(const DecodedToken &token)
{
    QList<UntrustedHeaderKey> found;
    if (!token.header.isObject() || !token.hasSegment(SegmentRole::Header))
        return found;
    for (const JsonMember &member : token.header.members) {
        UntrustedHeaderKey key;
        key.parameter = member.name;
        if (member.name == u"jwk")
            key.description = describeJwk(member.value);
        else if (member.name == u"jku" || member.name == u"x5u")
            key.description = member.value.isString()
                ? UntrustedKeysText::tr("URL %1: never fetched").arg(member.value.string)
                : UntrustedKeysText::tr("a URL member that is not a string");
        else if (member.name == u"x5c")
            key.description = describeChain(member.value);
        else
            continue;
        const Span decoded {member.nameSpan.start, member.value.span.end() - member.nameSpan.start};
        key.characters = token.tokenSpan(SegmentRole::Header, decoded);
        found << key;
    }
    return found;
}

} // namespace tokenscope::UntrustedHeaderKeys
