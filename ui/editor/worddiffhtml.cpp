#include "worddiffhtml.h"

#include <palette.h>

namespace dispatch::ui {

QString diffToHtml(const QList<DiffSegment> &segments)
{
    if (segments.isEmpty())
        return {};
    const QString removedStyle = QStringLiteral("background-color:%1;text-decoration:line-through")
                                     .arg(Palette::diffRemoved().name());
    const QString addedStyle = QStringLiteral("background-color:%1;text-decoration:underline")
                                   .arg(Palette::diffAdded().name());
    QString html = QStringLiteral("<span style=\"white-space:pre-wrap\">");
    for (const DiffSegment &segment : segments) {
        const QString text = segment.text.toHtmlEscaped();
        switch (segment.kind) {
        case DiffSegment::Equal:
            html += text;
            break;
        case DiffSegment::Removed:
            // Struck through as well as coloured: colour alone fails colour-blind users.
            html += QStringLiteral("<del style=\"%1\">%2</del>").arg(removedStyle, text);
            break;
        case DiffSegment::Added:
            html += QStringLiteral("<ins style=\"%1\">%2</ins>").arg(addedStyle, text);
            break;
        }
    }
    html += QLatin1String("</span>");
    return html;
}

} // namespace dispatch::ui
