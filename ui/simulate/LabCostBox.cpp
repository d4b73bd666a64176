#include "simulate/LabCostBox.h"

#include "common/Settings.h"
#include "common/Theme.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace tokenscope {

using namespace Qt::StringLiterals;

namespace {

QString milliseconds(double microseconds)
{
    return QLocale().toString(microseconds / 1000.0, 'f', 2);
}

// "1 store round trip per request", "0.52 issuer round trips per request"; whole numbers read as such.
QString roundTrips(double perRequest, bool store)
{
    const double rounded = std::round(perRequest);
    const bool whole = std::abs(perRequest - rounded) < 0.005;
    if (whole && rounded == 1)
        return store ? LabCostBox::tr("1 store round trip per request")
                     : LabCostBox::tr("1 issuer round trip per request");
    const QString value = whole ? QLocale().toString(qint64(rounded)) : QLocale().toString(perRequest, 'f', 2);
    return store ? LabCostBox::tr("%1 store round trips per request").arg(value)
                 : LabCostBox::tr("%1 issuer round trips per request").arg(value);
}

} // namespace

LabCostBox::LabCostBox(Settings *settings, QWidget *parent) : QWidget(parent), m_settings(settings)
{
    setObjectName(u"labCostBox"_s);
    setAccessibleName(tr("Cost measured on this machine"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->setSpacing(4);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(u"labCostSummaryLabel"_s);
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summaryLabel->setAccessibleName(tr("Measured cost per request"));
    layout->addWidget(m_summaryLabel);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(u"labCostErrorLabel"_s);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setAccessibleName(tr("Measurement error"));
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    auto *row = new QHBoxLayout;
    row->setSpacing(6);
    const QString tip = tr("Runs a few seconds of real load on loopback (127.0.0.1): a lab resource server in this "
                           "mode, with its own redis-server and HAProxy, is started, measured and stopped. Only the "
                           "numbers are kept.");
    m_measureAction = new QAction(tr("Measure Cost &Here"), this);
    m_measureAction->setObjectName(u"measureLabCostAction"_s);
    m_measureAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_L));
    m_measureAction->setToolTip(tip);
    m_measureAction->setStatusTip(tip);
    connect(m_measureAction, &QAction::triggered, this, &LabCostBox::measure);

    m_measureButton = new QPushButton(tr("Measure here"), this);
    m_measureButton->setObjectName(u"measureLabCostButton"_s);
    m_measureButton->setAccessibleName(tr("Measure here"));
    m_measureButton->setToolTip(
        tip + u' ' + tr("Shortcut: %1").arg(m_measureAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_measureButton, &QPushButton::clicked, m_measureAction, &QAction::trigger);
    row->addWidget(m_measureButton);

    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(u"labCostProgressBar"_s);
    m_progressBar->setAccessibleName(tr("Measurement progress"));
    m_progressBar->setRange(0, 100);
    m_progressBar->setTextVisible(false);
    m_progressBar->hide();
    row->addWidget(m_progressBar, 1);

    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(u"cancelLabCostButton"_s);
    m_cancelButton->setAccessibleName(tr("Cancel the measurement"));
    m_cancelButton->setToolTip(tr("Stops the load and the lab; nothing is kept"));
    m_cancelButton->hide();
    connect(m_cancelButton, &QPushButton::clicked, this, &LabCostBox::cancel);
    row->addWidget(m_cancelButton);
    row->addStretch(0);
    layout->addLayout(row);

    applyErrorColor();
    refresh();
}

LabCostBox::~LabCostBox() = default; // a running probe cancels and waits for its lab to stop

lab::CheckMode LabCostBox::labModeFor(sim::ServerMode mode)
{
    switch (mode) {
    case sim::ServerMode::StatelessJwt:
        return lab::CheckMode::Stateless;
    case sim::ServerMode::JwtBlocklist:
        return lab::CheckMode::Blocklist;
    case sim::ServerMode::Introspection:
        return lab::CheckMode::Introspection;
    case sim::ServerMode::Session:
        return lab::CheckMode::Session;
    }
    return lab::CheckMode::Stateless;
}

QString LabCostBox::describe(const lab::CostMeasurement &m)
{
    const QLocale locale;
    QString text = tr("%1 ms per request (p99 %2 ms), %3 req/s")
                       .arg(milliseconds(m.meanMicroseconds), milliseconds(m.p99Microseconds),
                            locale.toString(qint64(std::llround(m.requestsPerSecond))));
    if (m.storeRoundTripsPerRequest == 0 && m.issuerRoundTripsPerRequest == 0)
        text += u", "_s + tr("no store or issuer round trips");
    if (m.storeRoundTripsPerRequest > 0)
        text += u", "_s + roundTrips(m.storeRoundTripsPerRequest, true);
    if (m.issuerRoundTripsPerRequest > 0)
        text += u", "_s + roundTrips(m.issuerRoundTripsPerRequest, false);
    if (m.failedRequests > 0)
        text += u", "_s
            + tr("%1 of %2 requests refused or unanswered")
                  .arg(locale.toString(m.failedRequests), locale.toString(m.requests));
    return text + u" — "_s + locale.toString(m.measuredAt.toLocalTime().date(), u"d MMM yyyy"_s);
}

void LabCostBox::setServerMode(sim::ServerMode mode)
{
    const lab::CheckMode labMode = labModeFor(mode);
    if (labMode == m_mode)
        return;
    m_mode = labMode;
    m_error.clear();
    refresh();
}

QString LabCostBox::summaryText() const
{
    return m_summaryLabel->text();
}

QString LabCostBox::errorText() const
{
    return m_errorLabel->isHidden() ? QString() : m_errorLabel->text();
}

std::optional<lab::CostMeasurement> LabCostBox::record(lab::CheckMode mode) const
{
    if (m_settings)
        return m_settings->labCost(mode);
    const auto found = m_unsaved.constFind(int(mode));
    return found == m_unsaved.cend() ? std::nullopt : std::optional(*found);
}

void LabCostBox::measure()
{
    if (m_probe)
        return;
    m_error.clear();
    m_measuringMode = m_mode;
    m_probe = std::make_unique<lab::CostProbe>();
    connect(m_probe.get(), &lab::CostProbe::phaseChanged, this, [this](lab::CostProbe::Phase phase) {
        switch (phase) {
        case lab::CostProbe::Phase::StartingLab:
            m_phaseText = tr("Starting a lab server in %1 mode…").arg(lab::LabNames::checkMode(m_measuringMode));
            m_progressBar->setRange(0, 0); // busy until requests are sent
            break;
        case lab::CostProbe::Phase::GettingCredential:
            m_phaseText = tr("Signing in to the lab…");
            break;
        case lab::CostProbe::Phase::SendingRequests:
            m_phaseText = tr("Sending requests for %1 s…").arg(QLocale().toString(m_durationMs / 1000.0, 'g', 3));
            m_progressBar->setRange(0, 100);
            m_progressBar->setValue(0);
            break;
        case lab::CostProbe::Phase::StoppingLab:
            m_phaseText = tr("Stopping the lab…");
            m_progressBar->setRange(0, 0);
            break;
        }
        refresh();
    });
    connect(m_probe.get(), &lab::CostProbe::progressed, this,
            [this](double fraction) { m_progressBar->setValue(int(std::lround(fraction * 100))); });
    connect(m_probe.get(), &lab::CostProbe::finished, this, [this](const lab::CostMeasurement &measurement) {
        if (m_settings)
            m_settings->setLabCost(measurement);
        else
            m_unsaved.insert(int(measurement.mode), measurement);
        measurementEnded();
        emit measured(measurement);
    });
    connect(m_probe.get(), &lab::CostProbe::failed, this, [this](const QString &error) {
        m_error = error;
        measurementEnded();
    });
    connect(m_probe.get(), &lab::CostProbe::cancelled, this, &LabCostBox::measurementEnded);

    lab::CostProbeOptions options;
    options.mode = m_measuringMode;
    options.durationMs = m_durationMs;
    if (const Result<void> started = m_probe->start(options); !started) {
        m_error = started.error().message();
        measurementEnded();
        return;
    }
    m_phaseText = tr("Starting a lab server in %1 mode…").arg(lab::LabNames::checkMode(m_measuringMode));
    refresh();
    m_cancelButton->setFocus(); // the button that had focus is hidden while measuring
}

void LabCostBox::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyErrorColor();
}

