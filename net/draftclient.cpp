#include "draftclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace dispatch::net {

namespace {
QString draftPath(const QString &id, QStringView suffix = {})
{
    return u"/drafts/" + QString::fromLatin1(QUrl::toPercentEncoding(id)) + suffix;
}

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

ApiError malformed(int status, const QString &what)
{
    return ApiError::unexpected(status, u"malformed draft in response: " + what);
}
} // namespace

DraftClient::DraftClient(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{}

DraftResult DraftClient::draftResultFrom(const RawReply &reply, bool wrapped)
{
    DraftResult result;
    if (!isSuccess(reply.httpStatus)) {
        result.error = m_api->errorOf(reply);
        if (result.error.code == u"VERSION_CONFLICT") {
            if (auto fresh = draftFromJson(result.error.currentDraft))
                result.current = std::move(*fresh);
        } else if (result.error.code == u"JURISDICTION_MISMATCH") {
            result.expected = jurisdictionFromJson(result.error.details.value(u"expected"));
            result.got = jurisdictionFromJson(result.error.details.value(u"got"));
        }
        return result;
    }
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    // `POST /drafts/{id}/fields` wraps the draft: {"draft", "unchanged"}.
    const QJsonObject object = wrapped ? body.value(u"draft").toObject() : body;
    QString why;
    auto draft = draftFromJson(object, &why);
    if (!draft) {
        result.error = malformed(reply.httpStatus, why);
        return result;
    }
    draft->etag = Etag::fromHeader(reply.etag);
    result.draft = std::move(*draft);
    result.unchanged = wrapped && body.value(u"unchanged").toBool();
    return result;
}

void DraftClient::createDraft(const Jurisdiction &jurisdiction, QObject *context,
                              Callback<DraftResult> done)
{
    m_api->sendJson("POST", QStringLiteral("/drafts"), {}, toJson(jurisdiction), {}, context,
                    [this, done](const RawReply &reply) { done(draftResultFrom(reply, false)); });
}

void DraftClient::saveField(const QString &draftId, const QString &fieldKey,
                            const QJsonValue &value, qint64 expectedVersion, QObject *context,
                            Callback<DraftResult> done)
{
    const QJsonObject body{{QStringLiteral("fieldKey"), fieldKey},
                           {QStringLiteral("value"), value},
                           {QStringLiteral("expectedVersion"), expectedVersion}};
    m_api->sendJson("POST", draftPath(draftId, u"/fields"), {}, body, {}, context,
                    [this, done](const RawReply &reply) { done(draftResultFrom(reply, true)); });
}

void DraftClient::getDraft(const QString &draftId, QObject *context, Callback<DraftResult> done)
{
    m_api->sendJson("GET", draftPath(draftId), {}, {}, {}, context,
                    [this, done](const RawReply &reply) { done(draftResultFrom(reply, false)); });
}

void DraftClient::listDrafts(QObject *context, Callback<DraftListResult> done)
{
    m_api->sendJson(
        "GET", QStringLiteral("/drafts"), {}, {}, {}, context, [this, done](const RawReply &reply) {
            DraftListResult result;
            if (!isSuccess(reply.httpStatus)) {
                result.error = m_api->errorOf(reply);
                done(result);
                return;
            }
            const QJsonDocument document = QJsonDocument::fromJson(reply.body);
            // {"items": [draft]}, or a bare array.
            const QJsonArray items =
                document.isArray() ? document.array() : document.object().value(u"items").toArray();
            for (const QJsonValue &item : items) {
                QString why;
                auto draft = draftFromJson(item.toObject(), &why);
                if (!draft) {
                    result.error = malformed(reply.httpStatus, why);
                    result.drafts.clear();
                    break;
                }
                result.drafts.append(std::move(*draft));
            }
            done(result);
        });
}

void DraftClient::deleteDraft(const Draft &draft, QObject *context, Callback<ApiError> done)
{
    m_api->sendJson("DELETE", draftPath(draft.id), {}, {},
                    {{QByteArrayLiteral("If-Match"), draft.etag.toIfMatchHeader()}}, context,
                    [this, done](const RawReply &reply) {
                        done(isSuccess(reply.httpStatus) ? ApiError{} : m_api->errorOf(reply));
                    });
}

void DraftClient::publish(const QString &draftId, qint64 expectedVersion, QObject *context,
                          Callback<PublishResult> done)
{
    const QJsonObject body{{QStringLiteral("expectedVersion"), expectedVersion}};
    m_api->sendJson("POST", draftPath(draftId, u"/publish"), {}, body, {}, context,
                    [this, done](const RawReply &reply) {
                        PublishResult result;
                        if (!isSuccess(reply.httpStatus)) {
                            result.error = m_api->errorOf(reply);
                            if (auto fresh = draftFromJson(result.error.currentDraft))
                                result.current = std::move(*fresh);
                            done(result);
                            return;
                        }
                        QString why;
                        auto job = jobFromJson(QJsonDocument::fromJson(reply.body).object(), &why);
                        if (!job) {
                            result.error =
                                ApiError::unexpected(reply.httpStatus, u"malformed job: " + why);
                            done(result);
                            return;
                        }
                        result.job = VersionedJob{std::move(*job), Etag::fromHeader(reply.etag)};
                        result.alreadyPublished = reply.httpStatus == 200;
                        if (!result.job.etag.isNull())
                            m_api->rememberJob(result.job); // the board shows it (jobChanged)
                        done(result);
                    });
}

} // namespace dispatch::net
