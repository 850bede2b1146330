#include "photouploadpanel.h"

#include "palette.h"
#include "photouploader.h"
#include "photouploadrow.h"
#include "uploadcheck.h"

#include <apiclient.h>

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>

namespace dispatch::ui {

PhotoUploadPanel::PhotoUploadPanel(net::ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_uploader(new PhotoUploader(api ? api->photos() : nullptr, this))
    , m_api(api)
{
    setObjectName(QStringLiteral("photoUploadPanel"));
    setAccessibleName(tr("Adding photos"));

    m_add = new QPushButton(tr("Add photos…"), this);
    m_add->setObjectName(QStringLiteral("addPhotosButton"));
    m_add->setAccessibleName(tr("Add photos"));
    m_add->setAutoDefault(false);
    connect(m_add, &QPushButton::clicked, this, &PhotoUploadPanel::openFileDialog);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("addPhotosHint"));
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(Palette::mutedTextStyleSheet());
    m_clear = new QPushButton(tr("Clear finished"), this);
    m_clear->setObjectName(QStringLiteral("clearFinishedButton"));
    m_clear->setAccessibleName(tr("Clear finished uploads"));
    m_clear->setAutoDefault(false);
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_uploader->clearFinished(m_jobId);
        // Focus stays in the panel for the next file.
        m_add->setFocus(Qt::OtherFocusReason);
    });

    auto *head = new QHBoxLayout;
    head->addWidget(m_add);
    head->addWidget(m_hint, 1);
    head->addWidget(m_clear);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setSpacing(4);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(head);
    layout->addLayout(m_rowsLayout);

    PhotoUploadModel *model = m_uploader->model();
    connect(model, &QAbstractItemModel::rowsInserted, this, &PhotoUploadPanel::sync);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &PhotoUploadPanel::sync);
    connect(model, &QAbstractItemModel::dataChanged, this, &PhotoUploadPanel::sync);
    connect(model, &QAbstractItemModel::modelReset, this, &PhotoUploadPanel::sync);
    hide();
    updateHeader();
}

PhotoUploadPanel::~PhotoUploadPanel() = default;

void PhotoUploadPanel::setJob(const Job &job, const net::UserInfo &user)
{
    const bool newJob = job.id != m_jobId;
    m_jobId = job.id;
    m_allowed = mayUploadPhotos(job, user);
    setVisible(m_allowed);
    if (newJob && m_dialog)
        m_dialog->reject(); // its files were meant for the job shown before
    // What the job holds, for the checks before sending: read afresh for a newly shown job,
    // and once when the user gains the right to add photos (a pro given the job).
    if (m_allowed && canAddNow()) {
        if (newJob)
            m_uploader->refreshKnownPhotos(m_jobId);
        else
            m_uploader->ensureKnownPhotos(m_jobId);
    }
    if (newJob)
        sync();
    updateHeader();
}

void PhotoUploadPanel::clearJob()
{
    m_jobId.clear();
    m_allowed = false;
    if (m_dialog)
        m_dialog->reject();
    hide();
    sync();
}

void PhotoUploadPanel::setBlockedReason(const QString &why)
{
    m_blocked = why;
    updateHeader();
}

QString PhotoUploadPanel::blockedReason() const
{
    if (!m_api || m_api->token().isEmpty())
        return tr("Sign in to add photos.");
    return m_blocked;
}

bool PhotoUploadPanel::canAddNow() const
{
    return m_allowed && !m_jobId.isEmpty() && blockedReason().isEmpty();
}

void PhotoUploadPanel::updateHeader()
{
    const QString why = blockedReason();
    m_add->setEnabled(canAddNow());
    m_add->setToolTip(why.isEmpty() ? tr("Choose JPEG, PNG or WebP images of up to 10 MB; a job "
                                         "holds up to 12 photos.")
                                    : why);
    m_hint->setText(why.isEmpty() ? tr("or drop image files on this job") : why);
    bool anyFinished = false;
    bool anyRow = false;
    for (const PhotoUploadItem &item : m_uploader->model()->items()) {
        if (item.jobId != m_jobId)
            continue;
        anyRow = true;
        anyFinished = anyFinished || item.isFinished();
    }
    m_clear->setVisible(anyRow);
    m_clear->setEnabled(anyFinished);
}

