#pragma once

// Small helpers every integration suite uses, in one place.

#include "httptestclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QTest>

#include <optional>

namespace dispatch::test {

/// How long a test waits for an answer before calling it lost: only so a broken server
/// cannot hang a suite, never a timing assertion.
inline constexpr int kAnswerWaitMs = 20000;

inline HeaderList ifMatch(const QByteArray &etag)
{
    return {{QByteArrayLiteral("If-Match"), etag}};
}

/// "/jobs/ID" plus an optional suffix such as "/history".
inline QString jobPath(const QString &id, const QString &suffix = {})
{
    return QStringLiteral("/jobs/") + id + suffix;
}

inline QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

inline qint64 versionOf(const QJsonObject &job)
{
    return job.value(QLatin1String("version")).toInteger();
}

/// Runs one asynchronous call that reports through `(QObject *context, callback)` and waits
/// for its callback. Empty when it never came; the context dies with the wait, so a late
/// callback is skipped.
template<typename Result, typename Call> std::optional<Result> await(Call &&call)
{
    std::optional<Result> result;
    QObject context;
    call(&context, [&result](const Result &value) { result = value; });
    (void)QTest::qWaitFor([&result] { return result.has_value(); }, kAnswerWaitMs);
    return result;
}

} // namespace dispatch::test
