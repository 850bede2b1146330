#include "photolightbox.h"

#include "palette.h"
#include "photocanvas.h"
#include "photoimageloader.h"
#include "photolistmodel.h"
#include "phototext.h"

#include <QAction>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QPushButton>
#include <QScreen>
#include <QTimer>
#include <QVBoxLayout>

namespace dispatch::ui {

namespace {
Q_LOGGING_CATEGORY(lcLightbox, "dispatch.ui.photos.lightbox", QtInfoMsg)

/// The largest thumbnail the server renders (kPhotoThumbnailSizes).
constexpr int kLargestThumbnail = 1024;
constexpr qreal kZoomStep = 1.25;

int longestSide(const QSize &size)
{
    return std::max(size.width(), size.height());
}
} // namespace

PhotoLightbox::PhotoLightbox(PhotoListModel *model, PhotoImageLoader *loader, QWidget *parent)
    : QDialog(parent)
    , m_model(model)
    , m_loader(loader)
{
    setObjectName(QStringLiteral("photoLightbox"));
    setWindowTitle(tr("Photo"));
    setAccessibleName(tr("Photo viewer"));
    setModal(false);
    setSizeGripEnabled(true);

    m_filename = new QLabel(this);
    m_filename->setObjectName(QStringLiteral("lightboxFilename"));
    m_filename->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_filename->font();
    bold.setBold(true);
    m_filename->setFont(bold);
    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("lightboxPosition"));
    m_position->setStyleSheet(Palette::mutedTextStyleSheet());
    auto *head = new QHBoxLayout;
    head->addWidget(m_filename, 1);
    head->addWidget(m_position);

    m_canvas = new PhotoCanvas(this);
    m_canvas->setText(tr("Loading…"));

