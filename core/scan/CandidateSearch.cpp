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

// Off x86-64, and on it past the last whole 64-byte block: memchr, vectorised by the C library, finds each 'e', and
// the line feeds up to it are counted separately.
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
// The vectorised search classifies a batch of 64-byte blocks at a time into two bit masks per block (candidates and
// line feeds), one function per instruction set; a common loop then walks the masks. A batch is small, so that the
// blocks classified past a token that ends the search cost little.
constexpr qsizetype kBlockBytes = 64;
constexpr int kBatchBlocks = 16;

// What a batch of blocks holds: starts[b] (bit i: 'e', then 'y' or 'w', then a third character that fits, at block
// b's position i), feeds[b] (bit i: a line feed there), all starts or-ed together, and how many line feeds there are.
struct Batch
{
    std::array<quint64, kBatchBlocks> starts;
    std::array<quint64, kBatchBlocks> feeds;
    quint64 anyStart;
    int lineFeeds;

    void clear()
    {
        anyStart = 0;
        lineFeeds = 0;
    }
    // One block's masks; the classifier counts its line feeds, with popcnt where it has it.
    void record(int block, quint64 blockStarts, quint64 blockFeeds)
    {
        starts[size_t(block)] = blockStarts;
        feeds[size_t(block)] = blockFeeds;
        anyStart |= blockStarts;
    }
};

// Fills `batch` for `blocks` blocks from `at`, reading two bytes past the last. Branch-free, so English text full of
// 'e' costs no mispredictions.
using Classifier = void (*)(const char *at, int blocks, Batch &batch);

// The third character is classified by two table lookups, one per nibble: bit 0 marks A-D and I-L (after "ey"), bits
// 1-3 mark k-o, p-r and 0-3 (after "ew"), as thirdFits has it. The byte shuffle looks up within each 16-byte lane, so
// the 16 entries repeat across the widest vector.
constexpr std::array<char, 64> repeatedTable(std::array<char, 16> entries)
{
    std::array<char, 64> table {};
    for (size_t index = 0; index < table.size(); ++index)
        table[index] = entries[index % entries.size()];
    return table;
}
alignas(64) constexpr std::array<char, 64> kLowNibbleClasses = repeatedTable({4 | 8, 1 | 4 | 8, 1 | 4 | 8, 1 | 8, 1, 0,
                                                                              0, 0, 0, 1, 1, 1 | 2, 1 | 2, 2, 2, 2});
alignas(64) constexpr std::array<char, 64> kHighNibbleClasses = repeatedTable({0, 0, 0, 8, 1, 0, 2, 4, 0, 0, 0, 0, 0, 0,
                                                                               0, 0});

__attribute__((target("avx512bw,popcnt"))) void classifyAvx512(const char *at, int blocks, Batch &batch)
{
    const __m512i lowTable = _mm512_load_si512(kLowNibbleClasses.data());
    const __m512i highTable = _mm512_load_si512(kHighNibbleClasses.data());
    const __m512i nibble = _mm512_set1_epi8(0x0F);
    batch.clear();
    for (int block = 0; block < blocks; ++block, at += kBlockBytes) {
        const __m512i first = _mm512_loadu_si512(at);
        const __m512i second = _mm512_loadu_si512(at + 1);
        const __m512i third = _mm512_loadu_si512(at + 2);
        const __m512i lows = _mm512_shuffle_epi8(lowTable, _mm512_and_si512(third, nibble));
        const __m512i highs = _mm512_shuffle_epi8(highTable, _mm512_and_si512(_mm512_srli_epi16(third, 4), nibble));
        const __m512i classes = _mm512_and_si512(lows, highs);
        const __mmask64 afterY = _mm512_cmpeq_epi8_mask(second, _mm512_set1_epi8('y'))
            & _mm512_test_epi8_mask(classes, _mm512_set1_epi8(1));
        const __mmask64 afterW = _mm512_cmpeq_epi8_mask(second, _mm512_set1_epi8('w'))
            & _mm512_test_epi8_mask(classes, _mm512_set1_epi8(2 | 4 | 8));
        const quint64 feeds = _mm512_cmpeq_epi8_mask(first, _mm512_set1_epi8('\n'));
        batch.record(block, _mm512_cmpeq_epi8_mask(first, _mm512_set1_epi8('e')) & (afterY | afterW), feeds);
        batch.lineFeeds += int(_mm_popcnt_u64(feeds));
    }
}

