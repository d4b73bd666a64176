#pragma once

#include <QTableView>

namespace tokenscope {

class IssuedTokensModel;

// The issued tokens as a table, newest first, with columns sized for what they hold.
class IssuedTokensView : public QTableView
{
    Q_OBJECT
public:
    explicit IssuedTokensView(IssuedTokensModel *model, QWidget *parent = nullptr);

    // The selected row, or -1.
    [[nodiscard]] int selectedRow() const;
    // Selects `row` (0: the newest); out of range: nothing changes.
    void selectTokenRow(int row);
};

} // namespace tokenscope
