#include "support/ConformanceVectors.h"

#include "support/TestFiles.h"

#include <QDir>

namespace tokenscope::test {

QString vectorsDirectory()
{
    return QString::fromUtf8(TOKENSCOPE_VECTORS_DIR);
}

QString vectorPath(const QString &relative)
{
    return vectorsDirectory() + u'/' + relative;
}

bool haveVectors()
{
    return QDir(vectorsDirectory()).exists(QStringLiteral("README.md"));
}

bool vectorsRequired()
{
    return TOKENSCOPE_VECTORS_REQUIRED != 0;
}

QJsonObject readVectorObject(const QString &relative)
{
    return readJsonObject(vectorPath(relative));
}

} // namespace tokenscope::test
