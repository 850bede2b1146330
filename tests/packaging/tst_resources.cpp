// The console's resources and palette: the compiled-in icon renders at every size a desktop
// asks for (which needs Qt's SVG icon engine, the dependency the package declares), the
// palette keeps its promises (readable badges, a highlight no badge uses), and the desktop
// entry, the AppStream metainfo, the icon file and the app id all name one another; the Spanish
// catalogue is compiled in, complete, and translates the board.
#include <fieldkeys.h>
#include <jobfilterproxymodel.h>
#include <jobstatus.h>
#include <palette.h>
#include <role.h>
#include <translations.h>

#include <QCoreApplication>
#include <QFile>
#include <QIcon>
#include <QImage>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <cmath>

using namespace dispatch;
using dispatch::ui::Palette;

namespace {

const QString kIcon = QStringLiteral(":/icons/dispatch-console.svg");

QString resourcesDir()
{
    return QStringLiteral(DISPATCH_RESOURCES_DIR);
}

/// WCAG 2 relative luminance and contrast ratio.
double luminance(const QColor &color)
{
    auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) +
           0.0722 * channel(color.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

/// The value of `key` in the [Desktop Entry] group (QSettings would mangle the `;` lists).
QString desktopValue(const QString &path, const QString &key)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(key + u'='))
            return line.mid(key.size() + 1).trimmed();
    }
    return {};
}

} // namespace

class TestResources final : public QObject {
    Q_OBJECT

private slots:
    void iconRendersAtEverySize_data();
    void iconRendersAtEverySize();
    void badgesAreReadable();
    void badgesTellStatusesApart();
    void highlightIsNoBadgeColour();
    void desktopEntryNamesTheIconAndBinary();
    void metainfoMatchesTheAppIdAndVersion();
    void spanishCatalogueTranslatesTheBoard();
    void englishNeedsNoCatalogue();
    void spanishCatalogueIsComplete();
    void cleanup();
};

void TestResources::iconRendersAtEverySize_data()
{
    QTest::addColumn<int>("size");
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        QTest::newRow(qPrintable(QStringLiteral("%1 px").arg(size))) << size;
}

void TestResources::iconRendersAtEverySize()
{
    QFETCH(int, size);
    QVERIFY2(QFile::exists(kIcon), "the icon is not compiled in (resources/dispatch.qrc)");
    const QIcon icon(kIcon);
    const QImage image = icon.pixmap(QSize(size, size)).toImage();
    QVERIFY2(!image.isNull(), "no SVG icon engine: Debian's libqt6svg6 is missing");
    QCOMPARE(image.size(), QSize(size, size));
    // Mostly drawn, not a speck: at least a third of the square is opaque.
    int opaque = 0;
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x)
            opaque += qAlpha(image.pixel(x, y)) > 128 ? 1 : 0;
    }
    QVERIFY2(opaque * 3 >= size * size,
             qPrintable(QStringLiteral("%1 opaque pixels of %2").arg(opaque).arg(size * size)));
}

void TestResources::badgesAreReadable()
{
    // 3:1 is WCAG's minimum for bold and large text and for the parts of a control; the badge
    // text is the item font on a saturated colour, and the word is what carries the meaning.
    for (JobStatus status : allJobStatuses()) {
        const double ratio = contrast(Palette::statusBadge(status), Palette::badgeText());
        QVERIFY2(ratio >= 3.0,
                 qPrintable(
                     QStringLiteral("%1: contrast %2").arg(toWire(status)).arg(ratio, 0, 'f', 2)));
    }
}

void TestResources::badgesTellStatusesApart()
{
    // The statuses a dispatcher scans the board for each have their own colour (the pairs
    // that share one mean the same thing to the office: done, or over).
    const QList<JobStatus> distinct = {JobStatus::Open,           JobStatus::Requested,
                                       JobStatus::Scheduled,      JobStatus::InProgress,
                                       JobStatus::CompletedByPro, JobStatus::Paid,
                                       JobStatus::Cancelled};
    QSet<QRgb> colours;
    for (JobStatus status : distinct)
        colours.insert(Palette::statusBadge(status).rgb());
    QCOMPARE(colours.size(), distinct.size());
    QCOMPARE(Palette::statusBadge(JobStatus::AwaitingCustomerConfirm),
             Palette::statusBadge(JobStatus::CompletedByPro));
    QCOMPARE(Palette::statusBadge(JobStatus::Expired), Palette::statusBadge(JobStatus::Cancelled));
}

