#pragma once

#include <QLocale>
#include <QStringList>

class QCoreApplication;

namespace tokenscope {

// Loads the app's translation for a locale (compiled in under :/i18n/ from resources/translations/*.ts) and Qt's
// own strings for standard dialogs, and installs both on the application. Source strings are English, so an
// English locale, or one with no translation yet, installs nothing and the app stays in English.
class Translations
{
public:
    // Installs what exists for `locale`; returns the names of the catalogues it installed, e.g.
    // {"tokenscope_de", "qtbase_de"}, for the About box and tests.
    static QStringList install(QCoreApplication *application, const QLocale &locale = QLocale());

    // The locales Tokenscope ships a catalogue for, from the compiled-in resources (e.g. {"de"}).
    [[nodiscard]] static QStringList shippedLanguages();
};

} // namespace tokenscope
