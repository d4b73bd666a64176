#include "issuer/IssuerConfig.h"

#include "common/BoundedRead.h"
#include "crypto/KeyParser.h"
#include "issuer/IssuerTenantName.h"
#include "jose/Json.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QVariantList>

namespace tokenscope::issuer {

namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct IssuerConfigText
{
    Q_DECLARE_TR_FUNCTIONS(IssuerConfig)
};

constexpr qsizetype maxConfigBytes = 4 * 1024 * 1024;

const QStringList knownGrantTypes = {
    QStringLiteral("authorization_code"),
    QStringLiteral("client_credentials"),
    QStringLiteral("password"),
    QStringLiteral("refresh_token"),
    QStringLiteral("urn:ietf:params:oauth:grant-type:token-exchange"),
    QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"),
};

// Thrown nowhere: the reader stops at the first error and reports it with the line of the offending value.
class Reader
{
public:
    Reader(QByteArrayView bytes, QString source) : m_bytes(bytes), m_source(std::move(source)) { }

    [[nodiscard]] int lineAt(qsizetype offset) const
    {
        int line = 1;
        for (qsizetype i = 0; i < offset && i < m_bytes.size(); ++i) {
            if (m_bytes[i] == '\n')
                ++line;
        }
        return line;
    }
    [[nodiscard]] int columnAt(qsizetype offset) const
    {
        int column = 1;
        for (qsizetype i = std::min(offset, m_bytes.size()) - 1; i >= 0 && m_bytes[i] != '\n'; --i)
            ++column;
        return column;
    }

    bool fail(qsizetype offset, const QString &field, const QString &message)
    {
        if (!m_result.error.isEmpty())
            return false;
        m_result.line = lineAt(offset);
        m_result.field = field;
        m_result.error = field.isEmpty()
            ? QStringLiteral("%1:%2:%3: %4").arg(m_source).arg(m_result.line).arg(columnAt(offset)).arg(message)
            : QStringLiteral("%1:%2:%3: %4: %5")
                  .arg(m_source)
                  .arg(m_result.line)
                  .arg(columnAt(offset))
                  .arg(field, message);
        return false;
    }
    bool fail(const JsonValue &value, const QString &field, const QString &message)
    {
        return fail(value.span.start, field, message);
    }

    bool readString(const JsonValue &value, const QString &field, QString &out, bool allowEmpty = false)
    {
        if (!value.isString())
            return fail(value, field, IssuerConfigText::tr("expected a string"));
        if (!allowEmpty && value.string.isEmpty())
            return fail(value, field, IssuerConfigText::tr("must not be empty"));
        out = value.string;
        return true;
    }
    bool readSeconds(const JsonValue &value, const QString &field, qint64 &out)
    {
        const std::optional<qint64> number = value.isNumber() ? value.toInteger() : std::nullopt;
        if (!number || *number < 0)
            return fail(value, field, IssuerConfigText::tr("expected a whole number of seconds (0 or more)"));
        out = *number;
        return true;
    }
    bool readBool(const JsonValue &value, const QString &field, bool &out)
    {
        if (!value.isBool())
            return fail(value, field, IssuerConfigText::tr("expected true or false"));
        out = value.boolean;
        return true;
    }
    bool readStringList(const JsonValue &value, const QString &field, QStringList &out)
    {
        if (!value.isArray())
            return fail(value, field, IssuerConfigText::tr("expected an array of strings"));
        for (size_t i = 0; i < value.elements.size(); ++i) {
            QString item;
            if (!readString(value.elements[i], QStringLiteral("%1[%2]").arg(field).arg(i), item))
                return false;
            out << item;
        }
        return true;
    }
    bool checkObject(const JsonValue &value, const QString &field)
    {
        if (!value.isObject())
            return fail(value, field, IssuerConfigText::tr("expected an object"));
        for (size_t i = 0; i < value.members.size(); ++i) {
            for (size_t j = 0; j < i; ++j) {
                if (value.members[j].name == value.members[i].name)
                    return fail(value.members[i].nameSpan.start, join(field, value.members[i].name),
                                IssuerConfigText::tr("appears twice"));
            }
        }
        return true;
    }
    bool unknownMember(const JsonMember &member, const QString &field)
    {
        return fail(member.nameSpan.start, join(field, member.name), IssuerConfigText::tr("unknown member"));
    }
    static QString join(const QString &field, const QString &name)
    {
        return field.isEmpty() ? name : QStringLiteral("%1.%2").arg(field, name);
    }

