#include "fuzz_harness.h"

#include "httprequesthead.h"
#include "requestbody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <initializer_list>
#include <optional>

namespace dispatch::fuzz {

using namespace dispatch::server;

namespace {

// Mirrored from httpconnection.cpp (file-local there, so they cannot be included).
constexpr qint64 kMaxChunkLine = 1024;  // longest chunk-size line, extensions included
constexpr qint64 kFirstHeadPeek = 4096; // readHead() first looks at this much
constexpr QByteArrayView kStreamPath = "/api/v1/stream"; // HttpFrontend::kStreamPath

/// A broken invariant; runOne() turns it into its report.
struct Violation {
    QString what;
};

[[noreturn]] void violated(const char *condition, int line)
{
    throw Violation{
        QStringLiteral("fuzz_harness.cpp:%1: %2").arg(line).arg(QString::fromLatin1(condition))};
}

// A macro, so the message costs nothing while the condition holds (the fuzzer's hot path).
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition))                                                                          \
            violated(#condition, __LINE__);                                                        \
    } while (false)

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

/// No control characters, spaces or non-ASCII: what a path may carry into routing and logs.
bool isPrintableAscii(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

/// An error answer as docs/openapi.yaml promises it: one of `statuses`, a JSON `{"error": {...}}`.
void checkErrorResponse(const HttpResponse &response, std::initializer_list<int> statuses)
{
    FUZZ_CHECK(std::find(statuses.begin(), statuses.end(), response.status) != statuses.end());
    FUZZ_CHECK(response.contentType == "application/json");
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
    FUZZ_CHECK(parseError.error == QJsonParseError::NoError && document.isObject());
    const QJsonObject error = document.object().value(QLatin1String("error")).toObject();
    FUZZ_CHECK(!error.value(QLatin1String("code")).toString().isEmpty());
    FUZZ_CHECK(error.value(QLatin1String("message")).isString());
}

/// findHeadEnd() points just past the first empty line, or finds none.
void checkHeadEnd(QByteArrayView data, qsizetype end)
{
    if (end < 0) {
        FUZZ_CHECK(end == -1);
        return;
    }
    FUZZ_CHECK(end >= 2 && end <= data.size());
    FUZZ_CHECK(data[end - 1] == '\n');
    FUZZ_CHECK(data[end - 2] == '\n' ||
               (end >= 3 && data[end - 2] == '\r' && data[end - 3] == '\n'));
    FUZZ_CHECK(findHeadEnd(data.first(end - 1)) == -1); // no earlier empty line
}

void checkHead(QByteArrayView text, const std::optional<HttpResponse> &error,
               const RequestHead &head)
{
    // Same text, same verdict: the parser keeps no state between calls.
    RequestHead again;
    const std::optional<HttpResponse> errorAgain =
        parseRequestHead(text, kLimits.maxHeaderFields, &again, kStreamPath);
    FUZZ_CHECK(error.has_value() == errorAgain.has_value());
    if (error) {
        FUZZ_CHECK(error->status == errorAgain->status);
        checkErrorResponse(*error, {400, 417, 431, 501, 505});
        return;
    }
    FUZZ_CHECK(again.method == head.method && again.rawPath == head.rawPath &&
               again.rawQuery == head.rawQuery && again.headers == head.headers &&
               again.contentLength == head.contentLength && again.chunked == head.chunked &&
               again.keepAlive == head.keepAlive);

    FUZZ_CHECK(isToken(head.method));
    // What readHead() refuses early as "not HTTP" must not be a head it would accept whole.
    FUZZ_CHECK(couldStartRequest(text));
    FUZZ_CHECK(head.rawPath.startsWith('/'));
    FUZZ_CHECK(isPrintableAscii(head.rawPath));
    FUZZ_CHECK(isPrintableAscii(head.rawQuery));
    FUZZ_CHECK(head.headers.size() <= kLimits.maxHeaderFields);
    for (const auto &[name, value] : head.headers) {
        FUZZ_CHECK(isToken(name));
        FUZZ_CHECK(isFieldValue(value));
        FUZZ_CHECK(value.isEmpty() || (!isOws(value.front()) && !isOws(value.back())));
    }

    // Framing (RFC 9112 §6): one way to find the body's end, never two.
    const QList<QByteArray> transferEncoding = headerValues(head.headers, "Transfer-Encoding");
    const QList<QByteArray> contentLength = headerValues(head.headers, "Content-Length");
    FUZZ_CHECK(head.contentLength >= 0);
    FUZZ_CHECK(!(head.chunked && head.contentLength != 0));
    FUZZ_CHECK(head.chunked == !transferEncoding.isEmpty());
    FUZZ_CHECK(!head.chunked || (contentLength.isEmpty() && !head.http10));
    if (!contentLength.isEmpty()) {
        const QByteArray first = contentLength.front().split(',').front().trimmed();
        FUZZ_CHECK(head.contentLength == first.toLongLong());
    } else {
        FUZZ_CHECK(head.contentLength == 0);
    }

    const qsizetype hosts = headerValues(head.headers, "Host").size();
    FUZZ_CHECK(head.http10 ? hosts <= 1 : hosts == 1);
    FUZZ_CHECK(!head.webSocketUpgrade || head.method == "GET");
    FUZZ_CHECK(!head.expectContinue || !head.http10);

    // Routes read headers through HttpRequest; it must agree with the parser's lookup.
    HttpRequest request;
    request.headers = head.headers;
    for (const QByteArrayView name : {"host", "CONTENT-LENGTH", "Transfer-Encoding", "x-none"})
        FUZZ_CHECK(request.headerValues(name) == headerValues(head.headers, name));
}

/// The JSON body reader as every route calls it.
void checkJsonBody(const HttpRequest &request)
{
    const QStringList allowed = allowedMembers();
    HttpResponse error;
    error.status = -1;
    const std::optional<QJsonObject> object = parseJsonBody(request, allowed, &error);
    if (object) {
        FUZZ_CHECK(error.status == -1); // untouched on success
        for (auto it = object->begin(); it != object->end(); ++it)
            FUZZ_CHECK(allowed.contains(it.key()));
        const QJsonDocument document = QJsonDocument::fromJson(request.body);
        FUZZ_CHECK(document.isObject() && document.object() == *object);
        FUZZ_CHECK(!exceedsJsonDepth(request.body, 64));
    } else {
        checkErrorResponse(error, {400, 413, 415});
        if (request.header("Content-Type") == "application/json")
            FUZZ_CHECK(error.status != 415);
    }
}

int jsonDepth(const QJsonValue &value)
{
    int deepest = 0;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            deepest = std::max(deepest, jsonDepth(it.value()));
        return deepest + 1;
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            deepest = std::max(deepest, jsonDepth(item));
        return deepest + 1;
    }
    return 0;
}

