#pragma once

#include "etag.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace dispatch {

/// The country and state a draft is locked to when it is created (docs/openapi.yaml
/// `Jurisdiction`); every later `geo` must lie in it.
struct Jurisdiction {
    QString countryCode; ///< "US"
    QString stateCode;   ///< "TX"

    bool isEmpty() const { return countryCode.isEmpty() && stateCode.isEmpty(); }
    friend bool operator==(const Jurisdiction &, const Jurisdiction &) = default;
};

QJsonObject toJson(const Jurisdiction &jurisdiction);
Jurisdiction jurisdictionFromJson(const QJsonValue &value);

/// A new job being written in the wizard, kept on the server field by field (docs/openapi.yaml
/// "Drafts"): its `fields` hold only the keys set so far, by the job's canonical keys
/// (models/fieldkeys.h). `version` grows by one with every change that landed.
struct Draft {
    QString id;
    qint64 version = 0;
    bool published = false; ///< status PUBLISHED: the draft made its job
    QJsonObject fields;
    Jurisdiction locked;
    QDateTime createdAt; ///< invalid when the server did not say
    QDateTime updatedAt; ///< invalid when the server did not say
    QString updatedBy;   ///< user id; empty when the server did not say
    QString jobId;       ///< the job it made, when published and the server said which
    /// From `GET /drafts/{id}`'s ETag header (the body does not carry it); null otherwise.
    Etag etag;

    bool isValid() const { return !id.isEmpty() && version > 0; }
    QJsonValue field(QStringView key) const { return fields.value(key); }
    friend bool operator==(const Draft &, const Draft &) = default;
};

/// The wire form (without the ETag, which travels as a header).
QJsonObject toJson(const Draft &draft);
/// Nothing when `id`, `version` or `fields` is missing or of the wrong type; `error` says which.
std::optional<Draft> draftFromJson(const QJsonObject &object, QString *error = nullptr);

} // namespace dispatch
