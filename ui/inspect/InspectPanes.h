#pragma once

#include <QCoreApplication>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QListView;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolButton;
class QWidget;

namespace tokenscope {

class BundleView;
class ClaimsTableModel;
class DisclosuresView;
class FindingsModel;
class FoundTokensPanel;
class JsonView;
class MessageBanner;
class Settings;
class TokenInput;
class TokenShareActions;
class TokenView;
class ValidityBar;
class VerifyPanel;
struct InspectWorkspaceActions;

// The Inspect workspace's widgets, laid out: the input with its buttons, the token picker, the message banner, the
// summary and validity rows, then the panes (Encoded and Findings; Header, Payload and Disclosures; the signature
// panel) under the found-tokens list and over the bundle pane, in splitters whose sizes the settings keep. It
// builds and places them only; the workspace fills them and connects them.
class InspectPanes
{
    Q_DECLARE_TR_FUNCTIONS(InspectPanes)

public:
    // Builds the widgets as children of `workspace` in a layout of its own; the buttons show `actions` and
    // `shareActions`, and the signature column holds `verifyPanel`.
    InspectPanes(QWidget *workspace, const InspectWorkspaceActions &actions, TokenShareActions *shareActions,
                 VerifyPanel *verifyPanel);

    // Splitter sizes only: what the user arranged, never what they pasted.
    void restoreSizes(const Settings &settings) const;
    void saveSizes(Settings &settings) const;
    // The Disclosures (of an SD-JWT) and the bundle panes, which take their share of room as they appear.
    void setDisclosuresShown(bool shown) const;
    void setBundleShown(bool shown) const;
    // The payload as the claims table instead of JSON.
    void setClaimsTableShown(bool shown) const;
    [[nodiscard]] bool isClaimsTableShown() const;

    TokenInput *input = nullptr;
    QLabel *pickerLabel = nullptr;
    QComboBox *tokenPicker = nullptr;
    QLabel *busyLabel = nullptr;
    MessageBanner *messageBanner = nullptr;
    QLabel *summaryLabel = nullptr;
    QLabel *verdictLabel = nullptr;
    QLabel *countdownLabel = nullptr;
    ValidityBar *validityBar = nullptr;
    QCheckBox *timeTravelCheckBox = nullptr;
    QDateTimeEdit *nowEdit = nullptr;
    QSpinBox *leewaySpinBox = nullptr;
    TokenView *tokenView = nullptr;
    FindingsModel *findingsModel = nullptr;
    QListView *findingsView = nullptr;
    QLabel *findingsTitle = nullptr;
    JsonView *headerView = nullptr;
    JsonView *payloadView = nullptr;
    ClaimsTableModel *claimsModel = nullptr;
    QTableView *claimsTable = nullptr;
    QStackedWidget *payloadStack = nullptr;
    QToolButton *tableToggle = nullptr;
    DisclosuresView *disclosuresView = nullptr;
    QWidget *disclosuresPane = nullptr;
    FoundTokensPanel *foundTokensPanel = nullptr;
    BundleView *bundleView = nullptr;
    QWidget *bundlePane = nullptr;
    QSplitter *leftSplitter = nullptr;
    QSplitter *rightSplitter = nullptr;
    QSplitter *mainSplitter = nullptr;
    QSplitter *foundSplitter = nullptr;
};

} // namespace tokenscope
