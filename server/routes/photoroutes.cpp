#include "apiroutes.h"

#include "conditional.h"
#include "fieldkeys.h"
#include "httprouter.h"
#include "photocheck.h"
#include "photofiles.h"
#include "photostore.h"
#include "photoupload.h"
#include "requestbody.h"
#include "spooledbody.h"
#include "thumbnailer.h"
#include "workerpool.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLoggingCategory>

#include <algorithm>

// docs/openapi.yaml "Photos". Decoding, hashing, storing bytes and rendering thumbnails run on
// WorkerPool and answer through a DeferredResponse; the routes themselves only read rows.

namespace dispatch::server {

namespace {

Q_LOGGING_CATEGORY(lcPhotoRoutes, "dispatch.server.photos")

constexpr int kDefaultQueueLimit = 50;
constexpr int kMaxQueueLimit = 200;
constexpr int kMaxFilenameLength = 200;
/// Photo bytes never change under one ETag (docs/openapi.yaml "Photos").
constexpr auto kImmutable = "private, max-age=31536000, immutable";

HttpResponse photoNotFound()
{
    return HttpResponse::error(404, QStringLiteral("NOT_FOUND"),
                               QStringLiteral("There is no such photo."));
}

HttpResponse jobNotFound()
{
    return HttpResponse::error(404, QStringLiteral("NOT_FOUND"),
                               QStringLiteral("There is no such job."));
}

HttpResponse forbidden(const QString &message)
{
    return HttpResponse::error(403, QStringLiteral("FORBIDDEN"), message);
}

HttpResponse invalidValue(const QString &field, const QString &reason)
{
    return HttpResponse::error(
        400, QStringLiteral("INVALID_VALUE"), QStringLiteral("%1 %2.").arg(field, reason),
        {{QStringLiteral("field"), field}, {QStringLiteral("reason"), reason}});
}

HttpResponse workersBusy()
{
    return HttpResponse::error(503, QStringLiteral("SERVICE_UNAVAILABLE"),
                               QStringLiteral("The server is busy with other photos; try again "
                                              "in a moment."))
        .withHeader("Retry-After", "1");
}

HttpResponse photoResponse(int status, const Photo &photo)
{
    return HttpResponse::json(status, toJson(photo)).withHeader("ETag", photo.etag().toHeader());
}

HttpResponse uploadResponse(int status, const Photo &photo, bool duplicate)
{
    QJsonObject body{{QStringLiteral("photo"), toJson(photo)}};
    if (duplicate)
        body.insert(QStringLiteral("duplicate"), true);
    return HttpResponse::json(status, body).withHeader("ETag", photo.etag().toHeader());
}

HttpResponse imageResponse(const QByteArray &bytes, const QByteArray &contentType, const Etag &etag)
{
    return HttpResponse::text(200, bytes, contentType)
        .withHeader("ETag", etag.toHeader())
        .withHeader("Cache-Control", kImmutable)
        .withHeader("X-Content-Type-Options", "nosniff");
}

/// The name the user gave the file (X-Filename, UTF-8): its last path part, without control
/// characters, at most kMaxFilenameLength characters. Empty when nothing is left.
QString cleanFilename(const QByteArray &header)
{
    QString name = QString::fromUtf8(header);
    name = name.mid(std::max(name.lastIndexOf(u'/'), name.lastIndexOf(u'\\')) + 1);
    name.removeIf([](QChar c) { return c.category() == QChar::Other_Control; });
    return name.trimmed().left(kMaxFilenameLength);
}

/// An image body read or rendered on a worker.
struct ImageWork {
    QByteArray bytes;
    QString error;
};

/// The content's ETag: its hash, the same for every photo with these bytes.
Etag contentEtag(const Photo &photo)
{
    return Etag::strong(photo.sha256.toLatin1());
}

Etag thumbnailEtag(const Photo &photo, int size)
{
    return Etag::strong(QByteArray(photo.sha256.toLatin1() + "-t" + QByteArray::number(size)));
}

ImageWork readFile(const QString &path)
{
    ImageWork work;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        work.error = file.errorString();
        return work;
    }
    work.bytes = file.readAll();
    return work;
}

} // namespace

