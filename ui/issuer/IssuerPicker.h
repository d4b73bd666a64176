#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;

namespace tokenscope {

// The Endpoints pane's "Issuer:" picker: the root issuer or one of the tenants the server also serves under their
// own path (docs/issuer.md "Several issuers"). Hidden while there are no tenants, so a plain issuer shows nothing.
class IssuerPicker : public QWidget
{
    Q_OBJECT
public:
    explicit IssuerPicker(QWidget *parent = nullptr);

    // The tenants' names in the server's order; the root comes first. None: the picker hides.
    void setTenants(const QStringList &names);
    // Empty: the root issuer. A name not listed chooses the root.
    void setCurrentTenant(const QString &name);
    [[nodiscard]] QString currentTenant() const;
    [[nodiscard]] QComboBox *comboBox() const { return m_comboBox; }

signals:
    // The user chose an issuer (mouse or keyboard); empty: the root.
    void tenantChosen(const QString &name);

private:
    QComboBox *m_comboBox = nullptr;
};

} // namespace tokenscope