void TestResources::highlightIsNoBadgeColour()
{
    for (JobStatus status : allJobStatuses())
        QVERIFY(Palette::statusBadge(status).rgb() != Palette::changeHighlight().rgb());
}

void TestResources::desktopEntryNamesTheIconAndBinary()
{
    const QString entry = resourcesDir() + QStringLiteral("/" DISPATCH_APP_ID ".desktop");
    QVERIFY2(QFile::exists(entry), qPrintable(entry));
    const QString icon = desktopValue(entry, QStringLiteral("Icon"));
    QVERIFY(!icon.isEmpty());
    QVERIFY2(
        QFile::exists(resourcesDir() + QStringLiteral("/icons/") + icon + QStringLiteral(".svg")),
        qPrintable(icon));
    QCOMPARE(desktopValue(entry, QStringLiteral("Exec")).section(u' ', 0, 0),
             QStringLiteral("dispatch-console"));
}

void TestResources::metainfoMatchesTheAppIdAndVersion()
{
    QFile file(resourcesDir() + QStringLiteral("/" DISPATCH_APP_ID ".metainfo.xml"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QXmlStreamReader xml(&file);
    QString id;
    QString launchable;
    QString newestRelease;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"id" && id.isEmpty())
            id = xml.readElementText();
        else if (xml.name() == u"launchable")
            launchable = xml.readElementText();
        else if (xml.name() == u"release" && newestRelease.isEmpty())
            newestRelease =
                xml.attributes().value(QLatin1StringView("version")).toString(); // newest first
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(id, QStringLiteral(DISPATCH_APP_ID));
    QCOMPARE(launchable, QStringLiteral(DISPATCH_APP_ID ".desktop"));
    // A release bumps project(VERSION) and adds a <release> at the top of the metainfo.
    QCOMPARE(newestRelease, QStringLiteral(DISPATCH_VERSION));
}

void TestResources::spanishCatalogueTranslatesTheBoard()
{
    // es_US as LANG=es_US.UTF-8 gives it; dispatch_es.qm serves every Spanish locale.
    const QStringList loaded =
        ui::installTranslations(QLocale(QLocale::Spanish, QLocale::UnitedStates));
    QVERIFY2(loaded.contains(QStringLiteral(":/i18n/dispatch_es.qm")),
             qPrintable(loaded.join(u',')));
    QCOMPARE(JobFilterProxyModel::tabName(JobFilterProxyModel::Tab::Available),
             QStringLiteral("Disponibles"));
    QCOMPARE(displayName(JobStatus::Scheduled), QStringLiteral("Programado"));
    QCOMPARE(displayName(Role::Pro), QStringLiteral("Técnico"));
    QCOMPARE(QCoreApplication::translate("dispatch::ui::LoginDialog", "&Sign in"),
             QStringLiteral("&Iniciar sesión"));
    QCOMPARE(fieldLabel(FieldKey::CustomerPhone), QStringLiteral("Teléfono del cliente"));

    // dispatchd runs in the console's process and must not answer in the console's language:
    // its messages use the English names whatever catalogue is installed.
    QCOMPARE(englishName(JobStatus::Scheduled), QStringLiteral("Scheduled"));
    QCOMPARE(englishFieldLabel(FieldKey::CustomerPhone), QStringLiteral("Customer phone"));
}

void TestResources::englishNeedsNoCatalogue()
{
    const QStringList loaded =
        ui::installTranslations(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY2(!loaded.contains(QStringLiteral(":/i18n/dispatch_es.qm")),
             qPrintable(loaded.join(u',')));
    QCOMPARE(JobFilterProxyModel::tabName(JobFilterProxyModel::Tab::Available),
             QStringLiteral("Available"));
}

void TestResources::spanishCatalogueIsComplete()
{
    // Every source string has a finished translation (lupdate marks new ones "unfinished").
    QFile file(resourcesDir() + QStringLiteral("/translations/dispatch_es.ts"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QStringList unfinished;
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"message") {
            ++messages;
        } else if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            const bool done = xml.attributes().value(QLatin1StringView("type")).isEmpty();
            const QString text =
                xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
            if (!done || text.isEmpty())
                unfinished.append(source);
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 300);
    QVERIFY2(unfinished.isEmpty(), qPrintable(unfinished.join(QStringLiteral(" | "))));
}

void TestResources::cleanup()
{
    // Each test installs its own language.
    const auto translators = QCoreApplication::instance()->findChildren<QTranslator *>();
    for (QTranslator *translator : translators) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

QTEST_MAIN(TestResources)
#include "tst_resources.moc"