/// exceedsJsonDepth() scans characters; on JSON that Qt parses it must agree with the tree.
void checkJsonDepth(QByteArrayView json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError ||
        (!document.isArray() && !document.isObject()))
        return;
    const int depth = jsonDepth(document.isArray() ? QJsonValue(document.array())
                                                   : QJsonValue(document.object()));
    FUZZ_CHECK(!exceedsJsonDepth(json, depth));
    FUZZ_CHECK(depth == 0 || exceedsJsonDepth(json, depth - 1));
}

void checkChunkSizeLine(QByteArrayView input)
{
    // The front end hands over one line, without its LF.
    const qsizetype lf = input.indexOf('\n');
    const QByteArrayView line = lf < 0 ? input : input.first(lf);
    const std::optional<qint64> size = parseChunkSizeLine(line);

    // An independent reading of RFC 9112 §7.1 as the header documents it.
    QByteArrayView digits = line;
    if (digits.endsWith('\r'))
        digits.chop(1);
    if (const qsizetype semicolon = digits.indexOf(';'); semicolon >= 0)
        digits = digits.first(semicolon);
    while (!digits.isEmpty() && isOws(digits.front()))
        digits = digits.sliced(1);
    while (!digits.isEmpty() && isOws(digits.back()))
        digits.chop(1);
    std::optional<qint64> expected;
    if (!digits.isEmpty() && digits.size() <= 15) {
        qint64 value = 0;
        for (const char c : digits) {
            int digit = -1;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                digit = c - 'A' + 10;
            if (digit < 0) {
                value = -1;
                break;
            }
            value = value * 16 + digit;
        }
        if (value >= 0)
            expected = value;
    }
    FUZZ_CHECK(size == expected);
    if (!size)
        return;
    FUZZ_CHECK(*size >= 0 && *size < (qint64(1) << 60));
    const QByteArray hex = QByteArray::number(*size, 16);
    FUZZ_CHECK(parseChunkSizeLine(hex) == size);
    FUZZ_CHECK(parseChunkSizeLine(QByteArray(hex + "\r")) == size);
    FUZZ_CHECK(parseChunkSizeLine(QByteArray(hex.toUpper() + " ;name=\"v;\"\r")) == size);
}