    m_uploaded = new QLabel(this);
    m_uploaded->setObjectName(QStringLiteral("lightboxUploaded"));
    m_uploaded->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_review = new QLabel(this);
    m_review->setObjectName(QStringLiteral("lightboxReview"));
    m_review->setWordWrap(true);
    m_review->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const auto button = [this](const QString &text, const QString &name, const QString &accessible,
                               const QString &tip) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setAccessibleName(accessible);
        b->setToolTip(tip);
        b->setAutoDefault(false);
        return b;
    };
    m_previous = button(tr("◀ &Previous"), QStringLiteral("lightboxPrevious"), tr("Previous photo"),
                        tr("Previous photo (Left, Page Up)"));
    m_next = button(tr("&Next ▶"), QStringLiteral("lightboxNext"), tr("Next photo"),
                    tr("Next photo (Right, Page Down)"));
    m_fit = button(tr("&Fit"), QStringLiteral("lightboxFit"), tr("Fit to window"),
                   tr("Fit the photo to the window (F)"));
    m_fit->setCheckable(true);
    m_actual = button(tr("&100 %"), QStringLiteral("lightboxActualSize"), tr("Actual size"),
                      tr("Show the photo at 100 % (1, Ctrl+0)"));
    m_actual->setCheckable(true);
    auto *zoomOut = button(tr("−"), QStringLiteral("lightboxZoomOut"), tr("Zoom out"),
                           tr("Zoom out (-, Ctrl+wheel)"));
    auto *zoomIn = button(tr("+"), QStringLiteral("lightboxZoomIn"), tr("Zoom in"),
                          tr("Zoom in (+, Ctrl+wheel)"));
    // One character each: as narrow as they are tall.
    for (QPushButton *zoom : {zoomOut, zoomIn})
        zoom->setFixedWidth(std::max(zoom->sizeHint().height(), 32));
    m_zoom = new QLabel(this);
    m_zoom->setObjectName(QStringLiteral("lightboxZoom"));
    m_zoom->setMinimumWidth(m_zoom->fontMetrics().horizontalAdvance(QStringLiteral("8888 %")));
    m_zoom->setAlignment(Qt::AlignCenter);
    auto *closeButton = button(tr("Close"), QStringLiteral("lightboxClose"),
                               tr("Close photo viewer"), tr("Close (Esc)"));
    connect(m_previous, &QPushButton::clicked, this, &PhotoLightbox::showPrevious);
    connect(m_next, &QPushButton::clicked, this, &PhotoLightbox::showNext);
    connect(m_fit, &QPushButton::clicked, this, &PhotoLightbox::fitToWindow);
    connect(m_actual, &QPushButton::clicked, this, &PhotoLightbox::actualSize);
    connect(zoomOut, &QPushButton::clicked, this, [this] { m_canvas->zoomBy(1 / kZoomStep); });
    connect(zoomIn, &QPushButton::clicked, this, [this] { m_canvas->zoomBy(kZoomStep); });
    connect(closeButton, &QPushButton::clicked, this, &QDialog::reject);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_previous);
    buttons->addWidget(m_next);
    buttons->addSpacing(12);
    buttons->addWidget(m_fit);
    buttons->addWidget(m_actual);
    buttons->addWidget(zoomOut);
    buttons->addWidget(m_zoom);
    buttons->addWidget(zoomIn);
    buttons->addStretch();
    buttons->addWidget(closeButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addWidget(m_canvas, 1);
    layout->addWidget(m_uploaded);
    layout->addWidget(m_review);
    layout->addLayout(buttons);

    // Window shortcuts: they work wherever focus is in the window, buttons included.
    addShortcut({QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)},
                QStringLiteral("next"), [this] { showNext(); });
    addShortcut({QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp)},
                QStringLiteral("previous"), [this] { showPrevious(); });
    addShortcut({QKeySequence(Qt::Key_Home)}, QStringLiteral("first"), [this] { showFirst(); });
    addShortcut({QKeySequence(Qt::Key_End)}, QStringLiteral("last"), [this] { showLast(); });
    addShortcut({QKeySequence(Qt::Key_F)}, QStringLiteral("fit"), [this] { fitToWindow(); });
    addShortcut({QKeySequence(Qt::Key_1), QKeySequence(Qt::CTRL | Qt::Key_0)},
                QStringLiteral("actual"), [this] { actualSize(); });
    addShortcut({QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal),
                 QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)},
                QStringLiteral("zoomIn"), [this] { m_canvas->zoomBy(kZoomStep); });
    addShortcut({QKeySequence(Qt::Key_Minus), QKeySequence(Qt::CTRL | Qt::Key_Minus)},
                QStringLiteral("zoomOut"), [this] { m_canvas->zoomBy(1 / kZoomStep); });

    // A resize or a zoom asks for a new decode once it settles, not at every step of a drag.
    m_settle = new QTimer(this);
    m_settle->setSingleShot(true);
    m_settle->setInterval(60);
    connect(m_settle, &QTimer::timeout, this, &PhotoLightbox::updateImage);
    connect(m_canvas, &PhotoCanvas::viewChanged, this, [this] {
        m_settle->start();
        m_fit->setChecked(m_canvas->isFit());
        m_actual->setChecked(!m_canvas->isFit() && qFuzzyCompare(m_canvas->scale(), 1.0));
        m_zoom->setText(tr("%1 %").arg(qRound(m_canvas->scale() * 100)));
    });

    if (m_loader) {
        connect(m_loader, &PhotoImageLoader::loaded, this, &PhotoLightbox::onLoaded);
        connect(m_loader, &PhotoImageLoader::failed, this,
                [this](const QString &photoId, const QString &message) {
                    // Said where the photo would be, unless some picture of it is shown.
                    if (photoId == currentPhoto().id && m_shownPhotoId != photoId)
                        m_canvas->setText(tr("This photo could not be loaded.\n%1").arg(message));
                });
    }
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
            // Another job: this photo is no longer among the ones browsed.
            m_current = QPersistentModelIndex();
            close();
        });
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &PhotoLightbox::updateMetadata);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PhotoLightbox::updateMetadata);
        connect(m_model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &from, const QModelIndex &to) {
                    if (m_current.isValid() && from.row() <= m_current.row() &&
                        m_current.row() <= to.row())
                        updateMetadata(); // a review decided while looking at it
                });
    }

    // Most of the screen, so a fitted photo is large; the user's own size afterwards.
    const QScreen *screen = parent ? parent->screen() : QGuiApplication::primaryScreen();
    const QSize available = screen ? screen->availableGeometry().size() : QSize(1280, 800);
    resize(std::max(640, available.width() * 4 / 5), std::max(480, available.height() * 4 / 5));
}

