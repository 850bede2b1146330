#include "worddiff.h"

#include <QTextBoundaryFinder>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace dispatch {

namespace {

enum class TokenClass { Word, Space, Other };

TokenClass classify(char32_t cp)
{
    if (QChar::isSpace(cp))
        return TokenClass::Space;
    switch (QChar::script(cp)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
        return TokenClass::Other; // no spaces between words: one character per token
    default:
        break;
    }
    if (QChar::isLetterOrNumber(cp) || QChar::isMark(cp) || cp == U'_')
        return TokenClass::Word;
    return TokenClass::Other;
}

char32_t codePointAt(const QString &text, qsizetype i)
{
    const QChar c = text.at(i);
    if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
        return QChar::surrogateToUcs4(c, text.at(i + 1));
    return c.unicode();
}

/// Splits into tokens that concatenate back to `text`, never inside a grapheme cluster.
std::vector<QStringView> tokenize(const QString &text)
{
    std::vector<QStringView> tokens;
    if (text.isEmpty())
        return tokens;
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, text);
    qsizetype tokenStart = 0;
    qsizetype start = 0;
    TokenClass current = TokenClass::Other;
    for (qsizetype end = graphemes.toNextBoundary(); end > 0; end = graphemes.toNextBoundary()) {
        const TokenClass cls = classify(codePointAt(text, start));
        if (start > tokenStart && (cls != current || cls == TokenClass::Other)) {
            tokens.push_back(QStringView(text).mid(tokenStart, start - tokenStart));
            tokenStart = start;
        }
        current = cls;
        start = end;
    }
    tokens.push_back(QStringView(text).mid(tokenStart));
    return tokens;
}

/// Appends text to the last segment when it has the same kind, so kinds alternate.
void append(QList<DiffSegment> &segments, DiffSegment::Kind kind, QStringView text)
{
    if (text.isEmpty())
        return;
    if (!segments.isEmpty() && segments.last().kind == kind)
        segments.last().text += text;
    else
        segments.append(DiffSegment{kind, text.toString()});
}

/// Collects the removed and added text between two unchanged tokens; emits removed first.
struct PendingChange {
    QString removed;
    QString added;

    void flushInto(QList<DiffSegment> &segments)
    {
        append(segments, DiffSegment::Removed, removed);
        append(segments, DiffSegment::Added, added);
        removed.clear();
        added.clear();
    }
};

bool isBlank(const QString &text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.isSpace(); });
}

/// "a b" -> "c d" aligns on the space alone: Removed a, Added c, Equal " ", Removed b,
/// Added d. Reading that is harder than one replacement of "a b" by "c d", so whitespace-only
/// Equal segments between two changes are folded into the change around them.
QList<DiffSegment> foldBlankEquals(const QList<DiffSegment> &segments)
{
    QList<DiffSegment> result;
    PendingChange pending;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const DiffSegment &s = segments.at(i);
        const bool betweenChanges = s.kind == DiffSegment::Equal && i > 0 &&
                                    i + 1 < segments.size() &&
                                    segments.at(i - 1).kind != DiffSegment::Equal &&
                                    segments.at(i + 1).kind != DiffSegment::Equal;
        if (s.kind == DiffSegment::Removed) {
            pending.removed += s.text;
        } else if (s.kind == DiffSegment::Added) {
            pending.added += s.text;
        } else if (betweenChanges && isBlank(s.text)) {
            pending.removed += s.text;
            pending.added += s.text;
        } else {
            pending.flushInto(result);
            append(result, DiffSegment::Equal, s.text);
        }
    }
    pending.flushInto(result);
    return result;
}

} // namespace

QList<DiffSegment> wordDiff(const QString &before, const QString &after)
{
    const std::vector<QStringView> a = tokenize(before);
    const std::vector<QStringView> b = tokenize(after);

    // The common start and end cost nothing to align and usually cover most of a field.
    size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const size_t n = a.size() - prefix - suffix;
    const size_t m = b.size() - prefix - suffix;

    QList<DiffSegment> segments;
    for (size_t i = 0; i < prefix; ++i)
        append(segments, DiffSegment::Equal, a[i]);

    PendingChange pending;
    if (n > size_t(WordDiffMaxTokens) || m > size_t(WordDiffMaxTokens)) {
        // The table would need n·m cells (over 8 MB): show the middle as replaced instead.
        for (size_t i = 0; i < n; ++i)
            pending.removed += a[prefix + i];
        for (size_t j = 0; j < m; ++j)
            pending.added += b[prefix + j];
    } else if (n > 0 || m > 0) {
        // lcs[i][j]: length of the LCS of a[i..] and b[j..] (middles only). Fits in 16 bits
        // because both middles are at most WordDiffMaxTokens long.
        const size_t width = m + 1;
        std::vector<std::uint16_t> lcs((n + 1) * width, 0);
        const auto at = [&](size_t i, size_t j) -> std::uint16_t & { return lcs[i * width + j]; };
        for (size_t i = n; i-- > 0;) {
            for (size_t j = m; j-- > 0;) {
                at(i, j) = a[prefix + i] == b[prefix + j] ? std::uint16_t(at(i + 1, j + 1) + 1)
                                                          : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        size_t i = 0;
        size_t j = 0;
        while (i < n && j < m) {
            if (a[prefix + i] == b[prefix + j]) {
                pending.flushInto(segments);
                append(segments, DiffSegment::Equal, a[prefix + i]);
                ++i;
                ++j;
            } else if (at(i + 1, j) >= at(i, j + 1)) {
                pending.removed += a[prefix + i++];
            } else {
                pending.added += b[prefix + j++];
            }
        }
        for (; i < n; ++i)
            pending.removed += a[prefix + i];
        for (; j < m; ++j)
            pending.added += b[prefix + j];
    }
    pending.flushInto(segments);

    for (size_t i = a.size() - suffix; i < a.size(); ++i)
        append(segments, DiffSegment::Equal, a[i]);
    return foldBlankEquals(segments);
}

} // namespace dispatch
