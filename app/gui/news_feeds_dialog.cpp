#include "gui/news_feeds_dialog.h"

#include "core/session_controller.h"
#include "gui/form_helpers.h"
#include "gui/news_model.h"
#include "gui/theme_manager.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QLabel* wrapped(QWidget* parent, const QString& role = {})
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    if (!role.isEmpty())
        label->setProperty("role", role);
    return label;
}

QString feedName(const NewsFeed& feed)
{
    return feed.name.isEmpty() ? feed.url : feed.name;
}

} // namespace

NewsFeedsDialog::NewsFeedsDialog(SessionController& session, ThemeManager& theme,
                                 QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_theme(theme)
{
    setObjectName(u"newsFeedsDialog"_s);
    setMinimumWidth(760);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    m_intro = wrapped(this, u"muted"_s);
    layout->addWidget(m_intro);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(u"newsFeedsTable"_s);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(UrlColumn, QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(180);
    layout->addWidget(m_table, 1);
    auto* tableBar = new QHBoxLayout;
    m_empty = wrapped(this, u"muted"_s);
    tableBar->addWidget(m_empty, 1);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(u"newsFeedsRefresh"_s);
    m_refresh->setAutoDefault(false);
    tableBar->addWidget(m_refresh);
    m_remove = new QPushButton(this);
    m_remove->setObjectName(u"newsFeedsRemove"_s);
    m_remove->setAutoDefault(false);
    tableBar->addWidget(m_remove);
    layout->addLayout(tableBar);

    auto* separator = new QFrame(this);
    separator->setProperty("role", u"separator"_s);
    layout->addWidget(separator);
    m_addTitle = new QLabel(this);
    m_addTitle->setProperty("role", u"section"_s);
    layout->addWidget(m_addTitle);
    auto* form = new QGridLayout;
    form->setHorizontalSpacing(10);
    form->setVerticalSpacing(8);
    m_urlLabel = new QLabel(this);
    m_url = new QLineEdit(this);
    m_url->setObjectName(u"newsFeedsUrl"_s);
    m_url->setMaxLength(2000);
    m_url->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase);
    m_nameLabel = new QLabel(this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(u"newsFeedsName"_s);
    m_name->setMaxLength(200);
    m_add = new QPushButton(this);
    m_add->setObjectName(u"newsFeedsAdd"_s);
    m_add->setProperty("accent", true);
    m_add->setDefault(true);
    form->addWidget(m_urlLabel, 0, 0);
    form->addWidget(m_url, 0, 1, 1, 2);
    form->addWidget(m_nameLabel, 1, 0);
    form->addWidget(m_name, 1, 1);
    form->addWidget(m_add, 1, 2);
    form->setColumnStretch(1, 1);
    layout->addLayout(form);

    m_message = wrapped(this, u"error"_s);
    m_message->setObjectName(u"newsFeedsMessage"_s);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    auto* closeRow = new QHBoxLayout;
    closeRow->addStretch(1);
    m_close = new QPushButton(this);
    m_close->setObjectName(u"newsFeedsClose"_s);
    m_close->setAutoDefault(false);
    closeRow->addWidget(m_close);
    layout->addLayout(closeRow);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, &NewsFeedsDialog::updateButtons);
    connect(m_refresh, &QPushButton::clicked, this, &NewsFeedsDialog::reload);
    connect(m_remove, &QPushButton::clicked, this, &NewsFeedsDialog::requestRemove);
    connect(m_add, &QPushButton::clicked, this, &NewsFeedsDialog::addFeed);
    connect(m_url, &QLineEdit::returnPressed, this, &NewsFeedsDialog::addFeed);
    connect(m_name, &QLineEdit::returnPressed, this, &NewsFeedsDialog::addFeed);
    connect(m_url, &QLineEdit::textChanged, this, &NewsFeedsDialog::updateButtons);
    connect(m_close, &QPushButton::clicked, this, &NewsFeedsDialog::accept);
    connect(&m_theme, &ThemeManager::themeChanged, this, &NewsFeedsDialog::fillTable);

    retranslateUi();
    resize(940, 560);
    reload();
}

NewsFeedsDialog::~NewsFeedsDialog() = default;

void NewsFeedsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void NewsFeedsDialog::retranslateUi()
{
    setWindowTitle(tr("News feeds"));
    m_title->setText(tr("News feeds"));
    m_intro->setText(tr("The compute nodes fetch every feed every few minutes. Each item is "
                        "stored once, with the time it was first fetched, scored for sentiment "
                        "and tagged with the assets it names; strategies read the sentiment from "
                        "those items."));
    m_table->setHorizontalHeaderLabels(
        {tr("Name"), tr("Address"), tr("Items"), tr("Last fetch"), tr("Last error")});
    m_refresh->setText(tr("Refresh"));
    m_remove->setText(tr("Remove…"));
    m_addTitle->setText(tr("ADD A FEED"));
    m_urlLabel->setText(tr("Address"));
    m_url->setPlaceholderText(tr("https://example.com/rss (RSS or Atom)"));
    m_nameLabel->setText(tr("Name"));
    m_name->setPlaceholderText(tr("optional: the address's host"));
    m_add->setText(tr("Add feed"));
    m_close->setText(tr("Close"));
    fillTable();
}

void NewsFeedsDialog::reload()
{
    setBusy(true);
    m_session.listFeeds(this, [this](SessionController::Outcome<std::vector<NewsFeed>> result) {
        setBusy(false);
        if (!result) {
            showMessage(tr("The feeds could not be listed: %1").arg(result.error()), true);
            m_listFailed = true;
            return;
        }
        showFeeds(*result);
    });
}

void NewsFeedsDialog::showFeeds(const std::vector<NewsFeed>& feeds)
{
    m_feeds = feeds;
    m_loaded = true;
    if (std::exchange(m_listFailed, false))
        showMessage({}, false); // listed now
    fillTable();
}

void NewsFeedsDialog::fillTable()
{
    const int currentRow = m_table->currentRow();
    const QString selected = currentRow >= 0 && currentRow < int(m_feeds.size())
                                 && !m_table->selectedItems().isEmpty()
                                 ? m_table->item(currentRow, UrlColumn)->text()
                                 : QString();
    const QColor danger = m_theme.color(u"danger"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    const QLocale locale;
    m_table->clearSelection();
    m_table->setRowCount(int(m_feeds.size()));
    for (int row = 0; row < int(m_feeds.size()); ++row) {
        const NewsFeed& feed = m_feeds[std::size_t(row)];
        const QString cells[] = {
            feed.enabled ? feedName(feed) : tr("%1 (off)").arg(feedName(feed)),
            feed.url,
            locale.toString(feed.items),
            feed.lastFetchedMs > 0 ? NewsModel::timeText(feed.lastFetchedMs) : tr("never"),
            feed.lastError,
        };
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setToolTip(cells[column]);
            if (column == ItemsColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (column == ErrorColumn && !feed.lastError.isEmpty())
                item->setForeground(danger);
            else if (!feed.enabled || (column == LastFetchColumn && feed.lastFetchedMs <= 0))
                item->setForeground(muted);
            m_table->setItem(row, column, item);
        }
        if (!selected.isEmpty() && feed.url == selected)
            m_table->selectRow(row);
    }
    // Whole addresses where they fit; long ones elided in the middle (the tooltip has them).
    m_table->resizeColumnToContents(UrlColumn);
    m_table->setColumnWidth(UrlColumn, std::clamp(m_table->columnWidth(UrlColumn), 200, 380));
    m_empty->setText(m_loaded && m_feeds.empty()
                         ? tr("No feeds yet: add one below. Until then the news dock and "
                              "sentiment() have nothing to show.")
                         : QString());
    updateButtons();
}

void NewsFeedsDialog::updateButtons()
{
    const int row = m_table->currentRow();
    const bool selected = row >= 0 && row < int(m_feeds.size())
                          && !m_table->selectedItems().isEmpty();
    m_remove->setEnabled(!m_busy && selected);
    m_refresh->setEnabled(!m_busy);
    m_add->setEnabled(!m_busy && !m_url->text().trimmed().isEmpty());
}

void NewsFeedsDialog::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void NewsFeedsDialog::showMessage(const QString& text, bool error)
{
    m_messageIsError = error;
    m_message->setText(text);
    m_message->setProperty("role", error ? u"error"_s : u"success"_s);
    repolish(m_message);
    m_message->setVisible(!text.isEmpty());
}

QString NewsFeedsDialog::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void NewsFeedsDialog::showAddError(const QString& message)
{
    showMessage(tr("The feed was not added: %1").arg(message), true);
    m_url->setFocus();
}

void NewsFeedsDialog::addFeed()
{
    if (m_busy)
        return;
    const QString url = m_url->text().trimmed();
    if (!isOpenableNewsLink(url)) {
        showAddError(tr("enter an http:// or https:// address of an RSS or Atom feed."));
        return;
    }
    showMessage({}, false);
    m_listFailed = false;
    setBusy(true);
    m_session.addFeed(url, m_name->text(), this,
                      [this](SessionController::Outcome<NewsFeed> result) {
                          setBusy(false);
                          if (!result)
                              return showAddError(result.error());
                          m_url->clear();
                          m_name->clear();
                          showMessage(tr("The feed “%1” was added: the compute nodes fetch it "
                                         "within a few minutes.")
                                          .arg(feedName(*result)),
                                      false);
                          emit feedsChanged();
                          reload();
                      });
}

QString NewsFeedsDialog::removeQuestion(const NewsFeed& feed)
{
    return tr("Remove the feed “%1”?").arg(feedName(feed));
}

QString NewsFeedsDialog::removeDetail(const NewsFeed& feed)
{
    return tr("Its stored items (%1) are deleted with it: the news dock and sentiment() in "
              "backtests no longer see them. This cannot be undone.")
        .arg(QLocale().toString(feed.items));
}

void NewsFeedsDialog::requestRemove()
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= int(m_feeds.size()) || m_table->selectedItems().isEmpty())
        return;
    const NewsFeed feed = m_feeds[std::size_t(row)];
    QMessageBox confirm(QMessageBox::Warning, tr("Remove news feed"), removeQuestion(feed),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
    confirm.setObjectName(u"newsFeedsRemoveConfirmation"_s);
    confirm.setInformativeText(removeDetail(feed));
    confirm.button(QMessageBox::Yes)->setText(tr("Remove feed and items"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    if (confirm.exec() != QMessageBox::Yes)
        return;
    removeFeed(feed.url);
}

void NewsFeedsDialog::removeFeed(const QString& url)
{
    if (m_busy)
        return;
    showMessage({}, false);
    m_listFailed = false;
    setBusy(true);
    m_session.removeFeed(url, this, [this, url](SessionController::Outcome<void> result) {
        setBusy(false);
        if (!result) {
            showMessage(tr("The feed was not removed: %1").arg(result.error()), true);
            return;
        }
        showMessage(tr("The feed %1 and its items were removed.").arg(url), false);
        emit feedsChanged();
        reload();
    });
}

} // namespace bcf::app
