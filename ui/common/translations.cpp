#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QTranslator>

namespace dispatch::ui {

Q_LOGGING_CATEGORY(lcTranslations, "dispatch.ui.translations")

namespace {

/// Loads `name`_<language>.qm from `folder` for the first of the locale's UI languages that
/// has one, and installs it; the translator belongs to the application.
QString installOne(const QLocale &locale, const QString &name, const QString &folder)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (!translator->load(locale, name, QStringLiteral("_"), folder)) {
        delete translator;
        return {};
    }
    QCoreApplication::installTranslator(translator);
    return translator->filePath();
}

} // namespace

QStringList installTranslations(const QLocale &locale)
{
    QStringList loaded;
    // Qt's own first: QCoreApplication asks the most recently installed translator first, so
    // the console's strings win where both have one.
    const QString qt = installOne(locale, QStringLiteral("qtbase"),
                                  QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (!qt.isEmpty())
        loaded.append(qt);
    const QString console =
        installOne(locale, QStringLiteral("dispatch"), QString::fromUtf16(kTranslationsPrefix));
    if (!console.isEmpty())
        loaded.append(console);
    qCDebug(lcTranslations) << "UI languages" << locale.uiLanguages() << "loaded" << loaded;
    return loaded;
}

} // namespace dispatch::ui
