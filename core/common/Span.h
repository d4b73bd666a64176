#pragma once

#include <QtGlobal>

namespace tokenscope {

// A run of characters or bytes: where a segment, JSON member or finding sits in the text it came from.
// Panes share these so that selecting one thing can light up the matching run elsewhere.
struct Span
{
    qsizetype start = 0;
    qsizetype length = 0;

    [[nodiscard]] qsizetype end() const { return start + length; }
    [[nodiscard]] bool isEmpty() const { return length == 0; }
    [[nodiscard]] bool contains(qsizetype offset) const { return offset >= start && offset < end(); }
    [[nodiscard]] Span shifted(qsizetype delta) const { return {start + delta, length}; }
    friend bool operator==(const Span &, const Span &) = default;
};

} // namespace tokenscope
