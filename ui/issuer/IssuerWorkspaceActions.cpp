#include "issuer/IssuerWorkspaceActions.h"

#include "common/Icons.h"

#include <QAction>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace tokenscope {

IssuerWorkspaceActions::IssuerWorkspaceActions(QWidget *owner)
{
    auto make = [owner](const QString &text, const QKeySequence &shortcut) {
        auto *action = new QAction(text, owner);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WindowShortcut);
        action->setToolTip(u"%1 (%2)"_s.arg(QString(text).remove(u'&'), shortcut.toString(QKeySequence::NativeText)));
        owner->addAction(action);
        return action;
    };
    start = make(tr("&Start Mock Issuer"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R));
    stop = make(tr("S&top Mock Issuer"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S));
    copyIssuerUrl = make(tr("Copy Issuer &URL"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_U));
    openInInspect = make(tr("&Open in Inspect"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_I));
    copyToken = make(tr("&Copy Token"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    revokeToken = make(tr("&Revoke Token"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_V));
    revokeFamily = make(tr("Revoke &Family"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_F));
    banUser = make(tr("&Ban User"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_B));
    rotateKeys = make(tr("Rotate &Keys"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N));
    advanceMinute = make(tr("Advance Clock 1 &Minute"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_M));
    advanceHour = make(tr("Advance Clock 1 &Hour"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_M));
    advanceCustom = make(tr("&Advance Clock"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_A));
    showSecrets = make(tr("Show S&ecrets"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));
    showSecrets->setCheckable(true);
    copySecret = make(tr("Copy Client S&ecret"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_C));
    copyPassword = make(tr("Copy User &Password"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_P));
    clearLog = make(tr("C&lear Request Log"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_L));

    // Buttons show the short forms; menus the full names.
    start->setIconText(tr("Start"));
    stop->setIconText(tr("Stop"));
    advanceMinute->setIconText(tr("+1 min"));
    advanceHour->setIconText(tr("+1 h"));
    advanceCustom->setIconText(tr("Advance"));
    openInInspect->setIconText(tr("Open in Inspect"));
    copyToken->setIconText(tr("Copy"));
    revokeToken->setIconText(tr("Revoke"));
    revokeFamily->setIconText(tr("Revoke Family"));
    rotateKeys->setIconText(tr("Rotate Keys"));

    start->setStatusTip(tr("Start the mock issuer on 127.0.0.1"));
    openInInspect->setStatusTip(tr("Decode and verify the selected token in the Inspect workspace"));
    copyToken->setStatusTip(tr("Copy the selected token; marked concealed so clipboard managers do not keep it"));
    revokeToken->setStatusTip(tr("Revoke the selected token through the issuer's admin API (a refresh token revokes "
                                 "its whole family)"));
    revokeFamily->setStatusTip(tr("Revoke every token of the selected token's session (refresh family)"));
    banUser->setStatusTip(tr("Ban the selected user: logins and refreshes fail and every session is revoked"));
    rotateKeys->setStatusTip(tr("Publish a new signing key now; it signs after the policy's key overlap"));
}

void IssuerWorkspaceActions::updateIcons(const QPalette &palette) const
{
    const QList<std::pair<QAction *, QString>> icons {
        {start, u"issuer-start"_s},
        {stop, u"issuer-stop"_s},
        {copyIssuerUrl, u"copy"_s},
        {openInInspect, u"inspect"_s},
        {copyToken, u"copy"_s},
        {revokeToken, u"revoke"_s},
        {revokeFamily, u"revoke-family"_s},
        {banUser, u"ban"_s},
        {rotateKeys, u"rotate-keys"_s},
        {advanceCustom, u"clock-advance"_s},
        {showSecrets, u"reveal"_s},
        {copySecret, u"key"_s},
        {copyPassword, u"key"_s},
        {clearLog, u"clear"_s},
    };
    for (const auto &[action, name] : icons)
        action->setIcon(Icons::icon(name, palette));
}

QList<QAction *> IssuerWorkspaceActions::all() const
{
    return {start,      stop,          copyIssuerUrl, openInInspect, copyToken,   revokeToken, revokeFamily, banUser,
            rotateKeys, advanceMinute, advanceHour,   advanceCustom, showSecrets, copySecret,  copyPassword, clearLog};
}

} // namespace tokenscope
