#pragma once

#include "common/Span.h"
#include "jose/CompactToken.h"

#include <QObject>
#include <QScopedValueRollback>

class QListView;
class QTableView;

namespace tokenscope {

class ClaimsTableModel;
class DisclosuresView;
class FindingsModel;
class JsonView;
class TokenView;
struct PrettyJson;
struct TokenAnalysis;

// The Inspect workspace's linked panes, the way a packet analyser links a frame's bytes and its fields: selecting
// something in one pane (characters of the token, a header or payload member, a claim row, an SD-JWT Disclosure,
// a finding) selects the same thing in every other. It is the one place that knows how the panes relate; each
// pane only reports its own selection. Selecting in the other panes makes them report again, so a guard (held
// with QScopedValueRollback, released however the handler returns) keeps those echoes from coming back.
class SelectionLinker : public QObject
{
    Q_OBJECT
public:
    // The panes the linker connects; the Inspect workspace owns them.
    struct Panes
    {
        TokenView *token = nullptr;
        JsonView *header = nullptr;
        JsonView *payload = nullptr;
        QTableView *claimsTable = nullptr;
        ClaimsTableModel *claimsModel = nullptr;
        DisclosuresView *disclosures = nullptr;
        QListView *findingsView = nullptr;
        FindingsModel *findingsModel = nullptr;
    };

    // Connects to the panes' selection signals. `analysis` is the workspace's, read at each selection.
    SelectionLinker(const Panes &panes, const TokenAnalysis &analysis, QObject *parent = nullptr);

    // Selects the member (header or payload) that holds token characters `span`, or the Disclosure it lies in.
    void selectAtToken(Span span);
    // Selects payload entry `entry` as if the user had picked it in the payload pane.
    void selectPayloadEntry(int entry);
    // Runs `change` (a pane's content being replaced) without linking the selections it causes.
    template<typename Change> void withoutLinking(Change change)
    {
        const QScopedValueRollback<bool> guard(m_linking, true);
        change();
    }

private:
    void onTokenCharactersSelected(Span characters);
    void onHeaderEntrySelected(int index);
    void onPayloadEntrySelected(int index);
    void onClaimRowSelected();
    void onFindingSelected();
    void onDisclosureSelected(int index);
    // Selects SD-JWT Disclosure `index` with its claim and its run in the token.
    void linkDisclosure(int index);
    void linkDecodedSpan(SegmentRole role, const PrettyJson &json, int entry);
    void selectClaimRow(int entry);
    // The Disclosure whose text holds token character `offset`, or -1 (and -1 for a token that is no SD-JWT).
    [[nodiscard]] int disclosureAtToken(qsizetype offset) const;

    Panes m_panes;
    const TokenAnalysis &m_analysis;
    bool m_linking = false;
};

} // namespace tokenscope
