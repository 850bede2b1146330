#include "photoreviewpage.h"

#include "detaillabel.h"
#include "errormessages.h"
#include "noticebanner.h"
#include "palette.h"
#include "photoimageloader.h"
#include "phototext.h"
#include "reviewpreview.h"
#include "reviewqueuedelegate.h"
#include "reviewqueuemodel.h"

#include <QEvent>
#include <QFocusEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTabBar>
#include <QVBoxLayout>

namespace dispatch::ui {

namespace {
/// The list's thumbnails: small enough for a dozen rows on a laptop, big enough to tell a
/// sink from a roof.
constexpr int kListThumbnail = 56;
/// The job's other photos.
constexpr int kJobThumbnail = 72;
/// Decisions Ctrl+Z can walk back.
constexpr int kUndoDepth = 50;
/// Fewer rows than this after the current one: the next page is read.
constexpr int kReadAhead = 5;

/// The filter's tabs, in order.
constexpr PhotoReviewState kFilters[] = {PhotoReviewState::Pending, PhotoReviewState::Flagged,
                                         PhotoReviewState::Approved};

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QString when(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                          : QString();
}
} // namespace

PhotoReviewPage::PhotoReviewPage(net::PhotoClient *photos, QWidget *parent)
    : QWidget(parent)
    , m_photos(photos)
    , m_loader(new PhotoImageLoader(photos, this))
    , m_banner(new NoticeBanner(this))
    , m_filter(new QTabBar(this))
    , m_counts(new QLabel(this))
    , m_view(new QListView(this))
{
    Q_ASSERT(photos);
    setObjectName(QStringLiteral("photoReviewPage"));
    m_banner->setObjectName(QStringLiteral("reviewBanner"));

    // Before the model's own connection, so the current photo is still known here when
    // someone else's decision takes it away: the admin is told why the picture changed.
    connect(photos, &net::PhotoClient::photoChanged, this, [this](const Photo &photo) {
        if (photo.id != m_currentPhotoId || photo.review.state == filter() ||
            m_model->isDeciding(photo.id) || m_model->knownState(photo.id) == photo.review.state)
            return;
        const QString who =
            photo.review.byName.isEmpty() ? tr("another admin") : photo.review.byName;
        m_banner->showMessage(NoticeBanner::Kind::Info,
                              tr("“%1” was just reviewed by %2 (%3).")
                                  .arg(photo.filename, who, stateWord(photo.review.state)));
    });
    m_model = new ReviewQueueModel(photos, this);
    m_model->setImageLoader(m_loader, QSize(kListThumbnail, kListThumbnail));

    // The filter: which state is listed.
    m_filter->setObjectName(QStringLiteral("reviewFilter"));
    m_filter->setAccessibleName(tr("Show photos"));
    m_filter->setDocumentMode(true);
    m_filter->setDrawBase(false);
    m_filter->setExpanding(false);
    m_filter->setFocusPolicy(Qt::TabFocus);
    for (const PhotoReviewState state : kFilters) {
        const int index = m_filter->addTab(state == PhotoReviewState::Pending   ? tr("Waiting")
                                           : state == PhotoReviewState::Flagged ? tr("Flagged")
                                                                                : tr("Approved"));
        m_filter->setTabData(index, int(state));
    }
    m_filter->setTabToolTip(0, tr("Photos no admin has decided on yet"));
    m_filter->setTabToolTip(1, tr("Photos flagged, with why"));
    m_filter->setTabToolTip(2, tr("Photos approved"));
    connect(m_filter, &QTabBar::currentChanged, this, [this](int index) {
        cancelFlag();
        m_model->setState(PhotoReviewState(m_filter->tabData(index).toInt()));
        updateEmptyState();
        updateActions();
    });
    m_counts->setObjectName(QStringLiteral("reviewCounts"));
    m_counts->setAccessibleName(tr("Photos by review state"));

    // Connected before the view gets the model, so these see the current row where it was.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                const int row = m_view->currentIndex().row();
                m_currentLeaving = m_view->currentIndex().isValid() && row >= first && row <= last;
            });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first) { followRemoved(first); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_view->currentIndex().isValid() && m_model->rowCount() > 0)
            selectRow(0);
        updateEmptyState();
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        showCurrent();
        updateEmptyState();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                   const QList<int> &roles) {
                const int row = m_view->currentIndex().row();
                if (row >= topLeft.row() && row <= bottomRight.row() &&
                    !(roles.size() == 1 && roles.first() == Qt::DecorationRole))
                    showCurrent();
            });
    // A reload keeps the admin on the photo they were looking at, when it is still listed.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_reselect = m_currentPhotoId; });
    connect(m_model, &ReviewQueueModel::loaded, this, [this] {
        if (!selectPhoto(std::exchange(m_reselect, {})) && m_model->rowCount() > 0)
            selectRow(0);
        if (m_banner->kind() == NoticeBanner::Kind::Error && m_banner->text() == m_loadError)
            m_banner->clear(); // loaded now
        updateEmptyState();
        updateActions();
    });
    connect(m_model, &ReviewQueueModel::loadFailed, this, [this](const QString &message) {
        m_loadError = message;
        m_banner->showMessage(NoticeBanner::Kind::Error, message);
        updateEmptyState();
    });
    connect(m_model, &ReviewQueueModel::countsChanged, this, &PhotoReviewPage::updateCounts);

    m_view->setObjectName(QStringLiteral("reviewQueueView"));
    m_view->setAccessibleName(tr("Photos to review"));
    m_view->setAccessibleDescription(
        tr("Oldest first. A approves, F flags with a note, J and K move, Ctrl+Z undoes."));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ReviewQueueDelegate(kListThumbnail, m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setUniformItemSizes(true);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setMinimumWidth(220);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PhotoReviewPage::showCurrent);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("reviewSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_view);
    splitter->addWidget(buildCenter());
    splitter->addWidget(buildContext());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    splitter->setSizes({290, 640, 300});

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_filter, 0, Qt::AlignBottom);
    top->addStretch(1);
    top->addWidget(m_counts);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);

    // What an admin does most comes first: the list, the picture, the decisions.
    setTabOrder(m_view, m_preview);
    setTabOrder(m_preview, m_approve);
    setTabOrder(m_approve, m_flag);
    setTabOrder(m_flag, m_previous);
    setTabOrder(m_previous, m_next);
    setTabOrder(m_next, m_undo);
    setTabOrder(m_undo, m_noteEdit);
    setTabOrder(m_noteEdit, m_openJob);
    setTabOrder(m_openJob, m_jobPhotos);
    setTabOrder(m_jobPhotos, m_filter);
    setFocusProxy(m_view);

    // The job's other photos follow uploads and decisions.
    const auto followJobPhoto = [this](const Photo &photo) {
        if (photo.jobId != m_jobPhotosJobId)
            return;
        auto it = std::find_if(m_jobPhotoList.begin(), m_jobPhotoList.end(),
                               [&photo](const Photo &known) { return known.id == photo.id; });
        if (it == m_jobPhotoList.end())
            m_jobPhotoList.append(photo);
        else if (it->version <= photo.version)
            *it = photo;
        fillJobPhotos();
    };
    connect(photos, &net::PhotoClient::photoChanged, this, followJobPhoto);
    connect(m_loader, &PhotoImageLoader::loaded, this, [this](const QString &photoId) {
        for (int i = 0; i < m_jobPhotos->count(); ++i) {
            if (m_jobPhotos->item(i)->data(Qt::UserRole).toString() == photoId) {
                fillJobPhotos();
                return;
            }
        }
    });

    buildShortcuts();
    updateCounts();
    updateEmptyState();
    showCurrent();
    m_model->reload();
}

