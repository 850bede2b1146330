#pragma once

#include <draftsaver.h>

#include <QLabel>
#include <QPointer>

namespace dispatch::ui {

/// Says whether the draft is on the server, in words: "Saved", "Saving…", "Not saved —
/// retrying", "Not saved: …" and "Needs your decision". It follows a net::DraftSaver, so it
/// never says Saved before the server did. Before a draft exists it says "Not saved yet".
class SaveIndicator final : public QLabel {
    Q_OBJECT
public:
    explicit SaveIndicator(QWidget *parent = nullptr);

    void setSaver(net::DraftSaver *saver);
    /// The words for a state.
    static QString textFor(const net::DraftSaver &saver);

private:
    void refresh();

    QPointer<net::DraftSaver> m_saver;
};

} // namespace dispatch::ui
