#include "gui/about_dialog.h"

#include "bcf/app/build_info.h"
#include "core/session_controller.h"
#include "gui/app_icon.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace bcf::app {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(u"aboutDialog"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 24, 28, 20);
    layout->setSpacing(14);

    auto* top = new QHBoxLayout;
    top->setSpacing(16);
    auto* logo = new QLabel(this);
    logo->setPixmap(appLogo(64));
    top->addWidget(logo, 0, Qt::AlignTop);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(4);
    auto* name = new QLabel(u"BotCriptoFy2"_s, this);
    name->setProperty("role", u"title"_s);
    titles->addWidget(name);
    m_tagline = new QLabel(this);
    m_tagline->setProperty("role", u"muted"_s);
    titles->addWidget(m_tagline);
    top->addLayout(titles, 1);
    layout->addLayout(top);

    m_details = new QLabel(this);
    m_details->setObjectName(u"aboutDetails"_s);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_details);

    m_license = new QLabel(this);
    m_license->setProperty("role", u"muted"_s);
    layout->addWidget(m_license);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_close = new QPushButton(this);
    m_close->setDefault(true);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);
    connect(m_close, &QPushButton::clicked, this, &AboutDialog::accept);

    retranslateUi();
    setFixedSize(sizeHint().expandedTo(QSize(420, 0)));
}

void AboutDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void AboutDialog::retranslateUi()
{
    setWindowTitle(tr("About BotCriptoFy2"));
    m_tagline->setText(tr("Trading workstation"));
    const QString rows = tr("<table cellspacing='4'>"
                            "<tr><td>Version</td><td><b>%1</b></td></tr>"
                            "<tr><td>Build date</td><td>%2</td></tr>"
                            "<tr><td>Qt</td><td>%3 (built with %4)</td></tr>"
                            "<tr><td>gRPC</td><td>%5</td></tr>"
                            "</table>");
    m_details->setText(rows.arg(QString::fromLatin1(build::version),
                                QString::fromLatin1(build::date),
                                QString::fromLatin1(qVersion()),
                                QString::fromLatin1(QT_VERSION_STR),
                                SessionController::grpcVersion()));
    m_license->setText(tr("Proprietary — BotCriptoFy2 team"));
    m_close->setText(tr("Close"));
}

} // namespace bcf::app
