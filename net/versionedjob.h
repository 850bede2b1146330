#pragma once

#include "etag.h"

#include <job.h>

namespace dispatch::net {

/// A job together with the ETag it was read at: the unit the console caches, edits and writes
/// back. The ETag travels with its job and is only ever sent for that job's id (every mutation
/// of ApiClient takes a VersionedJob as its base, so the URL's id and the If-Match come from the
/// same value).
struct VersionedJob {
    Job job;
    Etag etag;

    QString id() const { return job.id; }
    bool isValid() const { return !job.id.isEmpty() && !etag.isNull(); }

    friend bool operator==(const VersionedJob &, const VersionedJob &) = default;
};

} // namespace dispatch::net
