#pragma once

#include "common/Clock.h"
#include "inspect/InspectInputLoader.h"
#include "inspect/InspectPanes.h"
#include "inspect/InspectWorkspaceActions.h"
#include "inspect/TokenAnalysis.h"
#include "inspect/TokenAnalysisRunner.h"
#include "verify/TokenVerifier.h"

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
class QTableView;
class QTimer;

namespace tokenscope {

class BundleView;
class ClaimsTableModel;
class DisclosuresView;
class FindingsModel;
class FoundTokensPanel;
class JsonView;
class MessageBanner;
class SelectionLinker;
class Settings;
class TokenInput;
class TokenShareActions;
class TokenView;
class ValidityBar;
class VerifyPanel;

// The Inspect workspace: paste (or open, or drop) anything holding a token and see it decoded in linked panes,
// with its validity ticking live, its findings, and the signature panel beside it. Takes the app's Settings, Clock
// and network access manager (tests pass a throwaway settings object and a FixedClock). Large inputs are analysed
// off the UI thread (TokenAnalysisRunner). The workspace shows an analysis in parts and keeps its clock; its widgets
// are InspectPanes', its actions InspectWorkspaceActions', and what comes into the input, InspectInputLoader's.
class InspectWorkspace : public QWidget
{
    Q_OBJECT
public:
    // Inputs longer than this are analysed in the background.
    static constexpr qsizetype synchronousLimit = TokenAnalysisRunner::synchronousLimit;
    // Files larger than this are refused.
    static constexpr qint64 maxFileBytes = InspectInputLoader::maxFileBytes;

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
    [[nodiscard]] TokenInput *input() const { return m_panes.input; }
    [[nodiscard]] TokenView *tokenView() const { return m_panes.tokenView; }
    [[nodiscard]] JsonView *headerView() const { return m_panes.headerView; }
    [[nodiscard]] JsonView *payloadView() const { return m_panes.payloadView; }
    [[nodiscard]] QTableView *claimsTable() const { return m_panes.claimsTable; }
    [[nodiscard]] ClaimsTableModel *claimsModel() const { return m_panes.claimsModel; }
    [[nodiscard]] QListView *findingsView() const { return m_panes.findingsView; }
    [[nodiscard]] FindingsModel *findingsModel() const { return m_panes.findingsModel; }
    [[nodiscard]] QComboBox *tokenPicker() const { return m_panes.tokenPicker; }
    [[nodiscard]] MessageBanner *messageBanner() const { return m_panes.messageBanner; }
    [[nodiscard]] QLabel *countdownLabel() const { return m_panes.countdownLabel; }
    [[nodiscard]] QLabel *summaryLabel() const { return m_panes.summaryLabel; }
    [[nodiscard]] QLabel *verdictLabel() const { return m_panes.verdictLabel; }
    [[nodiscard]] ValidityBar *validityBar() const { return m_panes.validityBar; }
    [[nodiscard]] QCheckBox *timeTravelCheckBox() const { return m_panes.timeTravelCheckBox; }
    [[nodiscard]] QDateTimeEdit *nowEdit() const { return m_panes.nowEdit; }
    [[nodiscard]] QSpinBox *leewaySpinBox() const { return m_panes.leewaySpinBox; }
    [[nodiscard]] VerifyPanel *verifyPanel() const { return m_verifyPanel; }
    [[nodiscard]] FoundTokensPanel *foundTokensPanel() const { return m_panes.foundTokensPanel; }
    // Compare With…, Export Redacted Report…, Copy Report as Markdown.
    [[nodiscard]] TokenShareActions *shareActions() const { return m_shareActions; }
    // The Disclosures of an SD-JWT (its pane is hidden for other tokens).
    [[nodiscard]] DisclosuresView *disclosuresView() const { return m_panes.disclosuresView; }
    [[nodiscard]] QWidget *disclosuresPane() const { return m_panes.disclosuresPane; }
    // The tokens and checks of a bundle (a token response, a redirect URL, a request with a DPoP proof); its pane is
    // hidden for other input.
    [[nodiscard]] BundleView *bundleView() const { return m_panes.bundleView; }
    [[nodiscard]] QWidget *bundlePane() const { return m_panes.bundlePane; }

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
    void connectActions();
    void restoreSettings();
    void updateIcons();
    void startAnalysis(const QString &text, int index);
    enum class Pacing { AllAtOnce, Spread };
    void showAnalysis(TokenAnalysis analysis, Pacing pacing);
    void showTokenPart();
    void showDecodedPart();
    void showVerificationPart();
    void copyToken();
    void copyHeader();
    void copyPayload();
    void pickNextToken(int step);
    enum class Rejudge { AtBoundary, Now };
    void refreshTimes(Rejudge rejudge);
    void refreshFindings();
    void updateSummary();
    void onVerified(const VerificationResult &result);
    void onTimeTravelToggled(bool enabled);

    Settings *m_settings = nullptr;
    const Clock *m_clock = nullptr;
    std::optional<qint64> m_nowOverride;
    int m_leewaySeconds = 0;
    TokenAnalysis m_analysis;
    std::optional<VerificationResult> m_verification;
    int m_lastTimeState = -1; // which side of nbf/exp/iat (with leeway) now is on; re-judge when it changes
    quint64 m_showGeneration = 0; // a newer analysis cancels the remaining parts of a spread-out one

    // In construction order: the panes hold the signature panel and show the actions.
    VerifyPanel *m_verifyPanel = nullptr;
    InspectWorkspaceActions m_actions;
    TokenShareActions *m_shareActions = nullptr;
    InspectPanes m_panes;
    TokenAnalysisRunner *m_runner = nullptr;
    InspectInputLoader *m_loader = nullptr;
    SelectionLinker *m_selectionLinker = nullptr;
    QTimer *m_ticker = nullptr;
};

} // namespace tokenscope