__attribute__((target("avx2,popcnt"))) inline quint32 candidatesAvx2(const char *at)
{
    const __m256i lowTable = _mm256_load_si256(reinterpret_cast<const __m256i *>(kLowNibbleClasses.data()));
    const __m256i highTable = _mm256_load_si256(reinterpret_cast<const __m256i *>(kHighNibbleClasses.data()));
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

__attribute__((target("avx2,popcnt"))) inline quint32 lineFeedsAvx2(const char *at)
{
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at));
    return quint32(_mm256_movemask_epi8(_mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('\n'))));
}

__attribute__((target("avx2,popcnt"))) void classifyAvx2(const char *at, int blocks, Batch &batch)
{
    batch.clear();
    for (int block = 0; block < blocks; ++block, at += kBlockBytes) {
        const quint64 feeds = quint64(lineFeedsAvx2(at)) | (quint64(lineFeedsAvx2(at + 32)) << 32);
        batch.record(block, quint64(candidatesAvx2(at)) | (quint64(candidatesAvx2(at + 32)) << 32), feeds);
        batch.lineFeeds += int(_mm_popcnt_u64(feeds));
    }
}

// SSE2, which every x86-64 processor has, lacks the byte shuffle: the third character is range-checked instead.
inline __m128i inRangeSse2(__m128i bytes, char low, char high)
{
    const __m128i offset = _mm_sub_epi8(bytes, _mm_set1_epi8(low));
    return _mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(char(high - low))), offset);
}

inline quint64 candidatesSse2(const char *at)
{
    const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
    const __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at + 1));
    const __m128i third = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at + 2));
    const __m128i afterY = _mm_and_si128(_mm_cmpeq_epi8(second, _mm_set1_epi8('y')),
                                         _mm_or_si128(inRangeSse2(third, 'A', 'D'), inRangeSse2(third, 'I', 'L')));
    const __m128i afterW = _mm_and_si128(_mm_cmpeq_epi8(second, _mm_set1_epi8('w')),
                                         _mm_or_si128(inRangeSse2(third, 'k', 'r'), inRangeSse2(third, '0', '3')));
    const __m128i isE = _mm_cmpeq_epi8(first, _mm_set1_epi8('e'));
    return quint64(quint32(_mm_movemask_epi8(_mm_and_si128(isE, _mm_or_si128(afterY, afterW)))));
}

inline quint64 lineFeedsSse2(const char *at)
{
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
    return quint64(quint32(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\n')))));
}

// Line feeds are summed by bytes (psadbw) rather than by counting mask bits: SSE2 has no popcnt.
void classifySse2(const char *at, int blocks, Batch &batch)
{
    batch.clear();
    __m128i counts = _mm_setzero_si128(); // per byte lane: at most 4 × kBatchBlocks line feeds
    for (int block = 0; block < blocks; ++block, at += kBlockBytes) {
        quint64 blockStarts = 0, blockFeeds = 0;
        for (int part = 0; part < 4; ++part) {
            const char *bytes = at + 16 * part;
            blockStarts |= candidatesSse2(bytes) << (16 * part);
            blockFeeds |= lineFeedsSse2(bytes) << (16 * part);
            counts = _mm_sub_epi8(
                counts, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(bytes)), _mm_set1_epi8('\n')));
        }
        batch.record(block, blockStarts, blockFeeds);
    }
    const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
    batch.lineFeeds = _mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums));
}
static_assert(4 * kBatchBlocks <= 255, "a byte lane of classifySse2's counts must not overflow");

