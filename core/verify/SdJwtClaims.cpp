#include "verify/SdJwtClaims.h"

#include "jose/Base64Url.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

namespace tokenscope::SdJwtReconstruction {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct SdJwtClaimsText
{
    Q_DECLARE_TR_FUNCTIONS(SdJwtClaims)
};

// RFC 6901 §3: '~' and '/' in a member name are escaped.
QString pointerStep(const QString &path, const QString &name)
{
    QString escaped = name;
    escaped.replace(u'~', QStringLiteral("~0")).replace(u'/', QStringLiteral("~1"));
    return path + u'/' + escaped;
}

class Reconstructor
{
public:
    Reconstructor(const SdJwt &sdJwt, SdJwtClaims &result, int maxDepth)
        : m_sdJwt(sdJwt), m_result(result), m_maxDepth(maxDepth)
    { }

    void run()
    {
        const JsonValue *payload = m_sdJwt.issuerSigned.payload ? &*m_sdJwt.issuerSigned.payload : nullptr;
        const JsonValue *algorithm = payload && payload->isObject() ? payload->value(u"_sd_alg") : nullptr;
        // RFC 9901 §4.1.1: without "_sd_alg" the digests are SHA-256.
        m_result.hashAlgorithm = algorithm && algorithm->isString() ? algorithm->string : QStringLiteral("sha-256");
        m_result.hashStrength = NamedHash::strength(m_result.hashAlgorithm);
        if (algorithm && !algorithm->isString())
            m_result.hashStrength = NamedHash::Strength::Unknown;
        if (m_result.hashStrength == NamedHash::Strength::Unknown)
            problem(
                SdJwtProblem::Kind::UnknownHashAlgorithm, 0,
                SdJwtClaimsText::tr(
                    "\"_sd_alg\" %1 is not a hash algorithm Tokenscope can compute; no digest can be checked")
                    .arg(QString::fromUtf8(algorithm ? Json::write(*algorithm, Json::Style::Compact) : QByteArray())));
        else if (m_result.hashStrength == NamedHash::Strength::Weak)
            problem(SdJwtProblem::Kind::WeakHashAlgorithm, 0,
                    SdJwtClaimsText::tr(
                        "\"_sd_alg\" \"%1\" is not collision resistant: a holder could find another Disclosure with "
                        "the same digest")
                        .arg(m_result.hashAlgorithm));

        m_result.matches.resize(m_sdJwt.disclosures.size());
        for (size_t index = 0; index < m_sdJwt.disclosures.size(); ++index) {
            const Disclosure &disclosure = m_sdJwt.disclosures[index];
            const std::optional<QByteArray> hash = NamedHash::digest(m_result.hashAlgorithm, disclosure.encoded);
            if (!hash)
                continue;
            m_result.matches[index].digest = Base64Url::encode(*hash);
            // The same Disclosure presented twice has one digest: the second copy is never referenced.
            if (!m_byDigest.contains(m_result.matches[index].digest))
                m_byDigest.insert(m_result.matches[index].digest, int(index));
        }

        if (payload)
            m_result.claims = process(*payload, QString(), 0, true);
        else
            m_result.claims = JsonValue::makeObject();

        if (m_result.hashStrength == NamedHash::Strength::Unknown)
            return; // every Disclosure would be "unreferenced"; the one unknown-algorithm problem says why
        for (size_t index = 0; index < m_sdJwt.disclosures.size(); ++index) {
            if (!m_result.matches[index].referenced)
                problem(SdJwtProblem::Kind::UnreferencedDisclosure, m_sdJwt.disclosures[index].position,
                        SdJwtClaimsText::tr("disclosure %1 (%2): no digest in the token refers to it")
                            .arg(m_sdJwt.disclosures[index].position)
                            .arg(describe(m_sdJwt.disclosures[index])));
        }
    }

private:
    static QString describe(const Disclosure &disclosure)
    {
        return disclosure.claimName ? SdJwtClaimsText::tr("claim \"%1\"").arg(*disclosure.claimName)
                                    : SdJwtClaimsText::tr("an array element");
    }

    void problem(SdJwtProblem::Kind kind, int disclosure, const QString &message)
    {
        m_result.problems.append({kind, disclosure, message});
    }

    // The Disclosure a digest names, or nullptr for an undisclosed digest (withheld claim or decoy). A digest seen
    // before is a problem (§7.1 step 4) and discloses nothing the second time.
    const Disclosure *lookUp(const QString &digest, const QString &path)
    {
        const QByteArray key = digest.toLatin1();
        if (m_seen.contains(key)) {
            problem(SdJwtProblem::Kind::RepeatedDigest, 0,
                    SdJwtClaimsText::tr("the digest %1 appears more than once (again at %2)")
                        .arg(digest, path.isEmpty() ? u"/"_qs : path));
            return nullptr;
        }
        m_seen.insert(key);
        const auto found = m_byDigest.constFind(key);
        if (found == m_byDigest.constEnd()) {
            m_result.undisclosed.append({digest, path});
            return nullptr;
        }
        return &m_sdJwt.disclosures[size_t(found.value())];
    }

    void markReferenced(const Disclosure &disclosure, const QString &path)
    {
        DisclosureMatch &match = m_result.matches[size_t(disclosure.position - 1)];
        match.referenced = true;
        match.path = path;
    }

