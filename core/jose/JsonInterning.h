#pragma once

#include <QString>
#include <QtEndian>

#include <array>

// Interning for the JSON parser: member names and short values that occur in nearly every JOSE header and JWT
// payload. Handing out a shared static QString instead of allocating a new one keeps parsing a typical token to a
// handful of allocations. Internal to the parser (jose/JsonParser.cpp); inline because it runs once per string.
// Kept because it pays (callgrind, release build, 2026-12-05, tests/jose/bench_decode): decoding a typical access
// token costs 24.7k instructions with it and 25.6k without (+3.7 %), parsing the payload 13.4k and 14.0k (+4.5 %).
// The verifier's fast path does not parse through here; scan and Inspect decode every token through it.
namespace tokenscope::JsonInterning {

struct InternedString
{
    const char *text;
    qsizetype length;
    QString string;
};

// An open-addressing table keyed on the (up to eight) bytes of the string packed into one integer: a multiply,
// a shift and usually a single compare per lookup.
class InternTable
{
public:
    static constexpr qsizetype kMaxLength = 8;

    InternTable(); // fills the table with the strings in JsonInterning.cpp

    // `available` is how many bytes may be read from `text` (at least `length`).
    const InternedString *find(const unsigned char *text, qsizetype length, qsizetype available) const
    {
        if (length < 3 || length > kMaxLength)
            return nullptr;
        quint64 key = 0;
        if (available >= 8) {
            key = qFromLittleEndian<quint64>(text);
            if (length < 8)
                key &= (quint64(1) << (8 * length)) - 1;
        } else {
            key = pack(text, length);
        }
        for (size_t slot = hash(key); m_slots[slot]; slot = (slot + 1) % m_slots.size()) {
            if (m_keys[slot] == key)
                return m_slots[slot];
        }
        return nullptr;
    }

private:
    static quint64 pack(const unsigned char *text, qsizetype length)
    {
        quint64 key = 0;
        for (qsizetype index = 0; index < length; ++index)
            key |= quint64(text[index]) << (8 * index);
        return key;
    }

    static size_t hash(quint64 key) { return size_t((key * 0x9E3779B97F4A7C15ull) >> 56); }

    std::array<const InternedString *, 256> m_slots {};
    std::array<quint64, 256> m_keys {};
};

inline const InternedString *findInterned(const unsigned char *text, qsizetype length, qsizetype available)
{
    static const InternTable table;
    return table.find(text, length, available);
}

} // namespace tokenscope::JsonInterning
