#include "reviewpage.h"

#include "fieldtext.h"
#include "palette.h"

#include <fieldkeys.h>
#include <job.h>

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace dispatch::ui {

ReviewPage::ReviewPage(QWidget *parent)
    : QWizardPage(parent)
    , m_summary(new QLabel(this))
    , m_missingLabel(new QLabel(this))
    , m_status(new QLabel(this))
{
    setTitle(tr("Review and publish"));
    setSubTitle(tr("Publish makes the job and puts it on the board, open for pros. Go Back to "
                   "change anything."));
    m_summary->setObjectName(QStringLiteral("reviewSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_summary->setFocusPolicy(Qt::StrongFocus);
    m_summary->setAccessibleName(tr("The new job"));
    m_missingLabel->setObjectName(QStringLiteral("reviewMissing"));
    m_missingLabel->setStyleSheet(Palette::textStyleSheet(Palette::validationText()));
    m_missingLabel->setWordWrap(true);
    m_missingLabel->setTextFormat(Qt::PlainText);
    m_status->setObjectName(QStringLiteral("publishStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_missingLabel);
    layout->addStretch(1);
    layout->addWidget(m_status);
}

void ReviewPage::show(const QJsonObject &values)
{
    QString rows;
    const auto row = [&rows](const QString &label, const QString &value) {
        rows += QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
                    .arg(label.toHtmlEscaped(),
                         value.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    };
    for (const QString &key : canonicalFieldKeys()) {
        QJsonValue value = values.value(key);
        if (key == QStringView(FieldKey::Geo) && value.isObject()) {
            QJsonObject geo = value.toObject();
            geo.remove(QStringLiteral("countryCode"));
            geo.remove(QStringLiteral("stateCode"));
            value = geo;
        }
        if (value.isNull() || value.isUndefined())
            continue;
        row(fieldLabel(key), fieldDisplayText(key, value));
    }
    QString member, reason;
    const QJsonValue when = values.value(DraftKey::Schedule);
    if (const auto schedule =
            when.isObject() ? scheduleFromJson(when, &member, &reason) : std::nullopt)
        row(fieldLabel(DraftKey::Schedule),
            tr("%1, %2 (%3)").arg(schedule->date, schedule->window, schedule->timezone));
    m_summary->setText(u"<table>" + rows + u"</table>");

    m_missing.clear();
    for (const auto *key : {FieldKey::Title, FieldKey::CustomerName, FieldKey::Address}) {
        const QJsonValue value = values.value(key);
        if (value.isNull() || value.isUndefined() || value.toString().trimmed().isEmpty())
            m_missing.append(fieldLabel(key));
    }
    m_missingLabel->setText(m_missing.isEmpty()
                                ? QString()
                                : tr("A job needs these before it can be published: %1. Go "
                                     "Back to fill them in.")
                                      .arg(QLocale().createSeparatedList(m_missing)));
    m_missingLabel->setVisible(!m_missing.isEmpty());
    Q_EMIT completeChanged();
}

void ReviewPage::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? Palette::textStyleSheet(Palette::validationText()) : QString());
    m_status->setVisible(!text.isEmpty());
}

QString ReviewPage::statusText() const
{
    return m_status->text();
}

bool ReviewPage::isComplete() const
{
    return m_missing.isEmpty();
}

} // namespace dispatch::ui
