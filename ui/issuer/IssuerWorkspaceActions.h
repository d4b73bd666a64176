#pragma once

#include <QCoreApplication>
#include <QList>

class QAction;
class QPalette;
class QWidget;

namespace tokenscope {

// The Issuer workspace's actions with their names, shortcuts, tips and icons; the workspace connects them.
struct IssuerWorkspaceActions
{
    Q_DECLARE_TR_FUNCTIONS(IssuerWorkspaceActions)

public:
    explicit IssuerWorkspaceActions(QWidget *owner);

    // Icons drawn for `palette` (light or dark).
    void updateIcons(const QPalette &palette) const;
    // In menu order.
    [[nodiscard]] QList<QAction *> all() const;

    QAction *start = nullptr;
    QAction *stop = nullptr;
    QAction *copyIssuerUrl = nullptr;
    QAction *openInInspect = nullptr;
    QAction *copyToken = nullptr;
    QAction *revokeToken = nullptr;
    QAction *revokeFamily = nullptr;
    QAction *banUser = nullptr; // "Lift Ban" while the selected user is banned
    QAction *rotateKeys = nullptr;
    QAction *advanceMinute = nullptr;
    QAction *advanceHour = nullptr;
    QAction *advanceCustom = nullptr;
    QAction *showSecrets = nullptr; // checkable
    QAction *copySecret = nullptr;
    QAction *copyPassword = nullptr;
    QAction *clearLog = nullptr;
};

} // namespace tokenscope
