#include "verify/TokenSigner.h"

#include "crypto/Signature.h"
#include "jose/Base64Url.h"

#include <QCoreApplication>

namespace tokenscope::TokenSigner {

namespace {
// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct SignerText
{
    Q_DECLARE_TR_FUNCTIONS(tokenscope::TokenSigner)
};
} // namespace

void setMember(JsonValue &object, const QString &name, JsonValue value)
{
    for (JsonMember &member : object.members) {
        if (member.name == name) {
            member.value = std::move(value);
            return;
        }
    }
    object.append(name, std::move(value));
}

void removeMember(JsonValue &object, const QString &name)
{
    std::erase_if(object.members, [&name](const JsonMember &member) { return member.name == name; });
}

SignedToken sign(JsonValue header, const JsonValue &payload, Algorithm algorithm, const Key &key, KeyIdChoice kid)
{
    SignedToken result;
    if (!header.isObject()) {
        result.error = SignerText::tr("the header must be a JSON object");
        return result;
    }
    if (key.isNull()) {
        result.error = SignerText::tr("no signing key");
        return result;
    }
    if (!key.hasPrivate()) {
        result.error = SignerText::tr("the key is public only: signing needs a private key or a secret");
        return result;
    }
    QString why;
    if (!key.fits(algorithm, &why, Key::Operation::Sign)) {
        result.error = SignerText::tr("the key cannot sign %1: %2").arg(Algorithms::name(algorithm), why);
        return result;
    }
    setMember(header, QStringLiteral("alg"), JsonValue::makeString(Algorithms::name(algorithm)));
    if (kid == KeyIdChoice::FromKey) {
        // A PEM key carries no kid; name a public-key signer by its thumbprint so that a JWKS made from the same
        // key finds it. Secrets get no default kid (a thumbprint of a secret would be a hash of it).
        QString id = key.kid();
        if (id.isEmpty() && key.type() != Key::Type::Oct)
            id = key.thumbprint();
        if (id.isEmpty())
            removeMember(header, QStringLiteral("kid"));
        else
            setMember(header, QStringLiteral("kid"), JsonValue::makeString(id));
    }
    // RFC 7515 §5.1: the signature covers BASE64URL(header) '.' BASE64URL(payload), exactly as serialised here.
    QByteArray token = Base64Url::encode(Json::write(header, Json::Style::Compact)) + '.'
        + Base64Url::encode(Json::write(payload, Json::Style::Compact));
    const Signature::SignResult signature = Signature::sign(algorithm, key, token);
    if (!signature) {
        result.error = SignerText::tr("signing failed: %1").arg(signature.error);
        return result;
    }
    token += '.' + Base64Url::encode(signature.signature);
    result.token = token;
    return result;
}

} // namespace tokenscope::TokenSigner
