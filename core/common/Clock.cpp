#include "common/Clock.h"

#include <QDateTime>

namespace tokenscope {

qint64 SystemClock::nowSeconds() const
{
    return QDateTime::currentSecsSinceEpoch();
}

const SystemClock &SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

} // namespace tokenscope
