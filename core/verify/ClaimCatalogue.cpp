#include "verify/ClaimCatalogue.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace tokenscope {
namespace {

// One translation context for this file's messages, declared so that lupdate files them where tr() looks them up.
struct ClaimCatalogueText
{
    Q_DECLARE_TR_FUNCTIONS(ClaimCatalogue)
};

const ClaimCatalogue::Entry *find(const QList<ClaimCatalogue::Entry> &entries, QStringView name, QLatin1String where)
{
    for (const ClaimCatalogue::Entry &entry : entries) {
        if (entry.where == where && entry.name == name)
            return &entry;
    }
    return nullptr;
}

} // namespace

const ClaimCatalogue &ClaimCatalogue::instance()
{
    // Loaded once; the resource is compiled into the core (core/CMakeLists.txt, qt_add_resources).
    static const ClaimCatalogue catalogue = [] {
        QFile file(QStringLiteral(":/tokenscope/claims.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            ClaimCatalogue missing;
            missing.m_error
                = ClaimCatalogueText::tr("the claim catalogue resource %1 cannot be read").arg(file.fileName());
            return missing;
        }
        return fromJson(file.readAll());
    }();
    return catalogue;
}

ClaimCatalogue ClaimCatalogue::fromJson(QByteArrayView json)
{
    ClaimCatalogue catalogue;
    const auto fail = [&catalogue](const QString &message) {
        catalogue.m_entries.clear();
        catalogue.m_error = message;
        return catalogue;
    };

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(ClaimCatalogueText::tr("the claim catalogue is not JSON: %1 at byte %2")
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
    if (!document.isObject())
        return fail(ClaimCatalogueText::tr("the claim catalogue must be a JSON object"));
    const QJsonValue claims = document.object().value(QLatin1String("claims"));
    if (!claims.isArray())
        return fail(ClaimCatalogueText::tr("the claim catalogue has no \"claims\" array"));

    const QJsonArray array = claims.toArray();
    catalogue.m_entries.reserve(array.size());
    for (qsizetype index = 0; index < array.size(); ++index) {
        const QJsonValue item = array.at(index);
        if (!item.isObject())
            return fail(ClaimCatalogueText::tr("claim catalogue entry %1 is not an object").arg(index + 1));
        const QJsonObject object = item.toObject();
        Entry entry;
        const QJsonValue name = object.value(QLatin1String("name"));
        const QJsonValue description = object.value(QLatin1String("description"));
        const QJsonValue where = object.value(QLatin1String("where"));
        const QJsonValue source = object.value(QLatin1String("source"));
        const QJsonValue timestamp = object.value(QLatin1String("timestamp"));
        if (!name.isString() || name.toString().isEmpty())
            return fail(ClaimCatalogueText::tr("claim catalogue entry %1 has no \"name\" string").arg(index + 1));
        entry.name = name.toString();
        if (!description.isString() || description.toString().isEmpty())
            return fail(ClaimCatalogueText::tr("claim catalogue entry %1 (\"%2\") has no \"description\"")
                            .arg(index + 1)
                            .arg(entry.name));
        entry.description = description.toString();
        entry.where = where.isUndefined() ? QStringLiteral("payload") : where.toString();
        if (entry.where != QLatin1String("payload") && entry.where != QLatin1String("header"))
            return fail(
                ClaimCatalogueText::tr("claim catalogue entry %1 (\"%2\"): \"where\" must be \"payload\" or \"header\"")
                    .arg(index + 1)
                    .arg(entry.name));
        if (!source.isUndefined() && !source.isString())
            return fail(ClaimCatalogueText::tr("claim catalogue entry %1 (\"%2\"): \"source\" must be a string")
                            .arg(index + 1)
                            .arg(entry.name));
        entry.source = source.toString();
        if (!timestamp.isUndefined() && !timestamp.isBool())
            return fail(ClaimCatalogueText::tr("claim catalogue entry %1 (\"%2\"): \"timestamp\" must be true or false")
                            .arg(index + 1)
                            .arg(entry.name));
        entry.timestamp = timestamp.toBool(false);
        if (find(catalogue.m_entries, entry.name,
                 QLatin1String(entry.where == QLatin1String("header") ? "header" : "payload")))
            return fail(ClaimCatalogueText::tr("claim catalogue entry %1: \"%2\" is listed twice")
                            .arg(index + 1)
                            .arg(entry.name));
        catalogue.m_entries.append(std::move(entry));
    }
    return catalogue;
}

const ClaimCatalogue::Entry *ClaimCatalogue::claim(QStringView name) const
{
    return find(m_entries, name, QLatin1String("payload"));
}

const ClaimCatalogue::Entry *ClaimCatalogue::headerParameter(QStringView name) const
{
    return find(m_entries, name, QLatin1String("header"));
}

} // namespace tokenscope