PhotoReviewPage::~PhotoReviewPage() = default;

QWidget *PhotoReviewPage::buildCenter()
{
    auto *center = new QWidget(this);
    center->setObjectName(QStringLiteral("reviewCenter"));
    auto *layout = new QVBoxLayout(center);
    layout->setContentsMargins(6, 0, 6, 6);
    layout->setSpacing(6);

    m_centerStack = new QStackedWidget(center);
    m_preview = new ReviewPreview(m_loader, m_centerStack);
    m_centerStack->addWidget(m_preview);

    m_emptyPage = new QWidget(m_centerStack);
    m_emptyPage->setObjectName(QStringLiteral("reviewEmpty"));
    auto *empty = new QVBoxLayout(m_emptyPage);
    empty->addStretch(1);
    m_emptyTitle = new QLabel(m_emptyPage);
    m_emptyTitle->setObjectName(QStringLiteral("reviewEmptyTitle"));
    m_emptyTitle->setAlignment(Qt::AlignCenter);
    QFont big = m_emptyTitle->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_emptyTitle->setFont(big);
    m_emptyHint = new QLabel(m_emptyPage);
    m_emptyHint->setObjectName(QStringLiteral("reviewEmptyHint"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setStyleSheet(Palette::mutedTextStyleSheet());
    m_retry = new QPushButton(tr("Try &again"), m_emptyPage);
    m_retry->setObjectName(QStringLiteral("reviewRetry"));
    m_retry->setAccessibleName(tr("Load the photos again"));
    connect(m_retry, &QPushButton::clicked, this, &PhotoReviewPage::reload);
    empty->addWidget(m_emptyTitle);
    empty->addWidget(m_emptyHint);
    empty->addWidget(m_retry, 0, Qt::AlignHCenter);
    empty->addStretch(2);
    m_centerStack->addWidget(m_emptyPage);
    layout->addWidget(m_centerStack, 1);

    // The note line, shown by F: Enter flags, Esc cancels. Inline, never a dialog.
    m_noteBar = new QWidget(center);
    m_noteBar->setObjectName(QStringLiteral("flagNoteBar"));
    auto *note = new QHBoxLayout(m_noteBar);
    note->setContentsMargins(0, 0, 0, 0);
    auto *noteLabel = new QLabel(tr("Why flag it?"), m_noteBar);
    m_noteEdit = new QLineEdit(m_noteBar);
    m_noteEdit->setObjectName(QStringLiteral("flagNoteEdit"));
    m_noteEdit->setAccessibleName(tr("Why this photo is flagged"));
    m_noteEdit->setPlaceholderText(tr("Blurry, wrong job, shows a face… Enter flags, Esc "
                                      "cancels"));
    m_noteEdit->setMaxLength(500);
    m_noteEdit->setClearButtonEnabled(true);
    m_noteEdit->installEventFilter(this);
    noteLabel->setBuddy(m_noteEdit);
    m_noteHint = new QLabel(m_noteBar);
    m_noteHint->setObjectName(QStringLiteral("flagNoteHint"));
    m_noteHint->setStyleSheet(Palette::mutedTextStyleSheet());
    connect(m_noteEdit, &QLineEdit::returnPressed, this, &PhotoReviewPage::confirmFlag);
    note->addWidget(noteLabel);
    note->addWidget(m_noteEdit, 1);
    note->addWidget(m_noteHint);
    m_noteBar->hide();
    layout->addWidget(m_noteBar);

    const auto button = [center](const QString &text, const QString &name,
                                 const QString &accessibleName, const QString &toolTip) {
        auto *pushButton = new QPushButton(text, center);
        pushButton->setObjectName(name);
        pushButton->setAccessibleName(accessibleName);
        pushButton->setToolTip(toolTip);
        pushButton->setAutoDefault(false);
        return pushButton;
    };
    m_approve = button(tr("&Approve"), QStringLiteral("approveButton"), tr("Approve photo"),
                       tr("The photo is fine (A)"));
    // Alt+F is the File menu's: the button's own letter is G; plain F flags.
    m_flag = button(tr("Fla&g…"), QStringLiteral("flagButton"), tr("Flag photo"),
                    tr("Something is wrong with the photo: say what (F)"));
    m_previous = button(tr("Previous"), QStringLiteral("previousButton"), tr("Previous photo"),
                        tr("Back to the previous photo (K)"));
    m_next = button(tr("Next"), QStringLiteral("nextButton"), tr("Next photo"),
                    tr("Skip to the next photo without deciding (J)"));
    m_undo = button(tr("&Undo"), QStringLiteral("undoButton"), tr("Undo last decision"),
                    tr("Take back the last approval or flag (Ctrl+Z)"));
    m_approve->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
    m_flag->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    m_previous->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    m_next->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    m_undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    connect(m_approve, &QPushButton::clicked, this, &PhotoReviewPage::approveCurrent);
    connect(m_flag, &QPushButton::clicked, this, &PhotoReviewPage::startFlag);
    connect(m_previous, &QPushButton::clicked, this, &PhotoReviewPage::previous);
    connect(m_next, &QPushButton::clicked, this, &PhotoReviewPage::next);
    connect(m_undo, &QPushButton::clicked, this, &PhotoReviewPage::undo);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(6);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_flag);
    buttons->addSpacing(18);
    buttons->addWidget(m_previous);
    buttons->addWidget(m_next);
    buttons->addStretch(1);
    buttons->addWidget(m_undo);
    layout->addLayout(buttons);

    m_lastAction = new QLabel(center);
    m_lastAction->setObjectName(QStringLiteral("reviewLastAction"));
    m_lastAction->setAccessibleName(tr("Last decision"));
    m_lastAction->setStyleSheet(Palette::mutedTextStyleSheet());
    showKeysHint();
    layout->addWidget(m_lastAction);
    return center;
}

QWidget *PhotoReviewPage::buildContext()
{
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("reviewContextScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus);
    scroll->setAccessibleName(tr("The photo's job"));
    scroll->setMinimumWidth(240);
    m_context = new QWidget(scroll);
    m_context->setObjectName(QStringLiteral("reviewContext"));
    auto *layout = new QVBoxLayout(m_context);
    layout->setContentsMargins(6, 0, 6, 6);

    m_jobTitle = detailValueLabel(m_context, QStringLiteral("reviewJobTitle"), tr("Job"));
    QFont titleFont = m_jobTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_jobTitle->setFont(titleFont);
    layout->addWidget(m_jobTitle);

    auto *jobForm = new QFormLayout;
    jobForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_customer = detailValueLabel(m_context, QStringLiteral("reviewCustomer"), tr("Customer"));
    m_address = detailValueLabel(m_context, QStringLiteral("reviewAddress"), tr("Address"));
    jobForm->addRow(tr("Customer:"), m_customer);
    jobForm->addRow(tr("Address:"), m_address);
    layout->addLayout(jobForm);

    m_openJob = new QPushButton(tr("&Open job"), m_context);
    m_openJob->setObjectName(QStringLiteral("openJobButton"));
    m_openJob->setAccessibleName(tr("Open the job on the board"));
    m_openJob->setToolTip(tr("Show this job on the Jobs tab"));
    m_openJob->setAutoDefault(false);
    connect(m_openJob, &QPushButton::clicked, this, [this] {
        const int row = m_view->currentIndex().row();
        if (row >= 0)
            Q_EMIT openJobRequested(m_model->itemAt(row).photo.jobId);
    });
    layout->addWidget(m_openJob, 0, Qt::AlignLeft);

    layout->addSpacing(8);
    m_jobPhotosTitle = sectionTitle(tr("Other photos of this job"), m_context);
    layout->addWidget(m_jobPhotosTitle);
    m_jobPhotos = new QListWidget(m_context);
    m_jobPhotos->setObjectName(QStringLiteral("reviewJobPhotos"));
    m_jobPhotos->setAccessibleName(tr("Other photos of this job"));
    m_jobPhotos->setAccessibleDescription(tr("Enter shows a photo that is in the list"));
    m_jobPhotos->setViewMode(QListView::IconMode);
    m_jobPhotos->setIconSize(QSize(kJobThumbnail, kJobThumbnail));
    m_jobPhotos->setGridSize(QSize(kJobThumbnail + 18, kJobThumbnail + 2 * fontMetrics().height()));
    m_jobPhotos->setResizeMode(QListView::Adjust);
    m_jobPhotos->setMovement(QListView::Static);
    m_jobPhotos->setWrapping(true);
    m_jobPhotos->setUniformItemSizes(true);
    m_jobPhotos->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_jobPhotos->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_jobPhotos->installEventFilter(this); // its height follows its width
    connect(m_jobPhotos, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const QString id = item->data(Qt::UserRole).toString();
        if (!selectPhoto(id)) {
            const auto state = m_model->knownState(id);
            m_lastAction->setText(tr("That photo is not in this list (%1).")
                                      .arg(stateWord(state.value_or(PhotoReviewState::Pending))));
        }
    });
    layout->addWidget(m_jobPhotos);

    layout->addSpacing(8);
    layout->addWidget(sectionTitle(tr("This photo"), m_context));
    auto *photoForm = new QFormLayout;
    photoForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_fileName = detailValueLabel(m_context, QStringLiteral("reviewFileName"), tr("File"));
    m_uploader = detailValueLabel(m_context, QStringLiteral("reviewUploader"), tr("Uploaded by"));
    m_uploaded = detailValueLabel(m_context, QStringLiteral("reviewUploadedAt"), tr("Uploaded"));
    m_dimensions = detailValueLabel(m_context, QStringLiteral("reviewDimensions"), tr("Size"));
    m_review = detailValueLabel(m_context, QStringLiteral("reviewState"), tr("Review"));
    photoForm->addRow(tr("File:"), m_fileName);
    photoForm->addRow(tr("Uploaded by:"), m_uploader);
    photoForm->addRow(tr("Uploaded:"), m_uploaded);
    photoForm->addRow(tr("Size:"), m_dimensions);
    photoForm->addRow(tr("Review:"), m_review);
    layout->addLayout(photoForm);
    layout->addStretch(1);
    scroll->setWidget(m_context);
    return scroll;
}

void PhotoReviewPage::buildShortcuts()
{
    // On the page and its children only: the keys act while the list or the picture has the
    // focus, never on another tab; they are off while the note line is open.
    const auto key = [this](const QKeySequence &sequence, void (PhotoReviewPage::*slot)()) {
        auto *shortcut = new QShortcut(sequence, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        shortcut->setAutoRepeat(false);
        connect(shortcut, &QShortcut::activated, this, slot);
        m_shortcuts.append(shortcut);
    };
    key(QKeySequence(Qt::Key_A), &PhotoReviewPage::approveCurrent);
    key(QKeySequence(Qt::Key_F), &PhotoReviewPage::startFlag);
    key(QKeySequence(Qt::Key_J), &PhotoReviewPage::next);
    key(QKeySequence(Qt::Key_K), &PhotoReviewPage::previous);
    key(QKeySequence::Undo, &PhotoReviewPage::undo);
}

void PhotoReviewPage::showKeysHint()
{
    m_lastAction->setText(tr("A approve · F flag · J next · K previous · Ctrl+Z undo"));
    m_lastAction->setAccessibleDescription(m_lastAction->text());
}

void PhotoReviewPage::setShortcutsEnabled(bool enabled)
{
    for (QShortcut *shortcut : std::as_const(m_shortcuts))
        shortcut->setEnabled(enabled);
}

PhotoReviewState PhotoReviewPage::filter() const
{
    return m_model->state();
}

void PhotoReviewPage::setFilter(PhotoReviewState state)
{
    for (int i = 0; i < m_filter->count(); ++i) {
        if (PhotoReviewState(m_filter->tabData(i).toInt()) == state)
            m_filter->setCurrentIndex(i);
    }
}

QString PhotoReviewPage::stateWord(PhotoReviewState state)
{
    switch (state) {
    case PhotoReviewState::Pending:
        return tr("waiting");
    case PhotoReviewState::Approved:
        return tr("approved");
    case PhotoReviewState::Flagged:
        return tr("flagged");
    }
    return {};
}

QString PhotoReviewPage::countsText() const
{
    if (!m_model->hasCounts())
        return {};
    return tr("%1 waiting · %2 approved · %3 flagged")
        .arg(m_model->count(PhotoReviewState::Pending))
        .arg(m_model->count(PhotoReviewState::Approved))
        .arg(m_model->count(PhotoReviewState::Flagged));
}

QString PhotoReviewPage::tabText() const
{
    return m_model->hasCounts()
               ? tr("Photo review (%1)").arg(m_model->count(PhotoReviewState::Pending))
               : tr("Photo review");
}

void PhotoReviewPage::updateCounts()
{
    const QString text = countsText();
    m_counts->setText(text);
    m_counts->setAccessibleDescription(text);
    Q_EMIT tabTextChanged(tabText());
}

QString PhotoReviewPage::currentPhotoId() const
{
    return m_currentPhotoId;
}

bool PhotoReviewPage::selectPhoto(const QString &photoId)
{
    const int row = m_model->rowOf(photoId);
    if (row < 0)
        return false;
    selectRow(row);
    return true;
}

void PhotoReviewPage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex index = m_model->index(row);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(index);
}

QString PhotoReviewPage::contextText() const
{
    if (m_currentPhotoId.isEmpty())
        return {};
    return QStringList{
        m_jobTitle->text(),
        tr("Customer: %1").arg(m_customer->text()),
        tr("Address: %1").arg(m_address->text()),
        tr("File: %1").arg(m_fileName->text()),
        tr("Uploaded by: %1").arg(m_uploader->text()),
        tr("Uploaded: %1").arg(m_uploaded->text()),
        tr("Review: %1").arg(m_review->text()),
    }
        .join(u'\n');
}

void PhotoReviewPage::showCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_currentPhotoId.clear();
        m_preview->setPhoto(std::nullopt);
        m_context->setVisible(false);
        updateActions();
        return;
    }
    const net::ReviewQueueItem &item = m_model->itemAt(current.row());
    const Photo &photo = item.photo;
    m_currentPhotoId = photo.id;
    m_preview->setPhoto(photo);
    m_context->setVisible(true);
    setDetailValue(m_jobTitle,
                   item.jobTitle.isEmpty() ? tr("(job not loaded yet)") : item.jobTitle);
    setDetailValue(m_customer,
                   item.customerName.isEmpty() ? QStringLiteral("—") : item.customerName);
    setDetailValue(m_address, item.address.isEmpty() ? tr("No address given") : item.address);
    setDetailValue(m_fileName, photo.filename.isEmpty() ? tr("(no name)") : photo.filename);
    setDetailValue(m_uploader, PhotoText::uploaderName(photo));
    setDetailValue(m_uploaded, when(photo.createdAt));
    setDetailValue(m_dimensions, tr("%1 × %2 px · %3")
                                     .arg(photo.width)
                                     .arg(photo.height)
                                     .arg(QLocale().formattedDataSize(photo.bytes)));
    const QString by = PhotoText::reviewerName(photo);
    switch (photo.review.state) {
    case PhotoReviewState::Pending:
        setDetailValue(m_review, tr("Waiting for review"));
        break;
    case PhotoReviewState::Approved:
        setDetailValue(m_review, by.isEmpty()
                                     ? tr("Approved")
                                     : tr("Approved by %1, %2").arg(by, when(photo.review.at)));
        break;
    case PhotoReviewState::Flagged:
        setDetailValue(m_review, photo.review.note.isEmpty()
                                     ? tr("Flagged by %1").arg(by)
                                     : tr("Flagged by %1: %2").arg(by, photo.review.note));
        break;
    }
    if (photo.jobId != m_jobPhotosJobId)
        showJobPhotos(photo.jobId);
    else
        fillJobPhotos();
    // The next photo is decoded while this one is looked at, so A shows it at once.
    if (current.row() + 1 < m_model->rowCount())
        m_preview->prefetch(m_model->itemAt(current.row() + 1).photo);
    updateActions();
}

