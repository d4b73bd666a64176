#pragma once

#include "common/Clock.h"
#include "inspect/TokenAnalysis.h"
#include "verify/TokenVerifier.h"

#include <QFutureWatcher>
#include <QWidget>

#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDragEnterEvent;
class QDropEvent;
class QLabel;
class QListView;
class QNetworkAccessManager;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;

namespace tokenscope {

class BundleView;
class ClaimsTableModel;
class DisclosuresView;
class FindingsModel;
class FoundTokensPanel;
class JsonView;
class Settings;
class TokenShareActions;
class TokenInput;
class TokenView;
class ValidityBar;
class SelectionLinker;
class VerifyPanel;

// The Inspect workspace: paste (or open, or drop) anything holding a token and see it decoded in linked panes,
// with its validity ticking live, its findings, and the signature panel beside it. Takes the app's Settings, Clock
// and network access manager (tests pass a throwaway settings object and a FixedClock). Large inputs are analysed
// off the UI thread.
class InspectWorkspace : public QWidget
{
    Q_OBJECT
public:
    // Inputs longer than this are analysed in the background (QtConcurrent); shorter ones at once, which takes
    // well under a millisecond for a typical token.
    static constexpr qsizetype synchronousLimit = 32 * 1024;
    // Files larger than this are refused: the decoder's own limit (DecodeLimits::maxTokenBytes).
    static constexpr qint64 maxFileBytes = 16 * 1024 * 1024;

    InspectWorkspace(Settings *settings, const Clock *clock, QNetworkAccessManager *network, QWidget *parent = nullptr);
    ~InspectWorkspace() override;

    // As if the user pasted `text` into the input (replacing what was there).
    void setInputText(const QString &text);
    [[nodiscard]] QString inputText() const;
    // Opens a file: one of up to synchronousLimit bytes holding at most one token (or one bundle) is read into the
    // input, as a paste would be; a HAR capture, a larger file or one with several tokens is scanned in the background
    // into the found-tokens list (the first token is inspected when the scan ends). False (and an inline message) when
    // the file cannot be opened.
    bool openFile(const QString &path);
    // Picks candidate `index` when the input holds several tokens.
    void selectToken(int index);
    // Selects a top-level payload claim as if the user clicked it (false when there is no such claim).
    bool selectPayloadClaim(const QString &name);

    [[nodiscard]] qint64 nowSeconds() const;
    // Time travel: judge the token at `seconds` instead of the clock's now (nullopt: back to the clock).
    void setNowOverride(std::optional<qint64> seconds);
    [[nodiscard]] std::optional<qint64> nowOverride() const { return m_nowOverride; }
    void setLeewaySeconds(int seconds);
    [[nodiscard]] int leewaySeconds() const { return m_leewaySeconds; }
    void setClaimsTableShown(bool shown);
    [[nodiscard]] bool isClaimsTableShown() const;
    // Re-reads the clock and updates everything that depends on 'now' (the ticker calls it every second).
    void tick();

    [[nodiscard]] const TokenAnalysis &analysis() const { return m_analysis; }
    [[nodiscard]] bool isAnalysing() const;

    // Saves splitter sizes and preferences (never the input).
    void saveSettings();

    // The workspace's actions, for the main window's menus and toolbar (each has a shortcut).
    [[nodiscard]] QList<QAction *> fileActions() const;
    [[nodiscard]] QList<QAction *> editActions() const;
    [[nodiscard]] QList<QAction *> viewActions() const;
    // The signature panel's actions (verify, fetch keys, …).
    [[nodiscard]] QList<QAction *> verifyActions() const;

