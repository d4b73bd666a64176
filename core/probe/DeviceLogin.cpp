#include "probe/DeviceLogin.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope::probe {

namespace {

const QString deviceCodeGrant = u"urn:ietf:params:oauth:grant-type:device_code"_s;

QString errorCode(const DeviceLogin::Answer &answer)
{
    return answer.json.value(u"error"_s).toString();
}

} // namespace

DeviceLogin::DeviceLogin(Poster poster, QObject *parent) : QObject(parent), m_poster(std::move(poster))
{
    m_delay = [this](qint64 seconds, std::function<void()> resume) {
        QTimer::singleShot(std::chrono::seconds(seconds), this, std::move(resume));
    };
}

DeviceLogin::~DeviceLogin()
{
    ++m_runId; // answers and waits still under way find nothing to resume
}

void DeviceLogin::setDelay(Delay delay)
{
    m_delay = std::move(delay);
}

void DeviceLogin::start(const Options &options)
{
    ++m_runId;
    m_options = options;
    m_running = true;
    m_polls = 0;
    m_waited = 0;
    m_interval = 5;
    m_deviceCode.clear();
    Form form;
    if (!options.scope.isEmpty())
        form.append({u"scope"_s, options.scope.toUtf8()});
    const quint64 runId = m_runId;
    m_poster(u"device_authorization"_s, options.deviceAuthorizationEndpoint, form, [this, runId](const Answer &answer) {
        if (runId != m_runId)
            return;
        if (answer.transportFailed)
            return finishWithError(u"network"_s, answer.networkMessage);
        m_deviceCode = answer.json.value(u"device_code"_s).toString().toUtf8();
        DeviceLoginPrompt prompt;
        prompt.userCode = answer.json.value(u"user_code"_s).toString();
        prompt.verificationUri = QUrl(answer.json.value(u"verification_uri"_s).toString());
        prompt.verificationUriComplete = QUrl(answer.json.value(u"verification_uri_complete"_s).toString());
        if (answer.status != 200 || m_deviceCode.isEmpty() || prompt.userCode.isEmpty()
            || !prompt.verificationUri.isValid())
            return finishWithError(u"device_authorization_failed"_s,
                                   tr("the device authorization endpoint answered HTTP %1, error \"%2\"")
                                       .arg(answer.status)
                                       .arg(errorCode(answer)));
        // RFC 8628 §3.2: interval defaults to 5 s; expires_in bounds the whole wait.
        if (answer.json.value(u"interval"_s).isDouble())
            m_interval = std::max<qint64>(1, answer.json.value(u"interval"_s).toInteger());
        m_deadline = m_options.timeoutSeconds;
        if (answer.json.value(u"expires_in"_s).isDouble())
            m_deadline = std::min(m_deadline, answer.json.value(u"expires_in"_s).toInteger());
        emit promptReady(prompt);
        waitAndPoll();
    });
}

void DeviceLogin::cancel()
{
    if (m_running)
        finishWithError(u"cancelled"_s, tr("the login was cancelled"));
}

void DeviceLogin::waitAndPoll()
{
    if (m_waited + m_interval > m_deadline)
        return finishWithError(u"timeout"_s, tr("nobody entered the code within %1 s").arg(m_deadline));
    m_waited += m_interval;
    const quint64 runId = m_runId;
    m_delay(m_interval, [this, runId] {
        if (runId == m_runId && m_running)
            poll();
    });
}

void DeviceLogin::poll()
{
    ++m_polls;
    const quint64 runId = m_runId;
    m_poster(
        u"device_poll"_s, m_options.tokenEndpoint,
        {{u"grant_type"_s, deviceCodeGrant.toUtf8()}, {u"device_code"_s, m_deviceCode}},
        [this, runId](const Answer &answer) {
            if (runId != m_runId)
                return;
            if (answer.transportFailed)
                return finishWithError(u"network"_s, answer.networkMessage);
            if (answer.status == 200 && answer.json.contains(u"access_token"_s)) {
                m_running = false;
                m_deviceCode.fill('\0');
                m_deviceCode.clear();
                return emit succeeded(answer.json);
            }
            const QString error = errorCode(answer);
            // RFC 8628 §3.5: keep polling while pending; slow_down adds 5 s to every later wait.
            if (error == u"authorization_pending")
                return waitAndPoll();
            if (error == u"slow_down") {
                m_interval += 5;
                return waitAndPoll();
            }
            if (error == u"access_denied")
                return finishWithError(error, tr("the user refused the device"));
            if (error == u"expired_token")
                return finishWithError(error, tr("the device code expired before anyone entered it"));
            finishWithError(
                error.isEmpty() ? u"tokens_refused"_s : error,
                tr("the token endpoint refused the device code: HTTP %1, error \"%2\"").arg(answer.status).arg(error));
        });
}

void DeviceLogin::finishWithError(const QString &code, const QString &message)
{
    ++m_runId;
    m_running = false;
    m_deviceCode.fill('\0');
    m_deviceCode.clear();
    emit failed(code, message);
}

} // namespace tokenscope::probe