void PhotoReviewPage::showJobPhotos(const QString &jobId)
{
    m_jobPhotosJobId = jobId;
    m_jobPhotoList.clear();
    fillJobPhotos();
    if (!m_photos || jobId.isEmpty())
        return;
    m_photos->listPhotos(jobId, this, [this, jobId](const net::PhotoListResult &result) {
        if (jobId != m_jobPhotosJobId)
            return; // another job is shown by now
        if (!result.ok()) {
            m_jobPhotosTitle->setText(tr("Other photos of this job could not be loaded"));
            return;
        }
        m_jobPhotoList = result.photos;
        m_model->notePhotos(result.photos);
        fillJobPhotos();
    });
}

void PhotoReviewPage::fillJobPhotos()
{
    QList<const Photo *> others;
    for (const Photo &photo : std::as_const(m_jobPhotoList)) {
        if (photo.id != m_currentPhotoId)
            others.append(&photo);
    }
    const QString current = m_jobPhotos->currentItem()
                                ? m_jobPhotos->currentItem()->data(Qt::UserRole).toString()
                                : QString();
    m_jobPhotos->clear();
    for (const Photo *photo : std::as_const(others)) {
        const QPixmap pixmap =
            m_loader->pixmap(*photo, kPhotoThumbnailSizes[0], QSize(kJobThumbnail, kJobThumbnail));
        QString state = stateWord(photo->review.state);
        state[0] = state[0].toUpper();
        auto *item = new QListWidgetItem(m_jobPhotos);
        item->setText(state);
        if (!pixmap.isNull())
            item->setIcon(QIcon(pixmap));
        item->setData(Qt::UserRole, photo->id);
        QString description = tr("%1, %2").arg(photo->filename, stateWord(photo->review.state));
        if (!photo->review.note.isEmpty())
            description += u": " + photo->review.note;
        item->setToolTip(description);
        item->setData(Qt::AccessibleTextRole, description);
        if (photo->id == current)
            m_jobPhotos->setCurrentItem(item);
    }
    m_jobPhotosTitle->setText(others.isEmpty()
                                  ? tr("No other photos of this job")
                                  : tr("Other photos of this job (%1)").arg(others.size()));
    m_jobPhotos->setVisible(!others.isEmpty());
    fitJobPhotos();
}