void checkChunked(QByteArrayView data)
{
    const ChunkedResult result = decodeChunked(data, kLimits.maxBody, kLimits.maxHeaderBytes);
    switch (result.kind) {
    case ChunkedResult::Done: {
        FUZZ_CHECK(result.body.size() <= kLimits.maxBody);
        FUZZ_CHECK(result.consumed >= 3 && result.consumed <= data.size());
        FUZZ_CHECK(data[result.consumed - 1] == '\n');
        // The end is where the last trailer line ends: one byte less is not enough.
        const ChunkedResult exact =
            decodeChunked(data.first(result.consumed), kLimits.maxBody, kLimits.maxHeaderBytes);
        FUZZ_CHECK(exact.kind == ChunkedResult::Done && exact.body == result.body &&
                   exact.consumed == result.consumed);
        const ChunkedResult shorter =
            decodeChunked(data.first(result.consumed - 1), kLimits.maxBody, kLimits.maxHeaderBytes);
        FUZZ_CHECK(shorter.kind == ChunkedResult::NeedMore);
        // The same body as one chunk decodes to itself.
        QByteArray encoded;
        if (!result.body.isEmpty())
            encoded = QByteArray::number(result.body.size(), 16) + "\r\n" + result.body + "\r\n";
        encoded += "0\r\n\r\n";
        const ChunkedResult again = decodeChunked(encoded, kLimits.maxBody, kLimits.maxHeaderBytes);
        FUZZ_CHECK(again.kind == ChunkedResult::Done && again.body == result.body &&
                   again.consumed == encoded.size());
        break;
    }
    case ChunkedResult::Refused:
        FUZZ_CHECK(!result.answers.isEmpty() && result.answers.front() == result.status);
        for (const int status : result.answers)
            FUZZ_CHECK(status == 400 || status == 413 || status == 431);
        break;
    case ChunkedResult::NeedMore:
        FUZZ_CHECK(result.answers.isEmpty());
        break;
    }
    // A refusal is decided on what has arrived: more input never takes it back, however the
    // bytes are cut into segments (line caps included).
    const ChunkedResult half =
        decodeChunked(data.first(data.size() / 2), kLimits.maxBody, kLimits.maxHeaderBytes);
    if (half.kind == ChunkedResult::Refused)
        FUZZ_CHECK(result.kind == ChunkedResult::Refused && result.status == half.status);
    else if (half.kind == ChunkedResult::Done)
        FUZZ_CHECK(result.kind == ChunkedResult::Done && result.body == half.body);
}

} // namespace

Target targetOf(char selector)
{
    switch (selector) {
    case 'H':
        return Target::Connection;
    case 'C':
        return Target::ChunkLine;
    case 'B':
        return Target::Chunked;
    case 'J':
        return Target::JsonBody;
    default:
        // Every byte selects something, so no mutation of the first byte is wasted.
        return static_cast<Target>(static_cast<unsigned char>(selector) % 4);
    }
}

QStringList allowedMembers()
{
    return {QStringLiteral("to"), QStringLiteral("code"), QStringLiteral("reason")};
}

QByteArray chunkedHead()
{
    return QByteArrayLiteral("POST /echo HTTP/1.1\r\nHost: fuzz\r\n"
                             "Content-Type: application/json\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n");
}

