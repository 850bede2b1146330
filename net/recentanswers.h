#pragma once

#include <etag.h>

#include <QList>
#include <QString>

#include <optional>

namespace dispatch::net {

/// The last few answers of one conditional GET route, by request URL: the copy a `304 Not
/// Modified` stands for (docs/ARCHITECTURE.md, "Kept by the console"). A URL is the key because
/// a list's tag stands for its query (page, filters, origin) as well as its content. Newest
/// last; the oldest goes when there are more than `capacity`.
template<typename Payload> class RecentAnswers {
public:
    explicit RecentAnswers(qsizetype capacity)
        : m_capacity(capacity)
    {}

    struct Answer {
        Etag etag;
        Payload payload;
    };

    std::optional<Answer> find(const QString &url) const
    {
        for (const Entry &entry : m_entries) {
            if (entry.url == url)
                return entry.answer;
        }
        return std::nullopt;
    }

    void remember(const QString &url, Etag etag, Payload payload)
    {
        m_entries.removeIf([&url](const Entry &entry) { return entry.url == url; });
        m_entries.append(Entry{url, Answer{std::move(etag), std::move(payload)}});
        while (m_entries.size() > m_capacity)
            m_entries.removeFirst();
    }

    void clear() { m_entries.clear(); }

private:
    struct Entry {
        QString url;
        Answer answer;
    };
    QList<Entry> m_entries;
    qsizetype m_capacity;
};

} // namespace dispatch::net
