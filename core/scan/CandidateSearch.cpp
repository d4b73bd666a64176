#include "scan/CandidateSearch.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#define TOKENSCOPE_X86 1
#endif

namespace tokenscope::CandidateSearch {
namespace {

// Without AVX2 (or past the last full vector block): memchr, vectorised by the C library, finds each 'e', and the
// line feeds up to it are counted separately.
bool nextPortable(const char *data, qsizetype size, Cursor &cursor)
{
    qsizetype index = cursor.position;
    for (;;) {
        const auto *found = static_cast<const char *>(std::memchr(data + index, 'e', size_t(size - index)));
        const qsizetype stop = found ? found - data : size;
        cursor.lineFeeds += std::count(data + index, data + stop, '\n');
        if (!found || stop + 1 >= size) {
            cursor.position = size;
            return false;
        }
        if (data[stop + 1] == 'y' || data[stop + 1] == 'w') {
            cursor.position = stop;
            return true;
        }
        index = stop + 1;
    }
}

#if TOKENSCOPE_X86
// 32 bytes at a time: compare with 'e' and, one byte further on, with 'y' and 'w'; count line feeds in the same
// loads. Each block reads 33 bytes: the 32 it tests and the one after the last.
__attribute__((target("avx2"))) bool nextAvx2(const char *data, qsizetype size, Cursor &cursor)
{
    const __m256i letterE = _mm256_set1_epi8('e');
    const __m256i letterY = _mm256_set1_epi8('y');
    const __m256i letterW = _mm256_set1_epi8('w');
    const __m256i lineFeed = _mm256_set1_epi8('\n');
    qsizetype index = cursor.position;
    for (; index + 33 <= size; index += 32) {
        const __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(data + index));
        const __m256i second = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(data + index + 1));
        const __m256i follows = _mm256_or_si256(_mm256_cmpeq_epi8(second, letterY), _mm256_cmpeq_epi8(second, letterW));
        const auto starts = quint32(_mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(first, letterE), follows)));
        const auto lineFeeds = quint32(_mm256_movemask_epi8(_mm256_cmpeq_epi8(first, lineFeed)));
        if (starts) {
            // The first candidate, with the line feeds before it in this block.
            const int bit = std::countr_zero(starts);
            cursor.lineFeeds += std::popcount(lineFeeds & ((1u << bit) - 1u));
            cursor.position = index + bit;
            return true;
        }
        cursor.lineFeeds += std::popcount(lineFeeds);
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

const char *implementation()
{
#if TOKENSCOPE_X86
    if (hasAvx2())
        return "avx2";
#endif
    return "memchr";
}

} // namespace tokenscope::CandidateSearch
