#include "crypto/Algorithm.h"

#include <QList>

namespace tokenscope::Algorithms {

namespace {
struct Entry
{
    Algorithm algorithm;
    QStringView name;
    KeyFamily family;
    int hashSize;
    QStringView curve;
};

// RFC 7518 §3.1 names; RFC 8037 §3.1 adds EdDSA; RFC 9864 §2.2 adds Ed25519 and Ed448, EdDSA on one fixed curve.
constexpr Entry entries[] = {
    {Algorithm::HS256, u"HS256", KeyFamily::Hmac, 32, u""},
    {Algorithm::HS384, u"HS384", KeyFamily::Hmac, 48, u""},
    {Algorithm::HS512, u"HS512", KeyFamily::Hmac, 64, u""},
    {Algorithm::RS256, u"RS256", KeyFamily::Rsa, 32, u""},
    {Algorithm::RS384, u"RS384", KeyFamily::Rsa, 48, u""},
    {Algorithm::RS512, u"RS512", KeyFamily::Rsa, 64, u""},
    {Algorithm::PS256, u"PS256", KeyFamily::Rsa, 32, u""},
    {Algorithm::PS384, u"PS384", KeyFamily::Rsa, 48, u""},
    {Algorithm::PS512, u"PS512", KeyFamily::Rsa, 64, u""},
    {Algorithm::ES256, u"ES256", KeyFamily::Ec, 32, u"P-256"},
    {Algorithm::ES384, u"ES384", KeyFamily::Ec, 48, u"P-384"},
    {Algorithm::ES512, u"ES512", KeyFamily::Ec, 64, u"P-521"},
    {Algorithm::EdDSA, u"EdDSA", KeyFamily::Okp, 0, u""},
    {Algorithm::Ed25519, u"Ed25519", KeyFamily::Okp, 0, u"Ed25519"},
    {Algorithm::Ed448, u"Ed448", KeyFamily::Okp, 0, u"Ed448"},
};

const Entry &entry(Algorithm algorithm)
{
    return entries[int(algorithm)];
}

// The names live in static storage, so a QString over them needs no allocation: name() runs on every
// verification (Key::fits), from several threads at once.
QString staticString(QStringView text)
{
    return QString::fromRawData(reinterpret_cast<const QChar *>(text.data()), text.size());
}
} // namespace

std::optional<Algorithm> fromName(QStringView name)
{
    for (const Entry &candidate : entries) {
        if (candidate.name == name)
            return candidate.algorithm;
    }
    return std::nullopt;
}

QString name(Algorithm algorithm)
{
    return staticString(entry(algorithm).name);
}

KeyFamily family(Algorithm algorithm)
{
    return entry(algorithm).family;
}

int hashSize(Algorithm algorithm)
{
    return entry(algorithm).hashSize;
}

QString curve(Algorithm algorithm)
{
    return staticString(entry(algorithm).curve);
}

const QList<Algorithm> &all()
{
    static const QList<Algorithm> list = [] {
        QList<Algorithm> algorithms;
        for (const Entry &candidate : entries)
            algorithms.append(candidate.algorithm);
        return algorithms;
    }();
    return list;
}

} // namespace tokenscope::Algorithms
