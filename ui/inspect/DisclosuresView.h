#pragma once

#include "inspect/SdJwtAnalysis.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTableWidget;

namespace tokenscope {

// The Disclosures of an SD-JWT (RFC 9901 §4.2) beside the payload pane: one row each with its claim name (or "array
// element"), value, where its value landed in the processed claims, digest and salt; then one row per undisclosed
// digest (a withheld claim or a decoy, §4.2.5); above them a summary, below them the key-binding JWT (§4.3) with
// what its check said. Selecting a Disclosure's row reports it (disclosureSelected) so the workspace can mark its
// claim; selectDisclosure() marks one chosen elsewhere without echoing.
class DisclosuresView : public QWidget
{
    Q_OBJECT
public:
    enum Column { PositionColumn, ClaimColumn, ValueColumn, WhereColumn, DigestColumn, SaltColumn, ColumnCount };

    explicit DisclosuresView(QWidget *parent = nullptr);

    // nullopt: not an SD-JWT (the view empties).
    void setAnalysis(std::optional<SdJwtAnalysis> analysis);
    [[nodiscard]] const std::optional<SdJwtAnalysis> &analysis() const { return m_analysis; }
    // Marks Disclosure `index` (0-based, -1: none) without emitting disclosureSelected.
    void selectDisclosure(int index);
    // The selected Disclosure (0-based), or -1 (nothing, or an undisclosed digest's row).
    [[nodiscard]] int selectedDisclosure() const;

    [[nodiscard]] QTableWidget *table() const { return m_table; }
    [[nodiscard]] QLabel *summaryLabel() const { return m_summaryLabel; }
    [[nodiscard]] QLabel *keyBindingLabel() const { return m_keyBindingLabel; }
    [[nodiscard]] QLabel *keyBindingJwtLabel() const { return m_keyBindingJwtLabel; }
    // "disclosures: 4 · undisclosed digests (withheld claims or decoys): 6 · digest algorithm: sha-256"
    [[nodiscard]] QString summary() const;

signals:
    void disclosureSelected(int index);

protected:
    void changeEvent(QEvent *event) override;

private:
    void fillTable();
    void showKeyBinding();
    void onSelectionChanged();

    std::optional<SdJwtAnalysis> m_analysis;
    QLabel *m_summaryLabel = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_keyBindingLabel = nullptr;
    QLabel *m_keyBindingJwtLabel = nullptr;
    bool m_selecting = false; // guards selectDisclosure() against echoing
};

} // namespace tokenscope
