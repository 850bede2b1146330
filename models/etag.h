#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QLoggingCategory>

namespace dispatch {

Q_DECLARE_LOGGING_CATEGORY(lcEtag)

/// One HTTP entity tag (RFC 9110 §8.8.3), the one place that parses, builds and compares them,
/// for dispatchd and the console alike.
///
/// A tag is its opaque part plus a weak flag: `"abc"` is strong, `W/"abc"` weak. Clients treat
/// the opaque part as opaque (docs/openapi.yaml "ETags and conditional requests"); they only store,
/// compare and send it back. Parsing is lenient where servers and proxies are known to be
/// sloppy: surrounding whitespace is dropped, a lower-case `w/` is accepted, and an unquoted
/// value is taken as the opaque part (some proxies strip the quotes). Anything else that is
/// not a single tag (an empty header, a list, `*`, an unterminated quote) gives a null tag:
/// a null tag is never sent.
class Etag final {
public:
    Etag() = default;
    /// A strong or weak tag with the given opaque part (without quotes).
    static Etag strong(QByteArrayView opaque);
    static Etag weak(QByteArrayView opaque);
    /// Parses the value of an `ETag` response header.
    static Etag fromHeader(QByteArrayView header);

    bool isNull() const { return !m_valid; }
    bool isWeak() const { return m_weak; }
    /// The opaque part, without quotes and without `W/`.
    QByteArray opaque() const { return m_opaque; }

    /// The tag as it goes on the wire: `"abc"` or `W/"abc"`; empty for a null tag.
    QByteArray toHeader() const;
    /// The tag for `If-Match`, which the server compares strongly (RFC 9110 §13.1.1): always
    /// the strong form. A weak tag reaches us only when something between us and dispatchd
    /// (nginx's gzip turns strong tags weak when it compresses) weakened the server's strong
    /// one; the opaque part still names the same version, and sending `W/` would make every
    /// write a 412 forever.
    QByteArray toIfMatchHeader() const;

    /// RFC 9110 §8.8.3.2 strong comparison: both strong and the same opaque part.
    bool strongEquals(const Etag &other) const;
    /// RFC 9110 §8.8.3.2 weak comparison: the same opaque part, weak or not.
    bool weakEquals(const Etag &other) const;

    /// Exact identity (same opaque part and the same weakness), for containers and tests.
    friend bool operator==(const Etag &a, const Etag &b)
    {
        return a.m_valid == b.m_valid && a.m_weak == b.m_weak && a.m_opaque == b.m_opaque;
    }

private:
    QByteArray m_opaque; ///< may be empty: `""` is a valid tag
    bool m_weak = false;
    bool m_valid = false;
};

/// The `If-Match` or `If-None-Match` a request carried (RFC 9110 §13.1.1, §13.1.2): absent,
/// `*`, or a list of tags. A member that is not a tag matches nothing.
class EtagCondition final {
public:
    /// From every value of the header (repeated headers are one list).
    static EtagCondition parse(const QList<QByteArray> &headerValues);
    static EtagCondition anyTag();
    static EtagCondition of(const Etag &tag);

    bool isPresent() const { return m_present; }
    bool isAny() const { return m_any; }
    /// If-Match: `*`, or a member strongly equal to `current` (a weak tag never matches).
    bool matchesStrongly(const Etag &current) const;
    /// If-None-Match: `*`, or a member weakly equal to `current`.
    bool matchesWeakly(const Etag &current) const;

private:
    QList<Etag> m_tags;
    bool m_present = false;
    bool m_any = false;
};

} // namespace dispatch