// Line feeds among the first `bits` bits of a mask, without relying on a popcnt instruction (rare: once per stop).
int lineFeedsBefore(quint64 feeds, int bits)
{
    const quint64 below = bits >= 64 ? feeds : feeds & ((quint64(1) << bits) - 1u);
    return std::popcount(below);
}

bool nextClassified(const char *data, qsizetype size, Cursor &cursor, Classifier classify)
{
    qsizetype index = cursor.position;
    Batch batch;
    while (size - index >= kBlockBytes + 2) {
        const int blocks = int(std::min<qsizetype>(kBatchBlocks, (size - index - 2) / kBlockBytes));
        classify(data + index, blocks, batch);
        for (int block = 0; batch.anyStart != 0 && block < blocks; ++block) {
            for (quint64 remaining = batch.starts[size_t(block)]; remaining != 0; remaining &= remaining - 1) {
                // A candidate that starts a run, with the line feeds before it in this batch.
                const int bit = std::countr_zero(remaining);
                const qsizetype position = index + block * kBlockBytes + bit;
                if (startsRun(data, position)) {
                    for (int earlier = 0; earlier < block; ++earlier)
                        cursor.lineFeeds += lineFeedsBefore(batch.feeds[size_t(earlier)], 64);
                    cursor.lineFeeds += lineFeedsBefore(batch.feeds[size_t(block)], bit);
                    cursor.position = position;
                    return true;
                }
            }
        }
        cursor.lineFeeds += batch.lineFeeds;
        index += blocks * kBlockBytes;
    }
    cursor.position = index;
    return nextPortable(data, size, cursor);
}

bool hasAvx2()
{
    static const bool supported = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    return supported;
}

bool hasAvx512()
{
    static const bool supported = __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("popcnt");
    return supported;
}
#endif

} // namespace

bool available(Implementation implementation)
{
    switch (implementation) {
    case Implementation::Fastest:
    case Implementation::Portable:
        return true;
#if TOKENSCOPE_X86
    case Implementation::Avx512:
        return hasAvx512();
    case Implementation::Avx2:
        return hasAvx2();
    case Implementation::Sse2:
        return true;
#else
    case Implementation::Avx512:
    case Implementation::Avx2:
    case Implementation::Sse2:
        return false;
#endif
    }
    return false;
}

bool next(QByteArrayView data, Cursor &cursor, Implementation implementation)
{
    cursor.position = std::clamp<qsizetype>(cursor.position, 0, data.size());
#if TOKENSCOPE_X86
    if (implementation == Implementation::Fastest)
        implementation = hasAvx512() ? Implementation::Avx512 : hasAvx2() ? Implementation::Avx2 : Implementation::Sse2;
    switch (implementation) {
    case Implementation::Avx512:
        if (hasAvx512())
            return nextClassified(data.data(), data.size(), cursor, classifyAvx512);
        break;
    case Implementation::Avx2:
        if (hasAvx2())
            return nextClassified(data.data(), data.size(), cursor, classifyAvx2);
        break;
    case Implementation::Sse2:
        return nextClassified(data.data(), data.size(), cursor, classifySse2);
    case Implementation::Fastest:
    case Implementation::Portable:
        break;
    }
#else
    Q_UNUSED(implementation);
#endif
    return nextPortable(data.data(), data.size(), cursor);
}

bool isRunByte(char byte)
{
    return kRunByte[static_cast<unsigned char>(byte)];
}

qsizetype runEnd(QByteArrayView data, qsizetype from)
{
    qsizetype index = std::clamp<qsizetype>(from, 0, data.size());
    while (index < data.size() && kRunByte[static_cast<unsigned char>(data[index])])
        ++index;
    return index;
}

const char *implementation()
{
#if TOKENSCOPE_X86
    if (hasAvx512())
        return "avx512bw";
    if (hasAvx2())
        return "avx2";
    return "sse2";
#else
    return "memchr";
#endif
}

} // namespace tokenscope::CandidateSearch
