// The strings the JSON parser interns, and the table that finds them.

#include "jose/JsonInterning.h"

namespace tokenscope::JsonInterning {

InternTable::InternTable()
{
    static const InternedString entries[] = {
        {"alg", 3, QStringLiteral("alg")},       {"typ", 3, QStringLiteral("typ")},
        {"kid", 3, QStringLiteral("kid")},       {"iss", 3, QStringLiteral("iss")},
        {"sub", 3, QStringLiteral("sub")},       {"aud", 3, QStringLiteral("aud")},
        {"exp", 3, QStringLiteral("exp")},       {"iat", 3, QStringLiteral("iat")},
        {"nbf", 3, QStringLiteral("nbf")},       {"jti", 3, QStringLiteral("jti")},
        {"cty", 3, QStringLiteral("cty")},       {"jwk", 3, QStringLiteral("jwk")},
        {"jku", 3, QStringLiteral("jku")},       {"x5u", 3, QStringLiteral("x5u")},
        {"x5c", 3, QStringLiteral("x5c")},       {"x5t", 3, QStringLiteral("x5t")},
        {"enc", 3, QStringLiteral("enc")},       {"zip", 3, QStringLiteral("zip")},
        {"kty", 3, QStringLiteral("kty")},       {"crv", 3, QStringLiteral("crv")},
        {"use", 3, QStringLiteral("use")},       {"azp", 3, QStringLiteral("azp")},
        {"sid", 3, QStringLiteral("sid")},       {"JWT", 3, QStringLiteral("JWT")},
        {"crit", 4, QStringLiteral("crit")},     {"none", 4, QStringLiteral("none")},
        {"name", 4, QStringLiteral("name")},     {"role", 4, QStringLiteral("role")},
        {"keys", 4, QStringLiteral("keys")},     {"x5t#S256", 8, QStringLiteral("x5t#S256")},
        {"scope", 5, QStringLiteral("scope")},   {"nonce", 5, QStringLiteral("nonce")},
        {"roles", 5, QStringLiteral("roles")},   {"email", 5, QStringLiteral("email")},
        {"HS256", 5, QStringLiteral("HS256")},   {"HS384", 5, QStringLiteral("HS384")},
        {"HS512", 5, QStringLiteral("HS512")},   {"RS256", 5, QStringLiteral("RS256")},
        {"RS384", 5, QStringLiteral("RS384")},   {"RS512", 5, QStringLiteral("RS512")},
        {"PS256", 5, QStringLiteral("PS256")},   {"PS384", 5, QStringLiteral("PS384")},
        {"PS512", 5, QStringLiteral("PS512")},   {"ES256", 5, QStringLiteral("ES256")},
        {"ES384", 5, QStringLiteral("ES384")},   {"ES512", 5, QStringLiteral("ES512")},
        {"EdDSA", 5, QStringLiteral("EdDSA")},   {"at+jwt", 6, QStringLiteral("at+jwt")},
        {"groups", 6, QStringLiteral("groups")}, {"tenant", 6, QStringLiteral("tenant")},
    };
    for (const InternedString &entry : entries) {
        const quint64 key = pack(reinterpret_cast<const unsigned char *>(entry.text), entry.length);
        size_t slot = hash(key);
        while (m_slots[slot])
            slot = (slot + 1) % m_slots.size();
        m_slots[slot] = &entry;
        m_keys[slot] = key;
    }
}

} // namespace tokenscope::JsonInterning
