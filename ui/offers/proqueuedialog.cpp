#include "proqueuedialog.h"

#include "offerqueue.h"
#include "offerspage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace dispatch::ui {

ProQueueDialog::ProQueueDialog(net::ApiClient *api, const QList<net::UserInfo> &pros,
                               QWidget *parent)
    : QDialog(parent)
    , m_pros(pros)
    , m_proBox(new QComboBox(this))
    , m_queue(new OfferQueue(api, this))
    , m_page(new OffersPage(m_queue, this))
{
    setObjectName(QStringLiteral("proQueueDialog"));
    setWindowTitle(tr("Offers as a pro sees them"));
    setModal(false);
    m_proBox->setObjectName(QStringLiteral("proQueueProBox"));
    m_proBox->setAccessibleName(tr("Pro whose offers to show"));
    for (const net::UserInfo &pro : std::as_const(m_pros))
        m_proBox->addItem(pro.home ? pro.name : tr("%1 (no home set)").arg(pro.name), pro.id);
    auto *proLabel = new QLabel(tr("&Pro:"), this);
    proLabel->setBuddy(m_proBox);
    auto *top = new QHBoxLayout;
    top->addWidget(proLabel);
    top->addWidget(m_proBox, 1);

    m_page->setReadOnly(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_page, 1);
    layout->addWidget(buttons);
    resize(1100, 620);

    connect(m_proBox, &QComboBox::currentIndexChanged, this, &ProQueueDialog::onProChosen);
    if (!m_pros.isEmpty())
        onProChosen(m_proBox->currentIndex());
    m_queue->start();
}

bool ProQueueDialog::showPro(const QString &proId)
{
    const int index = m_proBox->findData(proId);
    if (index < 0)
        return false;
    m_proBox->setCurrentIndex(index);
    onProChosen(index); // also when it was already current
    return true;
}

void ProQueueDialog::onProChosen(int index)
{
    if (index < 0 || index >= m_pros.size())
        return;
    const net::UserInfo &pro = m_pros.at(index);
    // Distances from the pro's home, as the pro gets them. With no home the server scores no
    // distance for the pro; asked without an origin it scores none for the office either.
    m_page->setReadOnlyCaption(pro.name);
    m_queue->setOrigin(pro.home);
}

} // namespace dispatch::ui