void ApiRoutes::registerPhotoRoutes(HttpRouter &router)
{
    const auto route =
        [this](HttpResponse (ApiRoutes::*handler)(const HttpRequest &, const AuthUser &)) {
            return authed([this, handler](const HttpRequest &request, const AuthUser &user) {
                return (this->*handler)(request, user);
            });
        };
    router.addRoute("GET", QStringLiteral("/api/v1/jobs/<id>/photos"),
                    QStringLiteral("GET /jobs/{id}/photos"), route(&ApiRoutes::listJobPhotos));
    router.addRoute("POST", QStringLiteral("/api/v1/jobs/<id>/photos"),
                    QStringLiteral("POST /jobs/{id}/photos"), route(&ApiRoutes::uploadPhoto));
    router.addRoute("GET", QStringLiteral("/api/v1/photos"), QStringLiteral("GET /photos"),
                    route(&ApiRoutes::photoQueue));
    router.addRoute("GET", QStringLiteral("/api/v1/photos/<id>"),
                    QStringLiteral("GET /photos/{id}"), route(&ApiRoutes::getPhoto));
    router.addRoute("PATCH", QStringLiteral("/api/v1/photos/<id>"),
                    QStringLiteral("PATCH /photos/{id}"), route(&ApiRoutes::reviewPhoto));
    router.addRoute("GET", QStringLiteral("/api/v1/photos/<id>/content"),
                    QStringLiteral("GET /photos/{id}/content"), route(&ApiRoutes::photoContent));
    router.addRoute("GET", QStringLiteral("/api/v1/photos/<id>/thumbnail"),
                    QStringLiteral("GET /photos/{id}/thumbnail"),
                    route(&ApiRoutes::photoThumbnail));
}

std::optional<Photo> ApiRoutes::visiblePhoto(const HttpRequest &request, const AuthUser &user,
                                             HttpResponse *error)
{
    StoreError storeError;
    const auto photo = m_services.photos.find(request.args.value(0), &storeError);
    if (!photo) {
        *error = storeError.kind == StoreError::Kind::NotFound ? photoNotFound()
                                                               : errorResponse(storeError);
        return std::nullopt;
    }
    // A photo is seen by whoever sees its job (docs/openapi.yaml "Photos"); anyone else is
    // told it does not exist.
    const auto job = m_services.jobs.peek(photo->jobId, &storeError);
    if (!job || !JobStore::isVisibleTo(*job, user)) {
        *error = !job && storeError.kind != StoreError::Kind::NotFound ? errorResponse(storeError)
                                                                       : photoNotFound();
        return std::nullopt;
    }
    return photo;
}

HttpResponse ApiRoutes::listJobPhotos(const HttpRequest &request, const AuthUser &user)
{
    StoreError error;
    const QString jobId = request.args.value(0);
    const auto job = m_services.jobs.peek(jobId, &error);
    if (!job)
        return errorResponse(error);
    if (!JobStore::isVisibleTo(*job, user))
        return jobNotFound();
    const auto photos = m_services.photos.listForJob(jobId, &error);
    if (!photos)
        return errorResponse(error);
    QJsonArray items;
    for (const Photo &photo : *photos)
        items.append(toJson(photo));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("items"), items}});
}

HttpResponse ApiRoutes::uploadPhoto(const HttpRequest &request, const AuthUser &user)
{
    StoreError error;
    const QString jobId = request.args.value(0);
    const auto job = m_services.jobs.peek(jobId, &error);
    if (!job)
        return errorResponse(error);
    if (const auto refusal = PhotoStore::uploadRefusal(*job, user))
        return errorResponse(*refusal);

    const QByteArray declared = photocheck::mediaType(request.header("Content-Type"));
    if (!photocheck::isPhotoType(declared))
        return HttpResponse::error(
            415, QStringLiteral("UNSUPPORTED_MEDIA_TYPE"),
            QStringLiteral("A photo is image/jpeg, image/png or image/webp, not \"%1\".")
                .arg(QString::fromLatin1(request.header("Content-Type").left(100))));
    const QString filename = cleanFilename(request.header("X-Filename"));
    if (filename.isEmpty())
        return invalidValue(QStringLiteral("X-Filename"),
                            QStringLiteral("must name the file (the header is required)"));
    const std::shared_ptr<SpooledBody> body = request.spooled;
    if (!body || body->size() == 0)
        return HttpResponse::error(400, QStringLiteral("BAD_REQUEST"),
                                   QStringLiteral("The body must be the image's bytes."));
    // Whether the job is full is decided in PhotoStore::add()'s transaction, after the checks:
    // the same bytes as one of its photos are a 200 duplicate even on a full job (a client
    // retrying an upload whose answer it lost must not get 409).
    auto deferred = std::make_shared<DeferredResponse>();
    PhotoFiles *files = &m_services.photoFiles;
    const bool queued = m_services.photoWorkers.run<StoredUpload>(
        [body, declared, files] { return storeUpload(*files, *body, declared); },
        [this, deferred, user, jobId, filename, bytes = body->size()](StoredUpload work) {
            const PhotoCheck &check = work.check;
            switch (check.outcome) {
            case PhotoCheck::Outcome::Ok:
                break;
            case PhotoCheck::Outcome::UnsupportedMediaType:
                deferred->finish(HttpResponse::error(415, QStringLiteral("UNSUPPORTED_MEDIA_TYPE"),
                                                     check.message));
                return;
            case PhotoCheck::Outcome::ImageTooLarge:
                deferred->finish(HttpResponse::error(
                    413, QStringLiteral("IMAGE_TOO_LARGE"), check.message,
                    {{QStringLiteral("limit"), double(kMaxPhotoDecodedBytes)}}));
                return;
            case PhotoCheck::Outcome::Failed:
                qCWarning(lcPhotoRoutes) << "upload failed:" << check.message;
                deferred->finish(HttpResponse::error(500, QStringLiteral("INTERNAL_ERROR"),
                                                     QStringLiteral("The upload could not be "
                                                                    "read.")));
                return;
            }
            if (!work.storeError.isEmpty()) {
                qCWarning(lcPhotoRoutes) << "cannot store a photo:" << work.storeError;
                deferred->finish(
                    HttpResponse::error(507, QStringLiteral("INSUFFICIENT_STORAGE"),
                                        QStringLiteral("The server cannot store the photo now.")));
                return;
            }
            NewPhoto photo{jobId, check.sha256, filename,    QString::fromLatin1(check.contentType),
                           bytes, check.width,  check.height};
            const PhotoWriteResult result = m_services.photos.add(user, photo);
            if (result.error) {
                deferred->finish(errorResponse(*result.error));
                return;
            }
            deferred->finish(
                uploadResponse(result.created ? 201 : 200, *result.photo, result.duplicate));
        });
    if (!queued)
        return workersBusy();
    return HttpResponse::later(deferred);
}

