#pragma once

// Helpers the offscreen widget suites share: finding named children and reading labels.

#include <QAbstractButton>
#include <QAction>
#include <QDebug>
#include <QGroupBox>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QMenuBar>
#include <QObject>
#include <QPixmap>
#include <QString>
#include <QStringList>
#include <QTabBar>
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

/// The mnemonics (Alt+letter) that more than one shown control of `window` claims, as
/// "Alt+S: U&se this pro, &Show all…". Qt does not press an ambiguous mnemonic, it only
/// moves the focus, so a clash is a key that stops working. Disabled controls count: they
/// are enabled by the next job. Empty when every mnemonic is unique.
inline QStringList mnemonicClashes(QWidget *window)
{
    QMap<QKeySequence, QStringList> claims;
    const auto claim = [&claims](const QString &text) {
        const QKeySequence key = QKeySequence::mnemonic(text);
        if (!key.isEmpty())
            claims[key].append(text);
    };
    for (QAbstractButton *button : window->findChildren<QAbstractButton *>())
        if (button->isVisible())
            claim(button->text());
    for (QLabel *label : window->findChildren<QLabel *>())
        if (label->isVisible() && label->buddy())
            claim(label->text());
    for (QGroupBox *box : window->findChildren<QGroupBox *>())
        if (box->isVisible())
            claim(box->title());
    for (QTabBar *bar : window->findChildren<QTabBar *>())
        if (bar->isVisible())
            for (int i = 0; i < bar->count(); ++i)
                claim(bar->tabText(i));
    for (QMenuBar *bar : window->findChildren<QMenuBar *>())
        for (QAction *menu : bar->actions())
            if (menu->isVisible())
                claim(menu->text());
    QStringList clashes;
    for (auto it = claims.cbegin(); it != claims.cend(); ++it)
        if (it.value().size() > 1)
            clashes.append(it.key().toString(QKeySequence::PortableText) + u": " +
                           it.value().join(u", "));
    return clashes;
}

} // namespace dispatch::test
