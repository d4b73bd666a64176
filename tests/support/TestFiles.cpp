#include "support/TestFiles.h"

#include <QFile>
#include <QJsonDocument>

namespace tokenscope::test {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject readJsonObject(const QString &path)
{
    return QJsonDocument::fromJson(readFile(path)).object();
}

} // namespace tokenscope::test
