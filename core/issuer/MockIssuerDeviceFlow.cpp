// The mock issuer's RFC 8628 device authorization grant: a device without a browser asks for a user code, the user
// enters it on the issuer's /device page and signs in there, and the device polls the token endpoint until then.
#include "issuer/MockIssuerHttp.h"

namespace tokenscope::issuer {

namespace {

constexpr qint64 deviceCodeLifetime = 600; // RFC 8628 §3.2 expires_in
constexpr qint64 pollInterval = 5; // §3.2 interval, the default §3.5 names
constexpr int maxPendingGrants = 1000; // a bound on what unauthenticated public clients can make the issuer hold

// RFC 8628 §6.1: 20 consonants, no vowels (no words), no look-alikes; 8 of them are about 34 bits, far beyond what
// the page's attempts can guess within the code's lifetime.
constexpr char userCodeAlphabet[] = "BCDFGHJKLMNPQRSTVWXZ";

QString newUserCode()
{
    const QByteArray random = IssuerTokens::randomBytes(8);
    QString code;
    for (qsizetype i = 0; i < random.size(); ++i) {
        if (i == 4)
            code += u'-';
        code += QLatin1Char(userCodeAlphabet[quint8(random[i]) % 20]);
    }
    return code;
}

// §6.1: what the user typed, case and separators forgiven.
QString normalisedUserCode(const QString &typed)
{
    QString code;
    for (const QChar c : typed) {
        if (c.isLetter())
            code += c.toUpper();
    }
    return code.size() == 8 ? code.left(4) + u'-' + code.mid(4) : code;
}

} // namespace

struct MockIssuer::DeviceGrant
{
    enum class State { Pending, Approved, Denied };
    QString userCode;
    QString clientId;
    QString scope;
    qint64 expiresAt = 0;
    qint64 interval = pollInterval;
    qint64 lastPoll = -1;
    State state = State::Pending;
    QString subject; // once approved
    qint64 authTime = 0;
};

QHttpServerResponse MockIssuer::handleDeviceAuthorization(Request &request)
{
    if (!request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"), QStringLiteral("use POST"));
    if (!readForm(request) || !authenticateClient(request, false))
        return std::move(*request.failure);
    const StoredClient &client = *request.client;
    if (!client.grantTypes.isEmpty() && !client.grantTypes.contains(deviceCodeGrant))
        return request.error(Status::BadRequest, QStringLiteral("unauthorized_client"),
                             QStringLiteral("this client may not use the device flow"));
    bool scopeOk = true;
    const QString scope = grantedScope(client, request.form.value(QStringLiteral("scope")), &scopeOk);
    if (!scopeOk)
        return request.error(Status::BadRequest, QStringLiteral("invalid_scope"), QStringLiteral("scope not allowed"));
    const qint64 t = now();
    m_deviceGrants.removeIf([t](const auto &entry) { return entry.value()->expiresAt <= t; });
    if (m_deviceGrants.size() >= maxPendingGrants) {
        QHttpServerResponse busy = request.error(Status::ServiceUnavailable, QStringLiteral("temporarily_unavailable"),
                                                 QStringLiteral("too many device codes are waiting for their user"));
        busy.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("60"));
        return busy;
    }
    auto grant = std::make_shared<DeviceGrant>();
    grant->userCode = newUserCode();
    grant->clientId = client.clientId;
    grant->scope = scope;
    grant->expiresAt = t + deviceCodeLifetime;
    const QByteArray deviceCode = IssuerTokens::newOpaqueValue();
    m_deviceGrants.insert(IssuerTokens::sha256(deviceCode), grant);
    const QString page = m_issuerString + QStringLiteral("/device");
    // RFC 8628 §3.2.
    return jsonResponse({
        {QStringLiteral("device_code"), QString::fromLatin1(deviceCode)},
        {QStringLiteral("user_code"), grant->userCode},
        {QStringLiteral("verification_uri"), page},
        {QStringLiteral("verification_uri_complete"),
         page + QStringLiteral("?user_code=") + QString::fromLatin1(QUrl::toPercentEncoding(grant->userCode))},
        {QStringLiteral("expires_in"), deviceCodeLifetime},
        {QStringLiteral("interval"), pollInterval},
    });
}

QHttpServerResponse MockIssuer::handleDevicePage(Request &request)
{
    if (!request.isGet() && !request.isPost())
        return request.error(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                             QStringLiteral("use GET or POST"));
    // Signing in approves a device: only from the issuer's own page (docs/issuer.md, as for /authorize).
    if (request.isPost()) {
        if (const QString refusal = m_localRequests.refusal(request.http); !refusal.isEmpty()) {
            request.log.error = QStringLiteral("access_denied");
            return htmlPage(tr("Forbidden"), QStringLiteral("<p>%1</p>").arg(escapeHtml(refusal)), Status::Forbidden);
        }
    }
    if (!readForm(request)) {
        request.log.error = QStringLiteral("invalid_request");
        return htmlPage(tr("Bad request"), QStringLiteral("<p>%1</p>").arg(escapeHtml(request.form.error)),
                        Status::BadRequest);
    }
    const FormParameters &form = request.form;
    const QString userCode = normalisedUserCode(form.value(QStringLiteral("user_code")));
    auto signInForm = [&](const QString &message, Status status) {
        const QString body
            // The form posts back to this issuer: a tenant's page to /NAME/device (m_basePath has no '%').
            = (QStringLiteral("<p>%1</p>%2<form method=\"post\" action=\"") + m_basePath
               + QStringLiteral(
                   "/device\">\n"
                   "<p><label>%3 <input name=\"user_code\" value=\"%4\" autocomplete=\"off\" autofocus></label></p>\n"
                   "<p><label>%5 <input name=\"username\" autocomplete=\"username\"></label></p>\n"
                   "<p><label>%6 <input name=\"password\" type=\"password\" autocomplete=\"current-password\">"
                   "</label></p>\n<p><button type=\"submit\" name=\"action\" value=\"approve\">%7</button> "
                   "<button type=\"submit\" name=\"action\" value=\"deny\">%8</button></p></form>"))
                  .arg(tr("Enter the code your device shows, then sign in to %1.").arg(escapeHtml(m_issuerString)),
                       message.isEmpty() ? QString()
                                         : QStringLiteral("<p role=\"alert\">%1</p>").arg(escapeHtml(message)),
                       tr("Code"), escapeHtml(userCode), tr("Username"), tr("Password"), tr("Allow"), tr("Deny"));
        return htmlPage(tr("Connect a device"), body, status);
    };
    if (request.isGet() || !form.has(QStringLiteral("username")))
        return signInForm(QString(), Status::Ok);

    const qint64 t = now();
    std::shared_ptr<DeviceGrant> grant;
    for (const std::shared_ptr<DeviceGrant> &candidate : std::as_const(m_deviceGrants)) {
        if (candidate->userCode == userCode && candidate->state == DeviceGrant::State::Pending
            && candidate->expiresAt > t)
            grant = candidate;
    }
    if (!grant) {
        request.log.error = QStringLiteral("invalid_request");
        return signInForm(tr("That code is unknown or has expired."), Status::BadRequest);
    }
    request.log.clientId = grant->clientId;
    if (form.value(QStringLiteral("action")) == u"deny") {
        grant->state = DeviceGrant::State::Denied;
        return htmlPage(tr("Device refused"), tr("<p>The device was not connected. You can close this page.</p>"),
                        Status::Ok);
    }
    const std::optional<StoredUser> user = m_store.user(form.value(QStringLiteral("username")));
    if (!passwordMatches(user, form.value(QStringLiteral("password"))) || user->banned) {
        request.log.error = QStringLiteral("access_denied");
        return signInForm(tr("Wrong username or password."), Status::Unauthorized);
    }
    grant->state = DeviceGrant::State::Approved;
    grant->subject = user->subject;
    grant->authTime = t;
    return htmlPage(tr("Device connected"), tr("<p>The device is signed in. You can close this page.</p>"), Status::Ok);
}

QHttpServerResponse MockIssuer::grantDeviceCode(Request &request)
{
    const QByteArray deviceCode = request.form.value(QStringLiteral("device_code")).toUtf8();
    if (deviceCode.isEmpty())
        return request.error(Status::BadRequest, QStringLiteral("invalid_request"),
                             QStringLiteral("device_code is missing"));
    const QByteArray key = IssuerTokens::sha256(deviceCode);
    const std::shared_ptr<DeviceGrant> grant = m_deviceGrants.value(key);
    if (!grant || grant->clientId != request.client->clientId)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"),
                             QStringLiteral("unknown device_code"));
    const qint64 t = now();
    // RFC 8628 §3.5: the answers while the user has not finished.
    if (grant->expiresAt <= t) {
        m_deviceGrants.remove(key);
        return request.error(Status::BadRequest, QStringLiteral("expired_token"),
                             QStringLiteral("the device code expired; start again"));
    }
    if (grant->state == DeviceGrant::State::Denied) {
        m_deviceGrants.remove(key);
        return request.error(Status::BadRequest, QStringLiteral("access_denied"),
                             QStringLiteral("the user refused the device"));
    }
    if (grant->state == DeviceGrant::State::Pending) {
        const bool tooSoon = grant->lastPoll >= 0 && t - grant->lastPoll < grant->interval;
        grant->lastPoll = t;
        if (tooSoon) {
            grant->interval += 5; // §3.5: "the interval MUST be increased by 5 seconds for all subsequent requests"
            return request.error(Status::BadRequest, QStringLiteral("slow_down"),
                                 QStringLiteral("poll every %1 s").arg(grant->interval));
        }
        return request.error(Status::BadRequest, QStringLiteral("authorization_pending"),
                             QStringLiteral("the user has not signed in yet"));
    }
    // Approved: one use only.
    m_deviceGrants.remove(key);
    const std::optional<StoredUser> user = userBySubject(grant->subject);
    if (!user || user->banned)
        return request.error(Status::BadRequest, QStringLiteral("invalid_grant"), QStringLiteral("user is banned"));
    return issueLoginTokens(request, grant->subject, grant->scope, grant->authTime);
}

} // namespace tokenscope::issuer
