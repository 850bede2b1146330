#pragma once

#include <QDialog>
#include <QPointer>
#include <QSize>

class QLabel;
class QListView;
class QTimer;

namespace dispatch::ui {

class PhotoImageLoader;
class PhotoLightbox;
class PhotoListModel;
class PhotoTileDelegate;

/// All photos of a job as a grid of uniform 256-pixel tiles with their file names, over the
/// strip's model (non-modal, beside the board). Only the tiles painted ask for their
/// thumbnails, which are the server's 256 thumbnails decoded at the tile's size; after a
/// scroll, loads for tiles more than a screen away are dropped before they are decoded.
/// Enter or a double click opens the lightbox on the photo.
class PhotoGalleryDialog final : public QDialog {
    Q_OBJECT
public:
    static constexpr QSize kTileSize{256, 256};

    PhotoGalleryDialog(PhotoListModel *model, PhotoImageLoader *loader, QWidget *parent = nullptr);

    /// "Photos — Leaking kitchen faucet".
    void setJobTitle(const QString &title);
    QListView *view() const { return m_view; }
    /// The lightbox opened from here; null until the first one.
    PhotoLightbox *lightbox() const;
    /// Shows the photo at `row` in the lightbox (made on first use).
    void openLightbox(int row);

private:
    void updateCaption();
    /// Drops the loads of the gallery's tiles that are far from the screen now.
    void dropFarLoads();

    QPointer<PhotoListModel> m_model;
    QPointer<PhotoImageLoader> m_loader;
    QPointer<PhotoLightbox> m_lightbox;
    QLabel *m_caption = nullptr;
    QListView *m_view = nullptr;
    PhotoTileDelegate *m_delegate = nullptr;
    QTimer *m_scrollSettle = nullptr;
};

} // namespace dispatch::ui
