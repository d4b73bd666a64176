// Decode speed of a typical access token: base64url + JSON parse of header and payload. Verification with HS256
// must stay close to a bare HMAC over the signing input, so this path has to be well under a microsecond.
// Registered as a normal test (QBENCHMARK picks its own iteration count); run with -tickcounter or
// -iterations N for steadier figures.
#include "jose/Base64Url.h"
#include "jose/CompactToken.h"
#include "jose/Json.h"

#include <QTest>

#include <openssl/evp.h>

using namespace tokenscope;

namespace {

QByteArray typicalToken()
{
    const QByteArray header = R"({"alg":"HS256","typ":"JWT","kid":"2026-11-key-1"})";
    const QByteArray payload = R"({"iss":"https://issuer.example.com/realms/main","sub":"248289761001",)"
                               R"("aud":["https://api.example.com","account"],"exp":1795000000,"iat":1794996400,)"
                               R"("jti":"d3b0a5c2-7e4f-4a8b-9c1d-2e3f4a5b6c7d",)"
                               R"("scope":"openid profile email orders:read orders:write",)"
                               R"("azp":"web-frontend","email":"jane.doe@example.com"})";
    const QByteArray signature(32, '\x5a');
    return Base64Url::encode(header) + '.' + Base64Url::encode(payload) + '.' + Base64Url::encode(signature);
}

} // namespace

class BenchDecode : public QObject
{
    Q_OBJECT

private slots:
    void decodeTypicalToken();
    void parsePayloadJson();
    void base64UrlDecodeToken();
    void referenceHmacOverSigningInput();
};

void BenchDecode::decodeTypicalToken()
{
    const QByteArray token = typicalToken();
    QVERIFY(token.size() >= 300 && token.size() <= 600);
    const DecodeResult check = CompactToken::decode(token);
    QVERIFY(check);
    QVERIFY(check.token->payload.has_value());
    QBENCHMARK
    {
        const DecodeResult result = CompactToken::decode(token);
        if (!result)
            QFAIL("decode failed");
    }
}

void BenchDecode::parsePayloadJson()
{
    const QByteArray token = typicalToken();
    const QByteArray payload = CompactToken::decode(token).token->segment(SegmentRole::Payload).bytes;
    QBENCHMARK
    {
        const JsonParseResult result = Json::parse(payload);
        if (!result)
            QFAIL("parse failed");
    }
}

void BenchDecode::base64UrlDecodeToken()
{
    const QByteArray token = typicalToken();
    const QByteArray payloadText = token.split('.').at(1);
    QBENCHMARK
    {
        const Base64Url::DecodeResult result = Base64Url::decode(payloadText);
        if (!result)
            QFAIL("decode failed");
    }
}

// For comparison only: one-shot HMAC-SHA256 over the signing input, as a bare OpenSSL caller would do it.
void BenchDecode::referenceHmacOverSigningInput()
{
    const QByteArray token = typicalToken();
    const QByteArray signingInput = token.left(token.lastIndexOf('.'));
    const QByteArray key(32, '\x11');
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t macLength = 0;
    QBENCHMARK
    {
        if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.constData(), size_t(key.size()),
                       reinterpret_cast<const unsigned char *>(signingInput.constData()), size_t(signingInput.size()),
                       mac, sizeof mac, &macLength))
            QFAIL("HMAC failed");
    }
}

QTEST_GUILESS_MAIN(BenchDecode)
#include "bench_decode.moc"
