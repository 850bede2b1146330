#pragma once

#include "offerqueue.h"

#include <geopoint.h>
#include <versionedjob.h>

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialog;
class QFormLayout;
class QLabel;
class QModelIndex;
class QPushButton;
class QSplitter;
class QTableView;

namespace dispatch::ui {

class NoticeBanner;
class PhotoStrip;

/// The pro's first view: open jobs ranked best first by the server (docs/openapi.yaml
/// "Offers"), a details pane for the selected offer with Accept, and what the accept came to
/// in a NoticeBanner (never a message box). The order is the server's: no header sorting.
///
/// The page follows the current row's *job*, not its row number: OfferQueue applies each
/// ranking without a reset, so the selection moves with its row; when the selected job leaves
/// (accepted, or taken by someone else), the row that took its place becomes current.
///
/// Keyboard: Enter or a double click on a row accepts it, Alt+A presses Accept; Tab goes
/// table → Accept → origin → notify.
class OffersPage final : public QWidget {
    Q_OBJECT
public:
    /// A place distances can be measured from (the addresses of the pro's own jobs).
    struct Place {
        QString label;
        GeoPoint point;
    };

    /// Does not own `queue`; the page shows its model.
    explicit OffersPage(OfferQueue *queue, QWidget *parent = nullptr);
    ~OffersPage() override;

    OfferQueue *queue() const { return m_queue; }
    QTableView *view() const { return m_view; }
    QPushButton *acceptButton() const { return m_accept; }
    NoticeBanner *banner() const { return m_banner; }
    QComboBox *originBox() const { return m_origin; }
    QCheckBox *notifyBox() const { return m_notify; }
    /// The selected offer's photos (read-only).
    PhotoStrip *photoStrip() const { return m_photoStrip; }
    /// The "Other place…" dialog while it is open, else nullptr.
    QDialog *otherPlaceDialog() const { return m_placeDialog; }

    /// The job of the current row; empty when none.
    QString currentJobId() const;
    /// Makes the job's row current and visible; false when it is not offered.
    bool selectJob(const QString &jobId);
    /// The details pane's text, one "Label: value" line each (for tests).
    QString detailsText() const;
    /// The line under the table ("12 offers", "Loading offers…").
    QString statusText() const;

    /// Accepts the current row's job (what Accept, Enter and a double click do); false when
    /// nothing was sent (no row, read-only, or an accept already under way).
    bool acceptCurrent();

    /// The origin chooser's places besides "My home" and "Other place…"; the current choice
    /// stays.
    void setPlaces(const QList<Place> &places);
    /// Restores a remembered choice (adding it to the chooser when it is not there) and sets
    /// the queue's origin, without originChanged(). Nothing = the pro's home.
    void setOrigin(const std::optional<GeoPoint> &point, const QString &label = {});
    std::optional<GeoPoint> origin() const;
    QString originLabel() const;

    bool notifyTopOffers() const;
    void setNotifyTopOffers(bool on);

    /// A dispatcher's view of a pro's queue: no Accept, no Enter-to-accept, no notify option,
    /// no origin chooser, and a caption that says so (setReadOnlyCaption()).
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    /// "Read-only: the queue as NAME sees it (distances from their home)."
    void setReadOnlyCaption(const QString &proName);

Q_SIGNALS:
    /// The accept succeeded: the job is the pro's (SCHEDULED, assigned to them) and has left
    /// the queue. The main window moves it to My jobs and says so there.
    void jobAccepted(const dispatch::net::VersionedJob &job);
    /// The user chose where distances are measured from; nothing = home. Not emitted by
    /// setOrigin().
    void originChanged(const std::optional<dispatch::GeoPoint> &point, const QString &label);
    void notifyTopOffersChanged(bool on);
    /// The current row's job changed; empty when no row is current.
    void currentJobChanged(const QString &jobId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildDetails();
    void showCurrent(const QString &jobId);
    void refreshDetails();
    void updateAcceptButton();
    void updateStatus();
    /// After rows left: when the current job left, the row now at `row` (or the last) becomes
    /// current, so the pane never shows a job that is gone.
    void followRemoved(int row);
    void onOriginActivated(int index);
    void openOtherPlaceDialog();
    int originIndexOf(const std::optional<GeoPoint> &point) const;
    int addCustomOrigin(const GeoPoint &point, const QString &label);
    void applyOrigin(int index, bool notify);
    void focusTableIfFocusIsHere();

    QPointer<OfferQueue> m_queue;
    NoticeBanner *m_banner = nullptr;
    QLabel *m_caption = nullptr; ///< the read-only caption
    QSplitter *m_splitter = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_title = nullptr;
    QFormLayout *m_form = nullptr;
    QLabel *m_score = nullptr;
    QLabel *m_distance = nullptr;
    QLabel *m_when = nullptr;
    QLabel *m_address = nullptr;
    QLabel *m_area = nullptr;
    QLabel *m_price = nullptr;
    QLabel *m_notes = nullptr;
    PhotoStrip *m_photoStrip = nullptr; ///< the offer's photos, to judge the work before accepting
    QLabel *m_empty = nullptr;          ///< "Select an offer…" when no row is current
    QWidget *m_detailsBox = nullptr;
    QWidget *m_detailsScroll = nullptr;
    QPushButton *m_accept = nullptr;
    QComboBox *m_origin = nullptr;
    QLabel *m_originLabel = nullptr;
    QCheckBox *m_notify = nullptr;
    QPointer<QDialog> m_placeDialog;

    QString m_currentJobId;
    QString m_acceptingJobId; ///< this page's accept under way; empty when none
    QString m_loadError;
    int m_originIndex =
        0; ///< the chooser's applied entry, to go back to when a dialog is cancelled
    bool m_readOnly = false;
    /// Between rowsAboutToBeRemoved and rowsRemoved: whether the current job is among them.
    bool m_currentLeaving = false;
    /// Between a row change's "about to" and its end: whether the current row was on screen.
    bool m_currentWasVisible = false;
};

} // namespace dispatch::ui
