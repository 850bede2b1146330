#pragma once

// Helpers the offscreen widget suites share: finding named children and reading labels.

#include <QDebug>
#include <QLabel>
#include <QLineEdit>
#include <QObject>
#include <QPixmap>
#include <QString>
#include <QTest>
#include <QWidget>

namespace dispatch::test {

/// The child of `parent` with this object name, or nullptr (with a warning naming it).
template<typename T> T *child(QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning() << "no child" << name;
    return found;
}

/// A named label's text, or "<missing NAME>" so a comparison fails with a readable message.
inline QString labelText(QObject *parent, const QString &name)
{
    auto *label = child<QLabel>(parent, name);
    return label ? label->text() : QStringLiteral("<missing %1>").arg(name);
}

/// Replaces a line edit's text the way a user does: select all, type (Delete for no text).
inline void retype(QLineEdit *line, const QString &text)
{
    line->setFocus();
    line->selectAll();
    if (text.isEmpty())
        QTest::keyClick(line, Qt::Key_Delete);
    else
        QTest::keyClicks(line, text);
}

/// Saves `window` as DIR/`name` when DISPATCH_SCREENSHOT_DIR names a folder (README,
/// "Screenshots"); does nothing otherwise.
inline void saveScreenshot(QWidget *window, const QString &name)
{
    const QString dir = qEnvironmentVariable("DISPATCH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(300); // the last paints
    if (!window->grab().save(dir + u'/' + name))
        qWarning("cannot save %s", qPrintable(name));
}

} // namespace dispatch::test
