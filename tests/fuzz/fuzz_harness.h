#pragma once

// The fuzz harness shared by the libFuzzer target (fuzz_http.cpp, clang) and the corpus replay
// test (tst_fuzz_corpus.cpp, the normal build): one input, one verdict, same code in both.

#include "httpmessage.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace dispatch::fuzz {

/// The first byte of an input chooses what the rest of it is fed to.
enum class Target {
    Connection, ///< 'H': a client's whole byte stream: heads, bodies, pipelined requests
    ChunkLine,  ///< 'C': one chunk-size line
    Chunked,    ///< 'B': a chunked body, after a fixed `POST /echo` chunked head
    JsonBody,   ///< 'J': a Content-Type value, LF, then a JSON request body
};

Target targetOf(char selector);

/// The front end limits the harness mirrors; the replay test gives HttpFrontend the same ones.
/// Small, so that 413 and 431 are reachable from small inputs.
struct Limits {
    qint64 maxBody = 4096;        ///< HttpLimits::maxJsonBody and maxPhotoBody
    qint64 maxHeaderBytes = 4096; ///< HttpLimits::maxHeaderBytes (heads and trailers)
    int maxHeaderFields = 20;     ///< HttpLimits::maxHeaderFields
};
inline constexpr Limits kLimits;

/// The members the JSON body reader accepts (those of POST /jobs/<id>/transition).
QStringList allowedMembers();

/// What the chunked decoder of httpfrontend.cpp makes of `data`, all of it at hand.
struct ChunkedResult {
    enum Kind { NeedMore, Done, Refused } kind = NeedMore;
    int status = 0;         ///< Refused: the first answer (400, 413, 431)
    QByteArray body;        ///< Done: the decoded body
    qsizetype consumed = 0; ///< Done: bytes up to and including the last trailer line
    QList<int> answers;     ///< every answer the front end writes while decoding, in order
};
ChunkedResult decodeChunked(QByteArrayView data, qint64 bodyLimit, qint64 maxTrailerBytes);

/// One request as HttpFrontend frames it from a byte stream.
struct SimulatedRequest {
    enum Kind {
        Routed,     ///< complete: handed to the router
        Refused,    ///< answered by the front end itself with `status`, then closed
        Upgrade,    ///< handed to QWebSocketServer
        Incomplete, ///< the stream ends first; no answer
    } kind = Incomplete;
    int status = 0;
    server::HttpRequest request; ///< Routed: as startRequest() builds it, with its body
    QByteArray rawPath;
    bool close = false; ///< Routed: the answer closes the connection
    QList<int> answers; ///< Refused in a chunked body: every answer written, in order
};

/// The requests HttpFrontend reads from `stream`, in order, up to the first one it closes on
/// (refused, `Connection: close`, upgrade or incomplete). Mirrors readHead(), startRequest(),
/// readBody(), readChunkSize(), readChunkEnd() and readTrailers() with `kLimits`; checks the
/// parsers' invariants on the way (throws what runOne() reports).
QList<SimulatedRequest> simulateConnection(QByteArrayView stream);

/// The fixed head before a Target::Chunked input.
QByteArray chunkedHead();

/// The bytes a client would send for `input` (Connection and Chunked targets), else empty.
QByteArray streamOf(QByteArrayView input);

/// Runs one fuzz input; returns the invariant it broke, or an empty string.
QString runOne(QByteArrayView input);

} // namespace dispatch::fuzz
