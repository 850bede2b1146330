#include "draftfield.h"

#include "fieldtext.h"
#include "palette.h"

#include <draftsaver.h>
#include <fieldkeys.h>

#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace dispatch::ui {

namespace {
/// What to type: the editor's placeholders, and the wizard's own where a new job asks more.
QString hintFor(QStringView key)
{
    if (key == QStringView(FieldKey::Geo))
        return DraftField::tr("optional: latitude, longitude (e.g. 30.2672, -97.7431)");
    if (key == QStringView(FieldKey::CustomerPhone))
        return DraftField::tr("e.g. +1 512 555 0100");
    if (key == QStringView(FieldKey::Details))
        return DraftField::tr("What the customer asked for, access notes… (optional)");
    return fieldPlaceholder(key);
}

bool isRequired(QStringView key)
{
    return key == QStringView(FieldKey::Title) || key == QStringView(FieldKey::CustomerName) ||
           key == QStringView(FieldKey::Address) || key == QStringView(FieldKey::CountryCode) ||
           key == QStringView(FieldKey::StateCode);
}
} // namespace

DraftField::DraftField(const QString &key, QWidget *parent)
    : QObject(parent)
    , m_key(key)
    , m_row(new QWidget(parent))
{
    QString label = fieldLabel(key);
    if (key == QStringView(FieldKey::PricingAmountCents) ||
        key == QStringView(FieldKey::PricingHourlyRateCents))
        label += QStringLiteral(" ($)");
    if (isRequired(key))
        label = tr("%1 (required)").arg(label);

    if (key == QStringView(FieldKey::Details)) {
        auto *text = new QPlainTextEdit(m_row);
        text->setTabChangesFocus(true);
        text->setPlaceholderText(hintFor(key));
        text->setFixedHeight(text->fontMetrics().lineSpacing() * 6 + 12);
        connect(text, &QPlainTextEdit::textChanged, this, &DraftField::onEdited);
        m_editor = text;
    } else if (key == QStringView(FieldKey::PricingKind)) {
        auto *combo = new QComboBox(m_row);
        combo->addItem(tr("Not set"), QString());
        combo->addItem(tr("Flat rate"), QStringLiteral("flat"));
        combo->addItem(tr("Hourly"), QStringLiteral("hourly"));
        connect(combo, &QComboBox::currentIndexChanged, this, &DraftField::onEdited);
        m_editor = combo;
    } else {
        auto *line = new QLineEdit(m_row);
        line->setPlaceholderText(hintFor(key));
        connect(line, &QLineEdit::textEdited, this, &DraftField::onEdited);
        m_editor = line;
    }
    m_editor->setObjectName(u"field_" + key);
    m_editor->setAccessibleName(fieldLabel(key));
    m_label = new QLabel(label + QLatin1Char(':'), m_row);
    m_label->setObjectName(u"label_" + key);
    m_label->setBuddy(m_editor);
    m_error = new QLabel(m_row);
    m_error->setObjectName(u"error_" + key);
    m_error->setStyleSheet(Palette::textStyleSheet(Palette::validationText()));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->hide();

    auto *layout = new QVBoxLayout(m_row);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(2);
    layout->addWidget(m_label);
    layout->addWidget(m_editor);
    layout->addWidget(m_error);
}

void DraftField::setSaver(net::DraftSaver *saver)
{
    m_saver = saver;
}

QString DraftField::text() const
{
    if (auto *line = qobject_cast<QLineEdit *>(m_editor))
        return line->text();
    if (auto *plain = qobject_cast<QPlainTextEdit *>(m_editor))
        return plain->toPlainText();
    if (auto *combo = qobject_cast<QComboBox *>(m_editor))
        return combo->currentData().toString();
    return {};
}

void DraftField::setText(const QString &text)
{
    const bool wasLoading = std::exchange(m_loading, true);
    if (auto *line = qobject_cast<QLineEdit *>(m_editor)) {
        line->setText(text);
        line->setCursorPosition(0);
    } else if (auto *plain = qobject_cast<QPlainTextEdit *>(m_editor)) {
        plain->setPlainText(text);
    } else if (auto *combo = qobject_cast<QComboBox *>(m_editor)) {
        combo->setCurrentIndex(qMax(0, combo->findData(text)));
    }
    m_loading = wasLoading;
}

bool DraftField::isValid() const
{
    return fieldValueFromText(m_key, text()).ok();
}

QJsonValue DraftField::value() const
{
    const FieldCheck check = fieldValueFromText(m_key, text());
    if (!check.ok() || check.normalized.isNull())
        return QJsonValue::Null;
    return m_toDraft ? m_toDraft(check.normalized) : check.normalized;
}

void DraftField::show(const QJsonValue &value)
{
    QJsonValue plain = value;
    if (value.isObject() && m_key == QStringView(FieldKey::Geo)) {
        // The draft's geo carries its jurisdiction; the field shows "lat, lng".
        QJsonObject geo = value.toObject();
        geo.remove(QStringLiteral("countryCode"));
        geo.remove(QStringLiteral("stateCode"));
        plain = geo;
    }
    const FieldCheck shown = fieldValueFromText(m_key, text());
    if (!shown.ok() || !sameFieldValue(shown.normalized, plain))
        setText(fieldEditText(m_key, plain));
    m_error->hide();
}

void DraftField::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void DraftField::onEdited()
{
    if (m_loading)
        return;
    const FieldCheck check = fieldValueFromText(m_key, text());
    if (check.ok()) {
        m_error->hide();
        if (m_saver)
            m_saver->setField(m_key, value());
    } else {
        showError(fieldErrorText(m_key, check.reason));
        if (m_saver)
            m_saver->markInvalid(m_key);
    }
    Q_EMIT edited();
}

} // namespace dispatch::ui