void PhotoLightbox::addShortcut(const QList<QKeySequence> &keys, const QString &name,
                                const std::function<void()> &run)
{
    auto *action = new QAction(this);
    action->setObjectName(QStringLiteral("lightboxAction_") + name);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    connect(action, &QAction::triggered, this, run);
    addAction(action);
}

int PhotoLightbox::currentRow() const
{
    return m_current.isValid() ? m_current.row() : -1;
}

Photo PhotoLightbox::currentPhoto() const
{
    return m_model ? m_model->photoAt(currentRow()) : Photo{};
}

void PhotoLightbox::showPhoto(int row)
{
    if (!m_model || row < 0 || row >= m_model->rowCount())
        return;
    const bool samePhoto = row == currentRow();
    m_current = m_model->index(row);
    const Photo photo = m_model->photoAt(row);
    if (!samePhoto) {
        if (photo.id != m_shownPhotoId) {
            m_canvas->setPixmap({});
            m_canvas->setText(tr("Loading…"));
            m_shownPhotoId.clear();
            m_shownIsSharp = false;
        }
        // Every photo opens fitted.
        m_canvas->setPhotoSize(QSize(photo.width, photo.height));
    }
    updateMetadata();
    if (!isVisible())
        show(); // first, so the canvas has its size when the decode is chosen
    updateImage();
    raise();
    activateWindow();
    m_canvas->setFocus();
}

void PhotoLightbox::step(int delta)
{
    if (!m_model || m_model->rowCount() == 0)
        return;
    const int row = std::clamp(currentRow() + delta, 0, m_model->rowCount() - 1);
    if (row != currentRow())
        showPhoto(row);
}

void PhotoLightbox::showFirst()
{
    if (m_model && m_model->rowCount() > 0)
        showPhoto(0);
}

void PhotoLightbox::showLast()
{
    if (m_model && m_model->rowCount() > 0)
        showPhoto(m_model->rowCount() - 1);
}

void PhotoLightbox::fitToWindow()
{
    m_canvas->fit();
}

void PhotoLightbox::actualSize()
{
    m_canvas->setScale(1.0);
}

void PhotoLightbox::updateMetadata()
{
    const int row = currentRow();
    const int count = m_model ? m_model->rowCount() : 0;
    m_previous->setEnabled(row > 0);
    m_next->setEnabled(row >= 0 && row + 1 < count);
    if (row < 0) {
        m_filename->clear();
        m_position->clear();
        m_uploaded->clear();
        m_review->clear();
        return;
    }
    const Photo photo = m_model->photoAt(row);
    m_filename->setText(photo.filename);
    setWindowTitle(tr("%1 — Photo").arg(photo.filename));
    m_position->setText(tr("%1 of %2").arg(row + 1).arg(count));
    m_uploaded->setText(PhotoText::uploaded(photo));
    m_review->setText(PhotoText::review(photo));
    m_review->setStyleSheet(photo.review.state == PhotoReviewState::Flagged
                                ? Palette::textStyleSheet(Palette::errorText())
                                : QString());
    m_canvas->setAccessibleDescription(PhotoText::accessible(photo));
}

QSize PhotoLightbox::fittedDeviceSize(const QSize &size) const
{
    if (size.isEmpty())
        return QSize(kLargestThumbnail, kLargestThumbnail);
    const qreal fit = std::min(
        {1.0, qreal(m_canvas->width()) / size.width(), qreal(m_canvas->height()) / size.height()});
    return (QSizeF(size) * fit * devicePixelRatioF()).toSize().expandedTo(QSize(1, 1));
}