ChunkedResult decodeChunked(QByteArrayView data, qint64 bodyLimit, qint64 maxTrailerBytes)
{
    // The states and tests of HttpFrontend::readChunkSize/readBody/readChunkEnd/readTrailers,
    // with `data` as everything the socket holds.
    enum class State { ChunkSize, ChunkData, ChunkEnd, Trailers } state = State::ChunkSize;
    ChunkedResult result;
    bool discardBody = false;
    qint64 remaining = 0;
    qint64 bodyBytes = 0;
    qint64 trailerBytes = 0;
    qsizetype at = 0;
    // One answer per request: once refused (413), a body whose framing breaks only ends.
    auto refuse = [&](int status) {
        if (!result.answers.isEmpty())
            return;
        result.kind = ChunkedResult::Refused;
        result.status = status;
        result.body.clear();
        result.answers.append(status);
    };
    while (true) {
        const QByteArrayView available = data.sliced(at);
        switch (state) {
        case State::ChunkSize: {
            const QByteArrayView peeked =
                available.first(std::min<qint64>(available.size(), kMaxChunkLine + 1));
            const qsizetype lf = peeked.indexOf('\n');
            if (lf < 0) {
                if (peeked.size() <= kMaxChunkLine)
                    return result;
                refuse(400); // the front end then drops everything: the decoding ends
                return result;
            }
            at += lf + 1;
            const std::optional<qint64> size = parseChunkSizeLine(peeked.first(lf));
            if (!size) {
                refuse(400);
                return result;
            }
            FUZZ_CHECK(*size >= 0);
            if (*size == 0) {
                state = State::Trailers;
                break;
            }
            bodyBytes += *size;
            if (!discardBody && bodyBytes > bodyLimit) {
                refuse(413); // and keeps reading the chunks, dropping their data
                discardBody = true;
            }
            remaining = *size;
            state = State::ChunkData;
            break;
        }
        case State::ChunkData: {
            const qint64 wanted = std::min<qint64>(available.size(), remaining);
            if (wanted <= 0 && remaining > 0)
                return result;
            if (!discardBody)
                result.body.append(available.first(wanted));
            at += wanted;
            remaining -= wanted;
            if (remaining > 0)
                return result;
            state = State::ChunkEnd;
            break;
        }
        case State::ChunkEnd:
            if (available.isEmpty() || (available.size() == 1 && available[0] == '\r'))
                return result;
            if (available[0] == '\n') {
                at += 1;
            } else if (available[0] == '\r' && available[1] == '\n') {
                at += 2;
            } else {
                refuse(400);
                return result;
            }
            state = State::ChunkSize;
            break;
        case State::Trailers: {
            const qint64 allowance = std::max<qint64>(0, maxTrailerBytes - trailerBytes);
            const QByteArrayView peeked =
                available.first(std::min<qint64>(available.size(), allowance + 1));
            const qsizetype lf = peeked.indexOf('\n');
            if (lf < 0) {
                if (peeked.size() <= allowance)
                    return result;
                refuse(431);
                return result;
            }
            at += lf + 1;
            const bool last = lf == 0 || (lf == 1 && peeked[0] == '\r');
            if (!last) {
                trailerBytes += lf + 1;
                break;
            }
            if (!discardBody) {
                result.kind = ChunkedResult::Done;
                result.consumed = at;
            }
            return result;
        }
        }
    }
}

