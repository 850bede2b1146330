#pragma once

#include <worddiff.h>

#include <QList>
#include <QString>

namespace dispatch::ui {

/// Rich text for a QLabel or QTextBrowser (set Qt::RichText explicitly): text HTML-escaped
/// inside one `white-space:pre-wrap` span, removed text in `<del>` (struck through, on
/// Palette::diffRemoved()), added text in `<ins>` (underlined, on Palette::diffAdded()). Qt's
/// rich text ignores what del/ins mean, so the look is given inline as well. Empty for no
/// segments. The diff itself is models/worddiff.h's; only its presentation lives here.
QString diffToHtml(const QList<DiffSegment> &segments);

} // namespace dispatch::ui
