#include "jose/MediaTypes.h"

namespace tokenscope::MediaTypes {

QString canonical(QStringView type)
{
    QString lower = type.toString().toLower();
    if (lower.startsWith(QLatin1String("application/")))
        lower.remove(0, 12);
    return lower;
}

bool same(QStringView type, QStringView expected)
{
    return canonical(type) == canonical(expected);
}

} // namespace tokenscope::MediaTypes