    QVariant toVariant(const JsonValue &value)
    {
        switch (value.type) {
        case JsonValue::Type::Null:
            return {};
        case JsonValue::Type::Bool:
            return value.boolean;
        case JsonValue::Type::Number:
            if (const auto integer = value.toInteger())
                return *integer;
            return value.toDouble().value_or(0.0);
        case JsonValue::Type::String:
            return value.string;
        case JsonValue::Type::Array: {
            QVariantList list;
            for (const JsonValue &element : value.elements)
                list << toVariant(element);
            return list;
        }
        case JsonValue::Type::Object: {
            QVariantMap map;
            for (const JsonMember &member : value.members)
                map.insert(member.name, toVariant(member.value));
            return map;
        }
        }
        return {};
    }

    bool readPolicy(const JsonValue &value, const QString &field, policy::IssuerPolicy &policy)
    {
        if (!checkObject(value, field))
            return false;
        for (const JsonMember &member : value.members) {
            const QString name = member.name;
            const QString path = join(field, name);
            const JsonValue &v = member.value;
            bool ok = true;
            auto enumValue = [&](auto parsed, auto &target, const QString &choices) {
                if (!v.isString() || !parsed(v.string))
                    return fail(v, path, IssuerConfigText::tr("expected one of %1").arg(choices));
                target = *parsed(v.string);
                return true;
            };
            if (name == u"access_token_ttl") {
                ok = readSeconds(v, path, policy.accessTokenTtl);
                if (ok && policy.accessTokenTtl == 0)
                    ok = fail(v, path, IssuerConfigText::tr("must be at least 1 second"));
            } else if (name == u"refresh_tokens") {
                ok = readBool(v, path, policy.refreshTokensEnabled);
            } else if (name == u"refresh_token_lifetime") {
                ok = readSeconds(v, path, policy.refreshTokenLifetime);
            } else if (name == u"refresh_token_max_lifetime") {
                ok = readSeconds(v, path, policy.refreshTokenMaxLifetime);
            } else if (name == u"lifetime_mode") {
                ok = enumValue([](const QString &s) { return policy::PolicyNames::lifetimeModeFromName(s); },
                               policy.lifetimeMode, QStringLiteral("absolute, sliding_idle, inherit_remaining"));
            } else if (name == u"rotation") {
                ok = enumValue([](const QString &s) { return policy::PolicyNames::rotationFromName(s); },
                               policy.rotation, QStringLiteral("never, always, after_percent"));
            } else if (name == u"rotate_after_percent") {
                qint64 percent = 0;
                ok = readSeconds(v, path, percent);
                if (ok && (percent < 1 || percent > 100))
                    ok = fail(v, path, IssuerConfigText::tr("expected a percentage from 1 to 100"));
                policy.rotateAfterPercent = int(percent);
            } else if (name == u"reuse") {
                ok = enumValue([](const QString &s) { return policy::PolicyNames::reuseFromName(s); }, policy.reuse,
                               QStringLiteral("revoke_family, reject_replay, accept"));
            } else if (name == u"grace") {
                ok = enumValue([](const QString &s) { return policy::PolicyNames::graceFromName(s); }, policy.grace,
                               QStringLiteral("none, new_token, same_token"));
            } else if (name == u"grace_seconds") {
                ok = readSeconds(v, path, policy.graceSeconds);
            } else if (name == u"signing_algorithm") {
                const std::optional<Algorithm> algorithm = v.isString() ? Algorithms::fromName(v.string) : std::nullopt;
                if (!algorithm || Algorithms::family(*algorithm) == KeyFamily::Hmac)
                    ok = fail(v, path,
                              IssuerConfigText::tr("expected an asymmetric JWS algorithm (ES256, RS256, EdDSA, …)"));
                else
                    policy.signingAlgorithm = *algorithm;
            } else if (name == u"key_rotation_interval") {
                ok = readSeconds(v, path, policy.keyRotationInterval);
            } else if (name == u"key_overlap") {
                ok = readSeconds(v, path, policy.keyOverlap);
            } else {
                ok = unknownMember(member, field);
            }
            if (!ok)
                return false;
        }
        return true;
    }

