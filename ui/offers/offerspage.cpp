#include "offerspage.h"

#include "customernotes.h"
#include "detaillabel.h"
#include "noticebanner.h"
#include "offerqueue.h"
#include "offersmodel.h"
#include "otherplacedialog.h"
#include "palette.h"
#include "photostrip.h"

#include "scorebreakdowndelegate.h"
#include <apiclient.h>

#include <fieldkeys.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPointF>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace dispatch::ui {

namespace {

/// What an entry of the origin chooser stands for (Qt::UserRole), and its point (PointRole).
enum class OriginKind { Home, Place, Custom, Other };
constexpr int KindRole = Qt::UserRole;
constexpr int PointRole = Qt::UserRole + 1;

OriginKind kindAt(const QComboBox *box, int index)
{
    return OriginKind(box->itemData(index, KindRole).toInt());
}

std::optional<GeoPoint> pointAt(const QComboBox *box, int index)
{
    const OriginKind kind = kindAt(box, index);
    if (kind != OriginKind::Place && kind != OriginKind::Custom)
        return std::nullopt;
    const QPointF point = box->itemData(index, PointRole).toPointF();
    return GeoPoint{point.x(), point.y()};
}

bool samePoint(const GeoPoint &a, const GeoPoint &b)
{
    return std::abs(a.lat - b.lat) < 1e-9 && std::abs(a.lng - b.lng) < 1e-9;
}

QString coordinateLabel(const GeoPoint &point)
{
    // Coordinates read the same in every language: a dot and five decimals (about a metre).
    return OffersPage::tr("Place at %1, %2")
        .arg(QString::number(point.lat, 'f', 5), QString::number(point.lng, 'f', 5));
}

} // namespace

