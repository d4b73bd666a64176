#include "verify/WeakSecrets.h"

#include <QFile>
#include <QSet>

namespace tokenscope::WeakSecrets {

const QList<Group> &groups()
{
    // Compiled into the core (core/CMakeLists.txt, qt_add_resources), so reading cannot fail in a correct build.
    static const QList<Group> loaded = [] {
        static const struct
        {
            const char *name;
            const char *resource;
        } files[] = {
            {"Tokenscope defaults", ":/tokenscope/weak-secrets/defaults.txt"},
            {"wallarm/jwt-secrets", ":/tokenscope/weak-secrets/wallarm-jwt-secrets.txt"},
        };
        QList<Group> result;
        QSet<QByteArray> seen;
        for (const auto &file : files) {
            Group group {QString::fromLatin1(file.name), {}};
            QFile resource(QString::fromLatin1(file.resource));
            if (resource.open(QIODevice::ReadOnly)) {
                for (const QByteArray &line : resource.readAll().split('\n')) {
                    if (!line.isEmpty() && !seen.contains(line)) {
                        seen.insert(line);
                        group.secrets.append(line);
                    }
                }
            }
            result.append(std::move(group));
        }
        return result;
    }();
    return loaded;
}

qsizetype size()
{
    qsizetype total = 0;
    for (const Group &group : groups())
        total += group.secrets.size();
    return total;
}

bool contains(QByteArrayView secret)
{
    static const QSet<QByteArray> all = [] {
        QSet<QByteArray> entries;
        for (const Group &group : groups()) {
            for (const QByteArray &entry : group.secrets)
                entries.insert(entry);
        }
        return entries;
    }();
    return all.contains(secret.toByteArray());
}

} // namespace tokenscope::WeakSecrets
