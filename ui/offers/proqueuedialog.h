#pragma once

#include <apiclient.h>
#include <apitypes.h>

#include <QDialog>
#include <QPointer>

class QComboBox;

namespace dispatch::ui {

class OfferQueue;
class OffersPage;

/// The office's answer to "why does this pro not see that job first?": the offers queue as a
/// chosen pro sees it, read-only, ranked from their home (`GET /offers?lat=&lng=`, the same
/// ranking the pro gets), and live like the pro's own. Non-modal: the board stays usable.
class ProQueueDialog final : public QDialog {
    Q_OBJECT
public:
    ProQueueDialog(net::ApiClient *api, const QList<net::UserInfo> &pros, QWidget *parent);

    /// Shows the queue as this pro sees it; false when the pro is not in the list.
    bool showPro(const QString &proId);
    QComboBox *proBox() const { return m_proBox; }
    OffersPage *page() const { return m_page; }
    OfferQueue *queue() const { return m_queue; }

private:
    void onProChosen(int index);

    QList<net::UserInfo> m_pros;
    QComboBox *m_proBox = nullptr;
    OfferQueue *m_queue = nullptr;
    OffersPage *m_page = nullptr;
};

} // namespace dispatch::ui