OffersPage::OffersPage(OfferQueue *queue, QWidget *parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_banner(new NoticeBanner(this))
    , m_caption(new QLabel(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_view(new QTableView(m_splitter))
    , m_status(new QLabel(this))
    , m_origin(new QComboBox(this))
    , m_originLabel(new QLabel(tr("Measure distance fro&m:"), this))
    , m_notify(new QCheckBox(tr("&Notify me of top offers"), this))
{
    Q_ASSERT(queue);
    setObjectName(QStringLiteral("offersPage"));
    m_banner->setObjectName(QStringLiteral("offersBanner"));
    m_caption->setObjectName(QStringLiteral("offersReadOnlyCaption"));
    m_view->setObjectName(QStringLiteral("offersView"));
    m_status->setObjectName(QStringLiteral("offersStatus"));
    m_origin->setObjectName(QStringLiteral("originChooser"));
    m_notify->setObjectName(QStringLiteral("notifyTopOffers"));

    m_caption->setWordWrap(true);
    m_caption->setVisible(false);

    m_origin->setAccessibleName(tr("Measure distance from"));
    m_origin->setToolTip(tr("Where the distances and the distance part of the score are "
                            "measured from"));
    m_origin->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_originLabel->setBuddy(m_origin);
    m_origin->addItem(tr("My home"));
    m_origin->setItemData(0, int(OriginKind::Home), KindRole);
    m_origin->addItem(tr("Other place…"));
    m_origin->setItemData(1, int(OriginKind::Other), KindRole);
    connect(m_origin, &QComboBox::activated, this, &OffersPage::onOriginActivated);

    m_notify->setAccessibleName(tr("Notify me of top offers"));
    m_notify->setToolTip(tr("Tell me when a new job ranks in my top three"));
    connect(m_notify, &QCheckBox::toggled, this, &OffersPage::notifyTopOffersChanged);

    OffersModel *model = queue->model();
    // Connected before the view gets the model, so these run before the view's and the
    // selection model's own handlers: they see the current row where it was.
    const auto noteVisibility = [this] {
        const QModelIndex current = m_view->currentIndex();
        m_currentWasVisible =
            current.isValid() && m_view->viewport()->rect().intersects(m_view->visualRect(current));
    };
    connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this, noteVisibility);
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, noteVisibility);
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this, noteVisibility](const QModelIndex &, int first, int last) {
                noteVisibility();
                const int row = m_view->currentIndex().row();
                m_currentLeaving = m_view->currentIndex().isValid() && row >= first && row <= last;
            });

    m_view->setModel(model);
    m_view->setAccessibleName(tr("Offers"));
    m_view->setAccessibleDescription(tr("Open jobs, best first. Press Enter to accept the "
                                        "selected offer."));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // The order is the server's ranking (docs/openapi.yaml "Offers"), never re-sorted here.
    m_view->setSortingEnabled(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 12);
    QHeaderView *header = m_view->horizontalHeader();
    header->setAccessibleName(tr("Offer columns"));
    header->setSectionsClickable(false);
    header->setHighlightSections(false);
    header->setSectionsMovable(false);
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(40);
    header->setSectionResizeMode(QHeaderView::Interactive);
    // The window takes what the other columns leave and elides; its tooltip has it whole.
    header->setSectionResizeMode(OffersModel::WhenColumn, QHeaderView::Stretch);
    m_view->setItemDelegateForColumn(
        OffersModel::ScoreColumn, new ScoreBreakdownDelegate(OffersModel::BreakdownRole, m_view));
    {
        const QFontMetrics metrics(m_view->font());
        const auto widthOf = [&metrics, header](int column, const QString &sample) {
            // The cell's margins, and never narrower than the column's title.
            return std::max(metrics.horizontalAdvance(sample) + 16,
                            header->sectionSizeHint(column));
        };
        header->resizeSection(OffersModel::RankColumn,
                              widthOf(OffersModel::RankColumn, QStringLiteral("000")));
        header->resizeSection(OffersModel::ScoreColumn,
                              std::max(header->sectionSizeHint(OffersModel::ScoreColumn),
                                       ScoreBreakdownDelegate::preferredWidth(metrics)));
        header->resizeSection(OffersModel::DistanceColumn,
                              widthOf(OffersModel::DistanceColumn, QStringLiteral("999.9 mi")));
        header->resizeSection(OffersModel::AreaColumn,
                              widthOf(OffersModel::AreaColumn, QStringLiteral("WWW, WW")));
        header->resizeSection(OffersModel::PriceColumn,
                              widthOf(OffersModel::PriceColumn, QStringLiteral("$1,999.00/h")));
        header->resizeSection(OffersModel::PhotosColumn,
                              widthOf(OffersModel::PhotosColumn, QStringLiteral("00")));
    }
    m_view->installEventFilter(this);
    // A double click accepts; `activated` is not used, as some styles emit it on one click.
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (!m_readOnly && index.isValid() && index.row() == m_view->currentIndex().row())
            acceptCurrent();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                showCurrent(current.isValid() ? current.data(OffersModel::JobIdRole).toString()
                                              : QString());
            });

    connect(model, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &, int first) {
        followRemoved(first);
        updateStatus();
    });
    const auto keepInView = [this] {
        const QModelIndex current = m_view->currentIndex();
        if (m_currentWasVisible && current.isValid())
            m_view->scrollTo(current, QAbstractItemView::EnsureVisible);
        m_currentWasVisible = false;
    };
    connect(model, &QAbstractItemModel::rowsMoved, this, keepInView);
    connect(model, &QAbstractItemModel::rowsInserted, this, [this, keepInView] {
        keepInView();
        updateStatus();
    });
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int row = m_view->currentIndex().row();
                if (row >= topLeft.row() && row <= bottomRight.row())
                    refreshDetails();
            });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        showCurrent(currentJobId());
        updateStatus();
    });

    connect(queue, &OfferQueue::loaded, this, [this] {
        m_loadError.clear();
        // The best offer's details at once, the first time there is one.
        if (!m_view->currentIndex().isValid() && m_view->model()->rowCount() > 0)
            m_view->setCurrentIndex(m_view->model()->index(0, 0));
        updateStatus();
    });
    connect(queue, &OfferQueue::loadFailed, this, [this](const QString &message) {
        m_loadError = message;
        updateStatus();
    });
    connect(queue, &OfferQueue::acceptStarted, this, &OffersPage::updateAcceptButton);
    connect(queue, &OfferQueue::acceptRetrying, this,
            [this](const QString &, int attempt, const QString &message) {
                qCInfo(lcOffers) << "accept retrying, attempt" << attempt << message;
                m_banner->showMessage(
                    NoticeBanner::Kind::Info,
                    tr("The connection dropped while accepting; trying again (attempt %1)…")
                        .arg(attempt));
            });
    connect(queue, &OfferQueue::accepted, this, [this](const net::VersionedJob &job) {
        if (job.id() == m_acceptingJobId)
            m_acceptingJobId.clear();
        // The main window says "It's yours" where the job goes (My jobs).
        m_banner->clear();
        updateAcceptButton();
        focusTableIfFocusIsHere();
        Q_EMIT jobAccepted(job);
    });
    connect(
        queue, &OfferQueue::acceptTaken, this, [this](const QString &jobId, const QString &title) {
            if (jobId == m_acceptingJobId)
                m_acceptingJobId.clear();
            m_banner->showMessage(NoticeBanner::Kind::Warning,
                                  title.isEmpty()
                                      ? tr("Another pro took this job just now.")
                                      : tr("Another pro took this job just now: “%1”.").arg(title));
            // Its row has left already; followRemoved() made the next one current.
            updateAcceptButton();
            focusTableIfFocusIsHere();
        });
    connect(queue, &OfferQueue::acceptFailed, this,
            [this](const QString &jobId, const QString &message) {
                if (jobId == m_acceptingJobId)
                    m_acceptingJobId.clear();
                m_banner->showMessage(NoticeBanner::Kind::Error, message);
                updateAcceptButton();
            });

    m_view->setMinimumWidth(360);
    m_splitter->setObjectName(QStringLiteral("offersSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(buildDetails());
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *options = new QHBoxLayout;
    options->setContentsMargins(0, 0, 0, 0);
    options->addWidget(m_originLabel);
    options->addWidget(m_origin);
    options->addSpacing(16);
    options->addWidget(m_notify);
    options->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addWidget(m_caption);
    layout->addLayout(options);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_status);

    // Table, Accept, then the options: what a pro does most comes first.
    setTabOrder(m_view, m_accept);
    setTabOrder(m_accept, m_origin);
    setTabOrder(m_origin, m_notify);
    // The photos after the controls of the page: Tab still goes from the table to Accept.
    setTabOrder(m_notify, m_photoStrip->view());
    setTabOrder(m_photoStrip->view(), m_photoStrip->showAllButton());
    setFocusProxy(m_view);

    showCurrent(currentJobId());
    updateStatus();
}