HttpResponse ApiRoutes::getPhoto(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto photo = visiblePhoto(request, user, &error);
    if (!photo)
        return error;
    if (noneMatch(request, photo->etag()))
        return notModified(photo->etag());
    return photoResponse(200, *photo);
}

HttpResponse ApiRoutes::reviewPhoto(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto photo = visiblePhoto(request, user, &error);
    if (!photo)
        return error;
    if (user.role != Role::Admin)
        return forbidden(QStringLiteral("Only admins review photos."));
    const auto body = parseJsonBody(request, {QStringLiteral("review"), QStringLiteral("note")},
                                    &error, QStringLiteral("INVALID_FIELD_KEY"));
    if (!body)
        return error;
    const auto state = photoReviewStateFromWire(body->value(QLatin1String("review")).toString());
    if (!state)
        return invalidValue(QStringLiteral("review"),
                            QStringLiteral("must be \"approved\", \"flagged\" or \"pending\""));
    const QJsonValue noteValue = body->value(QLatin1String("note"));
    if (!noteValue.isUndefined() && !noteValue.isNull() && !noteValue.isString())
        return invalidValue(QStringLiteral("note"), QStringLiteral("must be a string or null"));
    const QString note = noteValue.toString().trimmed();
    if (note.size() > 2000)
        return invalidValue(QStringLiteral("note"),
                            QStringLiteral("is longer than 2000 characters"));

    const PhotoWriteResult result =
        m_services.photos.review(user, photo->id, ifMatchOf(request), *state, note);
    if (result.error) {
        StoreError storeError = *result.error;
        if (result.current) {
            // The 412 carries the photo as it is now, so the reviewer sees what changed.
            storeError.details.insert(QStringLiteral("current"), toJson(*result.current));
            return errorResponse(storeError).withHeader("ETag", result.current->etag().toHeader());
        }
        return errorResponse(storeError);
    }
    return photoResponse(200, *result.photo);
}

HttpResponse ApiRoutes::photoQueue(const HttpRequest &request, const AuthUser &user)
{
    if (user.role != Role::Admin)
        return forbidden(QStringLiteral("Only admins review photos."));
    std::optional<PhotoReviewState> state;
    const QString wanted = request.query.queryItemValue(QStringLiteral("review"));
    if (!wanted.isEmpty()) {
        state = photoReviewStateFromWire(wanted);
        if (!state)
            return invalidValue(QStringLiteral("review"),
                                QStringLiteral("must be pending, approved or flagged"));
    }
    int limit = kDefaultQueueLimit;
    const QString limitText = request.query.queryItemValue(QStringLiteral("limit"));
    if (!limitText.isEmpty()) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok || limit < 1 || limit > kMaxQueueLimit)
            return invalidValue(QStringLiteral("limit"),
                                QStringLiteral("must be between 1 and %1").arg(kMaxQueueLimit));
    }
    const PhotoQueuePage page = m_services.photos.queue(
        state, limit, request.query.queryItemValue(QStringLiteral("cursor")));
    if (page.error)
        return errorResponse(*page.error);
    StoreError error;
    const auto counts = m_services.photos.countsByState(&error);
    if (!counts)
        return errorResponse(error);

    QJsonArray items;
    for (const PhotoQueueItem &item : page.items) {
        items.append(QJsonObject{
            {QStringLiteral("photo"), toJson(item.photo)},
            {QStringLiteral("job"),
             QJsonObject{
                 {QStringLiteral("id"), item.job.id},
                 {QString::fromUtf16(FieldKey::Title), item.job.fields.value(FieldKey::Title)},
                 {QString::fromUtf16(FieldKey::CustomerName),
                  item.job.fields.value(FieldKey::CustomerName)},
                 {QString::fromUtf16(FieldKey::Address), item.job.fields.value(FieldKey::Address)},
             }},
        });
    }
    QJsonObject countsJson;
    for (const PhotoReviewState each :
         {PhotoReviewState::Pending, PhotoReviewState::Approved, PhotoReviewState::Flagged})
        countsJson.insert(toWire(each), counts->value(each));
    return HttpResponse::json(200,
                              QJsonObject{{QStringLiteral("items"), items},
                                          {QStringLiteral("nextCursor"),
                                           page.nextCursor.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                     : QJsonValue(page.nextCursor)},
                                          {QStringLiteral("counts"), countsJson}});
}

