#include "proconsole.h"

#include "offerqueue.h"
#include "offerspage.h"
#include "windowsettings.h"

#include <fieldkeys.h>

#include <QApplication>
#include <QDialog>
#include <QJsonObject>
#include <QSystemTrayIcon>
#include <QWidget>

namespace dispatch::ui {

namespace {
// Preference keys (README: "What the console remembers").
const QString kOriginLabel = QStringLiteral("offers/originLabel");
const QString kOriginLat = QStringLiteral("offers/originLat");
const QString kOriginLng = QStringLiteral("offers/originLng");
const QString kNotify = QStringLiteral("offers/notifyTopOffers");
} // namespace

ProConsole::ProConsole(net::ApiClient *api, const net::UserInfo &user, WindowSettings *settings,
                       QWidget *window)
    : QObject(window)
    , m_api(api)
    , m_user(user)
    , m_settings(settings)
    , m_window(window)
    , m_queue(new OfferQueue(api, this))
    , m_page(new OffersPage(m_queue, window))
{
    m_page->setObjectName(QStringLiteral("offersPage"));
    restoreOrigin();
    m_page->setNotifyTopOffers(
        m_settings ? m_settings->preference(m_user.username, kNotify, true).toBool() : true);

    connect(m_page, &OffersPage::originChanged, this,
            [this](const std::optional<GeoPoint> &point, const QString &label) {
                if (!m_settings)
                    return;
                m_settings->setPreference(m_user.username, kOriginLabel, point ? label : QString());
                m_settings->setPreference(m_user.username, kOriginLat,
                                          point ? QVariant(point->lat) : QVariant());
                m_settings->setPreference(m_user.username, kOriginLng,
                                          point ? QVariant(point->lng) : QVariant());
            });
    connect(m_page, &OffersPage::notifyTopOffersChanged, this, [this](bool on) {
        if (m_settings)
            m_settings->setPreference(m_user.username, kNotify, on);
    });
    connect(m_page, &OffersPage::jobAccepted, this, &ProConsole::jobWon);
    connect(m_queue, &OfferQueue::topOfferArrived, this, &ProConsole::onTopOffer);
    m_queue->start();
}

ProConsole::~ProConsole() = default;

void ProConsole::restoreOrigin()
{
    if (!m_settings)
        return;
    const QVariant lat = m_settings->preference(m_user.username, kOriginLat);
    const QVariant lng = m_settings->preference(m_user.username, kOriginLng);
    if (!lat.isValid() || !lng.isValid())
        return;
    bool latOk = false;
    bool lngOk = false;
    const GeoPoint point{lat.toDouble(&latOk), lng.toDouble(&lngOk)};
    if (!latOk || !lngOk || std::abs(point.lat) > 90 || std::abs(point.lng) > 180)
        return; // a hand-edited file: back to home
    const QString label = m_settings->preference(m_user.username, kOriginLabel).toString();
    m_page->setOrigin(point, label);
    m_queue->setOrigin(point);
}

void ProConsole::setOwnJobs(const QList<Job> &jobs)
{
    QList<OffersPage::Place> places;
    QSet<QString> seen;
    for (const Job &job : jobs) {
        const auto geo = geoFromJson(job.field(FieldKey::Geo));
        const QString address = job.text(FieldKey::Address).trimmed();
        if (!geo || address.isEmpty() || seen.contains(address))
            continue;
        seen.insert(address);
        places.append({address, *geo});
    }
    m_page->setPlaces(places);
}

void ProConsole::onTopOffer(const net::Offer &offer, int rank)
{
    if (!m_page->notifyTopOffers())
        return;
    const QString title = offer.job.text(FieldKey::Title);
    m_lastNotification = tr("New offer, #%1 for you: %2 (score %3)")
                             .arg(rank)
                             .arg(title.isEmpty() ? tr("(untitled job)") : title)
                             .arg(offer.score);
    Q_EMIT notice(m_lastNotification);
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(m_window->windowIcon(), this);
            m_tray->setToolTip(tr("Dispatch Console"));
        }
        m_tray->show();
        m_tray->showMessage(tr("New offer"), m_lastNotification, QSystemTrayIcon::Information,
                            8000);
    } else {
        // No tray: the taskbar entry asks for attention until the window is looked at.
        QApplication::alert(m_window);
    }
}

} // namespace dispatch::ui
