#pragma once

#include <QGroupBox>
#include <QPointer>
#include <QSize>

class QHBoxLayout;
class QLabel;
class QListView;
class QPushButton;

namespace dispatch::net {
class PhotoClient;
}

namespace dispatch::ui {

class PhotoGalleryDialog;
class PhotoImageLoader;
class PhotoLightbox;
class PhotoListModel;

/// The photos of the job in the detail pane: "5 photos, 2 waiting for review", then a row of
/// uniform tiles with their review badges (keyboard: Tab in, arrows, Enter opens the photo in
/// the lightbox) and "Show all…" for the gallery. Its model lists the job's photos and follows
/// uploads and reviews live; only the tiles on screen load their thumbnails.
class PhotoStrip final : public QGroupBox {
    Q_OBJECT
public:
    static constexpr QSize kTileSize{112, 112};

    explicit PhotoStrip(net::PhotoClient *photos, QWidget *parent = nullptr);

    /// Lists the job's photos; an empty id clears. `title` names the gallery's window.
    void setJob(const QString &jobId, const QString &title = {});
    QString jobId() const;

    PhotoListModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    /// The summary as shown ("5 photos, 2 waiting for review").
    QString captionText() const;
    QPushButton *showAllButton() const { return m_showAll; }
    /// A control beside "Show all…" (an upload button, for instance).
    void addHeaderWidget(QWidget *widget);

    void openGallery();
    void openLightbox(int row);
    /// Null until first opened.
    PhotoGalleryDialog *gallery() const;
    PhotoLightbox *lightbox() const;

private:
    void updateCaption();

    PhotoImageLoader *m_loader = nullptr;
    PhotoListModel *m_model = nullptr;
    QString m_title;
    QLabel *m_caption = nullptr;
    QHBoxLayout *m_header = nullptr;
    QPushButton *m_showAll = nullptr;
    QListView *m_view = nullptr;
    QPointer<PhotoGalleryDialog> m_gallery;
    QPointer<PhotoLightbox> m_lightbox;
};

} // namespace dispatch::ui