OffersPage::~OffersPage() = default;

QWidget *OffersPage::buildDetails()
{
    auto *pane = new QWidget(m_splitter);
    pane->setObjectName(QStringLiteral("offerDetailsPane"));
    auto *outer = new QVBoxLayout(pane);
    outer->setContentsMargins(6, 0, 0, 6);

    m_empty = new QLabel(tr("Select an offer to see its details."), pane);
    m_empty->setObjectName(QStringLiteral("offerDetailsEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setStyleSheet(Palette::mutedTextStyleSheet());
    outer->addWidget(m_empty, 1);

    auto *scroll = new QScrollArea(pane);
    m_detailsScroll = scroll;
    scroll->setObjectName(QStringLiteral("offerDetailsScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Labels only: Tab goes from the table straight to Accept.
    scroll->setFocusPolicy(Qt::NoFocus);
    scroll->setAccessibleName(tr("Offer details"));
    m_detailsBox = new QWidget(scroll);
    m_detailsBox->setObjectName(QStringLiteral("offerDetails"));
    auto *layout = new QVBoxLayout(m_detailsBox);
    layout->setContentsMargins(0, 0, 0, 0);

    m_title = detailValueLabel(m_detailsBox, QStringLiteral("offerTitle"), tr("Job"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const auto row = [this](const QString &name, const QString &label) {
        QLabel *value = detailValueLabel(m_detailsBox, name, label);
        m_form->addRow(QString(label + u':'), value);
        return value;
    };
    m_score = row(QStringLiteral("offerScore"), tr("Score"));
    m_distance = row(QStringLiteral("offerDistance"), tr("Distance"));
    m_when = row(QStringLiteral("offerWhen"), tr("When"));
    m_address = row(QStringLiteral("offerAddress"), tr("Address"));
    m_area = row(QStringLiteral("offerArea"), tr("Area"));
    m_price = row(QStringLiteral("offerPrice"), tr("Price"));
    layout->addLayout(m_form);
    // The same strip as the job pane's, read-only: a pro judges the work before accepting
    // (the server shows a pro the photos of the offers they can see).
    m_photoStrip = new PhotoStrip(m_queue && m_queue->api() ? m_queue->api()->photos() : nullptr,
                                  m_detailsBox);
    layout->addWidget(m_photoStrip);

    auto *notesTitle = new QLabel(tr("Customer's notes"), m_detailsBox);
    QFont bold = notesTitle->font();
    bold.setBold(true);
    notesTitle->setFont(bold);
    layout->addWidget(notesTitle);
    m_notes = detailValueLabel(m_detailsBox, QStringLiteral("offerNotes"), tr("Customer's notes"));
    m_notes->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(m_notes);
    layout->addStretch(1);
    scroll->setWidget(m_detailsBox);
    outer->addWidget(scroll, 1);

    m_accept = new QPushButton(tr("&Accept"), pane);
    m_accept->setObjectName(QStringLiteral("acceptButton"));
    m_accept->setAccessibleName(tr("Accept offer"));
    m_accept->setToolTip(tr("Take this job: it becomes yours and leaves everyone's offers "
                            "(Enter on a row does the same)"));
    m_accept->setAutoDefault(false);
    connect(m_accept, &QPushButton::clicked, this, &OffersPage::acceptCurrent);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_accept);
    outer->addLayout(buttons);
    return pane;
}

QString OffersPage::currentJobId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(OffersModel::JobIdRole).toString() : QString();
}

bool OffersPage::selectJob(const QString &jobId)
{
    if (!m_queue)
        return false;
    const int row = m_queue->model()->rowOf(jobId);
    if (row < 0)
        return false;
    const QModelIndex index = m_queue->model()->index(row, 0);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

QString OffersPage::detailsText() const
{
    if (m_currentJobId.isEmpty())
        return m_empty->text();
    QStringList lines{m_title->text()};
    for (int row = 0; row < m_form->rowCount(); ++row) {
        const auto *label =
            qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::LabelRole)->widget());
        const auto *value =
            qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::FieldRole)->widget());
        if (label && value)
            lines << QString(label->text() + u' ' + value->text());
    }
    lines << QString(m_photoStrip->title() + u": " + m_photoStrip->captionText());
    lines << QString(m_notes->accessibleName() + u": " + m_notes->text());
    return lines.join(u'\n');
}

QString OffersPage::statusText() const
{
    return m_status->text();
}

bool OffersPage::acceptCurrent()
{
    const QString jobId = currentJobId();
    if (m_readOnly || !m_queue || jobId.isEmpty() || !m_acceptingJobId.isEmpty())
        return false;
    // The button is about to be disabled: the focus stays in the table rather than moving on
    // to the origin chooser.
    if (m_accept->hasFocus())
        m_view->setFocus(Qt::OtherFocusReason);
    if (!m_queue->accept(jobId)) {
        qCDebug(lcOffers) << "accept not sent for" << jobId;
        return false;
    }
    qCDebug(lcOffers) << "accepting" << jobId;
    m_acceptingJobId = jobId;
    m_banner->clear();
    updateAcceptButton();
    return true;
}

void OffersPage::showCurrent(const QString &jobId)
{
    const bool changed = jobId != m_currentJobId;
    m_currentJobId = jobId;
    refreshDetails();
    if (changed)
        Q_EMIT currentJobChanged(jobId);
}

void OffersPage::refreshDetails()
{
    const net::Offer *offer = m_queue && !m_currentJobId.isEmpty()
                                  ? m_queue->model()->offerById(m_currentJobId)
                                  : nullptr;
    m_empty->setVisible(!offer);
    m_detailsScroll->setVisible(offer != nullptr);
    updateAcceptButton();
    if (!offer) {
        m_photoStrip->setJob({});
        return;
    }
    const Job &job = offer->job;
    const QString title = job.text(FieldKey::Title);
    setDetailValue(m_title, title.isEmpty() ? tr("(untitled job)") : title);
    // The reason in words, as the table's tooltip gives it.
    setDetailValue(m_score,
                   tr("%1 — %2").arg(QString::number(offer->score),
                                     OffersModel::scoreToolTip(job, net::scoreOf(*offer),
                                                               QDateTime::currentDateTimeUtc())));
    const QString miles = OffersModel::formatMiles(offer->distanceMiles);
    setDetailValue(m_distance, miles.isEmpty() ? tr("Unknown (no location for this job)") : miles);
    const QString when = OffersModel::formatWhen(job);
    setDetailValue(m_when, when.isEmpty() ? tr("No date or due time yet") : when);
    const QString address = job.text(FieldKey::Address);
    setDetailValue(m_address, address.isEmpty() ? tr("No address given") : address);
    const QString area = OffersModel::formatArea(job);
    setDetailValue(m_area, area.isEmpty() ? QStringLiteral("—") : area);
    const QString price = OffersModel::formatPrice(job);
    setDetailValue(m_price, price.isEmpty() ? tr("No price given") : price);
    m_photoStrip->setJob(job.id, title);
    showCustomerNotes(m_notes, job);
    m_notes->setAccessibleDescription(m_notes->text());
}

void OffersPage::updateAcceptButton()
{
    m_accept->setVisible(!m_readOnly);
    const bool accepting = !m_acceptingJobId.isEmpty() || (m_queue && !m_currentJobId.isEmpty() &&
                                                           m_queue->isAccepting(m_currentJobId));
    const bool thisOne =
        accepting && (m_acceptingJobId.isEmpty() || m_acceptingJobId == m_currentJobId);
    const bool hasOffer =
        m_queue && !m_currentJobId.isEmpty() && m_queue->model()->rowOf(m_currentJobId) >= 0;
    m_accept->setText(thisOne ? tr("Accepting…") : tr("&Accept"));
    m_accept->setEnabled(hasOffer && !accepting && !m_readOnly);
    if (accepting && !thisOne)
        m_accept->setToolTip(tr("Wait until the offer you accepted is confirmed."));
    else
        m_accept->setToolTip(tr("Take this job: it becomes yours and leaves everyone's offers "
                                "(Enter on a row does the same)"));
    m_accept->setAccessibleDescription(thisOne ? tr("Accepting…") : QString());
}

void OffersPage::updateStatus()
{
    QString text;
    const int count = m_queue ? m_queue->model()->rowCount() : 0;
    if (!m_loadError.isEmpty())
        text = m_loadError;
    else if (!m_queue || !m_queue->hasLoaded())
        text = tr("Loading offers…");
    else if (count == 0)
        text = tr("No open jobs right now.");
    else if (count == 1)
        text = tr("1 offer");
    else
        text = tr("%1 offers").arg(count);
    m_status->setText(text);
    m_status->setStyleSheet(m_loadError.isEmpty() ? QString()
                                                  : Palette::textStyleSheet(Palette::errorText()));
    m_status->setAccessibleName(text);
}

void OffersPage::followRemoved(int row)
{
    const bool leaving = m_currentLeaving;
    m_currentLeaving = false;
    QAbstractItemModel *model = m_view->model();
    const int count = model->rowCount();
    const QModelIndex current = m_view->currentIndex();
    // In single selection the view already made the next row current; this covers the rest
    // (the last row left, or a view that moved it elsewhere).
    if (leaving && count > 0 && (!current.isValid() || current.row() != std::min(row, count - 1))) {
        const QModelIndex next = model->index(std::min(row, count - 1), 0);
        m_view->selectionModel()->setCurrentIndex(next, QItemSelectionModel::ClearAndSelect |
                                                            QItemSelectionModel::Rows);
    } else if (current.isValid() && !m_view->selectionModel()->isRowSelected(current.row())) {
        m_view->selectionModel()->select(current, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
    }
    if (currentJobId() != m_currentJobId)
        showCurrent(currentJobId());
    else
        refreshDetails();
    const QModelIndex now = m_view->currentIndex();
    if (m_currentWasVisible && now.isValid())
        m_view->scrollTo(now, QAbstractItemView::EnsureVisible);
    m_currentWasVisible = false;
}

void OffersPage::focusTableIfFocusIsHere()
{
    QWidget *focus = QApplication::focusWidget();
    if (!focus || focus == this || isAncestorOf(focus))
        m_view->setFocus(Qt::OtherFocusReason);
}

bool OffersPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers() == Qt::NoModifier && !m_readOnly) {
            acceptCurrent();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

// The origin chooser

void OffersPage::setPlaces(const QList<Place> &places)
{
    const std::optional<GeoPoint> chosen = origin();
    const QString chosenLabel = originLabel();
    const QSignalBlocker blocker(m_origin);
    m_origin->clear();
    m_origin->addItem(tr("My home"));
    m_origin->setItemData(0, int(OriginKind::Home), KindRole);
    for (const Place &place : places) {
        m_origin->addItem(place.label.isEmpty() ? coordinateLabel(place.point) : place.label);
        const int index = m_origin->count() - 1;
        m_origin->setItemData(index, int(OriginKind::Place), KindRole);
        m_origin->setItemData(index, QPointF(place.point.lat, place.point.lng), PointRole);
        m_origin->setItemData(index, place.label, Qt::ToolTipRole);
    }
    m_origin->addItem(tr("Other place…"));
    m_origin->setItemData(m_origin->count() - 1, int(OriginKind::Other), KindRole);
    // The choice in force stays, as its own entry when it is no longer among the places.
    m_originIndex = chosen ? addCustomOrigin(*chosen, chosenLabel) : 0;
    m_origin->setCurrentIndex(m_originIndex);
}

void OffersPage::setOrigin(const std::optional<GeoPoint> &point, const QString &label)
{
    const int index = point ? addCustomOrigin(*point, label) : 0;
    const QSignalBlocker blocker(m_origin);
    m_origin->setCurrentIndex(index);
    applyOrigin(index, false);
}

std::optional<GeoPoint> OffersPage::origin() const
{
    return pointAt(m_origin, m_originIndex);
}

QString OffersPage::originLabel() const
{
    return m_origin->itemText(m_originIndex);
}

int OffersPage::originIndexOf(const std::optional<GeoPoint> &point) const
{
    if (!point)
        return 0;
    for (int i = 0; i < m_origin->count(); ++i) {
        const std::optional<GeoPoint> at = pointAt(m_origin, i);
        if (at && samePoint(*at, *point))
            return i;
    }
    return -1;
}

int OffersPage::addCustomOrigin(const GeoPoint &point, const QString &label)
{
    const int existing = originIndexOf(point);
    if (existing >= 0)
        return existing;
    const int index = m_origin->count() - 1; // before "Other place…"
    const QSignalBlocker blocker(m_origin);
    m_origin->insertItem(index, label.isEmpty() ? coordinateLabel(point) : label);
    m_origin->setItemData(index, int(OriginKind::Custom), KindRole);
    m_origin->setItemData(index, QPointF(point.lat, point.lng), PointRole);
    if (m_originIndex >= index)
        ++m_originIndex;
    return index;
}

void OffersPage::onOriginActivated(int index)
{
    if (kindAt(m_origin, index) == OriginKind::Other) {
        // The choice in force stays shown until a place is given.
        m_origin->setCurrentIndex(m_originIndex);
        openOtherPlaceDialog();
        return;
    }
    applyOrigin(index, true);
}

void OffersPage::applyOrigin(int index, bool notify)
{
    m_originIndex = index;
    const std::optional<GeoPoint> point = pointAt(m_origin, index);
    if (m_queue && m_queue->origin() != point) {
        qCDebug(lcOffers) << "origin" << m_origin->itemText(index);
        m_loadError.clear();
        m_queue->setOrigin(point);
        updateStatus();
    }
    if (notify)
        Q_EMIT originChanged(point, m_origin->itemText(index));
}

void OffersPage::openOtherPlaceDialog()
{
    if (m_placeDialog) {
        m_placeDialog->raise();
        m_placeDialog->activateWindow();
        return;
    }
    auto *dialog = new OtherPlaceDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const std::optional<GeoPoint> point = dialog->point();
        if (!point)
            return;
        const int index = addCustomOrigin(*point, {});
        m_origin->setCurrentIndex(index);
        applyOrigin(index, true);
    });
    connect(dialog, &QDialog::finished, this, [this] { m_origin->setFocus(Qt::OtherFocusReason); });
    m_placeDialog = dialog;
    // Not exec(): the queue keeps updating behind the dialog.
    dialog->open();
}

bool OffersPage::notifyTopOffers() const
{
    return m_notify->isChecked();
}

void OffersPage::setNotifyTopOffers(bool on)
{
    m_notify->setChecked(on);
}

void OffersPage::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_notify->setVisible(!readOnly);
    m_origin->setVisible(!readOnly);
    m_originLabel->setVisible(!readOnly);
    m_caption->setVisible(readOnly && !m_caption->text().isEmpty());
    if (readOnly)
        m_view->setAccessibleDescription(tr("Open jobs, best first, as this pro sees them."));
    else
        m_view->setAccessibleDescription(tr("Open jobs, best first. Press Enter to accept the "
                                            "selected offer."));
    updateAcceptButton();
}

void OffersPage::setReadOnlyCaption(const QString &proName)
{
    const QString text =
        tr("Read-only: the queue as %1 sees it (distances from their home).").arg(proName);
    m_caption->setText(text);
    m_caption->setAccessibleName(text);
    m_caption->setVisible(m_readOnly);
}

} // namespace dispatch::ui
