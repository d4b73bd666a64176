#pragma once

#include <QCoreApplication>
#include <QList>

class QAction;
class QPalette;
class QWidget;

namespace tokenscope {

// The Inspect workspace's own actions with their names, shortcuts, tips and icons; the workspace connects them.
// (Compare, export and the Markdown report are TokenShareActions'; the signature panel has its own.)
struct InspectWorkspaceActions
{
    Q_DECLARE_TR_FUNCTIONS(InspectWorkspaceActions)

public:
    explicit InspectWorkspaceActions(QWidget *owner);

    // Icons drawn for `palette` (light or dark).
    void updateIcons(const QPalette &palette) const;

    QAction *open = nullptr;
    QAction *paste = nullptr;
    QAction *clear = nullptr;
    QAction *copyToken = nullptr;
    QAction *copyHeader = nullptr;
    QAction *copyPayload = nullptr;
    QAction *focusInput = nullptr;
    QAction *nextToken = nullptr;
    QAction *previousToken = nullptr;
    QAction *claimsTable = nullptr; // checkable
    QAction *timeTravel = nullptr; // checkable
    QAction *focusFindings = nullptr;
};

} // namespace tokenscope