void LabCostBox::applyErrorColor()
{
    QPalette palette = m_errorLabel->palette();
    palette.setColor(QPalette::WindowText, Theme::colors(this->palette()).errorForeground);
    m_errorLabel->setPalette(palette);
}

void LabCostBox::cancel()
{
    if (m_probe)
        m_probe->cancel();
}

void LabCostBox::measurementEnded()
{
    // Called from the probe's own signal: it is deleted once that signal has returned.
    if (lab::CostProbe *probe = m_probe.release())
        probe->deleteLater();
    m_phaseText.clear();
    const bool hadFocus = m_cancelButton->hasFocus();
    refresh();
    if (hadFocus)
        m_measureButton->setFocus();
}

void LabCostBox::refresh()
{
    const bool measuring = m_probe != nullptr;
    m_measureAction->setEnabled(!measuring);
    m_measureButton->setVisible(!measuring);
    m_progressBar->setVisible(measuring);
    m_cancelButton->setVisible(measuring);
    if (measuring) {
        m_summaryLabel->setText(m_phaseText);
    } else if (const std::optional<lab::CostMeasurement> measured = record(m_mode)) {
        m_summaryLabel->setText(tr("Measured here: %1").arg(describe(*measured)));
        m_summaryLabel->setToolTip(
            tr("Lab mode %1: %2 requests in %3 s with %4 in flight, straight to one server on 127.0.0.1; mean "
               "%5 ms, p50 %6 ms, p99 %7 ms, as the client saw them")
                .arg(lab::LabNames::checkMode(measured->mode), QLocale().toString(measured->requests),
                     QLocale().toString(measured->durationMs / 1000.0, 'g', 3), QString::number(measured->inFlight),
                     milliseconds(measured->meanMicroseconds), milliseconds(measured->p50Microseconds),
                     milliseconds(measured->p99Microseconds)));
    } else {
        m_summaryLabel->setText(tr("Not measured on this machine yet"));
        m_summaryLabel->setToolTip(tr("Lab mode %1").arg(lab::LabNames::checkMode(m_mode)));
    }
    m_errorLabel->setText(tr("Measuring failed: %1").arg(m_error));
    m_errorLabel->setVisible(!m_error.isEmpty() && !measuring);
}

} // namespace tokenscope
