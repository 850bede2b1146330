#include "etag.h"

#include <algorithm>

namespace dispatch {

Q_LOGGING_CATEGORY(lcEtag, "dispatch.etag", QtInfoMsg)

namespace {

// RFC 9110 §8.8.3: etagc = %x21 / %x23-7E / obs-text, i.e. any visible byte but the quote.
bool isEtagChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u != 0x7F);
}

bool isValidOpaque(QByteArrayView opaque)
{
    for (const char c : opaque) {
        if (!isEtagChar(c))
            return false;
    }
    return true;
}

} // namespace

Etag Etag::strong(QByteArrayView opaque)
{
    Etag tag;
    if (!isValidOpaque(opaque))
        return tag;
    tag.m_opaque = opaque.toByteArray();
    tag.m_valid = true;
    return tag;
}

Etag Etag::weak(QByteArrayView opaque)
{
    Etag tag = strong(opaque);
    tag.m_weak = tag.m_valid;
    return tag;
}

Etag Etag::fromHeader(QByteArrayView header)
{
    QByteArrayView value = header.trimmed();
    bool weak = false;
    // RFC 9110 says "W/" (case-sensitive); some servers send "w/", which means the same.
    if (value.size() >= 2 && (value[0] == 'W' || value[0] == 'w') && value[1] == '/') {
        weak = true;
        value = value.sliced(2);
    }
    if (value.isEmpty() || value == "*") {
        qCDebug(lcEtag) << "not a single entity tag:" << header;
        return {};
    }

    QByteArrayView opaque;
    if (value.front() == '"') {
        if (value.size() < 2 || value.back() != '"') {
            qCDebug(lcEtag) << "unterminated entity tag:" << header;
            return {};
        }
        opaque = value.sliced(1, value.size() - 2);
    } else {
        // Some proxies drop the quotes; the bare value is still the server's tag.
        opaque = value;
    }
    // A quote or comma inside means a list or garbage, not one tag.
    if (!isValidOpaque(opaque) || opaque.contains(',')) {
        qCDebug(lcEtag) << "malformed entity tag:" << header;
        return {};
    }
    return weak ? Etag::weak(opaque) : Etag::strong(opaque);
}

QByteArray Etag::toHeader() const
{
    if (!m_valid)
        return {};
    return (m_weak ? QByteArrayLiteral("W/\"") : QByteArrayLiteral("\"")) + m_opaque + '"';
}

QByteArray Etag::toIfMatchHeader() const
{
    if (!m_valid)
        return {};
    if (m_weak)
        qCDebug(lcEtag) << "sending the strong form of weak tag" << toHeader() << "in If-Match";
    return '"' + m_opaque + '"';
}

bool Etag::strongEquals(const Etag &other) const
{
    return m_valid && other.m_valid && !m_weak && !other.m_weak && m_opaque == other.m_opaque;
}

bool Etag::weakEquals(const Etag &other) const
{
    return m_valid && other.m_valid && m_opaque == other.m_opaque;
}

EtagCondition EtagCondition::parse(const QList<QByteArray> &headerValues)
{
    EtagCondition condition;
    for (const QByteArray &value : headerValues) {
        condition.m_present = true;
        // Commas cannot occur inside a tag (etagc excludes none but the quote, and a list's
        // members are separated by commas outside quotes), so splitting on them is exact for
        // every well-formed list; a malformed member parses to a null tag and matches nothing.
        for (const QByteArray &member : value.split(',')) {
            const QByteArray trimmed = member.trimmed();
            if (trimmed == "*")
                condition.m_any = true;
            else if (const Etag tag = Etag::fromHeader(trimmed); !tag.isNull())
                condition.m_tags.append(tag);
        }
    }
    return condition;
}

EtagCondition EtagCondition::anyTag()
{
    EtagCondition condition;
    condition.m_present = condition.m_any = true;
    return condition;
}

EtagCondition EtagCondition::of(const Etag &tag)
{
    EtagCondition condition;
    condition.m_present = true;
    if (!tag.isNull())
        condition.m_tags.append(tag);
    return condition;
}

bool EtagCondition::matchesStrongly(const Etag &current) const
{
    return m_any || std::any_of(m_tags.cbegin(), m_tags.cend(),
                                [&](const Etag &tag) { return tag.strongEquals(current); });
}

bool EtagCondition::matchesWeakly(const Etag &current) const
{
    return m_any || std::any_of(m_tags.cbegin(), m_tags.cend(),
                                [&](const Etag &tag) { return tag.weakEquals(current); });
}

} // namespace dispatch
