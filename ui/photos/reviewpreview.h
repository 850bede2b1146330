#pragma once

#include <photo.h>

#include <QPixmap>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <optional>

class QTimer;

namespace dispatch::ui {

class PhotoImageLoader;

/// The review page's large picture: one photo fitted to the widget on a dark ground, from the
/// server's 1024 px thumbnail decoded at the widget's size (PhotoImageLoader, off the UI
/// thread). Until it is decoded it says "Loading photo…"; a resize shows the last picture
/// scaled and asks for the new size once the resizing pauses.
class ReviewPreview final : public QWidget {
    Q_OBJECT
public:
    /// The server's thumbnail the preview shows.
    static constexpr int kThumbnailSize = 1024;

    explicit ReviewPreview(PhotoImageLoader *loader, QWidget *parent = nullptr);

    /// The photo to show; nothing shows an empty ground.
    void setPhoto(const std::optional<Photo> &photo);
    std::optional<Photo> photo() const { return m_photo; }
    /// Starts decoding a photo at this preview's size, so it shows at once when its turn comes.
    void prefetch(const Photo &photo);
    /// Whether the current photo's picture is shown (not "Loading…").
    bool isShowingPicture() const { return !m_pixmap.isNull(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QSize target() const;
    void request();

    QPointer<PhotoImageLoader> m_loader;
    std::optional<Photo> m_photo;
    QPixmap m_pixmap;  ///< the current photo's picture, maybe at an older size
    QString m_failure; ///< why it could not be shown
    QSize m_target;    ///< the size asked for
    QTimer *m_resizeTimer = nullptr;
};

} // namespace dispatch::ui
