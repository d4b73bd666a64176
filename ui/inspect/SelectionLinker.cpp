#include "inspect/SelectionLinker.h"

#include "inspect/ClaimsTableModel.h"
#include "inspect/DisclosuresView.h"
#include "inspect/FindingsModel.h"
#include "inspect/JsonView.h"
#include "inspect/TokenAnalysis.h"
#include "inspect/TokenView.h"

#include <QItemSelectionModel>
#include <QListView>
#include <QTableView>

#include <algorithm>

namespace tokenscope {

SelectionLinker::SelectionLinker(const Panes &panes, const TokenAnalysis &analysis, QObject *parent)
    : QObject(parent), m_panes(panes), m_analysis(analysis)
{
    connect(m_panes.token, &TokenView::characterSelected, this, &SelectionLinker::onTokenCharactersSelected);
    connect(m_panes.header, &JsonView::entrySelected, this, &SelectionLinker::onHeaderEntrySelected);
    connect(m_panes.payload, &JsonView::entrySelected, this, &SelectionLinker::onPayloadEntrySelected);
    connect(m_panes.claimsTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SelectionLinker::onClaimRowSelected);
    connect(m_panes.findingsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SelectionLinker::onFindingSelected);
    connect(m_panes.disclosures, &DisclosuresView::disclosureSelected, this, &SelectionLinker::onDisclosureSelected);
}

int SelectionLinker::disclosureAtToken(qsizetype offset) const
{
    return m_analysis.sdJwt ? SdJwtAnalyzer::disclosureAtToken(*m_analysis.sdJwt, offset) : -1;
}

void SelectionLinker::onTokenCharactersSelected(Span characters)
{
    if (!m_linking)
        selectAtToken(characters);
}

void SelectionLinker::selectAtToken(Span span)
{
    const DecodedToken *token = m_analysis.token();
    if (!token)
        return;
    if (const int disclosure = disclosureAtToken(span.start); disclosure >= 0) {
        linkDisclosure(disclosure);
        return;
    }
    const QScopedValueRollback<bool> guard(m_linking, true);
    int headerEntry = -1;
    int payloadEntry = -1;
    for (const TokenSegment &segment : token->segments) {
        if (!segment.span.contains(span.start))
            continue;
        if (segment.role == SegmentRole::Header || segment.role == SegmentRole::Payload) {
            const qsizetype end = std::min(span.end(), segment.span.end());
            const Span decoded
                = token->decodedSpan(segment.role, {span.start, std::max<qsizetype>(1, end - span.start)});
            const PrettyJson &json = segment.role == SegmentRole::Header ? m_analysis.header : m_analysis.payload;
            const int entry = json.entryAtSource(decoded.start);
            (segment.role == SegmentRole::Header ? headerEntry : payloadEntry) = entry;
            if (entry >= 0 && span.length <= 1) {
                // A click: light up the whole run of the member, as a packet analyser does for a field's bytes.
                m_panes.token->setLinkedSpan(token->tokenSpan(segment.role, json.entries[entry].source));
            } else if (span.length <= 1) {
                m_panes.token->setLinkedSpan({});
            }
        } else if (span.length <= 1) {
            m_panes.token->setLinkedSpan(segment.span);
        }
    }
    m_panes.header->selectEntry(headerEntry);
    m_panes.payload->selectEntry(payloadEntry);
    selectClaimRow(payloadEntry);
}

void SelectionLinker::selectPayloadEntry(int entry)
{
    {
        const QScopedValueRollback<bool> guard(m_linking, true);
        m_panes.payload->selectEntry(entry);
    }
    onPayloadEntrySelected(entry);
}

void SelectionLinker::onHeaderEntrySelected(int index)
{
    if (m_linking)
        return;
    const QScopedValueRollback<bool> guard(m_linking, true);
    m_panes.payload->selectEntry(-1);
    selectClaimRow(-1);
    linkDecodedSpan(SegmentRole::Header, m_analysis.header, index);
}

void SelectionLinker::onPayloadEntrySelected(int index)
{
    if (m_linking)
        return;
    const QScopedValueRollback<bool> guard(m_linking, true);
    m_panes.header->selectEntry(-1);
    selectClaimRow(index);
    linkDecodedSpan(SegmentRole::Payload, m_analysis.payload, index);
    if (m_analysis.sdJwt) {
        // A disclosed claim lights up its Disclosure, in the list and in the token text.
        const int disclosure = SdJwtAnalyzer::disclosureAtEntry(*m_analysis.sdJwt, m_analysis.payload, index);
        m_panes.disclosures->selectDisclosure(disclosure);
        if (disclosure >= 0)
            m_panes.token->setLinkedSpan(m_analysis.sdJwt->sdJwt.disclosures[size_t(disclosure)].span);
    }
}

void SelectionLinker::onDisclosureSelected(int index)
{
    if (!m_linking)
        linkDisclosure(index);
}

void SelectionLinker::linkDisclosure(int index)
{
    if (!m_analysis.sdJwt || index < 0 || index >= m_analysis.sdJwt->disclosureEntries.size())
        return;
    // RFC 9901: a Disclosure, its base64url run and the claim it filled in the processed claims light up together.
    const QScopedValueRollback<bool> guard(m_linking, true);
    const int entry = m_analysis.sdJwt->disclosureEntries[index];
    m_panes.header->selectEntry(-1);
    m_panes.payload->selectEntry(entry);
    selectClaimRow(entry);
    m_panes.disclosures->selectDisclosure(index);
    m_panes.token->setLinkedSpan(m_analysis.sdJwt->sdJwt.disclosures[size_t(index)].span);
}

void SelectionLinker::onClaimRowSelected()
{
    if (m_linking)
        return;
    const QModelIndex current = m_panes.claimsTable->currentIndex();
    const int entry = current.isValid() ? current.data(ClaimsTableModel::EntryIndexRole).toInt() : -1;
    const QScopedValueRollback<bool> guard(m_linking, true);
    m_panes.header->selectEntry(-1);
    m_panes.payload->selectEntry(entry);
    linkDecodedSpan(SegmentRole::Payload, m_analysis.payload, entry);
}

void SelectionLinker::onFindingSelected()
{
    if (m_linking)
        return;
    const Span span = m_panes.findingsModel->spanAt(m_panes.findingsView->currentIndex().row());
    m_panes.token->setLinkedSpan(span);
    if (!span.isEmpty()) {
        if (const int disclosure = disclosureAtToken(span.start); disclosure >= 0) {
            linkDisclosure(disclosure);
            return;
        }
    }
    const DecodedToken *token = m_analysis.token();
    if (!span.isEmpty() && !token)
        return;
    const QScopedValueRollback<bool> guard(m_linking, true);
    int headerEntry = -1;
    int payloadEntry = -1;
    // A finding about the whole token (no span) clears the member selection.
    for (const TokenSegment &segment : span.isEmpty() ? std::vector<TokenSegment>() : token->segments) {
        if (!segment.span.contains(span.start))
            continue;
        if (segment.role != SegmentRole::Header && segment.role != SegmentRole::Payload)
            continue;
        const qsizetype end = std::min(span.end(), segment.span.end());
        const Span decoded = token->decodedSpan(segment.role, {span.start, std::max<qsizetype>(1, end - span.start)});
        // The finding's span starts at a member's name: pick the member whose extent starts there (or holds it).
        const PrettyJson &json = segment.role == SegmentRole::Header ? m_analysis.header : m_analysis.payload;
        int entry = -1;
        for (int i = 0; i < json.entries.size(); ++i) {
            const Span source = json.entries[i].source;
            if (source.start >= decoded.start && source.start < decoded.end()
                && (entry < 0 || json.entries[i].depth < json.entries[entry].depth))
                entry = i;
        }
        if (entry < 0)
            entry = json.entryAtSource(decoded.start);
        (segment.role == SegmentRole::Header ? headerEntry : payloadEntry) = entry;
    }
    m_panes.header->selectEntry(headerEntry);
    m_panes.payload->selectEntry(payloadEntry);
    selectClaimRow(payloadEntry);
}

void SelectionLinker::linkDecodedSpan(SegmentRole role, const PrettyJson &json, int entry)
{
    const DecodedToken *token = m_analysis.token();
    if (!token || entry < 0 || entry >= json.entries.size() || !token->hasSegment(role)) {
        m_panes.token->setLinkedSpan({});
        return;
    }
    m_panes.token->setLinkedSpan(token->tokenSpan(role, json.entries[entry].source));
}

void SelectionLinker::selectClaimRow(int entry)
{
    // The table lists top-level claims: a nested member selects the claim that holds it.
    const QList<PrettyJsonEntry> &entries = m_analysis.payload.entries;
    while (entry >= 0 && entry < entries.size() && entries[entry].parent >= 0)
        entry = entries[entry].parent;
    const int row = entry >= 0 ? m_panes.claimsModel->rowForEntry(entry) : -1;
    QItemSelectionModel *selection = m_panes.claimsTable->selectionModel();
    if (row < 0) {
        selection->clear();
        return;
    }
    const QModelIndex index = m_panes.claimsModel->index(row, ClaimsTableModel::ClaimColumn);
    selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_panes.claimsTable->scrollTo(index);
}

} // namespace tokenscope
