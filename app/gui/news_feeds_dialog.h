#pragma once

#include "core/news_types.h"

#include <QDialog>

#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace bcf::app {

class SessionController;
class ThemeManager;

// The news dock's "Feeds…" for admins ("news.admin"): the RSS and Atom feeds the compute nodes
// fetch (ListFeeds, in the order they were added): name, address, stored items, last fetch
// (local time, "never" before the first) and the last fetch's error in red. Refresh lists them
// again; Remove… asks first, saying that the feed's items go with it (RemoveFeed); below, a form
// adds one (AddFeed): the address (http:// or https://, checked before it is sent) and an
// optional name (empty: the address's host). The server's refusals (an address already added, one
// that is not http(s), a role without "news.admin") are shown in the message line as the server
// words them. GUI thread only.
class NewsFeedsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewsFeedsDialog)

public:
    enum Column { NameColumn, UrlColumn, ItemsColumn, LastFetchColumn, ErrorColumn, ColumnCount };

    NewsFeedsDialog(SessionController& session, ThemeManager& theme, QWidget* parent = nullptr);
    ~NewsFeedsDialog() override;

    // Lists the feeds again (done once when the dialog opens).
    void reload();
    // Shows ListFeeds' answer.
    void showFeeds(const std::vector<NewsFeed>& feeds);
    const std::vector<NewsFeed>& feeds() const { return m_feeds; }
    // Sends the form; a refusal is shown with showAddError().
    void addFeed();
    void showAddError(const QString& message);
    // Removes a feed without asking; requestRemove() asks about the selected one first.
    void removeFeed(const QString& url);
    void requestRemove();
    // The confirmation's question and its detail for `feed`.
    static QString removeQuestion(const NewsFeed& feed);
    static QString removeDetail(const NewsFeed& feed);

    // The message line ("" when hidden) and whether it is an error.
    QString message() const;
    bool messageIsError() const { return m_messageIsError; }

    QTableWidget* table() const { return m_table; }
    QLineEdit* urlEdit() const { return m_url; }
    QLineEdit* nameEdit() const { return m_name; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* removeButton() const { return m_remove; }
    QPushButton* refreshButton() const { return m_refresh; }

signals:
    // A feed was added or removed (the dock's items may have changed).
    void feedsChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fillTable();
    void updateButtons();
    void setBusy(bool busy);
    void showMessage(const QString& text, bool error);

    SessionController& m_session;
    ThemeManager& m_theme;
    std::vector<NewsFeed> m_feeds;
    bool m_loaded = false;
    bool m_busy = false;
    bool m_messageIsError = false;
    // The message line shows a failed ListFeeds (cleared by the next answer).
    bool m_listFailed = false;

    QLabel* m_title = nullptr;
    QLabel* m_intro = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_empty = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_addTitle = nullptr;
    QLabel* m_urlLabel = nullptr;
    QLineEdit* m_url = nullptr;
    QLabel* m_nameLabel = nullptr;
    QLineEdit* m_name = nullptr;
    QPushButton* m_add = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace bcf::app