QStringList PhotoUploadPanel::localFiles(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    const QList<QUrl> urls = mime->urls();
    for (const QUrl &url : urls) {
        if (!url.isLocalFile())
            continue;
        const QString path = url.toLocalFile();
        // A folder is not a photo; the rows are for files.
        if (!QFileInfo(path).isDir())
            paths.append(path);
    }
    return paths;
}

bool PhotoUploadPanel::acceptsDrop(const QMimeData *mime) const
{
    return canAddNow() && !localFiles(mime).isEmpty();
}

bool PhotoUploadPanel::dropFiles(const QMimeData *mime)
{
    if (!acceptsDrop(mime))
        return false;
    addFiles(localFiles(mime));
    return true;
}

void PhotoUploadPanel::addFiles(const QStringList &paths)
{
    if (!canAddNow() || paths.isEmpty())
        return;
    m_uploader->addFiles(m_jobId, paths);
}

void PhotoUploadPanel::openFileDialog()
{
    if (!canAddNow())
        return;
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    auto *dialog = new QFileDialog(this, tr("Add photos"));
    dialog->setObjectName(QStringLiteral("addPhotosDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setNameFilter(tr("Images (*.jpg *.jpeg *.png *.webp)"));
    dialog->setDirectory(QStandardPaths::writableLocation(QStandardPaths::PicturesLocation));
    const QString jobId = m_jobId;
    connect(dialog, &QFileDialog::filesSelected, this, [this, jobId](const QStringList &files) {
        // Only for the job the dialog was opened for (setJob() closes it otherwise).
        if (jobId == m_jobId)
            addFiles(files);
    });
    // open(), never exec(): the console keeps running (and tests keep going) meanwhile.
    m_dialog = dialog;
    dialog->open();
}

QFileDialog *PhotoUploadPanel::fileDialog() const
{
    return m_dialog;
}

QList<PhotoUploadRow *> PhotoUploadPanel::rows() const
{
    QList<PhotoUploadRow *> rows;
    for (int i = 0; i < m_rowsLayout->count(); ++i) {
        if (auto *row = qobject_cast<PhotoUploadRow *>(m_rowsLayout->itemAt(i)->widget()))
            rows.append(row);
    }
    return rows;
}

void PhotoUploadPanel::sync()
{
    // The rows follow the model's rows of the job shown, in its order; a row's widgets are
    // kept while it lives, so focus on its buttons survives progress updates.
    const PhotoUploadModel *model = m_uploader->model();
    QList<quint64> wanted;
    for (const PhotoUploadItem &item : model->items()) {
        if (item.jobId == m_jobId && !m_jobId.isEmpty())
            wanted.append(item.id);
    }
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (wanted.contains(it.key())) {
            ++it;
            continue;
        }
        it.value()->deleteLater();
        m_rowsLayout->removeWidget(it.value());
        it = m_rows.erase(it);
    }
    bool added = false;
    for (int position = 0; position < wanted.size(); ++position) {
        const quint64 id = wanted.at(position);
        PhotoUploadRow *row = m_rows.value(id);
        if (!row) {
            row = new PhotoUploadRow(id, this);
            connect(row, &PhotoUploadRow::cancelRequested, m_uploader, &PhotoUploader::cancel);
            connect(row, &PhotoUploadRow::retryRequested, m_uploader, &PhotoUploader::retry);
            connect(row, &PhotoUploadRow::dismissRequested, this, [this](quint64 rowId) {
                m_uploader->dismiss(rowId);
                m_add->setFocus(Qt::OtherFocusReason);
            });
            m_rows.insert(id, row);
            m_rowsLayout->insertWidget(position, row);
            added = true;
        }
        row->setItem(*model->item(id));
    }
    if (added) {
        // Tab goes from "Add photos…" through the rows, top to bottom, before the rest of the
        // pane (new widgets would otherwise come last in the window's chain).
        QWidget *previous = m_clear;
        QWidget::setTabOrder(m_add, m_clear);
        for (const quint64 id : std::as_const(wanted)) {
            PhotoUploadRow *row = m_rows.value(id);
            for (QWidget *button : {static_cast<QWidget *>(row->retryButton()),
                                    static_cast<QWidget *>(row->cancelButton()),
                                    static_cast<QWidget *>(row->dismissButton())}) {
                QWidget::setTabOrder(previous, button);
                previous = button;
            }
        }
    }
    updateHeader();
}

} // namespace dispatch::ui
