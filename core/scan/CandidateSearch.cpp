#include "scan/CandidateSearch.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#define TOKENSCOPE_X86 1
#endif

namespace tokenscope::CandidateSearch {
namespace {

constexpr std::array<bool, 256> makeRunTable()
{
    std::array<bool, 256> table {};
    for (int c = 'A'; c <= 'Z'; ++c)
        table[size_t(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c)
        table[size_t(c)] = true;
    for (int c = '0'; c <= '9'; ++c)
        table[size_t(c)] = true;
    for (const char c : {'-', '_', '.', '~'})
        table[size_t(static_cast<unsigned char>(c))] = true;
    return table;
}
constexpr std::array<bool, 256> kRunByte = makeRunTable();

// RFC 8259 allows only whitespace or '"' after the '{' that opens the header, which fixes the third base64url
// character too: after "ey" ('{' then ' ' or '"') it is one of A-D or I-L; after "ew" ('{' then a tab, LF or
// CR) one of k-r or 0-3.
bool inRange(unsigned char byte, char low, char high)
{
    return byte >= static_cast<unsigned char>(low) && byte <= static_cast<unsigned char>(high);
}

bool thirdFits(char second, char third)
{
    const auto byte = static_cast<unsigned char>(third);
    if (second == 'y')
        return inRange(byte, 'A', 'D') || inRange(byte, 'I', 'L');
    return second == 'w' && (inRange(byte, 'k', 'r') || inRange(byte, '0', '3'));
}

// No token starts inside a run ("key", "they", "money" hold "ey"): the byte before must not be a run byte.
bool startsRun(const char *data, qsizetype position)
{
    return position == 0 || !kRunByte[static_cast<unsigned char>(data[position - 1])];
}

// Without AVX2 (or past the last full vector block): memchr, vectorised by the C library, finds each 'e', and the
// line feeds up to it are counted separately.
bool nextPortable(const char *data, qsizetype size, Cursor &cursor)
{
    qsizetype index = cursor.position;
    for (;;) {
        const auto *found = static_cast<const char *>(std::memchr(data + index, 'e', size_t(size - index)));
        const qsizetype stop = found ? found - data : size;
        cursor.lineFeeds += std::count(data + index, data + stop, '\n');
        if (!found || stop + 2 >= size) {
            cursor.lineFeeds += std::count(data + stop, data + size, '\n');
            cursor.position = size;
            return false;
        }
        if (thirdFits(data[stop + 1], data[stop + 2]) && startsRun(data, stop)) {
            cursor.position = stop;
            return true;
        }
        index = stop + 1;
    }
}

#if TOKENSCOPE_X86
// The candidates among 32 positions: 'e', then 'y' or 'w', then a third character that fits (thirdFits). The third
// character is classified by two table lookups, one per nibble (vpshufb): bit 0 marks A-D and I-L (after "ey"),
// bits 1-3 mark k-o, p-r and 0-3 (after "ew"). Branch-free, so English text full of 'e' costs no mispredictions.
__attribute__((target("avx2"))) inline quint32 candidates(const char *at)
{
    const __m256i lowTable
        = _mm256_setr_epi8(4 | 8, 1 | 4 | 8, 1 | 4 | 8, 1 | 8, 1, 0, 0, 0, 0, 1, 1, 1 | 2, 1 | 2, 2, 2, 2, 4 | 8,
                           1 | 4 | 8, 1 | 4 | 8, 1 | 8, 1, 0, 0, 0, 0, 1, 1, 1 | 2, 1 | 2, 2, 2, 2);
    const __m256i highTable = _mm256_setr_epi8(0, 0, 0, 8, 1, 0, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 1, 0, 2, 4,
                                               0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    const __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at));
    const __m256i second = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at + 1));
    const __m256i third = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at + 2));
    const __m256i lows = _mm256_shuffle_epi8(lowTable, _mm256_and_si256(third, nibble));
    const __m256i highs = _mm256_shuffle_epi8(highTable, _mm256_and_si256(_mm256_srli_epi16(third, 4), nibble));
    const __m256i classes = _mm256_and_si256(lows, highs);
    const __m256i afterY = _mm256_and_si256(_mm256_cmpeq_epi8(second, _mm256_set1_epi8('y')),
                                            _mm256_and_si256(classes, _mm256_set1_epi8(1)));
    const __m256i afterW = _mm256_and_si256(_mm256_cmpeq_epi8(second, _mm256_set1_epi8('w')),
                                            _mm256_and_si256(classes, _mm256_set1_epi8(2 | 4 | 8)));
    const __m256i fits = _mm256_or_si256(afterY, afterW);
    const __m256i isE = _mm256_cmpeq_epi8(first, _mm256_set1_epi8('e'));
    const __m256i none = _mm256_cmpeq_epi8(_mm256_and_si256(fits, isE), _mm256_setzero_si256());
    return ~quint32(_mm256_movemask_epi8(none));
}

__attribute__((target("avx2"))) inline quint32 lineFeeds(const char *at)
{
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at));
    return quint32(_mm256_movemask_epi8(_mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('\n'))));
}

// 64 bytes at a time (each step reads 66); line feeds are counted in the same pass.
__attribute__((target("avx2"))) bool nextAvx2(const char *data, qsizetype size, Cursor &cursor)
{
    qsizetype index = cursor.position;
    for (; index + 66 <= size; index += 64) {
        const quint64 starts = quint64(candidates(data + index)) | (quint64(candidates(data + index + 32)) << 32);
        const quint64 feeds = quint64(lineFeeds(data + index)) | (quint64(lineFeeds(data + index + 32)) << 32);
        for (quint64 remaining = starts; remaining != 0; remaining &= remaining - 1) {
            // A candidate that starts a run, with the line feeds before it in this block.
            const int bit = std::countr_zero(remaining);
            if (startsRun(data, index + bit)) {
                cursor.lineFeeds += std::popcount(feeds & ((quint64(1) << bit) - 1u));
                cursor.position = index + bit;
                return true;
            }
        }
        cursor.lineFeeds += std::popcount(feeds);
    }
    cursor.position = index;
    return nextPortable(data, size, cursor);
}

bool hasAvx2()
{
    static const bool supported = __builtin_cpu_supports("avx2");
    return supported;
}
#endif

} // namespace

bool next(QByteArrayView data, Cursor &cursor, Implementation implementation)
{
    cursor.position = std::clamp<qsizetype>(cursor.position, 0, data.size());
#if TOKENSCOPE_X86
    if (implementation == Implementation::Fastest && hasAvx2())
        return nextAvx2(data.data(), data.size(), cursor);
#else
    Q_UNUSED(implementation);
#endif
    return nextPortable(data.data(), data.size(), cursor);
}

bool isRunByte(char byte)
{
    return kRunByte[static_cast<unsigned char>(byte)];
}

const char *implementation()
{
#if TOKENSCOPE_X86
    if (hasAvx2())
        return "avx2";
#endif
    return "memchr";
}

} // namespace tokenscope::CandidateSearch
