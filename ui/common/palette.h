#pragma once

#include <jobstatus.h>
#include <photo.h>

#include <QColor>
#include <QString>

namespace dispatch::ui {

/// The console's colours, and the style sheets made from them, in one place instead of hex
/// codes spread through the widgets (STYLE.md, "Resources as files"). Each colour is named for
/// what it means, not for its hue: a widget asks for `Palette::errorText()`, and a change of
/// shade is one line in palette.cpp. Colour never carries a meaning alone: every widget that
/// uses one also says it in words, so the console reads without colour vision.
class Palette final {
public:
    Palette() = delete;

    /// A job status's badge on the board and in the detail pane.
    static QColor statusBadge(JobStatus status);
    /// Text on any status badge.
    static QColor badgeText();
    /// The detail pane's status label: a pill in the status's colour.
    static QString statusBadgeStyleSheet(JobStatus status);

    /// A message that something failed: sign-in, a refused action in the detail pane.
    static QColor errorText();
    /// A value that does not validate: the editor's fields, the conflict dialog's own value.
    static QColor validationText();
    /// `color: #rrggbb;` for a label's text.
    static QString textStyleSheet(const QColor &color);
    /// Secondary text (a placeholder, "no notes"): the style's own mid tone.
    static QString mutedTextStyleSheet();

    /// The connection indicator's dot in the status bar.
    enum class Indicator {
        Idle, ///< nothing to report yet (starting)
        Busy, ///< connecting, or polling while the live connection is down
        Good, ///< connected, live
        Bad,  ///< the server cannot be reached
    };
    static QColor indicator(Indicator state);

    /// The editor's "changed by someone else" banner: a calm note, not an alarm
    /// (nextcloud/desktop #1195): pale blue, dark text. `objectName` is the banner's.
    static QString bannerStyleSheet(const QString &objectName);

    /// A board row changed by someone else: lit in this colour, then fading out. Amber, which
    /// no status badge uses, so it is noticed at a glance.
    static QColor changeHighlight();

    /// A NoticeBanner's kind (ui/common/noticebanner.h): each has its own pale background,
    /// border and dark text, and the banner also shows an icon and says it in words.
    enum class Notice { Success, Info, Warning, Error };
    static QColor noticeBackground(Notice kind);
    static QColor noticeBorder(Notice kind);
    static QColor noticeText(Notice kind);
    /// The banner's frame and its labels in `kind`'s colours; `objectName` is the banner's.
    static QString noticeStyleSheet(const QString &objectName, Notice kind);

    /// The Offers view's score bar (docs/openapi.yaml "Offers"): one colour per part of the
    /// score, and the distance penalty (a negative distance part), which is also hatched.
    static QColor scoreSchedule();
    static QColor scoreDistance();
    static QColor scoreUrgency();
    static QColor scorePenalty();
    /// The bar's empty track.
    static QColor scoreTrack();

    /// The conflict dialog's word diff: the background of removed and of added text.
    static QColor diffRemoved();
    static QColor diffAdded();

    /// A photo tile's review badge (pending, approved, flagged); the badge's glyph and the
    /// tile's tooltip say it in words too.
    static QColor photoReviewBadge(PhotoReviewState state);
    /// A photo not loaded yet: a neutral box, and the picture glyph drawn on it.
    static QColor photoPlaceholder();
    static QColor photoPlaceholderGlyph();
};

} // namespace dispatch::ui
