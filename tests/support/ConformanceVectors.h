#pragma once

// Where the tests find the conformance vectors (../shared/vectors, CMake cache variable TOKENSCOPE_VECTORS_DIR), and
// the one rule for when they are missing: a test skips, unless TOKENSCOPE_REQUIRE_VECTORS is on (CI), where it fails
// so that a vector suite cannot pass by skipping.

#include <QJsonObject>
#include <QString>
#include <QTest>

namespace tokenscope::test {

[[nodiscard]] QString vectorsDirectory();
// `relative` below the vectors directory ("rfc7515/appendix_a.json").
[[nodiscard]] QString vectorPath(const QString &relative);
// Whether the vector set is there at all (its README.md).
[[nodiscard]] bool haveVectors();
// Whether this build was configured with TOKENSCOPE_REQUIRE_VECTORS.
[[nodiscard]] bool vectorsRequired();
// The JSON object of the vector file `relative`, or an empty object when it is missing.
[[nodiscard]] QJsonObject readVectorObject(const QString &relative);

} // namespace tokenscope::test

// In a test function (or its _data function) whose vectors are missing: fails with `reason` when the vectors are
// required, else skips with it. Returns from the function either way. The failure is followed by a skip because
// Qt Test still runs a test function whose _data function failed (and then aborts on its empty table); a skip after
// the failure keeps it from running while the function still counts as failed.
#define TOKENSCOPE_SKIP_OR_FAIL_WITHOUT_VECTORS(reason)                                                                \
    do {                                                                                                               \
        if (::tokenscope::test::vectorsRequired())                                                                     \
            QTest::qFail(static_cast<const char *>(reason), __FILE__, __LINE__);                                       \
        QSKIP((reason));                                                                                               \
    } while (false)
