#include "inspect/InspectPanes.h"

#include "common/ActionButton.h"
#include "common/DurationSpinBox.h"
#include "common/MessageBanner.h"
#include "common/Pane.h"
#include "common/Settings.h"
#include "inspect/BundleView.h"
#include "inspect/ClaimsTableModel.h"
#include "inspect/DisclosuresView.h"
#include "inspect/FindingsModel.h"
#include "inspect/FoundTokensPanel.h"
#include "inspect/InspectWorkspaceActions.h"
#include "inspect/JsonView.h"
#include "inspect/TokenInput.h"
#include "inspect/TokenShareActions.h"
#include "inspect/TokenView.h"
#include "inspect/ValidityBar.h"
#include "verify/VerifyPanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {

// Splitter names in the settings (layout only: what the user sees, never what they pasted).
const QString mainSplitterName = u"inspect/main"_s;
const QString leftSplitterName = u"inspect/left"_s;
const QString rightSplitterName = u"inspect/right"_s;
const QString foundSplitterName = u"inspect/found"_s;

} // namespace

InspectPanes::InspectPanes(QWidget *workspace, const InspectWorkspaceActions &actions, TokenShareActions *shareActions,
                           VerifyPanel *verifyPanel)
{
    auto *root = new QVBoxLayout(workspace);
    root->setContentsMargins(12, 10, 12, 10);
    root->setSpacing(8);

    // Input: where anything holding a token is pasted.
    input = new TokenInput(workspace);
    input->setAccessibleName(tr("Token input"));
    input->setAccessibleDescription(tr("Text that holds one or more tokens; they are found and decoded as you type"));
    const int lineHeight = input->fontMetrics().lineSpacing();
    input->setFixedHeight(lineHeight * 3 + 18);
    auto *inputRow = new QHBoxLayout;
    inputRow->setSpacing(6);
    inputRow->addWidget(input, 1);
    auto *inputButtons = new QVBoxLayout;
    inputButtons->setSpacing(0);
    for (QAction *action : {actions.paste, actions.open, actions.clear}) {
        inputButtons->addWidget(actionButton(action, workspace));
    }
    inputButtons->addStretch();
    inputRow->addLayout(inputButtons);
    root->addLayout(inputRow);

    // Several tokens: pick one. Busy: a background analysis is running.
    auto *pickerRow = new QHBoxLayout;
    pickerLabel = new QLabel(workspace);
    tokenPicker = new QComboBox(workspace);
    tokenPicker->setAccessibleName(tr("Token to inspect"));
    tokenPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    pickerLabel->setBuddy(tokenPicker);
    busyLabel = new QLabel(tr("Decoding…"), workspace);
    busyLabel->setAccessibleName(tr("Decoding in progress"));
    busyLabel->hide();
    pickerRow->addWidget(pickerLabel);
    pickerRow->addWidget(tokenPicker);
    pickerRow->addStretch();
    pickerRow->addWidget(busyLabel);
    root->addLayout(pickerRow);

    messageBanner = new MessageBanner(workspace);
    messageBanner->setObjectName(u"inspectMessage"_s);
    messageBanner->setAccessibleName(tr("Message"));
    root->addWidget(messageBanner);

    // What the token is and what the signature panel said, then its life with 'now' and the leeway.
    auto *summaryRow = new QHBoxLayout;
    summaryRow->setSpacing(12);
    summaryLabel = new QLabel(workspace);
    summaryLabel->setAccessibleName(tr("Token summary"));
    summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    verdictLabel = new QLabel(workspace);
    verdictLabel->setAccessibleName(tr("Verification verdict"));
    verdictLabel->setTextFormat(Qt::RichText);
    verdictLabel->setWordWrap(false);
    countdownLabel = new QLabel(workspace);
    countdownLabel->setAccessibleName(tr("Time until expiry"));
    QFont countdownFont = countdownLabel->font();
    countdownFont.setBold(true);
    countdownFont.setPointSizeF(countdownFont.pointSizeF() * 1.1);
    countdownLabel->setFont(countdownFont);
    summaryRow->addWidget(summaryLabel);
    summaryRow->addWidget(verdictLabel, 1);
    summaryRow->addWidget(countdownLabel);
    root->addLayout(summaryRow);

    auto *validityRow = new QHBoxLayout;
    validityRow->setSpacing(8);
    validityBar = new ValidityBar(workspace);
    validityBar->setAccessibleName(tr("Validity timeline"));
    timeTravelCheckBox = new QCheckBox(tr("Time travel to"), workspace);
    timeTravelCheckBox->setAccessibleName(tr("Time travel"));
    timeTravelCheckBox->setToolTip(tr("Judge the token at another moment instead of now (%1)")
                                       .arg(actions.timeTravel->shortcut().toString(QKeySequence::NativeText)));
    nowEdit = new QDateTimeEdit(workspace);
    nowEdit->setTimeSpec(Qt::UTC);
    nowEdit->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
    nowEdit->setCalendarPopup(true);
    nowEdit->setAccessibleName(tr("Time travel moment (UTC)"));
    nowEdit->setEnabled(false);
    auto *leewayLabel = new QLabel(tr("&Leeway"), workspace);
    leewaySpinBox = new DurationSpinBox(workspace);
    leewaySpinBox->setRange(0, 24 * 3600);
    leewaySpinBox->setSingleStep(30);
    leewaySpinBox->setAccessibleName(tr("Leeway"));
    leewaySpinBox->setToolTip(tr("Clock skew tolerated on exp, nbf and iat (RFC 7519 §4.1.4)"));
    leewayLabel->setBuddy(leewaySpinBox);
    validityRow->addWidget(validityBar, 1);
    validityRow->addSpacing(8);
    validityRow->addWidget(timeTravelCheckBox);
    validityRow->addWidget(nowEdit);
    validityRow->addSpacing(8);
    validityRow->addWidget(leewayLabel);
    validityRow->addWidget(leewaySpinBox);
    root->addLayout(validityRow);

    // Left: the token and its findings.
    tokenView = new TokenView(workspace);
    tokenView->setAccessibleName(tr("Encoded token"));
    tokenView->setAccessibleDescription(
        tr("The token with its parts coloured; select characters to find the member they encode"));
    findingsModel = new FindingsModel(workspace);
    findingsView = new QListView(workspace);
    findingsView->setModel(findingsModel);
    findingsView->setAccessibleName(tr("Findings"));
    findingsView->setFrameShape(QFrame::NoFrame);
    findingsView->setWordWrap(true);
    findingsView->setUniformItemSizes(false);
    findingsView->setSpacing(2);
    findingsView->setIconSize(QSize(16, 16));
    findingsView->setSelectionMode(QAbstractItemView::SingleSelection);

    leftSplitter = new QSplitter(Qt::Vertical, workspace);
    leftSplitter->setChildrenCollapsible(false);
    const Pane tokenPane = makePane(tr("Encoded"), tokenView, leftSplitter);
    for (QAction *action : {shareActions->compareAction(), shareActions->exportAction(), actions.copyToken})
        tokenPane.headerLayout->addWidget(actionButton(action, tokenPane.widget));
    const Pane findingsPane = makePane(tr("Findings"), findingsView, leftSplitter);
    findingsTitle = findingsPane.title;
    leftSplitter->addWidget(tokenPane.widget);
    leftSplitter->addWidget(findingsPane.widget);
    leftSplitter->setStretchFactor(0, 3);
    leftSplitter->setStretchFactor(1, 2);

    // Middle: header and payload (JSON or the claims table).
    headerView = new JsonView(PrettyJsonPrinter::Section::Header, workspace);
    headerView->setAccessibleName(tr("Header JSON"));
    payloadView = new JsonView(PrettyJsonPrinter::Section::Payload, workspace);
    payloadView->setAccessibleName(tr("Payload JSON"));
    claimsModel = new ClaimsTableModel(workspace);
    claimsTable = new QTableView(workspace);
    claimsTable->setModel(claimsModel);
    claimsTable->setAccessibleName(tr("Payload claims table"));
    claimsTable->setFrameShape(QFrame::NoFrame);
    claimsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    claimsTable->setSelectionMode(QAbstractItemView::SingleSelection);
    claimsTable->setAlternatingRowColors(true);
    claimsTable->setWordWrap(false);
    claimsTable->verticalHeader()->hide();
    // Compact rows, like the JSON pane's lines; the full value is in each cell's tooltip.
    claimsTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    claimsTable->verticalHeader()->setDefaultSectionSize(claimsTable->fontMetrics().height() + 8);
    claimsTable->horizontalHeader()->setSectionResizeMode(ClaimsTableModel::ClaimColumn, QHeaderView::ResizeToContents);
    claimsTable->horizontalHeader()->setSectionResizeMode(ClaimsTableModel::ValueColumn, QHeaderView::Interactive);
    claimsTable->horizontalHeader()->setStretchLastSection(true);
    claimsTable->horizontalHeader()->resizeSection(ClaimsTableModel::ValueColumn, 300);
    payloadStack = new QStackedWidget(workspace);
    payloadStack->addWidget(payloadView);
    payloadStack->addWidget(claimsTable);

    rightSplitter = new QSplitter(Qt::Vertical, workspace);
    rightSplitter->setChildrenCollapsible(false);
    const Pane headerPane = makePane(tr("Header"), headerView, rightSplitter);
    QToolButton *copyHeaderButton = actionButton(actions.copyHeader, headerPane.widget);
    headerPane.headerLayout->addWidget(copyHeaderButton);
    const Pane payloadPane = makePane(tr("Payload"), payloadStack, rightSplitter);
    tableToggle = actionButton(actions.claimsTable, payloadPane.widget);
    payloadPane.headerLayout->addWidget(tableToggle);
    QToolButton *copyPayloadButton = actionButton(actions.copyPayload, payloadPane.widget);
    payloadPane.headerLayout->addWidget(copyPayloadButton);
    rightSplitter->addWidget(headerPane.widget);
    rightSplitter->addWidget(payloadPane.widget);
    // RFC 9901: an SD-JWT's Disclosures, linked to the processed claims in the payload pane.
    disclosuresView = new DisclosuresView(workspace);
    disclosuresPane = makePane(tr("Disclosures"), disclosuresView, rightSplitter).widget;
    rightSplitter->addWidget(disclosuresPane);
    disclosuresPane->hide();
    rightSplitter->setStretchFactor(0, 1);
    rightSplitter->setStretchFactor(1, 3);
    rightSplitter->setStretchFactor(2, 3);

    // Right: the signature panel, scrollable because its key sources and diagnostics can grow tall.
    auto *verifyScroll = new QScrollArea(workspace);
    verifyScroll->setWidgetResizable(true);
    verifyScroll->setFrameShape(QFrame::NoFrame);
    verifyScroll->setWidget(verifyPanel);
    verifyScroll->setAccessibleName(tr("Signature / Decryption"));
    const Pane signaturePane = makePane(tr("Signature / Decryption"), verifyScroll, workspace);

    mainSplitter = new QSplitter(Qt::Horizontal, workspace);
    mainSplitter->setChildrenCollapsible(false);
    mainSplitter->addWidget(leftSplitter);
    mainSplitter->addWidget(rightSplitter);
    mainSplitter->addWidget(signaturePane.widget);
    mainSplitter->setStretchFactor(0, 4);
    mainSplitter->setStretchFactor(1, 4);
    mainSplitter->setStretchFactor(2, 3);
    // First run: the decoded panes get the most room (timestamp annotations run long); the user's sizes win later.
    mainSplitter->setSizes({380, 560, 420});
    leftSplitter->setSizes({330, 220});
    rightSplitter->setSizes({150, 400});

    // Above the panes, the tokens found in an opened capture or log (hidden until a file is scanned).
    foundTokensPanel = new FoundTokensPanel(workspace);
    foundTokensPanel->hide();
    foundSplitter = new QSplitter(Qt::Vertical, workspace);
    foundSplitter->setChildrenCollapsible(false);
    foundSplitter->addWidget(foundTokensPanel);
    foundSplitter->addWidget(mainSplitter);
    // Below the panes, the tokens and checks of a bundle (hidden for other input): full width for the messages.
    bundleView = new BundleView(workspace);
    bundlePane = makePane(tr("Token Bundle"), bundleView, foundSplitter).widget;
    bundlePane->hide();
    foundSplitter->addWidget(bundlePane);
    foundSplitter->setStretchFactor(0, 1);
    foundSplitter->setStretchFactor(1, 3);
    foundSplitter->setSizes({200, 560, 260});
    root->addWidget(foundSplitter, 1);

    QWidget::setTabOrder(input, tokenPicker);
    QWidget::setTabOrder(tokenPicker, timeTravelCheckBox);
    QWidget::setTabOrder(timeTravelCheckBox, nowEdit);
    QWidget::setTabOrder(nowEdit, leewaySpinBox);
    QWidget::setTabOrder(leewaySpinBox, tokenView);
    QWidget::setTabOrder(tokenView, findingsView);
    QWidget::setTabOrder(findingsView, headerView);
    QWidget::setTabOrder(headerView, payloadView);
    bundleView->placeInTabOrderAfter(payloadView);
}

