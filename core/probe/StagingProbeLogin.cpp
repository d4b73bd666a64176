// The staging probe's first tokens: the choice of login, the interactive logins (BrowserLogin, DeviceLogin) and the
// checks on the token endpoint's first answer. Kept apart from StagingProbe.cpp, which holds the probe's steps.
#include "net/UrlPolicy.h"
#include "probe/StagingProbe.h"

using namespace Qt::StringLiterals;

namespace tokenscope::probe {

LoginMethod StagingProbe::effectiveLogin(const ProbeOptions &options)
{
    if (options.login != LoginMethod::Automatic)
        return options.login;
    if (!options.refreshToken.isEmpty())
        return LoginMethod::RefreshToken;
    if (!options.username.isEmpty())
        return LoginMethod::Password;
    return LoginMethod::ClientCredentials;
}

QString StagingProbe::flowName(LoginMethod method)
{
    switch (method) {
    case LoginMethod::RefreshToken:
        return u"refresh_token"_s;
    case LoginMethod::Password:
        return u"password"_s;
    case LoginMethod::Browser:
        return u"authorization_code"_s;
    case LoginMethod::Device:
        return u"device_code"_s;
    case LoginMethod::Automatic:
    case LoginMethod::ClientCredentials:
        break;
    }
    return u"client_credentials"_s;
}

QString StagingProbe::loginInputError(const ProbeOptions &options)
{
    const bool credentials = !options.username.isEmpty() || !options.refreshToken.isEmpty();
    switch (options.login) {
    case LoginMethod::Browser:
    case LoginMethod::Device:
    case LoginMethod::ClientCredentials:
        if (credentials)
            return tr("the %1 login takes no username or refresh token").arg(flowName(options.login));
        break;
    case LoginMethod::Password:
        if (options.username.isEmpty())
            return tr("the password login needs a username");
        break;
    case LoginMethod::RefreshToken:
        if (options.refreshToken.isEmpty())
            return tr("the refresh token login needs a refresh token");
        break;
    case LoginMethod::Automatic:
        break;
    }
    return {};
}

void StagingProbe::setUrlOpener(BrowserLogin::UrlOpener opener)
{
    m_urlOpener = std::move(opener);
}

void StagingProbe::setPollDelay(DeviceLogin::Delay delay)
{
    m_pollDelay = std::move(delay);
}

void StagingProbe::stopLogins()
{
    // Deleted later: a login may be the one whose signal ended the run.
    if (m_browserLogin) {
        m_browserLogin->disconnect(this);
        m_browserLogin->cancel();
        m_browserLogin->deleteLater();
        m_browserLogin = nullptr;
    }
    if (m_deviceLogin) {
        m_deviceLogin->disconnect(this);
        m_deviceLogin->cancel();
        m_deviceLogin->deleteLater();
        m_deviceLogin = nullptr;
    }
    m_loginResponse = Response();
}

void StagingProbe::stepBrowserLogin()
{
    const QUrl endpoint(m_discovery.value(u"authorization_endpoint"_s).toString());
    if (!endpoint.isValid() || endpoint.isRelative())
        return fail(ProbeError::Kind::BadDiscovery, u"no_authorization_endpoint"_s,
                    tr("discovery names no authorization_endpoint, so the browser login cannot start"));
    if (const FetchError refused = UrlPolicy::check(endpoint, m_options.plainHttp))
        return fail(ProbeError::Kind::InvalidInput, u"invalid_input"_s, refused.message);
    reportProgress(u"browser_login"_s);
    m_browserLogin = new BrowserLogin(this);
    m_browserLogin->setUrlOpener(m_urlOpener);
    connect(m_browserLogin, &BrowserLogin::authorizationUrlReady, this, &StagingProbe::browserLoginStarted);
    connect(m_browserLogin, &BrowserLogin::failed, this, [this](const QString &code, const QString &message) {
        fail(code == u"cancelled" ? ProbeError::Kind::Cancelled : ProbeError::Kind::TokensRefused, code,
             tr("browser login: %1").arg(message));
    });
    connect(m_browserLogin, &BrowserLogin::succeeded, this, [this](const BrowserLoginResult &result) {
        // RFC 6749 §4.1.3 with RFC 7636 §4.5: the same redirect_uri, and the verifier the challenge came from.
        tokenRequest(u"login"_s,
                     {{u"grant_type"_s, "authorization_code"},
                      {u"code"_s, result.code},
                      {u"redirect_uri"_s, result.redirectUri.toUtf8()},
                      {u"code_verifier"_s, result.codeVerifier}},
                     [this](const Response &response) { acceptFirstTokens(response); });
    });
    BrowserLogin::Options options;
    options.authorizationEndpoint = endpoint;
    options.issuer = m_report.issuer;
    options.clientId = m_options.clientId;
    options.scope = m_options.scope;
    options.timeoutMs = m_options.loginTimeoutMs;
    m_browserLogin->start(options);
}

void StagingProbe::stepDeviceLogin()
{
    const QUrl endpoint(m_discovery.value(u"device_authorization_endpoint"_s).toString());
    if (!endpoint.isValid() || endpoint.isRelative())
        return fail(ProbeError::Kind::BadDiscovery, u"no_device_authorization_endpoint"_s,
                    tr("discovery names no device_authorization_endpoint, so the device login cannot start"));
    if (const FetchError refused = UrlPolicy::check(endpoint, m_options.plainHttp))
        return fail(ProbeError::Kind::InvalidInput, u"invalid_input"_s, refused.message);
    // The device login's requests are the probe's own: logged as evidence and client-authenticated alike.
    auto poster = [this](const QString &step, const QUrl &url, const DeviceLogin::Form &form,
                         const std::function<void(const DeviceLogin::Answer &)> &done) {
        send(step, "POST", url, form, Auth::Client, [this, done](const Response &response) {
            m_loginResponse = response;
            done({response.status, response.json, response.transportFailed, response.networkMessage});
        });
    };
    m_deviceLogin = new DeviceLogin(poster, this);
    if (m_pollDelay)
        m_deviceLogin->setDelay(m_pollDelay);
    connect(m_deviceLogin, &DeviceLogin::promptReady, this, &StagingProbe::deviceLoginPrompted);
    connect(m_deviceLogin, &DeviceLogin::failed, this, [this](const QString &code, const QString &message) {
        const ProbeError::Kind kind = code == u"cancelled" ? ProbeError::Kind::Cancelled
            : code == u"network"                           ? ProbeError::Kind::Network
                                                           : ProbeError::Kind::TokensRefused;
        fail(kind, code, tr("device login: %1").arg(message));
    });
    connect(m_deviceLogin, &DeviceLogin::succeeded, this, [this] { acceptFirstTokens(m_loginResponse); });
    DeviceLogin::Options options;
    options.deviceAuthorizationEndpoint = endpoint;
    options.tokenEndpoint = m_tokenEndpoint;
    options.scope = m_options.scope;
    options.timeoutSeconds = m_options.loginTimeoutMs / 1000;
    m_deviceLogin->start(options);
}

void StagingProbe::acceptFirstTokens(const Response &response)
{
    if (response.transportFailed)
        return fail(ProbeError::Kind::Network, u"network"_s, response.networkMessage);
    if (response.status != 200 || !response.json.contains(u"access_token"_s))
        return fail(ProbeError::Kind::TokensRefused, u"tokens_refused"_s,
                    tr("the token endpoint refused the %1 grant: HTTP %2, error \"%3\"")
                        .arg(m_report.flow)
                        .arg(response.status)
                        .arg(response.error));
    noteTokens(response);
    const bool clientCredentials = m_report.flow == u"client_credentials";
    const QByteArray refreshToken = response.json.value(u"refresh_token"_s).toString().toUtf8();
    if (refreshToken.isEmpty()) {
        m_report.requests[response.requestIndex].note = tr("access token, no refresh token");
        addFinding(u"tokens"_s, u"no_refresh_token"_s, tr("Tokens"),
                   clientCredentials
                       ? tr("client_credentials issues no refresh token (RFC 6749 §4.4.3); the refresh "
                            "policy cannot be probed")
                       : tr("the %1 grant issued no refresh token (is offline_access allowed?)").arg(m_report.flow),
                   clientCredentials ? ProbeFinding::Severity::Info : ProbeFinding::Severity::Warning,
                   {response.requestIndex});
        m_familyAlive = false;
        return stepRevocation();
    }
    m_report.requests[response.requestIndex].note = tr("access token and refresh token");
    addFinding(u"tokens"_s, u"issued"_s, tr("Tokens"),
               tr("the %1 grant issued an access and a refresh token").arg(m_report.flow), ProbeFinding::Severity::Info,
               {response.requestIndex});
    m_chain = {refreshToken};
    stepRefresh(1);
}

} // namespace tokenscope::probe
