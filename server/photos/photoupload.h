#pragma once

#include "photocheck.h"

#include <QByteArrayView>
#include <QString>

namespace dispatch::server {

class PhotoFiles;
class SpooledBody;

/// What the worker half of an upload found and did.
struct StoredUpload {
    PhotoCheck check;   ///< thumbnail dropped once kept
    QString storeError; ///< non-empty: the bytes passed the checks but could not be stored
};

/// The worker half of an upload (docs/ARCHITECTURE.md "Photos on the server"): every check of
/// photocheck::run(), then the bytes stored durably by their hash and the 256-pixel thumbnail
/// that the check's decode made kept beside them. The row is PhotoStore::add()'s, on the event
/// loop's thread. POST /jobs/{id}/photos and the demo seed both come through here. Blocking.
StoredUpload storeUpload(PhotoFiles &files, SpooledBody &body, QByteArrayView declaredType);

} // namespace dispatch::server
