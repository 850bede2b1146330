#pragma once

#include "etag.h"
#include "httpmessage.h"

namespace dispatch::server {

// The conditional-request headers as every route reads them (docs/openapi.yaml "Conditional
// requests").

/// RFC 9110 §13.1.2: If-None-Match compares weakly; `*` matches any current representation.
inline bool noneMatch(const HttpRequest &request, const Etag &current)
{
    return EtagCondition::parse(request.headerValues("If-None-Match")).matchesWeakly(current);
}

inline HttpResponse notModified(const Etag &etag)
{
    return HttpResponse::noContent(304).withHeader("ETag", etag.toHeader());
}

/// RFC 9110 §13.1.1: If-Match, compared strongly where the write is checked.
inline EtagCondition ifMatchOf(const HttpRequest &request)
{
    return EtagCondition::parse(request.headerValues("If-Match"));
}

} // namespace dispatch::server