    JsonValue process(const JsonValue &value, const QString &path, int depth, bool topLevel = false)
    {
        if (depth > m_maxDepth) {
            if (!m_tooDeepReported)
                problem(SdJwtProblem::Kind::TooDeep, 0,
                        SdJwtClaimsText::tr(
                            "disclosed values nest more than %1 levels deep at %2; deeper digests were not followed")
                            .arg(m_maxDepth)
                            .arg(path));
            m_tooDeepReported = true;
            return value;
        }
        if (value.isObject())
            return processObject(value, path, depth, topLevel);
        if (value.isArray())
            return processArray(value, path, depth);
        return value;
    }

    JsonValue processObject(const JsonValue &object, const QString &path, int depth, bool topLevel)
    {
        JsonValue result = JsonValue::makeObject();
        result.span = object.span;
        const JsonValue *digests = nullptr;
        for (const JsonMember &member : object.members) {
            if (member.name == u"_sd") {
                digests = &member.value;
                continue;
            }
            if (topLevel && member.name == u"_sd_alg")
                continue;
            const QString memberPath = pointerStep(path, member.name);
            JsonMember copy {member.name, member.nameSpan, process(member.value, memberPath, depth + 1)};
            result.members.push_back(std::move(copy));
        }
        if (!digests)
            return result;
        if (!digests->isArray()) {
            problem(
                SdJwtProblem::Kind::MalformedDigests, 0,
                SdJwtClaimsText::tr("\"_sd\" at %1 is not an array of digests").arg(path.isEmpty() ? u"/"_qs : path));
            return result;
        }
        for (const JsonValue &digest : digests->elements) {
            if (!digest.isString()) {
                problem(SdJwtProblem::Kind::MalformedDigests, 0,
                        SdJwtClaimsText::tr("\"_sd\" at %1 holds a value that is not a digest string")
                            .arg(path.isEmpty() ? u"/"_qs : path));
                continue;
            }
            const Disclosure *disclosure = lookUp(digest.string, path);
            if (!disclosure)
                continue;
            if (disclosure->isArrayElement()) {
                problem(SdJwtProblem::Kind::WrongDisclosureKind, disclosure->position,
                        SdJwtClaimsText::tr("disclosure %1 is an array element but its digest sits in \"_sd\" at %2")
                            .arg(disclosure->position)
                            .arg(path.isEmpty() ? u"/"_qs : path));
                markReferenced(*disclosure, path);
                continue;
            }
            const QString &name = *disclosure->claimName;
            markReferenced(*disclosure, pointerStep(path, name));
            if (name == u"_sd" || name == u"...") {
                problem(SdJwtProblem::Kind::ReservedClaimName, disclosure->position,
                        SdJwtClaimsText::tr("disclosure %1 names the reserved claim \"%2\"")
                            .arg(disclosure->position)
                            .arg(name));
                continue;
            }
            if (result.member(name)) {
                problem(SdJwtProblem::Kind::ClaimNameClash, disclosure->position,
                        SdJwtClaimsText::tr("disclosure %1 discloses \"%2\", which already exists at %3")
                            .arg(disclosure->position)
                            .arg(name, path.isEmpty() ? u"/"_qs : path));
                continue;
            }
            result.append(name, process(disclosure->value, pointerStep(path, name), depth + 1));
        }
        return result;
    }

    // RFC 9901 §4.2.4.2: an array element {"...": digest} is replaced by the disclosed value, or removed.
    JsonValue processArray(const JsonValue &array, const QString &path, int depth)
    {
        JsonValue result = JsonValue::makeArray();
        result.span = array.span;
        for (const JsonValue &element : array.elements) {
            const QString elementPath = pointerStep(path, QString::number(result.elements.size()));
            const bool isDigest
                = element.isObject() && element.members.size() == 1 && element.members.front().name == u"...";
            if (!isDigest) {
                result.elements.push_back(process(element, elementPath, depth + 1));
                continue;
            }
            const JsonValue &digest = element.members.front().value;
            if (!digest.isString()) {
                problem(
                    SdJwtProblem::Kind::MalformedDigests, 0,
                    SdJwtClaimsText::tr("an array element at %1 has a \"...\" that is not a digest string").arg(path));
                continue;
            }
            const Disclosure *disclosure = lookUp(digest.string, elementPath);
            if (!disclosure)
                continue;
            markReferenced(*disclosure, elementPath);
            if (!disclosure->isArrayElement()) {
                problem(
                    SdJwtProblem::Kind::WrongDisclosureKind, disclosure->position,
                    SdJwtClaimsText::tr("disclosure %1 is a claim (\"%2\") but its digest is an array element at %3")
                        .arg(disclosure->position)
                        .arg(*disclosure->claimName, path));
                continue;
            }
            result.elements.push_back(process(disclosure->value, elementPath, depth + 1));
        }
        return result;
    }

    const SdJwt &m_sdJwt;
    SdJwtClaims &m_result;
    int m_maxDepth;
    QHash<QByteArray, int> m_byDigest; // digest → index of the first Disclosure with it
    QSet<QByteArray> m_seen;
    bool m_tooDeepReported = false;
};

} // namespace

SdJwtClaims reconstruct(const SdJwt &sdJwt, int maxDepth)
{
    SdJwtClaims result;
    Reconstructor(sdJwt, result, maxDepth).run();
    return result;
}

} // namespace tokenscope::SdJwtReconstruction