    // A JWK Set of the client's public keys (RFC 7517 §5); private parts are refused: the issuer never needs them.
    bool readClientKeys(const JsonValue &value, const QString &field, KeySet &keys)
    {
        if (!checkObject(value, field))
            return false;
        const KeyParseResult parsed = KeyParser::parseJwks(m_bytes.sliced(value.span.start, value.span.length), field);
        if (!parsed.skipped.isEmpty())
            return fail(value, field, parsed.skipped.constFirst());
        if (parsed.keys.isEmpty())
            return fail(value, field, IssuerConfigText::tr("expected at least one public key"));
        for (const Key &key : parsed.keys) {
            if (key.hasPrivate())
                return fail(value, field,
                            IssuerConfigText::tr("holds a private key; give the client's public keys only"));
        }
        keys = parsed.keys;
        return true;
    }

    bool readClient(const JsonValue &value, const QString &field, IssuerClient &client)
    {
        if (!checkObject(value, field))
            return false;
        for (const JsonMember &member : value.members) {
            const QString path = join(field, member.name);
            bool ok = true;
            if (member.name == u"client_id") {
                ok = readString(member.value, path, client.clientId);
            } else if (member.name == u"client_secret") {
                ok = readString(member.value, path, client.secret);
            } else if (member.name == u"redirect_uris") {
                ok = readStringList(member.value, path, client.redirectUris);
            } else if (member.name == u"grant_types") {
                ok = readStringList(member.value, path, client.grantTypes);
                for (const QString &grant : std::as_const(client.grantTypes)) {
                    if (ok && !knownGrantTypes.contains(grant))
                        ok = fail(member.value, path,
                                  IssuerConfigText::tr("unknown grant type \"%1\" (expected %2)")
                                      .arg(grant, knownGrantTypes.join(u", ")));
                }
            } else if (member.name == u"scope") {
                ok = readString(member.value, path, client.scope, true);
            } else if (member.name == u"jwks") {
                ok = readClientKeys(member.value, path, client.keys);
            } else if (member.name == u"dpop_bound_access_tokens") {
                ok = readBool(member.value, path, client.dpopBoundAccessTokens);
            } else {
                ok = unknownMember(member, field);
            }
            if (!ok)
                return false;
        }
        if (client.clientId.isEmpty())
            return fail(value, join(field, QStringLiteral("client_id")), IssuerConfigText::tr("is required"));
        return true;
    }

    bool readUser(const JsonValue &value, const QString &field, IssuerUser &user)
    {
        if (!checkObject(value, field))
            return false;
        for (const JsonMember &member : value.members) {
            const QString path = join(field, member.name);
            bool ok = true;
            if (member.name == u"username") {
                ok = readString(member.value, path, user.username);
            } else if (member.name == u"password") {
                ok = readString(member.value, path, user.password);
            } else if (member.name == u"sub") {
                ok = readString(member.value, path, user.subject);
            } else if (member.name == u"claims") {
                ok = checkObject(member.value, path);
                if (ok)
                    user.claims = toVariant(member.value).toMap();
            } else {
                ok = unknownMember(member, field);
            }
            if (!ok)
                return false;
        }
        if (user.username.isEmpty())
            return fail(value, join(field, QStringLiteral("username")), IssuerConfigText::tr("is required"));
        if (user.password.isEmpty())
            return fail(value, join(field, QStringLiteral("password")), IssuerConfigText::tr("is required"));
        if (user.subject.isEmpty())
            user.subject = user.username;
        return true;
    }

    bool readWholeNumber(const JsonValue &value, const QString &field, qint64 low, qint64 high, qint64 &out)
    {
        const std::optional<qint64> number = value.isNumber() ? value.toInteger() : std::nullopt;
        if (!number || *number < low || *number > high)
            return fail(value, field, IssuerConfigText::tr("expected a whole number from %1 to %2").arg(low).arg(high));
        out = *number;
        return true;
    }

