#include "photoclient.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThreadPool>
#include <QUrlQuery>

namespace dispatch::net {

namespace {
Q_LOGGING_CATEGORY(lcPhotos, "dispatch.net.photos", QtInfoMsg)

/// Encoded bytes kept in memory: a gallery of a few hundred 256 px thumbnails.
constexpr int kImageCacheKiB = 64 * 1024;

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// Runs `done(result)` on `context`'s thread later, unless `context` is gone by then.
template<typename Result>
void deliverLater(QObject *context, std::function<void(const Result &)> done, Result result)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result = std::move(result)] { done(result); },
        Qt::QueuedConnection);
}
} // namespace

// ---- PhotoUpload ---------------------------------------------------------------------------

PhotoUpload::PhotoUpload(const QString &jobId, const LocalPhotoFile &file, QObject *parent)
    : QObject(parent)
    , m_jobId(jobId)
    , m_file(file)
{}

void PhotoUpload::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    if (m_reply)
        m_reply->abort(); // finished() follows from the reply
}

void PhotoUpload::finish(const PhotoResult &result)
{
    if (std::exchange(m_finished, true))
        return;
    Q_EMIT finished(result);
}

// ---- PhotoClient ---------------------------------------------------------------------------

PhotoClient::PhotoClient(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_manager(new QNetworkAccessManager(this))
    , m_images(kImageCacheKiB)
{
    m_manager->setAutoDeleteReplies(false);
    connect(api, &ApiClient::photoEventApplied, this, &PhotoClient::applyEvent);
}

bool PhotoClient::remember(const Photo &photo)
{
    const auto known = m_photos.constFind(photo.id);
    if (known != m_photos.cend() && known->version >= photo.version)
        return false;
    m_photos.insert(photo.id, photo);
    return true;
}

void PhotoClient::applyEvent(const ChangeEvent &event)
{
    const bool added = event.type == u"PHOTO_ADDED" && !m_photos.contains(event.photo->id);
    if (!remember(*event.photo))
        return;
    if (added)
        Q_EMIT photoAdded(*event.photo);
    Q_EMIT photoChanged(*event.photo);
}

PhotoClient::~PhotoClient() = default;

QNetworkReply *PhotoClient::send(const QByteArray &method, const QString &path,
                                 const QList<std::pair<QString, QString>> &query,
                                 const QByteArray &body,
                                 const QList<std::pair<QByteArray, QByteArray>> &headers,
                                 Handler handler)
{
    QUrl url = m_api->apiBase();
    url.setPath(url.path() + path);
    if (!query.isEmpty()) {
        QUrlQuery urlQuery;
        for (const auto &[key, value] : query)
            urlQuery.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
        url.setQuery(urlQuery);
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    if (!m_api->token().isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_api->token());
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);

    QNetworkReply *reply = nullptr;
    if (method == "GET")
        reply = m_manager->get(request);
    else
        reply = m_manager->sendCustomRequest(request, method, body);
    ++m_stats.requestsSent;
    qCDebug(lcPhotos) << method << url.toDisplayString();
    connect(reply, &QNetworkReply::finished, this, [this, reply, handler = std::move(handler)] {
        reply->deleteLater();
        RawReply raw = rawFrom(reply);
        if (raw.httpStatus == 401)
            Q_EMIT m_api->sessionExpired();
        handler(raw);
    });
    return reply;
}

RawReply PhotoClient::rawFrom(QNetworkReply *reply)
{
    RawReply raw;
    raw.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    raw.networkError = reply->error();
    raw.networkErrorString = reply->errorString();
    raw.body = reply->isOpen() ? reply->readAll() : QByteArray(); // closed after abort()
    raw.etag = reply->rawHeader("ETag");
    raw.retryAfter = reply->rawHeader("Retry-After");
    return raw;
}

ApiError PhotoClient::errorFrom(const RawReply &reply)
{
    RawReply parsed = reply;
    if (parsed.json.isNull() && !parsed.body.isEmpty())
        parsed.json = QJsonDocument::fromJson(parsed.body);
    ApiError error = ApiError::fromReply(parsed);
    error.current.reset(); // a photo's 412 carries a photo, never a job
    if (!error.ok())
        qCDebug(lcPhotos) << "request failed:" << error.toString();
    return error;
}

PhotoResult PhotoClient::photoResultFrom(const RawReply &reply)
{
    PhotoResult result;
    if (!isSuccess(reply.httpStatus)) {
        result.error = errorFrom(reply);
        const QJsonObject current = result.error.details.value(QLatin1String("current")).toObject();
        if (!current.isEmpty())
            result.current = photoFromJson(current);
        if (result.current && remember(*result.current))
            Q_EMIT photoChanged(*result.current);
        return result;
    }
    const QJsonObject object = QJsonDocument::fromJson(reply.body).object();
    // Upload answers wrap the photo ({"photo","duplicate"}); GET and PATCH answer the photo.
    const bool wrapped = object.value(QLatin1String("photo")).isObject();
    const auto photo =
        photoFromJson(wrapped ? object.value(QLatin1String("photo")).toObject() : object);
    if (!photo) {
        result.error = ApiError::unexpected(reply.httpStatus, QStringLiteral("malformed photo"));
        return result;
    }
    result.photo = *photo;
    result.duplicate = object.value(QLatin1String("duplicate")).toBool();
    const bool added = reply.httpStatus == 201 && !m_photos.contains(photo->id);
    if (remember(*photo)) {
        if (added)
            Q_EMIT photoAdded(*photo);
        Q_EMIT photoChanged(*photo);
    }
    return result;
}

void PhotoClient::listPhotos(const QString &jobId, QObject *context, Callback<PhotoListResult> done)
{
    const QString path =
        u"/jobs/" + QString::fromLatin1(QUrl::toPercentEncoding(jobId)) + u"/photos";
    send("GET", path, {}, {}, {},
         [this, context = QPointer<QObject>(context), done](RawReply &reply) {
             PhotoListResult result;
             if (!isSuccess(reply.httpStatus)) {
                 result.error = errorFrom(reply);
             } else {
                 const QJsonArray items =
                     QJsonDocument::fromJson(reply.body).object().value(u"items").toArray();
                 for (const QJsonValue &item : items) {
                     if (auto photo = photoFromJson(item.toObject())) {
                         remember(*photo);
                         result.photos.append(std::move(*photo));
                     }
                 }
             }
             if (context)
                 done(result);
         });
}

void PhotoClient::getPhoto(const QString &photoId, QObject *context, Callback<PhotoResult> done)
{
    QList<std::pair<QByteArray, QByteArray>> headers;
    const auto known = m_photos.constFind(photoId);
    if (known != m_photos.cend())
        headers.append({QByteArrayLiteral("If-None-Match"), known->etag().toHeader()});
    send("GET", u"/photos/" + QString::fromLatin1(QUrl::toPercentEncoding(photoId)), {}, {},
         headers, [this, photoId, context = QPointer<QObject>(context), done](RawReply &reply) {
             PhotoResult result;
             if (reply.httpStatus == 304 && m_photos.contains(photoId)) {
                 ++m_stats.notModified;
                 result.photo = m_photos.value(photoId);
                 result.fromCache = true;
             } else {
                 result = photoResultFrom(reply);
             }
             if (context)
                 done(result);
         });
}

void PhotoClient::reviewPhoto(const Photo &base, PhotoReviewState state, const QString &note,
                              QObject *context, Callback<PhotoResult> done)
{
    QJsonObject body{{QStringLiteral("review"), toWire(state)}};
    if (!note.isEmpty())
        body.insert(QStringLiteral("note"), note);
    send("PATCH", u"/photos/" + QString::fromLatin1(QUrl::toPercentEncoding(base.id)), {},
         compactJson(body), {{QByteArrayLiteral("If-Match"), base.etag().toIfMatchHeader()}},
         [this, context = QPointer<QObject>(context), done](RawReply &reply) {
             const PhotoResult result = photoResultFrom(reply);
             if (context)
                 done(result);
         });
}

void PhotoClient::reviewQueue(const ReviewQueueQuery &query, QObject *context,
                              Callback<ReviewQueueResult> done)
{
    QList<std::pair<QString, QString>> params{
        {QStringLiteral("review"), toWire(query.state)},
        {QStringLiteral("limit"), QString::number(query.limit)}};
    if (!query.cursor.isEmpty())
        params.append({QStringLiteral("cursor"), query.cursor});
    send("GET", QStringLiteral("/photos"), params, {}, {},
         [this, context = QPointer<QObject>(context), done](RawReply &reply) {
             ReviewQueueResult result;
             if (!isSuccess(reply.httpStatus)) {
                 result.error = errorFrom(reply);
             } else {
                 const QJsonObject object = QJsonDocument::fromJson(reply.body).object();
                 const QJsonArray items = object.value(u"items").toArray();
                 for (const QJsonValue &value : items) {
                     const QJsonObject item = value.toObject();
                     auto photo = photoFromJson(item.value(u"photo").toObject());
                     if (!photo)
                         continue;
                     const QJsonObject job = item.value(u"job").toObject();
                     remember(*photo);
                     result.items.append({std::move(*photo), job.value(u"title").toString(),
                                          job.value(u"customer.name").toString(),
                                          job.value(u"address").toString()});
                 }
                 result.nextCursor = object.value(u"nextCursor").toString();
                 const QJsonValue counts = object.value(u"counts");
                 if (counts.isObject()) {
                     const QJsonObject c = counts.toObject();
                     result.counts =
                         ReviewCounts{c.value(u"pending").toInt(), c.value(u"approved").toInt(),
                                      c.value(u"flagged").toInt()};
                 }
             }
             if (context)
                 done(result);
         });
}

QString PhotoClient::imageKey(const Photo &photo, int size)
{
    return photo.sha256 + u'-' + QString::number(size);
}

bool PhotoClient::hasImage(const Photo &photo, int size) const
{
    return m_images.contains(imageKey(photo, size));
}

void PhotoClient::keepImage(const Photo &photo, int size, const QByteArray &bytes)
{
    m_images.insert(imageKey(photo, size), new QByteArray(bytes),
                    std::max<int>(1, int(bytes.size() / 1024)));
}

void PhotoClient::fetchImage(const Photo &photo, int size, QObject *context,
                             Callback<ImageBytesResult> done)
{
    const QString key = imageKey(photo, size);
    auto guarded = [context = QPointer<QObject>(context), done](const ImageBytesResult &result) {
        if (context)
            done(result);
    };
    if (const QByteArray *bytes = m_images.object(key)) {
        // Content-addressed bytes never change: no request, not even a 304.
        deliverLater<ImageBytesResult>(this, guarded, ImageBytesResult{{}, *bytes, true});
        return;
    }
    auto &waiters = m_imageWaiters[key];
    waiters.append(guarded);
    if (waiters.size() > 1)
        return; // one request for everyone who wants these bytes

    const QString base = u"/photos/" + QString::fromLatin1(QUrl::toPercentEncoding(photo.id));
    QList<std::pair<QString, QString>> query;
    if (size > 0)
        query.append({QStringLiteral("size"), QString::number(size)});
    ++m_stats.imageRequests;
    const QString path = size > 0 ? QString(base + u"/thumbnail") : QString(base + u"/content");
    send("GET", path, query, {}, {}, [this, key](RawReply &reply) {
        ImageBytesResult result;
        if (reply.httpStatus == 200) {
            result.bytes = reply.body;
            m_images.insert(key, new QByteArray(reply.body),
                            std::max<int>(1, int(reply.body.size() / 1024)));
        } else {
            result.error = errorFrom(reply);
        }
        const auto waiting = m_imageWaiters.take(key);
        for (const auto &waiter : waiting)
            waiter(result);
    });
}

void PhotoClient::inspectFile(const QString &path, QObject *context, Callback<LocalPhotoFile> done)
{
    QPointer<QObject> guarded(context);
    QPointer<PhotoClient> self(this);
    QThreadPool::globalInstance()->start([path, guarded, self, done] {
        LocalPhotoFile file;
        file.path = path;
        file.filename = QFileInfo(path).fileName();
        QFile device(path);
        if (!device.open(QIODevice::ReadOnly)) {
            file.readError = device.errorString();
        } else {
            file.bytes = device.size();
            file.contentType = sniffPhotoContentType(device.peek(16));
            // A file over the limit is refused by size; hashing it would only cost time.
            if (file.bytes <= kMaxPhotoBytes) {
                QCryptographicHash hash(QCryptographicHash::Sha256);
                if (hash.addData(&device))
                    file.sha256 = QString::fromLatin1(hash.result().toHex());
                else
                    file.readError = device.errorString();
            }
        }
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [guarded, done, file] {
                if (guarded)
                    done(file);
            },
            Qt::QueuedConnection);
    });
}