void PhotoReviewPage::fitJobPhotos()
{
    // As tall as its rows (a job has at most 12 photos), so the photo's details stay close.
    const QSize grid = m_jobPhotos->gridSize();
    const int perRow =
        std::max(1, (m_jobPhotos->width() - 2 * m_jobPhotos->frameWidth() - 4) / grid.width());
    const int rows = std::max(1, (m_jobPhotos->count() + perRow - 1) / perRow);
    m_jobPhotos->setFixedHeight(rows * grid.height() + 2 * m_jobPhotos->frameWidth() + 6);
}

void PhotoReviewPage::followRemoved(int first)
{
    if (std::exchange(m_currentLeaving, false) || !m_view->currentIndex().isValid()) {
        // The photo in its place is next: the one after the decided photo.
        selectRow(std::min(first, m_model->rowCount() - 1));
        if (m_model->rowCount() == 0)
            showCurrent();
    }
    const int row = m_view->currentIndex().row();
    if (m_model->rowCount() - row <= kReadAhead && m_model->canFetchMore())
        m_model->fetchMore();
    updateEmptyState();
    updateActions();
}

void PhotoReviewPage::updateEmptyState()
{
    const bool empty = m_model->rowCount() == 0;
    m_centerStack->setCurrentWidget(empty ? m_emptyPage : static_cast<QWidget *>(m_preview));
    m_retry->setVisible(false);
    if (!empty)
        return;
    if (!m_model->loadError().isEmpty()) {
        m_emptyTitle->setText(tr("The photos could not be loaded"));
        m_emptyHint->setText(m_model->loadError());
        m_retry->setVisible(true);
    } else if (!m_model->hasLoaded()) {
        m_emptyTitle->setText(tr("Loading photos…"));
        m_emptyHint->clear();
    } else if (filter() == PhotoReviewState::Pending) {
        m_emptyTitle->setText(tr("Nothing waiting for review"));
        m_emptyHint->setText(tr("New photos appear here as soon as pros and dispatchers add "
                                "them. Flagged and approved photos are under the tabs above."));
    } else if (filter() == PhotoReviewState::Flagged) {
        m_emptyTitle->setText(tr("No flagged photos"));
        m_emptyHint->setText(tr("Photos flagged with F are listed here with their notes."));
    } else {
        m_emptyTitle->setText(tr("No approved photos yet"));
        m_emptyHint->setText(tr("Photos approved with A are listed here."));
    }
    m_emptyPage->setAccessibleName(m_emptyTitle->text());
    m_emptyPage->setAccessibleDescription(m_emptyHint->text());
}