    bool readDpop(const JsonValue &value, const QString &field, IssuerDpopSettings &dpop)
    {
        if (!checkObject(value, field))
            return false;
        for (const JsonMember &member : value.members) {
            const QString path = join(field, member.name);
            bool ok = true;
            if (member.name == u"require_nonce") {
                ok = readBool(member.value, path, dpop.requireNonce);
            } else if (member.name == u"nonce_lifetime") {
                // Long enough for a client's retry, short enough that a nonce is not a lasting ticket.
                ok = readWholeNumber(member.value, path, 10, 86'400, dpop.nonceLifetime);
            } else if (member.name == u"proof_window") {
                ok = readWholeNumber(member.value, path, 1, 3'600, dpop.proofWindow);
            } else {
                ok = unknownMember(member, field);
            }
            if (!ok)
                return false;
        }
        return true;
    }

    bool readFaults(const JsonValue &value, const QString &field, IssuerFaults &faults)
    {
        if (!checkObject(value, field))
            return false;
        for (const JsonMember &member : value.members) {
            const QString &name = member.name;
            const JsonValue &v = member.value;
            const QString path = join(field, name);
            qint64 number = 0;
            bool ok = true;
            if (name == u"jwks") {
                static const std::pair<const char *, IssuerFaults::Jwks> kinds[]
                    = {{"normal", IssuerFaults::Jwks::Normal},
                       {"server_error", IssuerFaults::Jwks::ServerError},
                       {"stale", IssuerFaults::Jwks::Stale}};
                ok = false;
                for (const auto &[kindName, kind] : kinds) {
                    if (v.isString() && v.string == QLatin1String(kindName)) {
                        faults.jwks = kind;
                        ok = true;
                    }
                }
                if (!ok)
                    return fail(v, path, IssuerConfigText::tr("expected \"normal\", \"server_error\" or \"stale\""));
            } else if (name == u"jwks_delay_ms") {
                ok = readWholeNumber(v, path, 0, IssuerFaults::maxDelayMs, faults.jwksDelayMs);
            } else if (name == u"token_delay_ms") {
                ok = readWholeNumber(v, path, 0, IssuerFaults::maxDelayMs, faults.tokenDelayMs);
            } else if (name == u"token_error_percent") {
                ok = readWholeNumber(v, path, 0, 100, number);
                faults.tokenErrorPercent = int(number);
            } else if (name == u"token_clock_skew") {
                // A day either way covers every skew a verifier's leeway is meant for, and then some.
                ok = readWholeNumber(v, path, -86'400, 86'400, faults.tokenClockSkew);
            } else if (name == u"token_unknown_kid") {
                ok = readBool(v, path, faults.tokenUnknownKid);
            } else if (name == u"issuer_trailing_slash") {
                ok = readBool(v, path, faults.issuerTrailingSlash);
            } else if (name == u"drop_refresh_response") {
                ok = readBool(v, path, faults.dropRefreshResponse);
            } else {
                ok = unknownMember(member, field);
            }
            if (!ok)
                return false;
        }
        return true;
    }

    IssuerFaultsResult readFaultsDocument()
    {
        IssuerFaultsResult result;
        JsonLimits limits;
        limits.maxBytes = 64 * 1024;
        limits.maxDepth = 4;
        const JsonParseResult parsed = Json::parse(m_bytes, limits);
        if (!parsed) {
            fail(parsed.error.offset, QString(), IssuerConfigText::tr("not valid JSON: %1").arg(parsed.error.message));
            result.error = m_result.error;
            return result;
        }
        IssuerFaults faults;
        if (!readFaults(*parsed.value, QString(), faults)) {
            result.error = m_result.error;
            return result;
        }
        result.faults = faults;
        return result;
    }

    IssuerConfigResult read()
    {
        JsonLimits limits;
        limits.maxBytes = maxConfigBytes;
        limits.maxDepth = 32;
        const JsonParseResult parsed = Json::parse(m_bytes, limits);
        if (!parsed) {
            fail(parsed.error.offset, QString(), IssuerConfigText::tr("not valid JSON: %1").arg(parsed.error.message));
            return m_result;
        }
        IssuerConfig config;
        if (!readIssuer(*parsed.value, QString(), config, true))
            return m_result;
        m_result.config = config;
        return m_result;
    }

private:
    // One issuer's set-up: the whole file, or one member of its "issuers" (`prefix` "issuers.acme", so that every
    // error names the tenant's field in full). Tenants do not nest, so "issuers" is read at the top level only.
    bool readIssuer(const JsonValue &root, const QString &prefix, IssuerConfig &config, bool allowTenants)
    {
        if (!checkObject(root, prefix))
            return false;
        config = IssuerConfig::demo();
        config.clients.clear();
        config.users.clear();
        // The preset first, so "policy" overrides it whatever the member order.
        if (const JsonValue *preset = root.value(u"preset")) {
            const std::optional<policy::IssuerPolicy> policy
                = preset->isString() ? policy::IssuerPresets::byName(preset->string) : std::nullopt;
            if (!policy)
                return fail(*preset, join(prefix, QStringLiteral("preset")),
                            IssuerConfigText::tr("expected one of %1").arg(policy::IssuerPresets::names().join(u", ")));
            config.policy = *policy;
        }
        bool sawClients = false;
        bool sawUsers = false;
        for (const JsonMember &member : root.members) {
            const QString &name = member.name;
            const QString path = join(prefix, name);
            const JsonValue &v = member.value;
            bool ok = true;
            if (name == u"preset") {
                continue;
            } else if (name == u"policy") {
                ok = readPolicy(v, path, config.policy);
            } else if (name == u"audience") {
                ok = readString(v, path, config.audience);
            } else if (name == u"access_token_revocation_revokes_family") {
                ok = readBool(v, path, config.accessTokenRevocationRevokesFamily);
            } else if (name == u"authorization_code_lifetime") {
                ok = readSeconds(v, path, config.authorizationCodeLifetime);
            } else if (name == u"jwks_max_age") {
                ok = readSeconds(v, path, config.jwksMaxAge);
            } else if (name == u"faults") {
                ok = readFaults(v, path, config.faults);
            } else if (name == u"dpop") {
                ok = readDpop(v, path, config.dpop);
            } else if (name == u"clients") {
                sawClients = true;
                if (!v.isArray()) {
                    ok = fail(v, path, IssuerConfigText::tr("expected an array of clients"));
                } else {
                    for (size_t i = 0; ok && i < v.elements.size(); ++i) {
                        IssuerClient client;
                        const QString clientPath = QStringLiteral("%1[%2]").arg(path).arg(i);
                        ok = readClient(v.elements[i], clientPath, client);
                        if (ok && config.client(client.clientId))
                            ok = fail(v.elements[i], clientPath + QStringLiteral(".client_id"),
                                      IssuerConfigText::tr("client \"%1\" is defined twice").arg(client.clientId));
                        if (ok)
                            config.clients << client;
                    }
                }
            } else if (name == u"users") {
                sawUsers = true;
                if (!v.isArray()) {
                    ok = fail(v, path, IssuerConfigText::tr("expected an array of users"));
                } else {
                    for (size_t i = 0; ok && i < v.elements.size(); ++i) {
                        IssuerUser user;
                        const QString userPath = QStringLiteral("%1[%2]").arg(path).arg(i);
                        ok = readUser(v.elements[i], userPath, user);
                        if (ok && config.user(user.username))
                            ok = fail(v.elements[i], userPath + QStringLiteral(".username"),
                                      IssuerConfigText::tr("user \"%1\" is defined twice").arg(user.username));
                        if (ok)
                            config.users << user;
                    }
                }
            } else if (name == u"issuers" && allowTenants) {
                ok = readTenants(v, path, config.tenants);
            } else if (name == u"issuers") {
                ok = fail(member.nameSpan.start, path,
                          IssuerConfigText::tr("a tenant cannot hold issuers of its own; list every issuer in the "
                                               "top-level \"issuers\""));
            } else {
                ok = unknownMember(member, prefix);
            }
            if (!ok)
                return false;
        }
        // A config that leaves out clients or users keeps the demo ones, so a policy-only file is enough.
        const IssuerConfig demo = IssuerConfig::demo();
        if (!sawClients)
            config.clients = demo.clients;
        if (!sawUsers)
            config.users = demo.users;
        return true;
    }

    // "issuers": {"acme": {…}, "globex": {…}}: names checked by IssuerTenantName, at most maxTenants of them.
    bool readTenants(const JsonValue &value, const QString &field, std::vector<IssuerTenantConfig> &tenants)
    {
        if (!checkObject(value, field))
            return false;
        if (value.members.size() > size_t(IssuerTenantName::maxTenants))
            return fail(value, field,
                        IssuerConfigText::tr("at most %1 issuers on one server").arg(IssuerTenantName::maxTenants));
        for (const JsonMember &member : value.members) {
            const QString path = join(field, member.name);
            if (const QString problem = IssuerTenantName::problem(member.name); !problem.isEmpty())
                return fail(member.nameSpan.start, path, problem);
            IssuerTenantConfig tenant;
            tenant.name = member.name;
            if (!readIssuer(member.value, path, tenant.config, false))
                return false;
            tenants.push_back(std::move(tenant));
        }
        return true;
    }

    QByteArrayView m_bytes;
    QString m_source;
    IssuerConfigResult m_result;
};

} // namespace

IssuerConfig IssuerConfig::demo()
{
    IssuerConfig config;
    config.policy = policy::IssuerPresets::byName(u"15m-7d").value_or(policy::IssuerPolicy());
    config.policy.presetName.clear();
    config.policy.rotation = policy::RotationMode::Always;
    config.policy.reuse = policy::ReuseHandling::RevokeFamily;
    config.policy.keyOverlap = 3600;

    IssuerClient confidential;
    confidential.clientId = QStringLiteral("demo");
    confidential.secret = QStringLiteral("demo-secret");
    confidential.redirectUris
        = {QStringLiteral("http://127.0.0.1/callback"), QStringLiteral("http://localhost/callback")};
    confidential.scope = QStringLiteral("openid profile email offline_access");
    IssuerClient publicClient = confidential;
    publicClient.clientId = QStringLiteral("demo-public");
    publicClient.secret.clear();
    config.clients = {confidential, publicClient};

    IssuerUser alice;
    alice.username = QStringLiteral("alice");
    alice.password = QStringLiteral("alice");
    alice.subject = QStringLiteral("alice");
    alice.claims = {
        {QStringLiteral("name"), QStringLiteral("Alice Example")},
        {QStringLiteral("email"), QStringLiteral("alice@example.com")},
        {QStringLiteral("email_verified"), true},
        {QStringLiteral("roles"), QStringList {QStringLiteral("user")}},
    };
    config.users = {alice};
    return config;
}

const IssuerClient *IssuerConfig::client(QStringView clientId) const
{
    for (const IssuerClient &candidate : clients) {
        if (candidate.clientId == clientId)
            return &candidate;
    }
    return nullptr;
}

const IssuerUser *IssuerConfig::user(QStringView username) const
{
    for (const IssuerUser &candidate : users) {
        if (candidate.username == username)
            return &candidate;
    }
    return nullptr;
}

namespace IssuerConfigReader {

IssuerConfigResult parse(QByteArrayView json, const QString &source)
{
    return Reader(json, source).read();
}

IssuerConfigResult readFile(const QString &path)
{
    IssuerConfigResult result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = IssuerConfigText::tr("%1: cannot read: %2").arg(path, file.errorString());
        return result;
    }
    // Bounded whatever the file is: a FIFO or /dev/stdin reports no size before it is read.
    const BoundedReadResult read = BoundedRead::readAll(file, maxConfigBytes);
    if (read.status == BoundedReadResult::Status::TooLarge) {
        result.error = IssuerConfigText::tr("%1: larger than %2 bytes").arg(path).arg(maxConfigBytes);
        return result;
    }
    if (!read) {
        result.error = IssuerConfigText::tr("%1: cannot read: %2").arg(path, read.error);
        return result;
    }
    return parse(read.bytes, QFileInfo(path).fileName());
}

IssuerFaultsResult parseFaults(QByteArrayView json, const QString &source)
{
    return Reader(json, source).readFaultsDocument();
}

} // namespace IssuerConfigReader
} // namespace tokenscope::issuer
