#pragma once

#include <QList>
#include <QString>

namespace dispatch {

/// Word-level diff of two texts for the conflict dialog ("a word-level diff for text"), so a user
/// sees what differs between their version of a field and the other one.
///
/// Tokens are whole user-perceived characters (grapheme clusters, so an emoji or a letter with
/// a combining accent is never split): runs of word characters, runs of whitespace, and each
/// other character (punctuation, symbols, and each Han/Kana character, as those scripts do not
/// separate words by spaces). The token sequences are aligned by a longest common subsequence.
/// Between two unchanged tokens the removed text comes first, then the added text; whitespace
/// alone between two changes is folded into them, so "a b" → "c d" reads as one replacement.
/// Adjacent segments never share a kind. Equal + Removed texts concatenate to `before`,
/// Equal + Added texts to `after`.
struct DiffSegment {
    enum Kind { Equal, Removed, Added } kind;
    QString text;

    friend bool operator==(const DiffSegment &, const DiffSegment &) = default;
};

/// Beyond this many differing tokens on either side (after the common start and end are
/// cut off) the LCS table would be too large: the middle becomes one Removed + one Added.
inline constexpr qsizetype WordDiffMaxTokens = 2000;

QList<DiffSegment> wordDiff(const QString &before, const QString &after);

} // namespace dispatch
