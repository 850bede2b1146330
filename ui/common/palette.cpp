#include "palette.h"

namespace dispatch::ui {

namespace {
// The shades, mostly Material Design's 800 row: dark enough to carry white text, and apart
// from one another.
constexpr QRgb kGreen = qRgb(0x2e, 0x7d, 0x32);
constexpr QRgb kPurple = qRgb(0x6a, 0x1b, 0x9a);
constexpr QRgb kBlue = qRgb(0x15, 0x65, 0xc0);
constexpr QRgb kOrange = qRgb(0xe6, 0x51, 0x00);
constexpr QRgb kCyan = qRgb(0x00, 0x83, 0x8f);
constexpr QRgb kBlueGrey = qRgb(0x45, 0x5a, 0x64);
constexpr QRgb kGrey = qRgb(0x75, 0x75, 0x75);
constexpr QRgb kRed = qRgb(0xc6, 0x28, 0x28);
constexpr QRgb kCrimson = qRgb(0xb0, 0x00, 0x20);
constexpr QRgb kAmber = qRgb(0xff, 0xc1, 0x07);

constexpr QRgb kBannerBackground = qRgb(0xe8, 0xf1, 0xfb);
constexpr QRgb kBannerBorder = qRgb(0x9c, 0xc3, 0xe8);
constexpr QRgb kBannerText = qRgb(0x1b, 0x3a, 0x57);

// Notices: Bootstrap's alert shades, pale backgrounds that keep dark text readable.
constexpr QRgb kSuccessBackground = qRgb(0xd1, 0xe7, 0xdd);
constexpr QRgb kSuccessBorder = qRgb(0xa3, 0xcf, 0xbb);
constexpr QRgb kSuccessText = qRgb(0x0a, 0x36, 0x22);
constexpr QRgb kWarningBackground = qRgb(0xff, 0xf3, 0xcd);
constexpr QRgb kWarningBorder = qRgb(0xff, 0xe6, 0x9c);
constexpr QRgb kWarningText = qRgb(0x66, 0x4d, 0x03);
constexpr QRgb kErrorBackground = qRgb(0xf8, 0xd7, 0xda);
constexpr QRgb kErrorBorder = qRgb(0xf1, 0xae, 0xb5);
constexpr QRgb kErrorText = qRgb(0x58, 0x15, 0x1c);

// The score bar's empty track: light, so the parts stand out on it.
constexpr QRgb kTrack = qRgb(0xe0, 0xe0, 0xe0);

// GitHub's diff backgrounds: pale enough for dark text, told apart by strike/underline too.
constexpr QRgb kDiffRemoved = qRgb(0xff, 0xd7, 0xd5);
constexpr QRgb kDiffAdded = qRgb(0xcc, 0xff, 0xd8);
} // namespace

QColor Palette::statusBadge(JobStatus status)
{
    switch (status) {
    case JobStatus::Open:
        return QColor(kGreen); // free to take
    case JobStatus::Requested:
        return QColor(kPurple);
    case JobStatus::Scheduled:
        return QColor(kBlue);
    case JobStatus::InProgress:
        return QColor(kOrange);
    case JobStatus::CompletedByPro:
    case JobStatus::AwaitingCustomerConfirm:
        return QColor(kCyan);
    case JobStatus::Paid:
        return QColor(kBlueGrey);
    case JobStatus::Cancelled:
    case JobStatus::Expired:
        return QColor(kGrey);
    }
    return QColor(Qt::gray);
}

QColor Palette::badgeText()
{
    return QColor(Qt::white);
}

QString Palette::statusBadgeStyleSheet(JobStatus status)
{
    return QStringLiteral(
               "QLabel { background: %1; color: %2; border-radius: 9px; padding: 2px 10px; }")
        .arg(statusBadge(status).name(), badgeText().name());
}

QColor Palette::errorText()
{
    return QColor(kRed);
}

QColor Palette::validationText()
{
    return QColor(kCrimson);
}

QString Palette::textStyleSheet(const QColor &color)
{
    return QStringLiteral("color: %1;").arg(color.name());
}

QString Palette::mutedTextStyleSheet()
{
    return QStringLiteral("color: palette(mid);");
}

QColor Palette::indicator(Indicator state)
{
    switch (state) {
    case Indicator::Idle:
        return QColor(kGrey);
    case Indicator::Busy:
        return QColor(kOrange);
    case Indicator::Good:
        return QColor(kGreen);
    case Indicator::Bad:
        return QColor(kRed);
    }
    return QColor(kGrey);
}

QString Palette::bannerStyleSheet(const QString &objectName)
{
    return QStringLiteral("#%1 { background: %2; border: 1px solid %3; border-radius: 4px; }"
                          " #%1 QLabel { color: %4; }")
        .arg(objectName, QColor(kBannerBackground).name(), QColor(kBannerBorder).name(),
             QColor(kBannerText).name());
}

QColor Palette::noticeBackground(Notice kind)
{
    switch (kind) {
    case Notice::Success:
        return QColor(kSuccessBackground);
    case Notice::Info:
        return QColor(kBannerBackground);
    case Notice::Warning:
        return QColor(kWarningBackground);
    case Notice::Error:
        return QColor(kErrorBackground);
    }
    return QColor(kBannerBackground);
}

QColor Palette::noticeBorder(Notice kind)
{
    switch (kind) {
    case Notice::Success:
        return QColor(kSuccessBorder);
    case Notice::Info:
        return QColor(kBannerBorder);
    case Notice::Warning:
        return QColor(kWarningBorder);
    case Notice::Error:
        return QColor(kErrorBorder);
    }
    return QColor(kBannerBorder);
}

QColor Palette::noticeText(Notice kind)
{
    switch (kind) {
    case Notice::Success:
        return QColor(kSuccessText);
    case Notice::Info:
        return QColor(kBannerText);
    case Notice::Warning:
        return QColor(kWarningText);
    case Notice::Error:
        return QColor(kErrorText);
    }
    return QColor(kBannerText);
}

QString Palette::noticeStyleSheet(const QString &objectName, Notice kind)
{
    return QStringLiteral("#%1 { background: %2; border: 1px solid %3; border-radius: 4px; }"
                          " #%1 QLabel { color: %4; background: transparent; border: none; }")
        .arg(objectName, noticeBackground(kind).name(), noticeBorder(kind).name(),
             noticeText(kind).name());
}

QColor Palette::scoreSchedule()
{
    return QColor(kBlue);
}

QColor Palette::scoreDistance()
{
    return QColor(kGreen);
}

QColor Palette::scoreUrgency()
{
    return QColor(kOrange);
}

QColor Palette::scorePenalty()
{
    return QColor(kRed);
}

QColor Palette::scoreTrack()
{
    return QColor(kTrack);
}

QColor Palette::changeHighlight()
{
    return QColor(kAmber);
}

QColor Palette::diffRemoved()
{
    return QColor(kDiffRemoved);
}

QColor Palette::diffAdded()
{
    return QColor(kDiffAdded);
}

QColor Palette::photoReviewBadge(PhotoReviewState state)
{
    switch (state) {
    case PhotoReviewState::Pending:
        return QColor(kOrange);
    case PhotoReviewState::Approved:
        return QColor(kGreen);
    case PhotoReviewState::Flagged:
        return QColor(kRed);
    }
    return QColor(kGrey);
}

QColor Palette::photoPlaceholder()
{
    return QColor(kTrack);
}

QColor Palette::photoPlaceholderGlyph()
{
    return QColor(kGrey);
}

} // namespace dispatch::ui
