#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QWizardPage>

class QLabel;

namespace dispatch::ui {

/// The wizard's last page: every value of the new job as it will be published, what is still
/// missing (the fields a job needs: title, customer, address) in words, and the outcome of
/// Publish (the wizard's Finish button).
class ReviewPage final : public QWizardPage {
    Q_OBJECT
public:
    explicit ReviewPage(QWidget *parent = nullptr);

    /// Shows `values`: the draft's fields as the wizard holds them, its When (`schedule`) too.
    void show(const QJsonObject &values);
    /// The labels of required fields still empty.
    QStringList missing() const { return m_missing; }
    /// "Publishing…", an error in words; empty hides it.
    void setStatus(const QString &text, bool error);
    QString statusText() const;

    bool isComplete() const override;

private:
    QLabel *m_summary;
    QLabel *m_missingLabel;
    QLabel *m_status;
    QStringList m_missing;
};

} // namespace dispatch::ui
