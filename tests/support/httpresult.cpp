#include "httpresult.h"

#include <QJsonDocument>

namespace dispatch::test {

QByteArray HttpResult::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpResult::hasHeader(QByteArrayView name) const
{
    for (const auto &header : headers) {
        if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject HttpResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray HttpResult::jsonArray() const
{
    return QJsonDocument::fromJson(body).array();
}

QJsonObject HttpResult::errorObject() const
{
    return json().value(QLatin1String("error")).toObject();
}

QString HttpResult::errorCode() const
{
    return errorObject().value(QLatin1String("code")).toString();
}

QByteArray HttpResult::describe() const
{
    constexpr qsizetype kMaxBody = 600;
    QByteArray text = QByteArray::number(status);
    if (status == 0)
        text += " (no answer: " + networkError + ')';
    if (!body.isEmpty()) {
        text += ' ';
        text += body.left(kMaxBody);
        if (body.size() > kMaxBody)
            text += "...";
    }
    return text;
}

QByteArray describeAll(const QList<HttpResult> &results, qsizetype each)
{
    QByteArray text;
    for (const HttpResult &result : results)
        text += result.describe().left(each) + '\n';
    return text;
}

} // namespace dispatch::test