void PhotoReviewPage::updateActions()
{
    const int row = m_view->currentIndex().row();
    const bool has = row >= 0;
    m_approve->setEnabled(has && filter() != PhotoReviewState::Approved);
    m_flag->setEnabled(has);
    m_previous->setEnabled(has && row > 0);
    m_next->setEnabled(has && (row + 1 < m_model->rowCount() || m_model->canFetchMore()));
    m_undo->setEnabled(!m_decisions.isEmpty() || m_waiting.has_value());
    m_openJob->setEnabled(has);
}

void PhotoReviewPage::next()
{
    const int row = m_view->currentIndex().row();
    if (row + 1 >= m_model->rowCount() && m_model->canFetchMore())
        m_model->fetchMore();
    if (row + 1 < m_model->rowCount())
        selectRow(row + 1);
}

void PhotoReviewPage::previous()
{
    const int row = m_view->currentIndex().row();
    if (row > 0)
        selectRow(row - 1);
}

void PhotoReviewPage::reload()
{
    m_model->reload();
    updateEmptyState();
}

void PhotoReviewPage::approveCurrent()
{
    if (filter() == PhotoReviewState::Approved)
        return; // already approved: nothing to decide
    decide(m_currentPhotoId, PhotoReviewState::Approved, {});
}

void PhotoReviewPage::startFlag()
{
    if (m_currentPhotoId.isEmpty())
        return;
    m_flagPhotoId = m_currentPhotoId;
    const int row = m_model->rowOf(m_flagPhotoId);
    // Flagging a flagged photo again changes its note: start from the old one.
    m_noteEdit->setText(row >= 0 ? m_model->itemAt(row).photo.review.note : QString());
    m_noteHint->setText(tr("Enter flags · Esc cancels"));
    setShortcutsEnabled(false);
    m_noteBar->show();
    m_noteEdit->setFocus(Qt::ShortcutFocusReason);
    m_noteEdit->selectAll();
}

