#include "gui/strategy_open_dialog.h"

#include "core/session_controller.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QString when(const QDateTime& time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

StrategyOpenDialog::StrategyOpenDialog(SessionController& session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(u"strategyOpenDialog"_s);
    setWindowTitle(tr("Open strategy"));
    resize(820, 460);
    auto* layout = new QVBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_strategies = new QTreeWidget(splitter);
    m_strategies->setObjectName(u"strategyList"_s);
    m_strategies->setRootIsDecorated(false);
    m_strategies->setHeaderLabels({tr("Strategy"), tr("Latest"), tr("Updated")});
    m_strategies->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_versions = new QTreeWidget(splitter);
    m_versions->setObjectName(u"strategyVersions"_s);
    m_versions->setRootIsDecorated(false);
    m_versions->setHeaderLabels({tr("Version"), tr("Saved"), tr("Author"), tr("Comment")});
    m_versions->header()->setStretchLastSection(true);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto* buttons = new QDialogButtonBox(this);
    m_open = buttons->addButton(tr("Open"), QDialogButtonBox::AcceptRole);
    m_delete = buttons->addButton(tr("Delete…"), QDialogButtonBox::ActionRole);
    m_refresh = buttons->addButton(tr("Refresh"), QDialogButtonBox::ResetRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    m_open->setEnabled(false);
    m_delete->setEnabled(false);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_open, &QPushButton::clicked, this, &StrategyOpenDialog::openSelected);
    connect(m_delete, &QPushButton::clicked, this, &StrategyOpenDialog::deleteSelected);
    connect(m_refresh, &QPushButton::clicked, this, &StrategyOpenDialog::reload);
    connect(m_strategies, &QTreeWidget::currentItemChanged, this, &StrategyOpenDialog::loadVersions);
    connect(m_strategies, &QTreeWidget::itemDoubleClicked, this, &StrategyOpenDialog::openSelected);
    connect(m_versions, &QTreeWidget::itemDoubleClicked, this, &StrategyOpenDialog::openSelected);
    reload();
}

QString StrategyOpenDialog::selectedName() const
{
    const QTreeWidgetItem* item = m_strategies->currentItem();
    return item ? item->text(0) : QString();
}

void StrategyOpenDialog::showError(const QString& message)
{
    m_status->setText(message);
    m_status->setStyleSheet(u"color: #ef5350;"_s);
}

void StrategyOpenDialog::reload()
{
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Loading your strategies…"));
    m_open->setEnabled(false);
    m_delete->setEnabled(false);
    m_session.listStrategies(this, [this](SessionController::Outcome<std::vector<StrategySummary>> result) {
        m_strategies->clear();
        m_versions->clear();
        if (!result) {
            showError(tr("The strategies could not be listed: %1").arg(result.error()));
            return;
        }
        for (const StrategySummary& summary : *result) {
            auto* item = new QTreeWidgetItem(m_strategies);
            item->setText(0, summary.name);
            item->setText(1, tr("v%1").arg(summary.latestVersion));
            item->setText(2, when(summary.updatedAt));
        }
        m_status->setText(result->empty() ? tr("No strategy saved yet: save one from the editor.")
                                          : tr("Choose a strategy, and a version if not the latest."));
        if (!result->empty())
            m_strategies->setCurrentItem(m_strategies->topLevelItem(0));
    });
}

void StrategyOpenDialog::loadVersions()
{
    m_versions->clear();
    const QString name = selectedName();
    m_open->setEnabled(!name.isEmpty());
    m_delete->setEnabled(!name.isEmpty());
    if (name.isEmpty())
        return;
    const quint64 serial = ++m_versionsSerial;
    m_session.listStrategyVersions(
        name, this, [this, serial](SessionController::Outcome<std::vector<StrategyVersionInfo>> result) {
            if (serial != m_versionsSerial)
                return;
            if (!result) {
                showError(tr("The versions could not be listed: %1").arg(result.error()));
                return;
            }
            for (const StrategyVersionInfo& info : *result) {
                auto* item = new QTreeWidgetItem(m_versions);
                item->setText(0, tr("v%1").arg(info.version));
                item->setData(0, Qt::UserRole, info.version);
                item->setText(1, when(info.createdAt));
                item->setText(2, info.author);
                item->setText(3, info.comment);
                item->setToolTip(3, info.comment);
            }
            if (m_versions->topLevelItemCount() > 0)
                m_versions->setCurrentItem(m_versions->topLevelItem(0));
        });
}

void StrategyOpenDialog::openSelected()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    const QTreeWidgetItem* version = m_versions->currentItem();
    const int number = version ? version->data(0, Qt::UserRole).toInt() : 0;
    m_open->setEnabled(false);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Opening %1…").arg(name));
    m_session.getStrategy(name, number, this, [this](SessionController::Outcome<StrategyDocument> result) {
        m_open->setEnabled(true);
        if (!result) {
            showError(tr("The strategy could not be opened: %1").arg(result.error()));
            return;
        }
        m_document = *result;
        accept();
    });
}

void StrategyOpenDialog::deleteSelected()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Delete strategy"),
        tr("Delete \"%1\" and every saved version of it? This cannot be undone.").arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    m_session.deleteStrategy(name, this, [this, name](SessionController::Outcome<void> result) {
        if (!result) {
            showError(tr("The strategy could not be deleted: %1").arg(result.error()));
            return;
        }
        reload();
        m_status->setText(tr("\"%1\" was deleted.").arg(name));
    });
}

} // namespace bcf::app
