#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QMenuBar;
class QTreeWidget;

namespace dispatch::ui {

/// Help › Keyboard shortcuts: a two-column table (keys, what they do) in sections. The menus'
/// shortcuts are read from the menu bar itself, so the table lists exactly what this user's
/// menus hold and can never drift from them; keys that live inside a view (a list's arrows,
/// the review's A and F) are added by the caller as further sections.
class ShortcutsDialog final : public QDialog {
    Q_OBJECT
public:
    struct Row {
        QString keys;
        QString what;
    };
    struct Section {
        QString title;
        QList<Row> rows;
    };

    explicit ShortcutsDialog(QWidget *parent = nullptr);

    /// One section per menu, with each visible action that has a shortcut.
    static QList<Section> menuSections(const QMenuBar *menuBar);
    void setSections(const QList<Section> &sections);
    QTreeWidget *table() const { return m_table; }

private:
    QTreeWidget *m_table = nullptr;
};

} // namespace dispatch::ui
