#pragma once

#include <QTableView>

namespace tokenscope {

class RequestLogModel;

// The mock issuer's request log as a table: columns sized for what they hold, and the newest entry kept in view
// while the user is at the bottom (and left alone while they read older ones).
class RequestLogView : public QTableView
{
    Q_OBJECT
public:
    explicit RequestLogView(RequestLogModel *model, QWidget *parent = nullptr);

private:
    bool m_following = true;
};

} // namespace tokenscope