HttpResponse ApiRoutes::photoContent(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto photo = visiblePhoto(request, user, &error);
    if (!photo)
        return error;
    const Etag etag = contentEtag(*photo);
    if (noneMatch(request, etag))
        return notModified(etag).withHeader("Cache-Control", kImmutable);
    // Read on a worker: up to 10 MiB from disk is not for the event loop.
    auto deferred = std::make_shared<DeferredResponse>();
    const QString path = m_services.photoFiles.contentPath(photo->sha256);
    const bool queued = m_services.photoWorkers.run<ImageWork>(
        [path] { return readFile(path); },
        [deferred, etag, type = photo->contentType.toLatin1(), path](ImageWork work) {
            if (!work.error.isEmpty()) {
                qCWarning(lcPhotoRoutes) << "cannot read" << path << work.error;
                deferred->finish(HttpResponse::error(500, QStringLiteral("INTERNAL_ERROR"),
                                                     QStringLiteral("The photo's file cannot be "
                                                                    "read.")));
                return;
            }
            deferred->finish(imageResponse(work.bytes, type, etag));
        });
    if (!queued)
        return workersBusy();
    return HttpResponse::later(deferred);
}

HttpResponse ApiRoutes::photoThumbnail(const HttpRequest &request, const AuthUser &user)
{
    HttpResponse error;
    const auto photo = visiblePhoto(request, user, &error);
    if (!photo)
        return error;
    const QString sizeText = request.query.queryItemValue(QStringLiteral("size"));
    int size = 256;
    if (!sizeText.isEmpty()) {
        const int wanted = sizeText.toInt();
        const auto sizes = std::begin(kPhotoThumbnailSizes);
        if (std::find(sizes, std::end(kPhotoThumbnailSizes), wanted) ==
            std::end(kPhotoThumbnailSizes))
            return invalidValue(QStringLiteral("size"), QStringLiteral("must be 128, 256 or 1024"));
        size = wanted;
    }
    const Etag etag = thumbnailEtag(*photo, size);
    if (noneMatch(request, etag))
        return notModified(etag).withHeader("Cache-Control", kImmutable);

    // Made once, on first request (the upload keeps the 256 one at once), on a worker.
    auto deferred = std::make_shared<DeferredResponse>();
    const QString cached = m_services.photoFiles.thumbnailPath(photo->sha256, size);
    const QString original = m_services.photoFiles.contentPath(photo->sha256);
    const QByteArray format = photocheck::qtFormat(photo->contentType.toLatin1());
    const bool queued = m_services.photoWorkers.run<ImageWork>(
        [cached, original, format, size] {
            if (QFileInfo::exists(cached))
                return readFile(cached);
            ImageWork work;
            const QImage image = thumbnailer::render(original, format, size, &work.error);
            if (image.isNull())
                return work;
            work.bytes = thumbnailer::encode(image);
            QString ignored; // a thumbnail that cannot be kept is made again next time
            PhotoFiles::writeAtomically(cached, work.bytes, &ignored);
            return work;
        },
        [deferred, etag, original](ImageWork work) {
            if (work.bytes.isEmpty()) {
                qCWarning(lcPhotoRoutes) << "cannot make a thumbnail of" << original << work.error;
                deferred->finish(HttpResponse::error(500, QStringLiteral("INTERNAL_ERROR"),
                                                     QStringLiteral("The thumbnail cannot be "
                                                                    "made.")));
                return;
            }
            deferred->finish(imageResponse(work.bytes, "image/jpeg", etag));
        });
    if (!queued)
        return workersBusy();
    return HttpResponse::later(deferred);
}

} // namespace dispatch::server
