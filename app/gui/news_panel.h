#pragma once

#include "core/news_types.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;
class QTableView;
class QTextBrowser;
class QUrl;

namespace bcf::app {

class InstrumentCatalog;
class NewsFeedsDialog;
class NewsModel;
class SessionController;
class ThemeManager;

// The news dock's content (docs/workstation-news.md): a toolbar (the asset filter, Refresh, Open
// article, Feeds… for admins, a status line), the table of the news fetched in the last 7 days
// (NewsModel, newest first, the sentiment drawn as a bar from −1 to +1 in its tone's colour)
// and, beside it, the selected item's headline, source, times, score, assets and summary.
//
// The filter follows the base asset of the chart's symbol ("BTC (chart)", BTCUSDT -> BTC) until
// another entry is picked: "All assets" or one of the assets the servers tag. Double-click, or
// Open article, opens the item's link in the browser (http and https links only).
//
// ListNews is asked (for a user with "news.read") when the dock is shown, every
// refreshIntervalMs while it is visible, when the filter or the chart's asset changes, after
// login and with Refresh. "Feeds…" is shown only to users with "news.admin" and opens the
// NewsFeedsDialog. GUI thread only.
class NewsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewsPanel)

public:
    static constexpr int refreshIntervalMs = 60000;
    // How many items ListNews is asked for.
    static constexpr int listLimit = 200;
    // Opens a link in the browser; returns whether it could.
    using LinkOpener = std::function<bool(const QUrl&)>;

    NewsPanel(SessionController& session, InstrumentCatalog& instruments, ThemeManager& theme,
              QWidget* parent = nullptr);
    ~NewsPanel() override;

    NewsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QComboBox* assetBox() const { return m_assets; }
    QPushButton* refreshButton() const { return m_refresh; }
    QPushButton* openButton() const { return m_open; }
    QPushButton* feedsButton() const { return m_feeds; }
    QTextBrowser* summaryView() const { return m_summary; }
    // The empty state's text ("" while items are shown or before the first answer).
    QString emptyText() const;
    // The status line (errors), or "".
    QString status() const;

    // The chart's symbol: its base asset is the filter while the filter follows the chart.
    void setChartSymbol(const QString& symbol);
    // The asset listed ("" = every asset) and whether it is the chart's.
    QString asset() const;
    bool followsChart() const;
    // Picks a filter: `asset` ("" = all assets), or the chart's asset again.
    void selectAsset(const QString& asset);
    void followChart();

    // Asks ListNews for the filter's items (when logged in with "news.read").
    void refresh();
    // Shows ListNews' answer: the table, the selection (kept by link when it is still listed).
    void setItems(std::vector<NewsItem> items);
    // Opens the selected item's link; setLinkOpener() replaces QDesktopServices (tests).
    void openSelected();
    void setLinkOpener(LinkOpener opener);
    // Opens the feeds dialog (or raises the open one) for a user with "news.admin"; null
    // otherwise.
    NewsFeedsDialog* openFeeds();

    // Whether a user with `permissions` may manage the feeds ("news.admin").
    static bool mayManageFeeds(const QStringList& permissions);
    // "No news for BTC in the last 7 days." ("" = every asset: "No news in the last 7 days.").
    static QString emptyTextFor(const QString& asset);

signals:
    // A short message for the status bar.
    void noteRequested(const QString& message);
    void loaded();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void buildUi();
    void onLoggedIn();
    void stop();
    void assetPicked();
    void updateAssetBox();
    void updateActions();
    void updateEmpty();
    void showSelected();
    void openLink(const QUrl& url);
    void showStatus(const QString& text);
    void applyTheme();
    void retranslateUi();

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;

    NewsModel* m_model = nullptr;
    QComboBox* m_assets = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_feeds = nullptr;
    QLabel* m_status = nullptr;
    QSplitter* m_splitter = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_empty = nullptr;
    QTextBrowser* m_summary = nullptr;
    QPointer<NewsFeedsDialog> m_feedsDialog;
    QTimer m_timer;
    LinkOpener m_opener;

    QString m_chartSymbol;
    QString m_chartAsset = QStringLiteral("BTC");
    bool m_loaded = false;
    quint64 m_serial = 0;
    QString m_error;
};

} // namespace bcf::app