void PhotoLightbox::updateImage()
{
    if (!m_loader || currentRow() < 0)
        return;
    const Photo photo = currentPhoto();
    const QSize original = m_canvas->photoSize();
    const qreal ratio = devicePixelRatioF();
    const qreal deviceScale = m_canvas->scale() * ratio;
    // The device pixels the photo covers at this scale (all of it, seen or panned away).
    const QSize shown = original.isEmpty()
                            ? QSize(kLargestThumbnail, kLargestThumbnail)
                            : (QSizeF(original) * deviceScale).toSize().expandedTo(QSize(1, 1));

    // The 1024 thumbnail at the size shown, at most its own: the picture for a fitted photo,
    // and what stands in while a larger decode runs.
    const QSize thumbTarget =
        longestSide(shown) > kLargestThumbnail
            ? shown.scaled(kLargestThumbnail, kLargestThumbnail, Qt::KeepAspectRatio)
            : shown;
    const QPixmap thumb = m_loader->pixmap(photo, kLargestThumbnail, thumbTarget);

    QPixmap sharp;
    const bool wantsContent =
        longestSide(shown) > kLargestThumbnail && longestSide(original) > kLargestThumbnail;
    if (wantsContent) {
        // A quarter, half or full decode (JPEG scales those cheaply), the first that covers
        // the scale; one decode serves many zoom steps.
        const qreal fraction = deviceScale <= 0.25 ? 0.25 : deviceScale <= 0.5 ? 0.5 : 1.0;
        const QSize target = (QSizeF(original) * fraction).toSize();
        sharp = m_loader->pixmap(photo, 0, target);
        qCDebug(lcLightbox) << photo.id << "content at" << target
                            << (sharp.isNull() ? "loading" : "cached");
    }

    if (!sharp.isNull()) {
        m_canvas->setPixmap(sharp);
        m_shownIsSharp = true;
    } else if (!thumb.isNull() && !(wantsContent && m_shownIsSharp && m_shownPhotoId == photo.id)) {
        // The thumbnail, unless a content decode of this photo (another zoom's) is shown:
        // that one stays until the new one is there.
        m_canvas->setPixmap(thumb);
        m_shownIsSharp = false;
    } else if (m_shownPhotoId != photo.id) {
        return; // nothing of this photo yet: "Loading…" until the loader says
    }
    if (!m_canvas->pixmapShown().isNull()) {
        if (m_shownPhotoId != photo.id) {
            m_shownPhotoId = photo.id;
            // The server's thumbnail is upright (EXIF applied); a photo whose recorded size is
            // on its side is shown the way up its thumbnail is.
            const QSize got = m_canvas->pixmapShown().size();
            const bool gotLandscape = got.width() > got.height();
            const bool originalLandscape = original.width() > original.height();
            if (!original.isEmpty() && got.width() != got.height() &&
                original.width() != original.height() && gotLandscape != originalLandscape)
                m_canvas->setPhotoSize(original.transposed());
        }
        prefetchNeighbours();
    }
}

void PhotoLightbox::prefetchNeighbours()
{
    // The next and previous photos' fitted pictures, so stepping through shows each at once.
    for (const int row : {currentRow() + 1, currentRow() - 1}) {
        if (row < 0 || row >= m_model->rowCount())
            continue;
        const Photo photo = m_model->photoAt(row);
        QSize fitted = fittedDeviceSize(QSize(photo.width, photo.height));
        if (longestSide(fitted) > kLargestThumbnail)
            fitted = fitted.scaled(kLargestThumbnail, kLargestThumbnail, Qt::KeepAspectRatio);
        m_loader->pixmap(photo, kLargestThumbnail, fitted);
    }
}

void PhotoLightbox::onLoaded(const QString &photoId)
{
    if (isVisible() && photoId == currentPhoto().id)
        updateImage();
}

} // namespace dispatch::ui