    // The parts a user sees, for tests and the main window.
    [[nodiscard]] TokenInput *input() const { return m_input; }
    [[nodiscard]] TokenView *tokenView() const { return m_tokenView; }
    [[nodiscard]] JsonView *headerView() const { return m_headerView; }
    [[nodiscard]] JsonView *payloadView() const { return m_payloadView; }
    [[nodiscard]] QTableView *claimsTable() const { return m_claimsTable; }
    [[nodiscard]] ClaimsTableModel *claimsModel() const { return m_claimsModel; }
    [[nodiscard]] QListView *findingsView() const { return m_findingsView; }
    [[nodiscard]] FindingsModel *findingsModel() const { return m_findingsModel; }
    [[nodiscard]] QComboBox *tokenPicker() const { return m_tokenPicker; }
    [[nodiscard]] QLabel *messageLabel() const { return m_messageLabel; }
    [[nodiscard]] QLabel *countdownLabel() const { return m_countdownLabel; }
    [[nodiscard]] QLabel *summaryLabel() const { return m_summaryLabel; }
    [[nodiscard]] QLabel *verdictLabel() const { return m_verdictLabel; }
    [[nodiscard]] ValidityBar *validityBar() const { return m_validityBar; }
    [[nodiscard]] QCheckBox *timeTravelCheckBox() const { return m_timeTravelCheckBox; }
    [[nodiscard]] QDateTimeEdit *nowEdit() const { return m_nowEdit; }
    [[nodiscard]] QSpinBox *leewaySpinBox() const { return m_leewaySpinBox; }
    [[nodiscard]] VerifyPanel *verifyPanel() const { return m_verifyPanel; }
    [[nodiscard]] FoundTokensPanel *foundTokensPanel() const { return m_foundTokensPanel; }
    // Compare With…, Export Redacted Report…, Copy Report as Markdown.
    [[nodiscard]] TokenShareActions *shareActions() const { return m_shareActions; }
    // The Disclosures of an SD-JWT (its pane is hidden for other tokens).
    [[nodiscard]] DisclosuresView *disclosuresView() const { return m_disclosuresView; }
    [[nodiscard]] QWidget *disclosuresPane() const { return m_disclosuresPane; }
    // The tokens and checks of a bundle (a token response, a redirect URL, a request with a DPoP proof); its pane is
    // hidden for other input.
    [[nodiscard]] BundleView *bundleView() const { return m_bundleView; }
    [[nodiscard]] QWidget *bundlePane() const { return m_bundlePane; }

signals:
    // The panes show a new analysis (after a paste, a pick or a background decode).
    void analysisShown();
    // A background analysis started or finished (for a busy indication in the main window).
    void busyChanged(bool busy);

protected:
    void changeEvent(QEvent *event) override;
    // A file (or text) dropped anywhere on the workspace is inspected, not only on the input.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildActions();
    void buildLayout();
    void restoreSettings();
    void updateIcons();
    void onInputEdited();
    void startAnalysis(const QString &text, int index);
    void onAnalysisFinished();
    enum class Pacing { AllAtOnce, Spread };
    void showAnalysis(TokenAnalysis analysis, Pacing pacing);
    void showTokenPart();
    void showDecodedPart();
    void showVerificationPart();
    void showLargeInput(const QString &text, const QString &origin);
    bool readFileIntoInput(const QString &path);
    void clearInput();
    void pasteFromClipboard();
    void chooseFile();
    void copyToken();
    void copyHeader();
    void copyPayload();
    void pickNextToken(int step);
    void refreshTimes(bool force);
    void refreshFindings();
    void updateSummary();
    void onVerified(const VerificationResult &result);
    void onTimeTravelToggled(bool enabled);
    void showMessage(const QString &text, bool error);

    Settings *m_settings = nullptr;
    const Clock *m_clock = nullptr;
    std::optional<qint64> m_nowOverride;
    int m_leewaySeconds = 0;
    TokenAnalysis m_analysis;
    std::optional<VerificationResult> m_verification;
    QString m_largeInput; // set when the input is too large to show in the editor
    bool m_settingInput = false;
    int m_lastTimeState = -1; // which side of nbf/exp/iat (with leeway) now is on; re-judge when it changes
    quint64 m_analysisGeneration = 0; // counts inputs; a background result for an older one is dropped
    quint64 m_watchedGeneration = 0;
    quint64 m_showGeneration = 0; // a newer analysis cancels the remaining parts of a spread-out one
    QFutureWatcher<TokenAnalysis> m_watcher;

    TokenInput *m_input = nullptr;
    QComboBox *m_tokenPicker = nullptr;
    QLabel *m_pickerLabel = nullptr;
    QLabel *m_busyLabel = nullptr;
    TokenView *m_tokenView = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QLabel *m_verdictLabel = nullptr;
    QLabel *m_messageLabel = nullptr;
    ValidityBar *m_validityBar = nullptr;
    QLabel *m_countdownLabel = nullptr;
    QCheckBox *m_timeTravelCheckBox = nullptr;
    QDateTimeEdit *m_nowEdit = nullptr;
    QSpinBox *m_leewaySpinBox = nullptr;
    QListView *m_findingsView = nullptr;
    FindingsModel *m_findingsModel = nullptr;
    QLabel *m_findingsTitle = nullptr;
    JsonView *m_headerView = nullptr;
    JsonView *m_payloadView = nullptr;
    QStackedWidget *m_payloadStack = nullptr;
    QTableView *m_claimsTable = nullptr;
    ClaimsTableModel *m_claimsModel = nullptr;
    QToolButton *m_tableToggle = nullptr;
    VerifyPanel *m_verifyPanel = nullptr;
    SelectionLinker *m_selectionLinker = nullptr;
    FoundTokensPanel *m_foundTokensPanel = nullptr;
    QSplitter *m_foundSplitter = nullptr;
    DisclosuresView *m_disclosuresView = nullptr;
    QWidget *m_disclosuresPane = nullptr;
    BundleView *m_bundleView = nullptr;
    QWidget *m_bundlePane = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_leftSplitter = nullptr;
    QSplitter *m_rightSplitter = nullptr;
    QTimer *m_ticker = nullptr;

    QAction *m_openAction = nullptr;
    QAction *m_pasteAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_copyTokenAction = nullptr;
    QAction *m_copyHeaderAction = nullptr;
    QAction *m_copyPayloadAction = nullptr;
    QAction *m_focusInputAction = nullptr;
    QAction *m_nextTokenAction = nullptr;
    QAction *m_previousTokenAction = nullptr;
    QAction *m_tableAction = nullptr;
    QAction *m_timeTravelAction = nullptr;
    QAction *m_findingsFocusAction = nullptr;
    TokenShareActions *m_shareActions = nullptr;
};

} // namespace tokenscope