void PhotoReviewPage::confirmFlag()
{
    const QString note = m_noteEdit->text().trimmed();
    if (note.isEmpty()) {
        m_noteHint->setText(tr("Say why first, then Enter"));
        m_noteEdit->setAccessibleDescription(m_noteHint->text());
        return;
    }
    const QString photoId = m_flagPhotoId;
    cancelFlag();
    if (!selectPhoto(photoId)) {
        m_banner->showMessage(NoticeBanner::Kind::Info,
                              tr("The photo left this list while you wrote the note: someone "
                                 "reviewed it meanwhile. Nothing was flagged."));
        return;
    }
    decide(photoId, PhotoReviewState::Flagged, note);
}

void PhotoReviewPage::cancelFlag()
{
    if (m_noteBar->isHidden())
        return;
    const bool hadFocus = m_noteEdit->hasFocus();
    m_flagPhotoId.clear();
    m_noteBar->hide();
    m_noteEdit->setAccessibleDescription({});
    setShortcutsEnabled(true);
    if (hadFocus)
        m_view->setFocus(Qt::OtherFocusReason);
}

bool PhotoReviewPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_jobPhotos && event->type() == QEvent::Resize &&
        static_cast<QResizeEvent *>(event)->oldSize().width() !=
            static_cast<QResizeEvent *>(event)->size().width())
        fitJobPhotos();
    if (watched == m_noteEdit) {
        if (event->type() == QEvent::ShortcutOverride &&
            static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
            event->accept(); // Esc is the note line's, whatever else the window binds to it
            return true;
        }
        if (event->type() == QEvent::KeyPress &&
            static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
            cancelFlag();
            return true;
        }
        if (event->type() == QEvent::FocusOut) {
            // Leaving the line (Tab, a click elsewhere) cancels, so the keys are never left
            // off; a popup or another window taking the focus for a moment does not.
            const auto reason = static_cast<QFocusEvent *>(event)->reason();
            if (reason != Qt::ActiveWindowFocusReason && reason != Qt::PopupFocusReason)
                QMetaObject::invokeMethod(this, &PhotoReviewPage::cancelFlag, Qt::QueuedConnection);
        }
    }
    return QWidget::eventFilter(watched, event);
}

