#include "photogallerydialog.h"

#include "photoimageloader.h"
#include "photolightbox.h"
#include "photolistmodel.h"
#include "phototiledelegate.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QTimer>
#include <QVBoxLayout>

namespace dispatch::ui {

PhotoGalleryDialog::PhotoGalleryDialog(PhotoListModel *model, PhotoImageLoader *loader,
                                       QWidget *parent)
    : QDialog(parent)
    , m_model(model)
    , m_loader(loader)
{
    setObjectName(QStringLiteral("photoGallery"));
    setWindowTitle(tr("Photos"));
    setAccessibleName(tr("Photo gallery"));
    setModal(false);
    setSizeGripEnabled(true);

    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("galleryCaption"));

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("galleryView"));
    m_view->setAccessibleName(tr("Photos"));
    m_view->setViewMode(QListView::IconMode);
    m_view->setMovement(QListView::Static);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setWordWrap(false);
    m_delegate = new PhotoTileDelegate(kTileSize, true, m_view);
    m_view->setItemDelegate(m_delegate);
    const QSize item = m_delegate->itemSize(m_view->font());
    m_view->setGridSize(item + QSize(8, 8));
    m_view->setIconSize(kTileSize);
    m_view->setModel(model);
    m_view->verticalScrollBar()->setSingleStep(item.height() / 4);
    connect(m_view, &QListView::activated, this,
            [this](const QModelIndex &index) { openLightbox(index.row()); });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *open = buttons->addButton(tr("&Open"), QDialogButtonBox::ActionRole);
    open->setObjectName(QStringLiteral("galleryOpen"));
    open->setAccessibleName(tr("Open the selected photo"));
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close the gallery"));
    for (QAbstractButton *button : buttons->buttons()) {
        if (auto *push = qobject_cast<QPushButton *>(button))
            push->setAutoDefault(false); // Enter in the grid opens the photo, not a button
    }
    connect(open, &QPushButton::clicked, this, [this] {
        if (m_view->currentIndex().isValid())
            openLightbox(m_view->currentIndex().row());
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);

    m_scrollSettle = new QTimer(this);
    m_scrollSettle->setObjectName(QStringLiteral("galleryScrollSettle"));
    m_scrollSettle->setSingleShot(true);
    m_scrollSettle->setInterval(100);
    connect(m_scrollSettle, &QTimer::timeout, this, &PhotoGalleryDialog::dropFarLoads);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, m_scrollSettle,
            qOverload<>(&QTimer::start));

    if (m_model) {
        connect(m_model, &PhotoListModel::summaryChanged, this, &PhotoGalleryDialog::updateCaption);
        connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
            if (m_model->rowCount() > 0)
                m_view->setCurrentIndex(m_model->index(0));
        });
    }
    updateCaption();
    // Four tiles across, three down.
    resize(4 * m_view->gridSize().width() + 48, 3 * m_view->gridSize().height() + 96);
}

void PhotoGalleryDialog::setJobTitle(const QString &title)
{
    setWindowTitle(title.isEmpty() ? tr("Photos") : tr("Photos — %1").arg(title));
}

void PhotoGalleryDialog::updateCaption()
{
    m_caption->setText(m_model ? m_model->summaryText() : QString());
    m_view->setAccessibleDescription(m_caption->text());
}

PhotoLightbox *PhotoGalleryDialog::lightbox() const
{
    return m_lightbox;
}

void PhotoGalleryDialog::openLightbox(int row)
{
    if (!m_model || row < 0 || row >= m_model->rowCount())
        return;
    if (!m_lightbox)
        m_lightbox = new PhotoLightbox(m_model, m_loader, this);
    m_lightbox->showPhoto(row);
}

void PhotoGalleryDialog::dropFarLoads()
{
    if (!m_loader || !m_model)
        return;
    // Keep a screen above and below; what lies beyond is asked again when scrolled back.
    const QRect viewport = m_view->viewport()->rect();
    const QRect near = viewport.adjusted(0, -viewport.height(), 0, viewport.height());
    QSet<QString> keep;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_view->visualRect(m_model->index(row)).intersects(near))
            keep.insert(m_model->photoAt(row).id);
    }
    const QSize target = (QSizeF(kTileSize) * m_view->devicePixelRatioF()).toSize();
    m_loader->cancelPendingIf([&](const Photo &photo, int, const QSize &requested) {
        return requested == target && !keep.contains(photo.id);
    });
}

} // namespace dispatch::ui
