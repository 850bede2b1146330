#pragma once

#include <photo.h>

#include <QDialog>
#include <QPersistentModelIndex>
#include <QPointer>

class QLabel;
class QPushButton;
class QTimer;

namespace dispatch::ui {

class PhotoCanvas;
class PhotoImageLoader;
class PhotoListModel;

/// One photo of a job at a time, large: fitted to the window (the default) or at 100 %, zoom
/// and pan, the previous and next photo, and what is known about it (file name, who uploaded
/// it and when, its review and the note when flagged). Non-modal; Esc closes it.
///
/// Decoded at the size shown (docs/ARCHITECTURE.md "Photos in the console"): while the photo
/// shown is at most 1024 pixels on its longest side, which is a fitted photo on an ordinary
/// screen, it is the server's 1024 thumbnail decoded at that size; only at 100 %, zoomed in,
/// or in a window larger than that is the content fetched, and decoded at a quarter, half or
/// full size, whichever first covers the scale. The 1024 thumbnail stands in, scaled, while
/// that larger decode runs. A 48 MB full decode never happens for a small view.
///
/// Keys: Left/Right and Page Up/Down previous and next, Home/End first and last, F fit, 1 or
/// Ctrl+0 100 %, + and - (or Ctrl+wheel) zoom, Esc close; a drag pans.
class PhotoLightbox final : public QDialog {
    Q_OBJECT
public:
    PhotoLightbox(PhotoListModel *model, PhotoImageLoader *loader, QWidget *parent = nullptr);

    /// Shows the photo at `row` of the model (and the window, raised).
    void showPhoto(int row);
    /// The row shown; -1 when none.
    int currentRow() const;
    Photo currentPhoto() const;

    PhotoCanvas *canvas() const { return m_canvas; }

    void showNext() { step(+1); }
    void showPrevious() { step(-1); }
    void showFirst();
    void showLast();
    void fitToWindow();
    void actualSize();

private:
    void step(int delta);
    void updateMetadata();
    /// Asks the loader for the decode that suits the current scale (and shows the best one
    /// already there); called again when a decode arrives or the view settles.
    void updateImage();
    /// The device pixels the photo of `size` covers when fitted in the canvas now.
    QSize fittedDeviceSize(const QSize &size) const;
    void prefetchNeighbours();
    void onLoaded(const QString &photoId);
    void addShortcut(const QList<QKeySequence> &keys, const QString &name,
                     const std::function<void()> &run);

    QPointer<PhotoListModel> m_model;
    QPointer<PhotoImageLoader> m_loader;
    QPersistentModelIndex m_current;
    QString m_shownPhotoId; ///< the photo whose pixmap the canvas holds
    bool m_shownIsSharp = false;

    QLabel *m_filename = nullptr;
    QLabel *m_position = nullptr;
    QLabel *m_uploaded = nullptr;
    QLabel *m_review = nullptr;
    QLabel *m_zoom = nullptr;
    PhotoCanvas *m_canvas = nullptr;
    QPushButton *m_previous = nullptr;
    QPushButton *m_next = nullptr;
    QPushButton *m_fit = nullptr;
    QPushButton *m_actual = nullptr;
    QTimer *m_settle = nullptr;
};

} // namespace dispatch::ui