void InspectPanes::restoreSizes(const Settings &settings) const
{
    const auto restore = [&settings](QSplitter *splitter, const QString &name) {
        const QList<int> sizes = settings.splitterSizes(name);
        if (sizes.size() == splitter->count())
            splitter->setSizes(sizes);
    };
    restore(mainSplitter, mainSplitterName);
    restore(leftSplitter, leftSplitterName);
    restore(rightSplitter, rightSplitterName);
    restore(foundSplitter, foundSplitterName);
}

void InspectPanes::saveSizes(Settings &settings) const
{
    settings.setSplitterSizes(mainSplitterName, mainSplitter->sizes());
    settings.setSplitterSizes(leftSplitterName, leftSplitter->sizes());
    settings.setSplitterSizes(rightSplitterName, rightSplitter->sizes());
    if (foundTokensPanel->isVisible())
        settings.setSplitterSizes(foundSplitterName, foundSplitter->sizes());
}

void InspectPanes::setDisclosuresShown(bool shown) const
{
    if (shown && disclosuresPane->isHidden()) {
        // Appearing, the Disclosures take over half of the column: their rows and the key binding need the room, and
        // an SD-JWT's header is a few short lines.
        disclosuresPane->show();
        QList<int> sizes = rightSplitter->sizes();
        // Before the first layout the splitter knows no heights yet; it scales these to its own on laying out.
        const int total = std::max(sizes[0] + sizes[1] + sizes[2], 760);
        sizes[0] = std::min(sizes[0] > 0 ? sizes[0] : total, total * 16 / 100);
        sizes[1] = (total - sizes[0]) * 45 / 100;
        sizes[2] = total - sizes[0] - sizes[1];
        rightSplitter->setSizes(sizes);
    }
    disclosuresPane->setVisible(shown);
}

void InspectPanes::setBundleShown(bool shown) const
{
    if (shown && bundlePane->isHidden()) {
        // Appearing, the bundle takes a third of the height below the found tokens: its checks are the verdict.
        bundlePane->show();
        QList<int> sizes = foundSplitter->sizes();
        const int room = std::max(sizes[1] + sizes[2], 600);
        sizes[2] = room * 36 / 100;
        sizes[1] = room - sizes[2];
        foundSplitter->setSizes(sizes);
    }
    bundlePane->setVisible(shown);
}

void InspectPanes::setClaimsTableShown(bool shown) const
{
    payloadStack->setCurrentWidget(shown ? static_cast<QWidget *>(claimsTable) : payloadView);
}

bool InspectPanes::isClaimsTableShown() const
{
    return payloadStack->currentWidget() == claimsTable;
}

} // namespace tokenscope
