#pragma once

#include "apiclient.h"
#include "apierror.h"
#include "versionedjob.h"

#include <draft.h>

#include <QJsonValue>
#include <QObject>

#include <functional>
#include <optional>

namespace dispatch::net {

/// What a draft route answered. `error` decides; the other members are meaningful as noted.
struct DraftResult {
    ApiError error;
    Draft draft; ///< on success: the draft as it is now (with its ETag after getDraft())
    /// saveField(): the value equalled the stored one, so nothing changed (same version).
    bool unchanged = false;
    /// 409 VERSION_CONFLICT: the draft as it is now, to merge with.
    std::optional<Draft> current;
    /// 409 JURISDICTION_MISMATCH: the draft's locked country and state, and the value's.
    std::optional<Jurisdiction> expected;
    std::optional<Jurisdiction> got;

    bool ok() const { return error.ok(); }
    bool isVersionConflict() const { return current.has_value(); }
    bool isJurisdictionMismatch() const { return expected.has_value(); }
};

struct DraftListResult {
    ApiError error;
    QList<Draft> drafts; ///< the caller's unpublished drafts, newest first
    bool ok() const { return error.ok(); }
};

struct PublishResult {
    ApiError error;
    VersionedJob job;
    /// 200: the draft had been published before (a retry); `job` is the job it made then.
    bool alreadyPublished = false;
    /// 409 VERSION_CONFLICT: the draft as it is now.
    std::optional<Draft> current;
    bool ok() const { return error.ok(); }
};

/// The drafts routes of docs/openapi.yaml ("Drafts") on an ApiClient's session, for the new-job
/// wizard: create (locking the country and state), one field at a time with the version the
/// change is based on, read, list, discard (If-Match) and publish. Every answer is a value:
/// a save is saved (new version), unchanged (same version), a version conflict with the fresh
/// draft, a jurisdiction mismatch, or another ApiError. A published job also goes into the
/// client's job cache (ApiClient::jobChanged), so the board shows it at once.
///
/// Reached through ApiClient::drafts(). Callbacks as ApiClient's: on this object's thread,
/// never from inside the call, skipped when `context` is gone.
class DraftClient final : public QObject {
    Q_OBJECT
public:
    template<typename Result> using Callback = std::function<void(const Result &)>;

    explicit DraftClient(ApiClient *api, QObject *parent = nullptr);

    ApiClient *api() const { return m_api; }

    void createDraft(const Jurisdiction &jurisdiction, QObject *context,
                     Callback<DraftResult> done);
    /// `POST /drafts/{id}/fields`: `value` may be null (clears the field).
    void saveField(const QString &draftId, const QString &fieldKey, const QJsonValue &value,
                   qint64 expectedVersion, QObject *context, Callback<DraftResult> done);
    void getDraft(const QString &draftId, QObject *context, Callback<DraftResult> done);
    void listDrafts(QObject *context, Callback<DraftListResult> done);
    /// `draft` must carry the ETag of getDraft(); it goes as If-Match.
    void deleteDraft(const Draft &draft, QObject *context, Callback<ApiError> done);
    /// Publishing again (a retry after a lost answer) gives the same job, `alreadyPublished`.
    void publish(const QString &draftId, qint64 expectedVersion, QObject *context,
                 Callback<PublishResult> done);

private:
    DraftResult draftResultFrom(const RawReply &reply, bool wrapped);

    ApiClient *m_api;
};

} // namespace dispatch::net
