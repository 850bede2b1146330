#pragma once

#include <apiclient.h>
#include <apitypes.h>
#include <versionedjob.h>

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;

namespace dispatch::ui {

class OfferQueue;
class OffersPage;
class WindowSettings;

/// The pro's part of the main window: the Offers page with its live queue, the distance origin
/// the pro chose (remembered per user), the notification when a new offer ranks in the top
/// three (a tray message where the desktop has a tray, else the window asks for attention; the
/// pro can turn it off), and the hand-over of a won offer to My jobs (jobWon()).
class ProConsole final : public QObject {
    Q_OBJECT
public:
    /// `api` is signed in as `user`, a pro; the page is made here and given to the window.
    ProConsole(net::ApiClient *api, const net::UserInfo &user, WindowSettings *settings,
               QWidget *window);
    ~ProConsole() override;

    OffersPage *page() const { return m_page; }
    OfferQueue *queue() const { return m_queue; }

    /// The pro's own jobs changed: their addresses are the places offered as origins.
    void setOwnJobs(const QList<Job> &jobs);
    /// The last notification's text (for the status bar and tests); empty when none yet.
    QString lastNotification() const { return m_lastNotification; }

Q_SIGNALS:
    /// The pro won this offer: it belongs in My jobs now.
    void jobWon(const dispatch::net::VersionedJob &job);
    /// A line for the status bar.
    void notice(const QString &text);

private:
    void restoreOrigin();
    void onTopOffer(const net::Offer &offer, int rank);

    QPointer<net::ApiClient> m_api;
    net::UserInfo m_user;
    QPointer<WindowSettings> m_settings;
    QWidget *m_window = nullptr;
    OfferQueue *m_queue = nullptr;
    OffersPage *m_page = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QString m_lastNotification;
};

} // namespace dispatch::ui
