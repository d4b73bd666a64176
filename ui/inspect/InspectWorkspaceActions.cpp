#include "inspect/InspectWorkspaceActions.h"

#include "common/Icons.h"
#include "common/ShortcutAction.h"

#include <QAction>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace tokenscope {

InspectWorkspaceActions::InspectWorkspaceActions(QWidget *owner)
{
    const auto make = [owner](const QString &text, const QKeySequence &shortcut) {
        return makeShortcutAction(owner, text, shortcut);
    };
    open = make(tr("&Open Token File…"), QKeySequence::Open);
    paste = make(tr("&Paste and Inspect"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    clear = make(tr("C&lear Input"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backspace));
    copyToken = make(tr("Copy &Token"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyHeader = make(tr("Copy &Header JSON"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_H));
    copyPayload = make(tr("Copy Pa&yload JSON"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P));
    focusInput = make(tr("&Go to Input"), QKeySequence(Qt::CTRL | Qt::Key_L));
    nextToken = make(tr("&Next Token in Input"), QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    previousToken = make(tr("P&revious Token in Input"), QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    claimsTable = make(tr("Claims as &Table"), QKeySequence(Qt::CTRL | Qt::Key_T));
    claimsTable->setCheckable(true);
    timeTravel = make(tr("&Time Travel"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    timeTravel->setCheckable(true);
    focusFindings = make(tr("Go to &Findings"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));

    open->setStatusTip(tr("Open a file that holds a token (a .jwt file, a log, a HAR excerpt…)"));
    paste->setStatusTip(tr("Replace the input with the clipboard and inspect it"));
    copyToken->setStatusTip(tr("Copy the token; marked concealed so clipboard managers do not keep it"));
}

void InspectWorkspaceActions::updateIcons(const QPalette &palette) const
{
    open->setIcon(Icons::icon(u"open"_s, palette));
    paste->setIcon(Icons::icon(u"paste"_s, palette));
    clear->setIcon(Icons::icon(u"clear"_s, palette));
    copyToken->setIcon(Icons::icon(u"copy"_s, palette));
    copyHeader->setIcon(Icons::icon(u"copy"_s, palette));
    copyPayload->setIcon(Icons::icon(u"copy"_s, palette));
    claimsTable->setIcon(Icons::icon(u"table"_s, palette));
    timeTravel->setIcon(Icons::icon(u"clock"_s, palette));
}

} // namespace tokenscope
