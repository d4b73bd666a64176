#pragma once

#include "common/Result.h"
#include "issuer/MockIssuer.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
class QHttpServerResponse;
QT_END_NAMESPACE

namespace tokenscope::issuer {

// The issuers a root MockIssuer serves beside itself on its one listener, each reached by its first path segment
// (/NAME/...; docs/issuer.md "Several issuers"). Each tenant is a MockIssuer of its own (keys, policy, clients,
// users, families, clock offset, faults, store), so nothing one tenant issues is known to another; this class only
// starts them, routes requests to them and forwards their log. It lives in the root's thread, like the tenants.
class IssuerTenants
{
public:
    explicit IssuerTenants(MockIssuer &root);
    ~IssuerTenants();
    IssuerTenants(const IssuerTenants &) = delete;
    IssuerTenants &operator=(const IssuerTenants &) = delete;

    // Why these tenants cannot be started (a bad or repeated name, too many), or an empty string; checked before
    // any database is touched.
    [[nodiscard]] static QString problem(const QList<MockIssuerOptions::Tenant> &tenants);

    // Starts every tenant behind the root's listener (the root is listening: `rootOptions` give the clock and HTTP
    // limits, the root's address and port are its own), each with its state beside `rootLocation`. On failure the
    // error names the tenant and the tenants started so far are stopped.
    [[nodiscard]] Result<void> start(const QList<MockIssuerOptions::Tenant> &tenants,
                                     const MockIssuerOptions &rootOptions, const IssuerDatabaseLocation &rootLocation);
    void stop();

    // A request for a tenant: its answer (possibly its own 404); nullopt when the path names no tenant.
    [[nodiscard]] std::optional<QHttpServerResponse> answer(const QHttpServerRequest &request);
    // Whether the tenant that just answered asked for its answer to be dropped (drop_refresh_response); clears it.
    [[nodiscard]] bool takeDropAnswer();

    [[nodiscard]] QStringList names() const;
    [[nodiscard]] MockIssuer *tenant(const QString &name) const;

private:
    struct Tenant
    {
        QString name;
        std::unique_ptr<MockIssuer> issuer;
    };

    MockIssuer &m_root;
    std::vector<Tenant> m_tenants; // in the order given; at most IssuerTenantName::maxTenants, so found by a scan
};

} // namespace tokenscope::issuer