QList<SimulatedRequest> simulateConnection(QByteArrayView stream)
{
    QList<SimulatedRequest> requests;
    QByteArrayView rest = stream;
    while (true) {
        // readHead(): empty lines before a request line are skipped (RFC 9112 §2.2).
        while (!rest.isEmpty() && (rest.front() == '\r' || rest.front() == '\n'))
            rest = rest.sliced(1);
        if (rest.isEmpty())
            return requests;
        SimulatedRequest simulated;
        const qint64 limit = kLimits.maxHeaderBytes;
        QByteArrayView data = rest.first(std::min<qsizetype>(rest.size(), kFirstHeadPeek));
        qsizetype end = findHeadEnd(data);
        if (end < 0 && rest.size() > data.size()) {
            data = rest.first(std::min<qsizetype>(rest.size(), limit + 4));
            end = findHeadEnd(data);
        }
        checkHeadEnd(data, end);
        if (end < 0 || end > limit) {
            if (data.size() >= limit || end >= 0) {
                simulated.kind = SimulatedRequest::Refused;
                simulated.status = 431;
            } else if (!couldStartRequest(data)) { // TLS or garbage: refused before its end
                simulated.kind = SimulatedRequest::Refused;
                simulated.status = 400;
            }
            requests.append(simulated);
            return requests;
        }

        RequestHead head;
        const QByteArrayView text = data.first(end);
        const std::optional<HttpResponse> error =
            parseRequestHead(text, kLimits.maxHeaderFields, &head, kStreamPath);
        checkHead(text, error, head);
        if (error) {
            simulated.kind = SimulatedRequest::Refused;
            simulated.status = error->status;
            requests.append(simulated);
            return requests;
        }
        if (head.webSocketUpgrade) {
            simulated.kind = SimulatedRequest::Upgrade;
            requests.append(simulated);
            return requests;
        }
        rest = rest.sliced(end);

        // startRequest(): the request as routes get it.
        HttpRequest &request = simulated.request;
        request.method = head.method;
        request.path = QUrl::fromPercentEncoding(head.rawPath);
        request.query = QUrlQuery(QString::fromLatin1(head.rawQuery));
        request.headers = head.headers;
        simulated.rawPath = head.rawPath;
        simulated.close = !head.keepAlive;
        const qint64 bodyLimit = kLimits.maxBody; // maxJsonBody == maxPhotoBody here
        if (head.chunked) {
            checkChunked(rest);
            const ChunkedResult body = decodeChunked(rest, bodyLimit, kLimits.maxHeaderBytes);
            if (body.kind == ChunkedResult::NeedMore) {
                requests.append(simulated);
                return requests;
            }
            if (body.kind == ChunkedResult::Refused) {
                simulated.kind = SimulatedRequest::Refused;
                simulated.status = body.status;
                simulated.answers = body.answers;
                requests.append(simulated);
                return requests;
            }
            request.body = body.body;
            rest = rest.sliced(body.consumed);
        } else if (head.contentLength > bodyLimit) {
            simulated.kind = SimulatedRequest::Refused;
            simulated.status = 413;
            requests.append(simulated);
            return requests;
        } else if (head.contentLength > 0) {
            if (rest.size() < head.contentLength) {
                requests.append(simulated);
                return requests;
            }
            request.body = rest.first(head.contentLength).toByteArray();
            rest = rest.sliced(head.contentLength);
        }
        if (!request.body.isEmpty()) {
            checkJsonBody(request);
            checkJsonDepth(request.body);
        }
        simulated.kind = SimulatedRequest::Routed;
        requests.append(simulated);
        if (simulated.close)
            return requests;
    }
}

QByteArray streamOf(QByteArrayView input)
{
    if (input.isEmpty())
        return {};
    switch (targetOf(input.front())) {
    case Target::Connection:
        return input.sliced(1).toByteArray();
    case Target::Chunked:
        return chunkedHead().append(input.sliced(1));
    case Target::ChunkLine:
    case Target::JsonBody:
        break;
    }
    return {};
}

QString runOne(QByteArrayView input)
{
    if (input.isEmpty())
        return {};
    const QByteArrayView payload = input.sliced(1);
    try {
        switch (targetOf(input.front())) {
        case Target::Connection:
            simulateConnection(payload);
            break;
        case Target::ChunkLine:
            checkChunkSizeLine(payload);
            break;
        case Target::Chunked: // checkChunked() runs on the body after the fixed head
            simulateConnection(chunkedHead().append(payload));
            break;
        case Target::JsonBody: {
            // "type\nbody": the Content-Type value is fuzzed too.
            const qsizetype lf = payload.indexOf('\n');
            HttpRequest request;
            request.method = "POST";
            request.path = QStringLiteral("/api/v1/jobs/fuzz/transition");
            request.headers = {{"Host", "fuzz"},
                               {"Content-Type", lf < 0 ? QByteArrayLiteral("application/json")
                                                       : payload.first(lf).toByteArray()}};
            request.body = (lf < 0 ? payload : payload.sliced(lf + 1)).toByteArray();
            checkJsonBody(request);
            checkJsonDepth(request.body);
            break;
        }
        }
    } catch (const Violation &violation) {
        return violation.what;
    }
    return {};
}

} // namespace dispatch::fuzz
