#pragma once

class QLabel;

namespace dispatch {
struct Job;
}

namespace dispatch::ui {

/// Shows the customer's notes of `job` in `label`, or, when the customer gave none (`details`
/// null or blank, docs/openapi.yaml), says so plainly in muted italics. The job's detail pane
/// and the pro's offer details both show them this way.
void showCustomerNotes(QLabel *label, const Job &job);

} // namespace dispatch::ui
