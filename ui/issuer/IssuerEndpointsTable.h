#pragma once

#include <QList>
#include <QTableWidget>
#include <QUrl>

class QToolButton;

namespace tokenscope {

// The running issuer's endpoints and their URLs, each with a copy button; empty while no issuer runs.
class IssuerEndpointsTable : public QTableWidget
{
    Q_OBJECT
public:
    explicit IssuerEndpointsTable(QWidget *parent = nullptr);

    // The issuer's base URL ("http://127.0.0.1:PORT"); empty: no rows.
    void setIssuerUrl(const QUrl &issuerUrl);

protected:
    void changeEvent(QEvent *event) override;

private:
    QList<QToolButton *> m_copyButtons; // re-tinted on palette changes
};

} // namespace tokenscope
