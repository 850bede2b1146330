#include "customernotes.h"

#include "palette.h"

#include <fieldkeys.h>
#include <job.h>

#include <QCoreApplication>
#include <QLabel>

namespace dispatch::ui {

namespace {
struct CustomerNotes {
    Q_DECLARE_TR_FUNCTIONS(dispatch::ui::CustomerNotes)
};
} // namespace

void showCustomerNotes(QLabel *label, const Job &job)
{
    const QJsonValue details = job.field(FieldKey::Details);
    if (details.isString() && !details.toString().trimmed().isEmpty()) {
        label->setText(details.toString());
        label->setStyleSheet({});
        return;
    }
    label->setText(CustomerNotes::tr("The customer left no notes for this job."));
    label->setStyleSheet(Palette::mutedTextStyleSheet() + QStringLiteral(" font-style: italic;"));
}

} // namespace dispatch::ui
