#include "fieldspage.h"

#include "draftfield.h"

#include <QVBoxLayout>

namespace dispatch::ui {

FieldsPage::FieldsPage(const QString &title, const QString &subtitle, QWidget *parent)
    : QWizardPage(parent)
    , m_layout(new QVBoxLayout)
{
    setTitle(title);
    setSubTitle(subtitle);
    auto *outer = new QVBoxLayout(this);
    outer->addLayout(m_layout);
    outer->addStretch(1);
}

DraftField *FieldsPage::addField(const QString &key)
{
    auto *field = new DraftField(key, this);
    m_layout->addWidget(field->row());
    m_fields.append(field);
    connect(field, &DraftField::edited, this, &QWizardPage::completeChanged);
    return field;
}

void FieldsPage::addWidget(QWidget *widget)
{
    m_layout->addWidget(widget);
}

bool FieldsPage::isComplete() const
{
    return std::all_of(m_fields.cbegin(), m_fields.cend(),
                       [](const DraftField *field) { return field->isValid(); });
}

bool FieldsPage::validatePage()
{
    return !m_validator || m_validator();
}

} // namespace dispatch::ui
