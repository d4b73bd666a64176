#include "issuer/IssuerPicker.h"

#include "common/ActionButton.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokenscope {

IssuerPicker::IssuerPicker(QWidget *parent) : QWidget(parent)
{
    m_comboBox = new QComboBox(this);
    m_comboBox->setAccessibleName(tr("Issuer shown"));
    m_comboBox->setToolTip(tr("The issuer whose endpoints, clients, users, tokens, clock and faults are shown: the "
                              "root issuer or one of the tenants served under their own path"));
    m_comboBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_comboBox, &QComboBox::activated, this,
            [this](int index) { emit tenantChosen(m_comboBox->itemData(index).toString()); });
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(buddyLabel(tr("&Issuer:"), m_comboBox, this));
    layout->addWidget(m_comboBox);
    setTenants({});
}

void IssuerPicker::setTenants(const QStringList &names)
{
    m_comboBox->clear();
    if (!names.isEmpty()) {
        m_comboBox->addItem(tr("Root issuer (/)"), QString());
        for (const QString &name : names)
            m_comboBox->addItem(u"%1 (/%1)"_s.arg(name), name);
    }
    setVisible(!names.isEmpty());
}

void IssuerPicker::setCurrentTenant(const QString &name)
{
    m_comboBox->setCurrentIndex(std::max(0, m_comboBox->findData(name)));
}

QString IssuerPicker::currentTenant() const
{
    return m_comboBox->currentData().toString();
}

} // namespace tokenscope
