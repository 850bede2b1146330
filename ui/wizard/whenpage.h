#pragma once

#include <job.h>

#include <QWizardPage>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace dispatch::ui {

/// The wizard's optional "When": the customer's date and window, in the time zone chosen with
/// the address. Empty means no schedule; a date without a window (or the reverse) and a window
/// whose start is not before its end are said in words under the field (scheduleStartUtc(),
/// the rule dispatchd applies). The schedule is set on the job right after it is published
/// (drafts hold job fields only; docs/openapi.yaml "Drafts").
class WhenPage final : public QWizardPage {
    Q_OBJECT
public:
    /// `zone` is the address's time-zone box (on the Where page).
    WhenPage(QComboBox *zone, QWidget *parent = nullptr);

    /// The schedule typed, or nothing when both boxes are empty or it is not valid.
    std::optional<JobSchedule> schedule() const;
    /// "" when valid (or empty), else what is wrong in words.
    QString problem() const;

    /// Fills `box` with the IANA zones of a country (two letters); keeps its choice when
    /// still offered, else picks the first. Every zone when the country is unknown.
    static void fillZones(QComboBox *box, const QString &countryCode);

    bool isComplete() const override;
    void initializePage() override;

private:
    void check();

    QComboBox *m_zone;
    QLineEdit *m_date;
    QLineEdit *m_window;
    QLabel *m_zoneText;
    QLabel *m_error;
};

} // namespace dispatch::ui