PhotoUpload *PhotoClient::upload(const QString &jobId, const LocalPhotoFile &file, QObject *parent)
{
    auto *upload = new PhotoUpload(jobId, file, parent);
    auto *device = new QFile(file.path);
    if (!device->open(QIODevice::ReadOnly)) {
        PhotoResult result;
        result.error = ApiError::unexpected(0, device->errorString());
        delete device;
        QMetaObject::invokeMethod(
            upload, [upload, result] { upload->finish(result); }, Qt::QueuedConnection);
        return upload;
    }

    QUrl url = m_api->apiBase();
    url.setPath(url.path() + u"/jobs/" + QString::fromLatin1(QUrl::toPercentEncoding(jobId)) +
                u"/photos");
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    request.setRawHeader("Authorization", "Bearer " + m_api->token());
    request.setHeader(QNetworkRequest::ContentTypeHeader, file.contentType.toLatin1());
    // Any file name survives the trip as percent-encoded UTF-8 (docs/openapi.yaml).
    request.setRawHeader("X-Filename", QUrl::toPercentEncoding(file.filename));
    QNetworkReply *reply = m_manager->post(request, device);
    device->setParent(reply);
    upload->m_reply = reply;
    ++m_stats.requestsSent;
    ++m_stats.uploadsSent;
    qCDebug(lcPhotos) << "upload" << file.filename << "to" << jobId << file.bytes << "bytes";

    connect(reply, &QNetworkReply::uploadProgress, upload, [upload](qint64 sent, qint64 total) {
        // Qt reports (0, 0) once more after the last bytes: the bytes sent never go back.
        if (sent < upload->m_sent)
            return;
        upload->m_sent = sent;
        Q_EMIT upload->progress(sent, total > 0 ? total : upload->m_file.bytes);
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, upload = QPointer<PhotoUpload>(upload)] {
                reply->deleteLater();
                RawReply raw = rawFrom(reply);
                if (raw.httpStatus == 401)
                    Q_EMIT m_api->sessionExpired();
                const PhotoResult result = photoResultFrom(raw);
                if (upload)
                    upload->finish(result);
            });
    // Deleting the upload stops the transfer.
    connect(upload, &QObject::destroyed, reply, [reply] {
        if (reply->isRunning())
            reply->abort();
    });
    return upload;
}

} // namespace dispatch::net
