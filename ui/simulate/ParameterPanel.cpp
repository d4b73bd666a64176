#include "simulate/ParameterPanel.h"

#include "common/DurationSpinBox.h"
#include "simulate/LabCostBox.h"
#include "simulate/RunAgainstBox.h"
#include "simulate/SimulationRun.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace tokenscope {

using namespace Qt::StringLiterals;
using namespace sim;

namespace {

template<typename Enum> void addItems(QComboBox *box, std::initializer_list<std::pair<QString, Enum>> items)
{
    for (const auto &[text, value] : items)
        box->addItem(text, int(value));
}

template<typename Enum> Enum comboValue(const QComboBox *box)
{
    return Enum(box->currentData().toInt());
}

template<typename Enum> void setComboValue(QComboBox *box, Enum value)
{
    const int index = box->findData(int(value));
    if (index >= 0)
        box->setCurrentIndex(index);
}

} // namespace

ParameterPanel::ParameterPanel(Settings *settings, QWidget *parent) : QScrollArea(parent)
{
    m_updating = true; // combo boxes emit while they are filled
    setAccessibleName(tr("Parameters"));
    setWidgetResizable(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMinimumWidth(280);
    auto *panel = new QWidget(this);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->setSpacing(8);

    auto group = [&](const QString &title) {
        auto *box = new QGroupBox(title, panel);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
        form->setHorizontalSpacing(8);
        form->setVerticalSpacing(4);
        layout->addWidget(box);
        return form;
    };
    auto duration = [&](QFormLayout *form, const QString &text, const QString &tip, const QString &none = {}) {
        auto *box = new DurationSpinBox(panel);
        if (!none.isEmpty())
            box->setSpecialValueText(none);
        box->setToolTip(tip);
        box->setAccessibleName(QString(text).remove(u'&').remove(u':'));
        form->addRow(text, box);
        connect(box, &QSpinBox::valueChanged, this, &ParameterPanel::knobEdited);
        return box;
    };
    auto combo = [&](QFormLayout *form, const QString &text, const QString &tip) {
        auto *box = new QComboBox(panel);
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(8);
        box->setToolTip(tip);
        box->setAccessibleName(QString(text).remove(u'&').remove(u':'));
        form->addRow(text, box);
        connect(box, &QComboBox::currentIndexChanged, this, &ParameterPanel::knobEdited);
        return box;
    };
    auto check = [&](QFormLayout *form, const QString &text, const QString &tip) {
        auto *box = new QCheckBox(text, panel);
        box->setToolTip(tip);
        box->setAccessibleName(QString(text).remove(u'&'));
        form->addRow(box);
        connect(box, &QCheckBox::toggled, this, &ParameterPanel::knobEdited);
        return box;
    };
    auto number = [&](QFormLayout *form, const QString &text, const QString &tip, int min, int max,
                      const QString &suffix = {}) {
        auto *box = new QSpinBox(panel);
        box->setRange(min, max);
        box->setSuffix(suffix);
        box->setToolTip(tip);
        box->setKeyboardTracking(false);
        box->setAccessibleName(QString(text).remove(u'&').remove(u':'));
        form->addRow(text, box);
        connect(box, &QSpinBox::valueChanged, this, &ParameterPanel::knobEdited);
        return box;
    };

    // The model, or a real mock issuer over HTTP: first, because it decides what every knob below talks to.
    QFormLayout *run = group(tr("Issuer"));
    m_runAgainstBox = new RunAgainstBox(panel);
    m_runAgainstBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runAgainstBox->setMinimumContentsLength(8);
    run->addRow(tr("Ru&n against:"), m_runAgainstBox);
    connect(m_runAgainstBox, &RunAgainstBox::chosen, this, [this] {
        if (!m_updating)
            emit runAgainstChosen();
    });

    QFormLayout *issuer = group(tr("Issuer policy"));
    m_accessTtlSpinBox = duration(issuer, tr("Access token &TTL:"), tr("Lifetime of every access token (exp − iat)"));
    m_refreshEnabledCheckBox = check(issuer, tr("Issue refresh tokens"),
                                     tr("Without them, users sign in again when the access token expires"));
    m_refreshLifetimeSpinBox
        = duration(issuer, tr("Refresh lifetime:"),
                   tr("Absolute: from issue; sliding: the idle window; inherit: from login"), tr("never expires"));
    m_lifetimeModeComboBox = combo(issuer, tr("Lifetime mode:"), tr("How a refresh token's expiry is counted"));
    addItems<RefreshLifetimeMode>(m_lifetimeModeComboBox,
                                  {{tr("absolute"), RefreshLifetimeMode::Absolute},
                                   {tr("sliding idle"), RefreshLifetimeMode::SlidingIdle},
                                   {tr("inherit remaining"), RefreshLifetimeMode::InheritRemaining}});
    m_refreshMaxSpinBox = duration(issuer, tr("Max from login:"), tr("A cap from login over every mode"), tr("no cap"));
    m_rotationComboBox = combo(issuer, tr("&Rotation:"), tr("Whether a refresh returns a new refresh token"));
    addItems<RotationMode>(m_rotationComboBox,
                           {{tr("never"), RotationMode::Never},
                            {tr("always"), RotationMode::Always},
                            {tr("after % of lifetime"), RotationMode::AfterPercent}});
    m_rotateAfterSpinBox
        = number(issuer, tr("Rotate after:"), tr("Rotate once the token is older than this share of its lifetime"), 0,
                 100, u" %"_s);
    m_reuseComboBox
        = combo(issuer, tr("Re&use:"), tr("RFC 9700 §4.14.2: what the issuer does with a replayed refresh token"));
    addItems<ReuseHandling>(m_reuseComboBox,
                            {{tr("revoke the family"), ReuseHandling::RevokeFamily},
                             {tr("reject the replay"), ReuseHandling::RejectReplay},
                             {tr("accept"), ReuseHandling::Accept}});
    m_graceComboBox = combo(issuer, tr("&Grace window:"),
                            tr("Honour the previous generation for a few seconds (the concurrent-refresh race)"));
    addItems<GraceMode>(m_graceComboBox,
                        {{tr("none"), GraceMode::None},
                         {tr("issue a new token"), GraceMode::NewToken},
                         {tr("return the same token"), GraceMode::SameToken}});
    m_graceSpinBox = duration(issuer, tr("Grace seconds:"), tr("Length of the grace window"));
    m_keyRotationSpinBox = duration(issuer, tr("&Key rotation:"), tr("Scheduled signing-key rotation"), tr("never"));
    m_keyOverlapSpinBox = duration(issuer, tr("Key overlap:"),
                                   tr("A new key is published this long before it signs; an old one stays this long"));
    m_sessionIdleSpinBox
        = duration(issuer, tr("Session idle:"), tr("Stateful sessions end after this long unused"), tr("no limit"));
    m_sessionMaxSpinBox
        = duration(issuer, tr("Session max:"), tr("Stateful sessions end this long after login"), tr("no limit"));

    QFormLayout *server = group(tr("Resource servers"));
    m_serverModeComboBox = combo(server, tr("&Mode:"), tr("How resource servers decide whether a credential is good"));
    addItems<ServerMode>(m_serverModeComboBox,
                         {{tr("stateless JWT"), ServerMode::StatelessJwt},
                          {tr("JWT + jti blocklist"), ServerMode::JwtBlocklist},
                          {tr("introspection"), ServerMode::Introspection},
                          {tr("server sessions"), ServerMode::Session}});
    // What the chosen mode costs per request on this machine, measured on a real lab server ("Measure here").
    m_labCostBox = new LabCostBox(settings, panel);
    server->addRow(m_labCostBox);
    m_serversSpinBox = number(server, tr("Servers:"), tr("Resource servers behind the load balancer"), 1,
                              ScenarioLoader::maxServers);
    m_routingComboBox = combo(server, tr("Routing:"), tr("How the load balancer picks a server"));
    addItems<Routing>(
        m_routingComboBox,
        {{tr("round robin"), Routing::RoundRobin}, {tr("random"), Routing::Random}, {tr("sticky"), Routing::Sticky}});
    m_sharedStoreCheckBox
        = check(server, tr("Shared session store"), tr("One store for every server, or one per server"));
    m_leewaySpinBox = duration(server, tr("&Leeway:"), tr("RFC 7519 §4.1.4 clock-skew allowance on exp"));
    m_jwksCacheSpinBox = duration(server, tr("&JWKS cache age:"), tr("How long a fetched JWKS is trusted"));
    m_refetchCheckBox
        = check(server, tr("Refetch JWKS on unknown kid"), tr("An unknown kid triggers a fetch (rate-limited)"));
    m_refetchIntervalSpinBox = duration(server, tr("Refetch limit:"), tr("Rate limit for unknown-kid fetches"));
    m_introspectionTtlSpinBox = duration(server, tr("&Introspection cache:"),
                                         tr("RFC 7662 answers cached per token for this long"), tr("no cache"));
    m_blocklistOnRevokeCheckBox
        = check(server, tr("Blocklist on revocation"), tr("Revocations also blocklist the grant's live access tokens"));

    QFormLayout *clients = group(tr("Clients and run"));
    m_clientsSpinBox
        = number(clients, tr("&Clients:"),
                 tr("Metrics cover every client; the timeline shows the first %1").arg(SimulationRun::maxClientLanes),
                 1, 100000);
    m_requestIntervalSpinBox = duration(clients, tr("Request every:"), tr("Mean time between API calls"));
    m_refreshTimingComboBox = combo(clients, tr("Refresh:"), tr("When clients refresh their access token"));
    addItems<RefreshTiming>(m_refreshTimingComboBox,
                            {{tr("ahead of expiry"), RefreshTiming::Ahead},
                             {tr("on demand"), RefreshTiming::OnDemand},
                             {tr("after a 401"), RefreshTiming::AfterRejection}});
    m_refreshAheadSpinBox = duration(clients, tr("Refresh ahead by:"), tr("Ahead: refresh this long before exp"));
    m_concurrentSpinBox = new QDoubleSpinBox(panel);
    m_concurrentSpinBox->setRange(0, 1);
    m_concurrentSpinBox->setSingleStep(0.01);
    m_concurrentSpinBox->setDecimals(2);
    m_concurrentSpinBox->setKeyboardTracking(false);
    m_concurrentSpinBox->setToolTip(tr("Probability that a refresh is sent twice at once (two tabs)"));
    m_concurrentSpinBox->setAccessibleName(tr("Concurrent refresh probability"));
    clients->addRow(tr("Double refresh:"), m_concurrentSpinBox);
    connect(m_concurrentSpinBox, &QDoubleSpinBox::valueChanged, this, &ParameterPanel::knobEdited);
    m_durationSpinBox = duration(clients, tr("D&uration:"), tr("Simulated time of the run"));
    m_durationSpinBox->setMinimum(60);
    m_seedSpinBox = number(clients, tr("S&eed:"), tr("The same scenario and seed give the same run"), 0,
                           std::numeric_limits<int>::max());

    layout->addStretch(1);
    setWidget(panel);
    m_updating = false;
}

void ParameterPanel::focusFirstKnob()
{
    m_accessTtlSpinBox->setFocus(Qt::ShortcutFocusReason);
}

void ParameterPanel::knobEdited()
{
    if (!m_updating)
        emit edited();
}

void ParameterPanel::showScenario(const Scenario &scenario)
{
    m_updating = true;
    const IssuerPolicy &p = scenario.issuer;
    m_accessTtlSpinBox->setValue(int(p.accessTokenTtl));
    m_refreshEnabledCheckBox->setChecked(p.refreshTokensEnabled);
    m_refreshLifetimeSpinBox->setValue(int(p.refreshTokenLifetime));
    setComboValue(m_lifetimeModeComboBox, p.lifetimeMode);
    m_refreshMaxSpinBox->setValue(int(p.refreshTokenMaxLifetime));
    setComboValue(m_rotationComboBox, p.rotation);
    m_rotateAfterSpinBox->setValue(p.rotateAfterPercent);
    setComboValue(m_reuseComboBox, p.reuse);
    setComboValue(m_graceComboBox, p.grace);
    m_graceSpinBox->setValue(int(p.graceSeconds));
    m_keyRotationSpinBox->setValue(int(p.keyRotationInterval));
    m_keyOverlapSpinBox->setValue(int(p.keyOverlap));
    m_sessionIdleSpinBox->setValue(int(p.sessionIdle));
    m_sessionMaxSpinBox->setValue(int(p.sessionMaxLifetime));
    const ResourceServerConfig &s = scenario.server;
    setComboValue(m_serverModeComboBox, s.mode);
    m_labCostBox->setServerMode(s.mode);
    m_serversSpinBox->setValue(s.servers);
    setComboValue(m_routingComboBox, s.routing);
    m_sharedStoreCheckBox->setChecked(s.sharedStore);
    m_leewaySpinBox->setValue(int(s.leeway));
    m_jwksCacheSpinBox->setValue(int(s.jwksCacheAge));
    m_refetchCheckBox->setChecked(s.refetchOnUnknownKid);
    m_refetchIntervalSpinBox->setValue(int(s.unknownKidRefetchInterval));
    m_introspectionTtlSpinBox->setValue(int(s.introspectionCacheTtl));
    m_blocklistOnRevokeCheckBox->setChecked(s.blocklistOnRevoke);
    const ClientConfig &c = scenario.clients;
    m_clientsSpinBox->setValue(c.count);
    m_requestIntervalSpinBox->setValue(int(c.requestInterval));
    setComboValue(m_refreshTimingComboBox, c.refresh);
    m_refreshAheadSpinBox->setValue(int(c.refreshAhead));
    m_concurrentSpinBox->setValue(c.concurrentRefreshProbability);
    m_durationSpinBox->setValue(int(scenario.duration));
    m_seedSpinBox->setValue(int(std::min<quint64>(scenario.seed, quint64(std::numeric_limits<int>::max()))));
    m_updating = false;
    // Knobs that do nothing under the current choices are disabled, so it is clear what matters.
    const bool refresh = p.refreshTokensEnabled;
    for (QWidget *w :
         std::initializer_list<QWidget *> {m_refreshLifetimeSpinBox, m_lifetimeModeComboBox, m_refreshMaxSpinBox,
                                           m_rotationComboBox, m_reuseComboBox, m_graceComboBox})
        w->setEnabled(refresh);
    m_rotateAfterSpinBox->setEnabled(refresh && p.rotation == RotationMode::AfterPercent);
    m_graceSpinBox->setEnabled(refresh && p.grace != GraceMode::None);
    m_keyOverlapSpinBox->setEnabled(p.keyRotationInterval > 0);
    const bool jwt = s.mode == ServerMode::StatelessJwt || s.mode == ServerMode::JwtBlocklist;
    m_leewaySpinBox->setEnabled(s.mode != ServerMode::Session);
    m_jwksCacheSpinBox->setEnabled(jwt);
    m_refetchCheckBox->setEnabled(jwt);
    m_refetchIntervalSpinBox->setEnabled(jwt && s.refetchOnUnknownKid);
    m_introspectionTtlSpinBox->setEnabled(s.mode == ServerMode::Introspection);
    m_blocklistOnRevokeCheckBox->setEnabled(s.mode == ServerMode::JwtBlocklist);
    m_sharedStoreCheckBox->setEnabled(s.mode == ServerMode::Session);
    m_sessionIdleSpinBox->setEnabled(s.mode == ServerMode::Session);
    m_sessionMaxSpinBox->setEnabled(s.mode == ServerMode::Session);
    m_refreshAheadSpinBox->setEnabled(c.refresh == RefreshTiming::Ahead);
}

void ParameterPanel::readInto(Scenario &scenario) const
{
    IssuerPolicy &p = scenario.issuer;
    p.accessTokenTtl = std::max(1, m_accessTtlSpinBox->value());
    p.refreshTokensEnabled = m_refreshEnabledCheckBox->isChecked();
    p.refreshTokenLifetime = m_refreshLifetimeSpinBox->value();
    p.lifetimeMode = comboValue<RefreshLifetimeMode>(m_lifetimeModeComboBox);
    p.refreshTokenMaxLifetime = m_refreshMaxSpinBox->value();
    p.rotation = comboValue<RotationMode>(m_rotationComboBox);
    p.rotateAfterPercent = m_rotateAfterSpinBox->value();
    p.reuse = comboValue<ReuseHandling>(m_reuseComboBox);
    p.grace = comboValue<GraceMode>(m_graceComboBox);
    p.graceSeconds = m_graceSpinBox->value();
    p.keyRotationInterval = m_keyRotationSpinBox->value();
    p.keyOverlap = m_keyOverlapSpinBox->value();
    p.sessionIdle = m_sessionIdleSpinBox->value();
    p.sessionMaxLifetime = m_sessionMaxSpinBox->value();
    p.presetName.clear(); // edited by hand
    ResourceServerConfig &s = scenario.server;
    s.mode = comboValue<ServerMode>(m_serverModeComboBox);
    s.servers = m_serversSpinBox->value();
    s.routing = comboValue<Routing>(m_routingComboBox);
    s.sharedStore = m_sharedStoreCheckBox->isChecked();
    s.leeway = m_leewaySpinBox->value();
    s.jwksCacheAge = m_jwksCacheSpinBox->value();
    s.refetchOnUnknownKid = m_refetchCheckBox->isChecked();
    s.unknownKidRefetchInterval = m_refetchIntervalSpinBox->value();
    s.introspectionCacheTtl = m_introspectionTtlSpinBox->value();
    s.blocklistOnRevoke = m_blocklistOnRevokeCheckBox->isChecked();
    ClientConfig &c = scenario.clients;
    c.count = m_clientsSpinBox->value();
    c.requestInterval = std::max(1, m_requestIntervalSpinBox->value());
    c.refresh = comboValue<RefreshTiming>(m_refreshTimingComboBox);
    c.refreshAhead = m_refreshAheadSpinBox->value();
    c.concurrentRefreshProbability = m_concurrentSpinBox->value();
    scenario.duration = m_durationSpinBox->value();
    scenario.seed = quint64(m_seedSpinBox->value());
    // Scripted actors must still point at existing clients and servers.
    for (AttackerConfig &attacker : scenario.attackers)
        attacker.client = std::min(attacker.client, c.count - 1);
    for (OperatorEvent &event : scenario.events) {
        event.client = std::min(event.client, c.count - 1);
        event.server = std::min(event.server, s.servers - 1);
    }
}

} // namespace tokenscope
