#pragma once

#include <QTableView>

namespace tokenscope {

class RequestLogModel;

// The mock issuer's request log as a table that keeps the newest entry in view while the user is at the bottom.
class RequestLogView : public QTableView
{
    Q_OBJECT
public:
    explicit RequestLogView(RequestLogModel *model, QWidget *parent = nullptr);

private:
    bool m_following = true;
};

} // namespace tokenscope