void PhotoReviewPage::decide(const QString &photoId, PhotoReviewState state, const QString &note)
{
    const int row = m_model->rowOf(photoId);
    if (row < 0)
        return;
    const net::ReviewQueueItem item = m_model->itemAt(row);
    const Photo &photo = item.photo;
    if (photo.review.state == state &&
        (state != PhotoReviewState::Flagged || photo.review.note == note))
        return; // nothing would change
    const QString id = photo.id;
    if (m_model->isDeciding(id)) {
        // An undo of it is on its way: this decision goes once it is answered (with its ETag).
        m_waiting = Waiting{id, state, note};
        m_lastAction->setText(tr("Saving “%1”…").arg(photo.filename));
        return;
    }
    Decision decision;
    decision.decided = item;
    decision.before = photo.review.state;
    decision.noteBefore = photo.review.note;
    const bool sent =
        m_model->decide(id, state, note, this, [this, id, state](const net::PhotoResult &result) {
            onDecided(id, state, result);
            runWaiting(id);
        });
    if (!sent)
        return;
    qCDebug(lcReview) << "decided" << id << toWire(state);
    m_decisions.append(decision);
    while (m_decisions.size() > kUndoDepth)
        m_decisions.removeFirst();
    m_lastAction->setText(state == PhotoReviewState::Approved
                              ? tr("Approved “%1”. Ctrl+Z undoes it.").arg(photo.filename)
                              : tr("Flagged “%1”. Ctrl+Z undoes it.").arg(photo.filename));
    m_lastAction->setAccessibleDescription(m_lastAction->text());
    // The decision buttons would lose the focus when the list empties: keep it in the list.
    if (!m_view->hasFocus() && !m_preview->hasFocus())
        m_view->setFocus(Qt::OtherFocusReason);
    updateActions();
}

