#pragma once

#include <QList>
#include <QWizardPage>

#include <functional>

class QVBoxLayout;

namespace dispatch::ui {

class DraftField;

/// One page of the new-job wizard: a column of draft fields (and any other widget), complete
/// while every field's value is valid, so Next waits until what is wrong is fixed. What is
/// wrong is said under the field as the user types (DraftField).
class FieldsPage final : public QWizardPage {
    Q_OBJECT
public:
    FieldsPage(const QString &title, const QString &subtitle, QWidget *parent = nullptr);

    /// Makes a field for `key` on this page and returns it.
    DraftField *addField(const QString &key);
    void addWidget(QWidget *widget);
    QList<DraftField *> fields() const { return m_fields; }

    /// Called by validatePage(); false keeps the wizard on this page.
    void setValidator(std::function<bool()> validator) { m_validator = std::move(validator); }

    bool isComplete() const override;
    bool validatePage() override;

private:
    QVBoxLayout *m_layout;
    QList<DraftField *> m_fields;
    std::function<bool()> m_validator;
};

} // namespace dispatch::ui
