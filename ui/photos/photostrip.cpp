#include "photostrip.h"

#include "photogallerydialog.h"
#include "photoimageloader.h"
#include "photolightbox.h"
#include "photolistmodel.h"
#include "phototiledelegate.h"

#include <photoclient.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

namespace dispatch::ui {

PhotoStrip::PhotoStrip(net::PhotoClient *photos, QWidget *parent)
    : QGroupBox(tr("Photos"), parent)
    , m_loader(photos ? PhotoImageLoader::shared(photos) : nullptr)
    , m_model(new PhotoListModel(photos, m_loader, this))
{
    setObjectName(QStringLiteral("photoStrip"));
    m_model->setTileSize(kTileSize, devicePixelRatioF());

    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("photoStripCaption"));
    m_caption->setWordWrap(true);
    m_showAll = new QPushButton(tr("&Browse all…"), this);
    m_showAll->setObjectName(QStringLiteral("photoShowAll"));
    m_showAll->setAccessibleName(tr("Show all photos"));
    m_showAll->setToolTip(tr("All photos of this job in a larger window"));
    m_showAll->setAutoDefault(false);
    connect(m_showAll, &QPushButton::clicked, this, &PhotoStrip::openGallery);
    m_header = new QHBoxLayout;
    m_header->addWidget(m_caption, 1);
    m_header->addWidget(m_showAll);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("photoStripView"));
    m_view->setAccessibleName(tr("Photos of this job"));
    m_view->setViewMode(QListView::IconMode);
    m_view->setFlow(QListView::LeftToRight);
    m_view->setWrapping(false);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *delegate = new PhotoTileDelegate(kTileSize, false, m_view);
    m_view->setItemDelegate(delegate);
    const QSize item = delegate->itemSize(m_view->font());
    m_view->setGridSize(item + QSize(4, 0));
    m_view->setIconSize(kTileSize);
    m_view->setModel(m_model);
    // One row of tiles and room for the scroll bar under them, which shows past a few photos.
    m_view->setFixedHeight(item.height() + 2 * m_view->frameWidth() +
                           m_view->horizontalScrollBar()->sizeHint().height() + 4);
    connect(m_view, &QListView::activated, this,
            [this](const QModelIndex &index) { openLightbox(index.row()); });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_header);
    layout->addWidget(m_view);

    connect(m_model, &PhotoListModel::summaryChanged, this, &PhotoStrip::updateCaption);
    // The first photo is current, so Tab then Enter opens it.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_view->currentIndex().isValid() && m_model->rowCount() > 0)
            m_view->setCurrentIndex(m_model->index(0));
    });
    updateCaption();
}

void PhotoStrip::setJob(const QString &jobId, const QString &title)
{
    m_title = title;
    // The same job again (its row moved on the board) keeps its rows; a failed list is tried
    // again.
    if (jobId != m_model->jobId() || !m_model->errorText().isEmpty())
        m_model->setJob(jobId);
    if (m_gallery)
        m_gallery->setJobTitle(title);
}

QString PhotoStrip::jobId() const
{
    return m_model->jobId();
}

QString PhotoStrip::captionText() const
{
    return m_caption->text();
}

PhotoGalleryDialog *PhotoStrip::gallery() const
{
    return m_gallery;
}

PhotoLightbox *PhotoStrip::lightbox() const
{
    return m_lightbox;
}

void PhotoStrip::addHeaderWidget(QWidget *widget)
{
    m_header->insertWidget(m_header->count() - 1, widget);
}

void PhotoStrip::updateCaption()
{
    m_caption->setText(m_model->summaryText());
    const bool any = m_model->rowCount() > 0;
    m_view->setVisible(any);
    m_showAll->setEnabled(any);
    m_view->setAccessibleDescription(m_caption->text());
}

void PhotoStrip::openGallery()
{
    if (!m_gallery) {
        m_gallery = new PhotoGalleryDialog(m_model, m_loader, window());
        m_gallery->setJobTitle(m_title);
    }
    if (m_view->currentIndex().isValid())
        m_gallery->view()->setCurrentIndex(m_view->currentIndex());
    else if (m_model->rowCount() > 0)
        m_gallery->view()->setCurrentIndex(m_model->index(0));
    m_gallery->show();
    m_gallery->raise();
    m_gallery->activateWindow();
    m_gallery->view()->setFocus();
}

void PhotoStrip::openLightbox(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    if (!m_lightbox)
        m_lightbox = new PhotoLightbox(m_model, m_loader, window());
    m_lightbox->showPhoto(row);
}

} // namespace dispatch::ui
