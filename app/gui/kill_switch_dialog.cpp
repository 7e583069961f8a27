#include "gui/kill_switch_dialog.h"

#include "gui/form_helpers.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

KillSwitchDialog::KillSwitchDialog(Mode mode, QWidget* parent)
    : QDialog(parent)
    , m_mode(mode)
{
    setObjectName(mode == Mode::Kill ? u"killSwitchDialog"_s : u"resumeTradingDialog"_s);
    setWindowTitle(mode == Mode::Kill ? tr("Kill switch") : tr("Resume trading"));
    setMinimumWidth(460);
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);

    m_explanation = new QLabel(this);
    m_explanation->setWordWrap(true);
    m_explanation->setText(
        mode == Mode::Kill
            ? tr("Cancels every open order of your account at once, including those of your bots. "
                 "Afterwards the account only reduces positions, or accepts nothing but cancels "
                 "when halted, until trading is resumed.")
            : tr("Returns the account to normal trading: new orders are accepted again. Say why "
                 "it is safe to resume."));
    layout->addWidget(m_explanation);

    auto* form = new QFormLayout;
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(u"killSwitchReason"_s);
    m_reason->setMaxLength(500);
    m_reason->setPlaceholderText(mode == Mode::Kill ? tr("e.g. strategy misbehaving")
                                                    : tr("e.g. strategy fixed and tested"));
    form->addRow(tr("Reason (journaled):"), m_reason);
    layout->addLayout(form);
    centerFormLabels(form);

    m_flatten = new QCheckBox(tr("Also close all positions (flatten)"), this);
    m_flatten->setObjectName(u"killSwitchFlatten"_s);
    m_flatten->setToolTip(tr("Sends market orders that close every open position."));
    m_halt = new QCheckBox(tr("Halt (otherwise reduce only)"), this);
    m_halt->setObjectName(u"killSwitchHalt"_s);
    m_halt->setChecked(true);
    m_halt->setToolTip(tr("Halted: nothing but cancels is accepted. Reduce only: orders that "
                          "shrink a position are still accepted."));
    layout->addWidget(m_flatten);
    layout->addWidget(m_halt);
    m_flatten->setVisible(mode == Mode::Kill);
    m_halt->setVisible(mode == Mode::Kill);

    m_error = new QLabel(this);
    m_error->setObjectName(u"killSwitchError"_s);
    m_error->setProperty("role", u"error"_s);
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_confirm = m_buttons->addButton(mode == Mode::Kill ? tr("Activate kill switch")
                                                        : tr("Resume trading"),
                                     QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(u"killSwitchConfirm"_s);
    if (mode == Mode::Resume)
        m_confirm->setProperty("accent", true);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!reason().isEmpty())
            emit confirmed();
    });
    connect(m_reason, &QLineEdit::textChanged, this, &KillSwitchDialog::updateButtons);
    updateButtons();
}

void KillSwitchDialog::setDangerColor(const QColor& danger, const QColor& text)
{
    // This button must not look like an ordinary OK.
    m_confirm->setStyleSheet(
        u"QPushButton { background: %1; border-color: %1; color: %2; font-weight: 600; }"
        "QPushButton:disabled { background: transparent; color: %1; }"_s.arg(danger.name(),
                                                                               text.name()));
}

QString KillSwitchDialog::reason() const
{
    return m_reason->text().trimmed();
}

bool KillSwitchDialog::flatten() const
{
    return m_mode == Mode::Kill && m_flatten->isChecked();
}

bool KillSwitchDialog::halt() const
{
    return m_mode == Mode::Kill && m_halt->isChecked();
}

void KillSwitchDialog::setReason(const QString& reason)
{
    m_reason->setText(reason);
}

void KillSwitchDialog::setFlatten(bool flatten)
{
    m_flatten->setChecked(flatten);
}

void KillSwitchDialog::setHalt(bool halt)
{
    m_halt->setChecked(halt);
}

void KillSwitchDialog::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    setBusy(false);
}

void KillSwitchDialog::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void KillSwitchDialog::updateButtons()
{
    m_confirm->setEnabled(!m_busy && !reason().isEmpty());
    m_reason->setEnabled(!m_busy);
}

} // namespace bcf::app
