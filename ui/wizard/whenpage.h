#pragma once

#include <job.h>

#include <QJsonValue>
#include <QPointer>
#include <QWizardPage>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace dispatch::net {
class DraftSaver;
}

namespace dispatch::ui {

/// The wizard's optional "When": the customer's date and window, in the time zone chosen with
/// the address. Empty means no schedule; a date without a window (or the reverse) and a window
/// whose start is not before its end are said in words under the field (scheduleStartUtc(),
/// the rule dispatchd applies). Like every field, the When is saved to the draft as the user
/// types (the draft-only key `schedule`, null for no date; docs/openapi.yaml "Drafts"), so
/// closing the wizard or a crash keeps it, and publishing makes the job with it.
class WhenPage final : public QWizardPage {
    Q_OBJECT
public:
    /// `zone` is the address's time-zone box (on the Where page).
    WhenPage(QComboBox *zone, QWidget *parent = nullptr);

    /// From now on edits (date, window, the address's zone) are saved through `saver`.
    void setSaver(net::DraftSaver *saver);
    /// Shows the draft's `schedule` (an object, or null: no date) without it counting as an
    /// edit; the zone box takes its zone.
    void show(const QJsonValue &value);
    /// Shows an error from the server under the fields.
    void showError(const QString &text);

    /// The schedule typed, or nothing when both boxes are empty or it is not valid.
    std::optional<JobSchedule> schedule() const;
    /// The schedule as the draft stores it: the object, or null for none.
    QJsonValue value() const;
    /// "" when valid (or empty), else what is wrong in words.
    QString problem() const;

    /// Fills `box` with the IANA zones of a country (two letters); keeps its choice when
    /// still offered, else picks the first. Every zone when the country is unknown.
    static void fillZones(QComboBox *box, const QString &countryCode);

    bool isComplete() const override;
    void initializePage() override;

private:
    void check();
    void onEdited();

    QComboBox *m_zone;
    QLineEdit *m_date;
    QLineEdit *m_window;
    QLabel *m_zoneText;
    QLabel *m_error;
    QPointer<net::DraftSaver> m_saver;
    bool m_loading = false;
};

} // namespace dispatch::ui
