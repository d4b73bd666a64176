#include "issuer/IssuerTenantName.h"

#include <QCoreApplication>

#include <algorithm>
#include <iterator>

namespace tokenscope::issuer {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct TenantNameText
{
    Q_DECLARE_TR_FUNCTIONS(IssuerTenantName)
};

// The root issuer's first path segments: a tenant of the same name would hide the root's endpoint (or be hidden by
// it), so those names are refused rather than left to routing order. (".well-known" cannot be a name at all.)
constexpr QStringView reservedNames[] = {
    u"admin", u"authorize", u"device", u"end-session", u"introspect", u"jwks", u"revoke", u"token", u"userinfo",
};

bool isNameCharacter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
}

} // namespace

QString IssuerTenantName::problem(QStringView name)
{
    // Lower-case letters, digits and '-' only: the name is a URL path segment (no escaping needed), a file name
    // part and, with '-' spelled '_', a PostgreSQL schema name that needs no quoting.
    bool wellFormed = !name.isEmpty() && name.size() <= maxLength && name.front() != u'-';
    for (const QChar c : name)
        wellFormed = wellFormed && isNameCharacter(c);
    if (!wellFormed)
        return TenantNameText::tr("\"%1\" is not a tenant name: use 1 to %2 of a-z, 0-9 and -, starting with a "
                                  "letter or digit")
            .arg(name.left(maxLength + 8))
            .arg(maxLength);
    if (std::find(std::begin(reservedNames), std::end(reservedNames), name) != std::end(reservedNames))
        return TenantNameText::tr("\"%1\" is a path of the root issuer; choose another tenant name").arg(name);
    return {};
}

} // namespace tokenscope::issuer
