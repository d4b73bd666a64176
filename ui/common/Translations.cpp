#include "common/Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

namespace tokenscope {

namespace {
// qt_add_translations (ui/CMakeLists.txt) compiles resources/translations/tokenscope_<lang>.ts to this prefix.
constexpr auto resourceDirectory = ":/i18n"_L1;
constexpr auto catalogueBaseName = "tokenscope"_L1;

bool installCatalogue(QCoreApplication *application, const QLocale &locale, const QString &baseName,
                      const QString &directory)
{
    auto translator = std::make_unique<QTranslator>(application);
    if (!translator->load(locale, baseName, u"_"_s, directory) || translator->isEmpty())
        return false;
    // The application owns the translator from here on (it is its parent).
    return QCoreApplication::installTranslator(translator.release());
}
} // namespace

QStringList Translations::install(QCoreApplication *application, const QLocale &locale)
{
    QStringList installed;
    if (installCatalogue(application, locale, catalogueBaseName, resourceDirectory))
        installed << catalogueBaseName + u'_' + locale.name().section(u'_', 0, 0);
    // Qt's own strings (standard buttons, file dialogs) follow the app's language, never ahead of it: a German
    // file dialog inside an English app would be stranger than an English one.
    if (!installed.isEmpty()
        && installCatalogue(application, locale, u"qtbase"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        installed << u"qtbase_"_s + locale.name().section(u'_', 0, 0);
    return installed;
}

QStringList Translations::shippedLanguages()
{
    QStringList languages;
    const QStringList files = QDir(resourceDirectory).entryList({catalogueBaseName + u"_*.qm"_s}, QDir::Files);
    for (const QString &file : files)
        languages << file.mid(catalogueBaseName.size() + 1).chopped(3);
    return languages;
}

} // namespace tokenscope
