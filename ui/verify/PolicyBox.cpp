#include "verify/PolicyBox.h"

#include "common/Settings.h"

#include <QAction>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace tokenscope {

PolicyBox::PolicyBox(QWidget *parent) : QGroupBox(tr("Policy"), parent)
{
    auto *form = new QFormLayout(this);

    m_algorithmsButton = new QToolButton(this);
    m_algorithmsButton->setObjectName(u"algorithmsButton"_s);
    m_algorithmsButton->setAccessibleName(tr("Allowed algorithms"));
    m_algorithmsButton->setPopupMode(QToolButton::InstantPopup);
    m_algorithmsButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // As wide as the fields below it: sized to its text, the menu arrow is drawn over the last letters.
    m_algorithmsButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto *menu = new QMenu(m_algorithmsButton);
    for (const Algorithm algorithm : Algorithms::all()) {
        QAction *action = menu->addAction(Algorithms::name(algorithm));
        action->setCheckable(true);
        action->setData(int(algorithm));
        connect(action, &QAction::toggled, this, &PolicyBox::onAlgorithmsChanged);
        m_algorithmActions << action;
    }
    menu->addSeparator();
    QAction *anyAction = menu->addAction(tr("Any Algorithm the Key Fits"));
    connect(anyAction, &QAction::triggered, this, [this] { setAllowedAlgorithms({}); });
    m_algorithmsButton->setMenu(menu);
    auto *algorithmsLabel = new QLabel(tr("A&llowed algorithms:"), this);
    algorithmsLabel->setBuddy(m_algorithmsButton);
    form->addRow(algorithmsLabel, m_algorithmsButton);

    // One line per expected value; empty means not checked. Each change verifies again.
    const auto addExpectedField
        = [this, form](const QString &objectName, const QString &accessibleName, const QString &label) {
              auto *edit = new QLineEdit(this);
              edit->setObjectName(objectName);
              edit->setAccessibleName(accessibleName);
              edit->setPlaceholderText(tr("not checked"));
              edit->setClearButtonEnabled(true);
              auto *labelWidget = new QLabel(label, this);
              labelWidget->setBuddy(edit);
              form->addRow(labelWidget, edit);
              connect(edit, &QLineEdit::textChanged, this, &PolicyBox::policyChanged);
              return edit;
          };
    m_expectedIssuerEdit = addExpectedField(u"expectedIssuerEdit"_s, tr("Expected issuer"), tr("Expected &iss:"));
    m_expectedAudienceEdit = addExpectedField(u"expectedAudienceEdit"_s, tr("Expected audience"), tr("Expected a&ud:"));
    // An SD-JWT's key-binding JWT answers a verifier's challenge (RFC 9901 §7.3 step 5): the nonce it sent and its
    // own identifier as aud. Shown only for an SD-JWT with a key binding.
    m_keyBindingNonceEdit
        = addExpectedField(u"keyBindingNonceEdit"_s, tr("Expected key-binding nonce"), tr("KB-JWT n&once:"));
    m_keyBindingAudienceEdit
        = addExpectedField(u"keyBindingAudienceEdit"_s, tr("Expected key-binding audience"), tr("KB-JWT au&d:"));
    m_form = form;
    setKeyBindingFieldsShown(false);
    onAlgorithmsChanged();
}

void PolicyBox::setAllowedAlgorithms(const QList<Algorithm> &algorithms)
{
    for (QAction *action : std::as_const(m_algorithmActions)) {
        const QSignalBlocker blocker(action);
        action->setChecked(algorithms.contains(Algorithm(action->data().toInt())));
    }
    onAlgorithmsChanged();
}

QList<Algorithm> PolicyBox::allowedAlgorithms() const
{
    QList<Algorithm> algorithms;
    for (const QAction *action : std::as_const(m_algorithmActions)) {
        if (action->isChecked())
            algorithms << Algorithm(action->data().toInt());
    }
    return algorithms;
}

void PolicyBox::setExpectedIssuer(const QString &issuer)
{
    m_expectedIssuerEdit->setText(issuer);
}

void PolicyBox::setExpectedAudience(const QString &audience)
{
    m_expectedAudienceEdit->setText(audience);
}

void PolicyBox::setKeyBindingFieldsShown(bool shown)
{
    for (QLineEdit *edit : {m_keyBindingNonceEdit, m_keyBindingAudienceEdit})
        m_form->setRowVisible(edit, shown);
}

void PolicyBox::onAlgorithmsChanged()
{
    QStringList names;
    for (const Algorithm algorithm : allowedAlgorithms())
        names << Algorithms::name(algorithm);
    m_algorithmsButton->setText(names.isEmpty() ? tr("Any the key fits") : names.join(u", "));
    m_algorithmsButton->setToolTip(tr("Only these algorithms are accepted; an attacker cannot pick another one "
                                      "(RFC 8725 §3.1)."));
    emit policyChanged();
}

VerificationPolicy PolicyBox::policy() const
{
    VerificationPolicy policy;
    policy.allowedAlgorithms = allowedAlgorithms();
    policy.expectedIssuer = m_expectedIssuerEdit->text().trimmed();
    policy.expectedAudience = m_expectedAudienceEdit->text().trimmed();
    return policy;
}

KeyBindingPolicy PolicyBox::keyBindingPolicy() const
{
    KeyBindingPolicy keyBinding;
    keyBinding.expectedNonce = m_keyBindingNonceEdit->text().trimmed();
    keyBinding.expectedAudience = m_keyBindingAudienceEdit->text().trimmed();
    return keyBinding;
}

void PolicyBox::restoreSettings(const Settings &settings)
{
    QList<Algorithm> allowed;
    for (const QString &name : settings.verifyAllowedAlgorithms()) {
        if (const std::optional<Algorithm> algorithm = Algorithms::fromName(name))
            allowed << *algorithm;
    }
    setAllowedAlgorithms(allowed);
    m_expectedIssuerEdit->setText(settings.verifyExpectedIssuer());
    m_expectedAudienceEdit->setText(settings.verifyExpectedAudience());
}

void PolicyBox::saveSettings(Settings &settings) const
{
    QStringList allowed;
    for (const Algorithm algorithm : allowedAlgorithms())
        allowed << Algorithms::name(algorithm);
    settings.setVerifyAllowedAlgorithms(allowed);
    settings.setVerifyExpectedIssuer(m_expectedIssuerEdit->text());
    settings.setVerifyExpectedAudience(m_expectedAudienceEdit->text());
}

} // namespace tokenscope
