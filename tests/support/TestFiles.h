#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace tokenscope::test {

// The whole file at `path`, or empty when it cannot be read (the test's own check then says what is missing).
[[nodiscard]] QByteArray readFile(const QString &path);
// The JSON object in the file at `path`, or an empty object when it cannot be read or is not an object.
[[nodiscard]] QJsonObject readJsonObject(const QString &path);

} // namespace tokenscope::test