void PhotoReviewPage::runWaiting(const QString &photoId)
{
    if (!m_waiting || m_waiting->photoId != photoId || m_model->isDeciding(photoId))
        return;
    const Waiting waiting = *std::exchange(m_waiting, std::nullopt);
    if (m_model->rowOf(photoId) < 0) {
        m_lastAction->setText(tr("The photo left this list meanwhile; nothing was decided."));
        return;
    }
    decide(waiting.photoId, waiting.state, waiting.note);
}

void PhotoReviewPage::onDecided(const QString &photoId, PhotoReviewState state,
                                const net::PhotoResult &result)
{
    // The newest unanswered decision on this photo is the one answered.
    int index = -1;
    for (int i = int(m_decisions.size()) - 1; i >= 0; --i) {
        if (m_decisions.at(i).decided.photo.id == photoId && !m_decisions.at(i).answered) {
            index = i;
            break;
        }
    }
    if (result.ok()) {
        if (index < 0)
            return;
        Decision &decision = m_decisions[index];
        decision.decided.photo = result.photo;
        decision.answered = true;
        if (decision.undoWanted) {
            const Decision undone = m_decisions.takeAt(index);
            sendUndo(undone);
        }
        updateActions();
        return;
    }
    if (index >= 0)
        m_decisions.removeAt(index);
    updateActions();
    if (result.current) {
        // Someone else decided first; the list has moved on already.
        m_banner->showMessage(NoticeBanner::Kind::Warning, alreadyReviewedText(*result.current));
        showKeysHint();
        return;
    }
    // Refused or lost: the model has put the photo back.
    m_banner->showMessage(NoticeBanner::Kind::Error,
                          describeError(result.error, state == PhotoReviewState::Approved
                                                          ? tr("approve the photo")
                                                          : tr("flag the photo"))
                              .combined());
    showKeysHint();
}

QString PhotoReviewPage::alreadyReviewedText(const Photo &current) const
{
    const QString who =
        current.review.byName.isEmpty() ? tr("another admin") : current.review.byName;
    if (current.review.state == PhotoReviewState::Pending) {
        return tr("“%1” was reviewed and put back to waiting by %2 meanwhile; it is in the "
                  "list again.")
            .arg(current.filename, who);
    }
    return tr("Already reviewed by %1 (%2)").arg(who, stateWord(current.review.state));
}

void PhotoReviewPage::undo()
{
    if (m_waiting) {
        // The last decision never went out: it is simply dropped.
        m_waiting.reset();
        m_lastAction->setText(tr("Undone before it was sent."));
        return;
    }
    if (m_decisions.isEmpty()) {
        m_lastAction->setText(tr("Nothing to undo."));
        return;
    }
    Decision &last = m_decisions.last();
    if (!last.answered) {
        // Undone as soon as the server has confirmed it (its answer carries the ETag).
        last.undoWanted = true;
        m_lastAction->setText(tr("Undoing…"));
        return;
    }
    sendUndo(m_decisions.takeLast());
    updateActions();
}

void PhotoReviewPage::sendUndo(const Decision &decision)
{
    const Photo &photo = decision.decided.photo;
    const QString id = photo.id;
    const PhotoReviewState back = decision.before;
    const bool sent = m_model->revert(
        decision.decided, back, decision.noteBefore, this,
        [this, id](const net::PhotoResult &result) {
            if (result.ok()) {
                runWaiting(id);
                return;
            }
            if (result.current) {
                m_banner->showMessage(
                    NoticeBanner::Kind::Warning,
                    tr("Not undone. %1").arg(alreadyReviewedText(*result.current)));
            } else {
                m_banner->showMessage(
                    NoticeBanner::Kind::Error,
                    describeError(result.error, tr("undo the decision")).combined());
            }
            showKeysHint();
            runWaiting(id);
        });
    if (!sent) {
        m_lastAction->setText(tr("Still saving the last decision on “%1”…").arg(photo.filename));
        return;
    }
    // Back at its place, and shown: the admin decides again.
    selectPhoto(id);
    m_lastAction->setText(tr("Undone: “%1” is %2 again.").arg(photo.filename, stateWord(back)));
    m_lastAction->setAccessibleDescription(m_lastAction->text());
    if (!m_noteEdit->hasFocus())
        m_view->setFocus(Qt::OtherFocusReason);
}

} // namespace dispatch::ui
