#include "uploadcheck.h"

#include <jobactions.h>

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace dispatch::ui {

namespace {

/// The refusals' translation context.
struct UploadCheck {
    Q_DECLARE_TR_FUNCTIONS(dispatch::ui::UploadCheck)
};

constexpr double kMiB = 1024.0 * 1024.0;

UploadVerdict refuse(UploadVerdict::Kind kind, const QString &text)
{
    UploadVerdict verdict;
    verdict.kind = kind;
    verdict.text = text;
    return verdict;
}

QString jobFullText(int photoCount)
{
    const int room = kMaxPhotosPerJob - photoCount;
    if (room <= 0)
        return UploadCheck::tr("This job already has %1 photos, the most a job can hold.")
            .arg(kMaxPhotosPerJob);
    // English has no catalogue, so its singular is its own string; others get %n's plural forms.
    if (room == 1)
        return UploadCheck::tr("Only 1 more photo fits on this job, and it is already being "
                               "added.");
    return UploadCheck::tr("Only %n more photos fit on this job, and they are already being added.",
                           nullptr, room);
}

} // namespace

QString photoSizeText(qint64 bytes)
{
    const double tenths = std::ceil(double(bytes) * 10.0 / kMiB);
    return UploadCheck::tr("%1 MB").arg(QLocale().toString(tenths / 10.0, 'f', 1));
}

UploadVerdict checkUpload(const net::LocalPhotoFile &file, const QList<Photo> &photos,
                          const QList<net::LocalPhotoFile> &pending)
{
    using Kind = UploadVerdict::Kind;
    if (!file.readError.isEmpty())
        return refuse(
            Kind::Unreadable,
            UploadCheck::tr("%1 could not be read: %2.").arg(file.filename, file.readError));
    // The bytes decide, never the name: models/photo.h sniffPhotoContentType, as dispatchd does.
    if (file.contentType.isEmpty())
        return refuse(Kind::NotAPhoto,
                      UploadCheck::tr("%1 is not a JPEG, PNG or WebP image.").arg(file.filename));
    if (file.bytes > kMaxPhotoBytes)
        return refuse(Kind::TooBig, UploadCheck::tr("%1 is %2; photos can be at most %3 MB.")
                                        .arg(file.filename, photoSizeText(file.bytes),
                                             QLocale().toString(qRound(kMaxPhotoBytes / kMiB))));
    if (file.sha256.isEmpty())
        return refuse(Kind::Unreadable,
                      UploadCheck::tr("%1 could not be read to the end.").arg(file.filename));
    // The server answers the same bytes with the photo they are attached as (200 duplicate), so
    // saying so here saves the upload; it comes before the count, as on the server.
    for (const Photo &photo : photos) {
        if (photo.sha256 == file.sha256) {
            UploadVerdict verdict =
                refuse(Kind::DuplicateOnJob,
                       UploadCheck::tr("Already attached as %1.").arg(photo.filename));
            verdict.existing = photo;
            return verdict;
        }
    }
    for (const net::LocalPhotoFile &other : pending) {
        if (other.sha256 == file.sha256)
            return refuse(Kind::DuplicateInBatch,
                          UploadCheck::tr("The same picture as %1, which is already being added.")
                              .arg(other.filename));
    }
    if (photos.size() + pending.size() >= kMaxPhotosPerJob)
        return refuse(Kind::JobFull, jobFullText(int(photos.size())));
    return {};
}

bool mayUploadPhotos(const Job &job, const net::UserInfo &user)
{
    if (user.id.isEmpty() || job.id.isEmpty())
        return false;
    return user.isOffice() || isOwnJob(job, user.id);
}

} // namespace dispatch::ui
