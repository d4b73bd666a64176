#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

// Tokens for the scan tests, built with Qt's own base64 and HMAC (independent of Tokenscope's JOSE code).
namespace ScanTestSupport {

inline QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

inline constexpr char kSecret[] = "a-32-byte-secret-for-scan-tests!";

// A compact HS256 JWS over exactly these header and payload bytes.
inline QByteArray hs256(const QByteArray &payload, const QByteArray &header = R"({"alg":"HS256","typ":"JWT"})")
{
    const QByteArray signingInput = base64Url(header) + '.' + base64Url(payload);
    return signingInput + '.'
        + base64Url(QMessageAuthenticationCode::hash(signingInput, kSecret, QCryptographicHash::Sha256));
}

// A token with subject `subject` that expires at `exp`.
inline QByteArray tokenFor(const QByteArray &subject, qint64 exp = 2000000000,
                           const QByteArray &issuer = "https://issuer.example")
{
    return hs256(R"({"iss":")" + issuer + R"(","sub":")" + subject + R"(","iat":1700000000,"exp":)"
                 + QByteArray::number(exp) + "}");
}

// A JWE in compact form (RFC 7516 §7.1) with direct encryption: the parts after the header are opaque here.
inline QByteArray jwe()
{
    return base64Url(R"({"alg":"dir","enc":"A128GCM","kid":"enc-1"})") + ".." + base64Url("iv-iv-iv-iv-") + '.'
        + base64Url("ciphertext") + '.' + base64Url("tag-tag-tag-tag-");
}

// An SD-JWT (RFC 9901 §4) with two disclosures and no key binding.
inline QByteArray sdJwt()
{
    return hs256(R"({"iss":"https://issuer.example","_sd":["x"],"_sd_alg":"sha-256"})",
                 R"({"alg":"HS256","typ":"dc+sd-jwt"})")
        + '~' + base64Url(R"(["salt1","given_name","Erika"])") + '~'
        + base64Url(R"(["salt2","family_name","Mustermann"])") + '~';
}

} // namespace ScanTestSupport
