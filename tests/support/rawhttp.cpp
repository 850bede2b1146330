#include "rawhttp.h"

#include <QJsonDocument>
#include <QTest>

namespace dispatch::test {

QByteArray RawResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool RawResponse::hasHeader(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject RawResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString RawResponse::errorCode() const
{
    return json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

std::optional<RawResponse> parseResponse(const QByteArray &buffer, bool headRequest)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0 || !buffer.startsWith("HTTP/1."))
        return std::nullopt;
    RawResponse response;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    response.status = lines.first().split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            response.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    const qsizetype bodyStart = headEnd + 4;
    const bool noBody = headRequest || response.status == 204 || response.status == 304 ||
                        response.status / 100 == 1;
    if (!noBody && response.header("Transfer-Encoding").toLower().contains("chunked")) {
        qsizetype pos = bodyStart;
        forever
        {
            const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return std::nullopt;
            bool ok = false;
            const qsizetype size =
                buffer.mid(pos, lineEnd - pos).split(';').first().trimmed().toLongLong(&ok, 16);
            if (!ok || buffer.size() < lineEnd + 2 + size + 2)
                return std::nullopt;
            response.body += buffer.mid(lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
            if (size == 0)
                break;
        }
        response.wireBytes = pos;
        return response;
    }
    const qsizetype length = noBody ? 0 : response.header("Content-Length").toLongLong();
    if (buffer.size() < bodyStart + length)
        return std::nullopt;
    response.body = buffer.mid(bodyStart, length);
    response.wireBytes = bodyStart + length;
    return response;
}

std::optional<RawResponse> readResponse(QTcpSocket &socket, QByteArray &buffer, bool headRequest,
                                        int timeoutMs)
{
    std::optional<RawResponse> response;
    const auto done = [&] {
        buffer += socket.readAll();
        response = parseResponse(buffer, headRequest);
        return response.has_value() || socket.state() != QAbstractSocket::ConnectedState;
    };
    if (!QTest::qWaitFor(done, timeoutMs) && !response)
        return std::nullopt;
    if (!response) {
        buffer += socket.readAll();
        response = parseResponse(buffer, headRequest);
    }
    if (response)
        buffer.remove(0, response->wireBytes);
    return response;
}

} // namespace dispatch::test
