#include "issuer/IssuerTenants.h"

#include "issuer/IssuerTenantName.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QSet>

namespace tokenscope::issuer {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct TenantsText
{
    Q_DECLARE_TR_FUNCTIONS(IssuerTenants)
};

// RFC 8414 §3.1: the metadata of the issuer https://host/NAME is at https://host/.well-known/oauth-authorization-server
// /NAME. The OpenID Connect discovery document is a superset of that metadata, so it answers both paths.
constexpr QStringView metadataPrefix = u"/.well-known/oauth-authorization-server/";

} // namespace

IssuerTenants::IssuerTenants(MockIssuer &root) : m_root(root)
{ }

IssuerTenants::~IssuerTenants()
{
    stop();
}

QString IssuerTenants::problem(const QList<MockIssuerOptions::Tenant> &tenants)
{
    if (tenants.size() > IssuerTenantName::maxTenants)
        return TenantsText::tr("%1 tenants: a server holds at most %2")
            .arg(tenants.size())
            .arg(IssuerTenantName::maxTenants);
    QSet<QString> seen;
    for (const MockIssuerOptions::Tenant &tenant : tenants) {
        if (const QString problem = IssuerTenantName::problem(tenant.name); !problem.isEmpty())
            return TenantsText::tr("tenant: %1").arg(problem);
        if (seen.contains(tenant.name))
            return TenantsText::tr("tenant: \"%1\" is given twice").arg(tenant.name);
        seen.insert(tenant.name);
    }
    return {};
}

Result<void> IssuerTenants::start(const QList<MockIssuerOptions::Tenant> &tenants, const MockIssuerOptions &rootOptions,
                                  const IssuerDatabaseLocation &rootLocation)
{
    stop();
    for (const MockIssuerOptions::Tenant &tenant : tenants) {
        MockIssuerOptions options = rootOptions;
        options.config = tenant.config;
        options.config.tenants.clear();
        options.configGiven = tenant.configGiven;
        options.tenants.clear();
        options.address = m_root.m_address;
        options.port = m_root.port();
        auto issuer = std::make_unique<MockIssuer>();
        // One request log for the whole server: a tenant's entries carry their full path (/NAME/token).
        QObject::connect(issuer.get(), &MockIssuer::requestHandled, &m_root, &MockIssuer::requestHandled);
        QObject::connect(issuer.get(), &MockIssuer::tokensIssued, &m_root, &MockIssuer::tokensIssued);
        if (Result<void> started
            = issuer->startBehind(options, rootLocation.forTenant(tenant.name), QLatin1Char('/') + tenant.name);
            !started) {
            stop();
            return Error {started.error().code(),
                          TenantsText::tr("tenant %1: %2").arg(tenant.name, started.error().message())};
        }
        m_tenants.push_back({tenant.name, std::move(issuer)});
    }
    return {};
}

void IssuerTenants::stop()
{
    for (Tenant &tenant : m_tenants)
        tenant.issuer->stop();
    m_tenants.clear();
}

std::optional<QHttpServerResponse> IssuerTenants::answer(const QHttpServerRequest &request)
{
    const QString path = request.url().path();
    if (path.startsWith(metadataPrefix)) {
        if (MockIssuer *issuer = tenant(path.mid(metadataPrefix.size())))
            return issuer->answer(QStringLiteral("/.well-known/openid-configuration"), request);
        return std::nullopt;
    }
    // "/NAME" alone or "/NAME/...": the rest is the tenant's own path.
    const qsizetype slash = path.indexOf(u'/', 1);
    const QString name = path.mid(1, slash < 0 ? -1 : slash - 1);
    MockIssuer *issuer = tenant(name);
    if (!issuer)
        return std::nullopt;
    return issuer->answer(slash < 0 ? QStringLiteral("/") : path.mid(slash), request);
}

bool IssuerTenants::takeDropAnswer()
{
    bool drop = false;
    for (Tenant &tenant : m_tenants)
        drop = std::exchange(tenant.issuer->m_dropAnswer, false) || drop;
    return drop;
}

QStringList IssuerTenants::names() const
{
    QStringList names;
    for (const Tenant &tenant : m_tenants)
        names << tenant.name;
    return names;
}

MockIssuer *IssuerTenants::tenant(const QString &name) const
{
    for (const Tenant &tenant : m_tenants) {
        if (tenant.name == name)
            return tenant.issuer.get();
    }
    return nullptr;
}

} // namespace tokenscope::issuer
