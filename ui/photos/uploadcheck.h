#pragma once

#include <apitypes.h>
#include <photo.h>
#include <photoclient.h>

#include <QList>
#include <QString>

namespace dispatch::ui {

/// What the console decides about a file before sending it (docs/ARCHITECTURE.md "Uploading
/// photos"): the same rules dispatchd applies (models/photo.h), checked here so that a refusal
/// costs no upload and is said at once, in words. The server still decides: its answer wins.
struct UploadVerdict {
    enum class Kind {
        Ok,
        Unreadable,       ///< the file could not be read
        NotAPhoto,        ///< not a JPEG, PNG or WebP by its bytes
        TooBig,           ///< over kMaxPhotoBytes
        DuplicateOnJob,   ///< the same bytes are already a photo of the job
        DuplicateInBatch, ///< the same bytes are already being added
        JobFull,          ///< the job would hold more than kMaxPhotosPerJob
    };
    Kind kind = Kind::Ok;
    /// The refusal in one sentence that names the file; empty when Ok.
    QString text;
    /// DuplicateOnJob: the photo the bytes are attached as.
    Photo existing;

    bool ok() const { return kind == Kind::Ok; }
};

/// Whether `file` may go to its job. `photos` are the job's photos as known; `pending` the
/// files already accepted for the job and not finished yet (queued or being sent), in the
/// order they were added. The checks run in the order a user can act on: what the file is,
/// then whether the job has it, then whether there is room.
UploadVerdict checkUpload(const net::LocalPhotoFile &file, const QList<Photo> &photos,
                          const QList<net::LocalPhotoFile> &pending);

/// A file size as the refusals give it: megabytes of 1024 × 1024 bytes, one decimal, rounded
/// up so that a file just over the limit never reads as the limit ("10.1 MB").
QString photoSizeText(qint64 bytes);

/// Whether `user` may add photos to `job` (docs/openapi.yaml "Photos"): the office on every
/// job, a pro only on their own jobs; an offer a pro can see takes none.
bool mayUploadPhotos(const Job &job, const net::UserInfo &user);

} // namespace dispatch::ui
