#pragma once

#include <QLocale>
#include <QStringList>

namespace dispatch::ui {

/// Where the console's compiled catalogues live (resources/CMakeLists.txt embeds them).
inline constexpr char16_t kTranslationsPrefix[] = u":/i18n";

/// Installs the console's catalogue for `locale` (dispatch_es.qm for es, es_US, es_MX…) and
/// Qt's own (qtbase_es.qm from QLibraryInfo::TranslationsPath, when installed) on the
/// application. The default, QLocale::system(), follows LANGUAGE, LC_ALL, LC_MESSAGES and
/// LANG. English needs no catalogue. Returns the files loaded.
QStringList installTranslations(const QLocale &locale = QLocale::system());

} // namespace dispatch::ui
