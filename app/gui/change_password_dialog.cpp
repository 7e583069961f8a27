#include "gui/change_password_dialog.h"

#include "core/session_controller.h"
#include "gui/form_helpers.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

void setMessage(QLabel* label, const QString& text, const QString& role)
{
    label->setText(text);
    label->setProperty("role", role);
    label->style()->unpolish(label);
    label->style()->polish(label);
    label->setVisible(!text.isEmpty());
}

} // namespace

ChangePasswordDialog::ChangePasswordDialog(SessionController& session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(u"changePasswordDialog"_s);
    setMinimumWidth(440);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(14);

    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_intro->setProperty("role", u"muted"_s);
    layout->addWidget(m_intro);

    auto* form = new QFormLayout;

    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form->setVerticalSpacing(10);
    form->setHorizontalSpacing(16);
    m_current = new QLineEdit(this);
    m_new = new QLineEdit(this);
    m_confirm = new QLineEdit(this);
    for (auto* edit : {m_current, m_new, m_confirm}) {
        edit->setEchoMode(QLineEdit::Password);
        edit->setMaxLength(1024);
        connect(edit, &QLineEdit::textChanged, this, &ChangePasswordDialog::updateButtons);
    }
    m_currentLabel = new QLabel(this);
    m_newLabel = new QLabel(this);
    m_confirmLabel = new QLabel(this);
    form->addRow(m_currentLabel, m_current);
    form->addRow(m_newLabel, m_new);
    form->addRow(m_confirmLabel, m_confirm);
    centerFormLabels(form);
    layout->addLayout(form);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_cancel = new QPushButton(this);
    m_cancel->setAutoDefault(false);
    m_change = new QPushButton(this);
    m_change->setProperty("accent", true);
    m_change->setDefault(true);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_change);
    layout->addLayout(buttons);

    connect(m_cancel, &QPushButton::clicked, this, &ChangePasswordDialog::reject);
    connect(m_change, &QPushButton::clicked, this, [this] {
        if (m_done)
            accept();
        else
            submit();
    });
    retranslateUi();
}

void ChangePasswordDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ChangePasswordDialog::retranslateUi()
{
    setWindowTitle(tr("Change password"));
    m_intro->setText(tr("Choose a new password for %1. Your other sessions will be signed out.")
                         .arg(m_session.user().username));
    m_currentLabel->setText(tr("Current password"));
    m_newLabel->setText(tr("New password"));
    m_confirmLabel->setText(tr("Repeat new password"));
    m_cancel->setText(tr("Cancel"));
    updateButtons();
}

void ChangePasswordDialog::updateButtons()
{
    if (m_done) {
        m_change->setText(tr("Close"));
        m_change->setEnabled(true);
        m_cancel->hide();
        return;
    }
    const bool filled = !m_current->text().isEmpty() && !m_new->text().isEmpty()
        && !m_confirm->text().isEmpty();
    const bool matching = m_new->text() == m_confirm->text();
    m_change->setText(m_busy ? tr("Changing…") : tr("Change password"));
    m_change->setEnabled(filled && matching && !m_busy);
    if (filled && !matching)
        setMessage(m_message, tr("The new passwords do not match."), u"error"_s);
    else if (!m_busy && m_message->property("role").toString() == u"error"_s
             && m_message->text() == tr("The new passwords do not match."))
        setMessage(m_message, {}, u"error"_s);
}

void ChangePasswordDialog::submit()
{
    if (m_busy || !m_change->isEnabled())
        return;
    m_busy = true;
    setMessage(m_message, {}, u"error"_s);
    updateButtons();
    m_session.changePassword(
        m_current->text(), m_new->text(), this,
        [this](SessionController::Outcome<void> result) {
            m_busy = false;
            if (!result) {
                setMessage(m_message, result.error(), u"error"_s);
                updateButtons();
                return;
            }
            m_done = true;
            for (auto* edit : {m_current, m_new, m_confirm}) {
                edit->clear();
                edit->setEnabled(false);
            }
            setMessage(m_message,
                       tr("Your password was changed. Your other sessions were signed out."),
                       u"success"_s);
            updateButtons();
        });
}

} // namespace bcf::app
