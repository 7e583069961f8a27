// News and sentiment without a server (like the other dock tests), fed with NewsService messages
// converted as the session converts them: the conversions, the news table (newest first, the
// sentiment's text and colours, the asset filter, the empty state), the dock's filter following
// the chart's asset and its link opening, the feeds button and dialog (hidden without
// "news.admin"), and the sentiment pane under the candles (bars only where the series has
// items, −1 … 1 around a zero line, the time labels under the lowest pane).
//
// With BCF_NEWS_SCREENSHOT_DIR set, screenshots() also writes the documentation's pictures of the
// dock, the feeds dialog and the chart (BCF_NEWS_QM names the pt_BR .qm for the Portuguese one);
// without it that function is skipped.
#include "core/instrument_catalog.h"
#include "core/language_manager.h"
#include "core/news_proto.h"
#include "core/preferences.h"
#include "core/session_controller.h"
#include "gui/ai_lab_predictions.h"
#include "gui/candle_chart.h"
#include "gui/chart_panel.h"
#include "gui/main_window.h"
#include "gui/news_feeds_dialog.h"
#include "gui/news_model.h"
#include "gui/news_panel.h"
#include "gui/sentiment_pane.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QTranslator>
#include <QUrl>

#include <algorithm>
#include <cmath>

using namespace bcf;
using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 hour = 3'600'000;
// 2026-01-01 00:00 UTC.
constexpr qint64 start = 1'767'225'600'000;

v1::NewsItem newsItem(const std::string& feed, const std::string& title, qint64 fetchedMs,
                      double sentiment, std::initializer_list<const char*> assets,
                      const std::string& summary = {}, qint64 publishedMs = 0)
{
    v1::NewsItem item;
    item.set_feed_id(feed == "CoinDesk" ? 1 : 2);
    item.set_feed_name(feed);
    item.set_title(title);
    item.set_link("https://news.example.com/" + std::to_string(fetchedMs));
    item.set_summary(summary);
    item.set_published_unix_ms(publishedMs);
    item.set_fetched_unix_ms(fetchedMs);
    item.set_sentiment(sentiment);
    for (const char* asset : assets)
        item.add_assets(asset);
    return item;
}

// A ListNews answer, in a scrambled order (the model sorts).
v1::ListNewsResponse listNews()
{
    v1::ListNewsResponse response;
    *response.add_items() = newsItem("CoinDesk", "Ether slips as exchange outflows slow", start + 2 * hour,
                                     -0.31, {"ETH"});
    *response.add_items() =
        newsItem("The Block", "Bitcoin surges to record high as ETF inflows grow", start + 5 * hour,
                 0.9, {"BTC"}, "Spot bitcoin ETFs took in $1.2 billion on Tuesday.", start + 4 * hour);
    *response.add_items() = newsItem("CoinDesk", "Exchange hacked, $200M in Ether stolen",
                                     start + 3 * hour, -0.9, {"ETH", "BTC"});
    *response.add_items() =
        newsItem("CoinDesk", "Central bank minutes due on Wednesday", start + 4 * hour, 0.0, {});
    return response;
}

std::vector<NewsItem> items()
{
    return fromProtoNewsItems(listNews());
}

CandleSeries candles(int count, qint64 startMs, qint64 stepMs)
{
    CandleSeries series;
    double price = 87'000;
    for (int i = 0; i < count; ++i) {
        const double open = price;
        const double close = 87'000 + std::sin(i / 9.0) * 120 + std::sin(i / 2.3) * 45 + i * 4.0;
        const double high = std::max(open, close) + 35 + (i % 7) * 6;
        const double low = std::min(open, close) - 30 - (i % 5) * 7;
        series.push_back(*candleFromDecimals(
            startMs + i * stepMs, QString::number(open, 'f', 2), QString::number(high, 'f', 2),
            QString::number(low, 'f', 2), QString::number(close, 'f', 2),
            QString::number(12 + (i * 37 % 50), 'f', 3), true));
        price = close;
    }
    return series;
}

// A GetSentiment answer of BTC over bars [from, to) of 1 h: no news before bar `first` (the
// server leaves those bars out), a gap of bars without items, and one point that says 0 items.
v1::GetSentimentResponse sentiment(int first, int last, int gapFrom, int gapTo)
{
    v1::GetSentimentResponse response;
    response.set_asset("BTC");
    for (int i = first; i < last; ++i) {
        if (i >= gapFrom && i < gapTo)
            continue;
        v1::SentimentPoint* point = response.add_points();
        point->set_bar_time_unix_ms(start + i * hour);
        point->set_value(0.6 * std::sin(i / 6.0));
        point->set_items(1 + i % 4);
    }
    v1::SentimentPoint* empty = response.add_points();
    empty->set_bar_time_unix_ms(start + gapFrom * hour);
    empty->set_value(0);
    empty->set_items(0);
    return response;
}

// The pictures' data: a morning of crypto news over the chart's last hours.
v1::ListNewsResponse sampleNews()
{
    const qint64 now = start + 399 * hour + 40 * 60'000;
    struct Sample {
        const char* feed;
        const char* title;
        int minutesAgo;
        double sentiment;
        std::initializer_list<const char*> assets;
        const char* summary;
    };
    const Sample samples[] = {
        {"The Block", "Bitcoin surges to record high as ETF inflows grow", 4, 0.90, {"BTC"},
         "Spot bitcoin ETFs took in $1.2 billion on Tuesday, their largest day since March, as "
         "bitcoin climbed past its previous all-time high during the Asian session."},
        {"CoinDesk", "Exchange hacked, $200M in Ether stolen", 11, -0.90, {"ETH"},
         "The exchange halted withdrawals after attackers drained a hot wallet; on-chain data "
         "shows the funds moving through mixers."},
        {"Cointelegraph", "XRP rallies after court approval of settlement", 18, 0.79, {"XRP"},
         "The token rose 9% after the judge approved the agreement between the company and the "
         "regulator."},
        {"Decrypt", "Bitcoin miners' revenue rises as hashrate climbs", 26, 0.61, {"BTC"}, ""},
        {"CoinDesk", "Ether ETF outflows extend to a fourth day", 33, -0.46, {"ETH"},
         "Funds tracking ether saw $84 million leave on Monday."},
        {"The Block", "Bitcoin holds near $94,000 ahead of Fed minutes", 41, 0.0, {"BTC"}, ""},
        {"Cointelegraph", "Litecoin network outage halts withdrawals at two exchanges", 52, -0.72,
         {"LTC"}, ""},
        {"Decrypt", "Cardano launches smart-contract upgrade on mainnet", 64, 0.54, {"ADA"}, ""},
        {"CoinDesk", "Analysts warn of bitcoin correction after record run", 75, -0.61,
         {"BTC"}, ""},
        {"The Block", "Tether mints another $1B USDT on Tron", 88, 0.0, {"USDT", "TRX"}, ""},
        {"Cointelegraph", "Dogecoin slumps as meme coin volumes fade", 97, -0.54, {"DOGE"}, ""},
        {"Decrypt", "Chainlink partnership with SWIFT expands to 12 banks", 110, 0.36, {"LINK"},
         ""},
        {"CoinDesk", "Solana and Ethereum developers meet on bridge standard", 124, 0.0,
         {"SOL", "ETH"}, ""},
    };
    v1::ListNewsResponse response;
    for (const Sample& sample : samples) {
        const qint64 fetched = now - qint64(sample.minutesAgo) * 60'000;
        *response.add_items() = newsItem(sample.feed, sample.title, fetched, sample.sentiment,
                                         sample.assets, sample.summary, fetched - 7 * 60'000);
    }
    return response;
}

std::vector<NewsFeed> sampleFeeds()
{
    const qint64 now = start + 399 * hour + 40 * 60'000;
    v1::ListFeedsResponse response;
    const auto add = [&response](qint64 id, const char* url, const char* name, qint64 fetched,
                                 qint64 items, const char* error) {
        v1::NewsFeed* feed = response.add_feeds();
        feed->set_id(id);
        feed->set_url(url);
        feed->set_name(name);
        feed->set_enabled(true);
        feed->set_last_fetched_unix_ms(fetched);
        feed->set_items(items);
        feed->set_last_error(error);
    };
    add(1, "https://www.coindesk.com/arc/outboundfeeds/rss/", "CoinDesk", now - 2 * 60'000, 1842,
        "");
    add(2, "https://www.theblock.co/rss.xml", "The Block", now - 2 * 60'000, 931, "");
    add(3, "https://cointelegraph.com/rss", "Cointelegraph", now - 3 * 60'000, 2310, "");
    add(4, "https://decrypt.co/feed", "Decrypt", now - 3 * 60'000, 412,
        "line 3, column 7: mismatched tag");
    add(5, "https://news.example.org/crypto.xml", "news.example.org", 0, 0,
        "HTTP 404 Not Found");
    std::vector<NewsFeed> feeds;
    for (const v1::NewsFeed& feed : response.feeds())
        feeds.push_back(fromProtoNewsFeed(feed));
    return feeds;
}

// BTC's series over the chart's 400 hours, built as the servers build it: items arrive at
// irregular times (two quiet days without any), and each bar's value is the mean of the items
// fetched in the 24 h before its close.
v1::GetSentimentResponse sampleSentiment()
{
    struct Item {
        qint64 fetchedMs;
        double score;
    };
    std::vector<Item> items;
    quint32 seed = 12345;
    const auto next = [&seed] {
        seed = seed * 1'664'525u + 1'013'904'223u;
        return double(seed >> 8) / double(1u << 24);
    };
    for (int h = 0; h < 400; ++h) {
        if (h >= 214 && h < 262)
            continue; // the quiet days
        const double draw = next();
        const int count = draw < 0.45 ? 0 : draw < 0.85 ? 1 : 2;
        for (int k = 0; k < count; ++k) {
            const double mood = 0.45 * std::sin(h / 26.0);
            items.push_back({start + h * hour + qint64(next() * 3'600'000.0),
                             std::clamp(mood + (next() - 0.5) * 1.1, -0.95, 0.95)});
        }
    }
    v1::GetSentimentResponse response;
    response.set_asset("BTC");
    for (int i = 0; i < 400; ++i) {
        const qint64 close = start + (i + 1) * hour;
        double sum = 0;
        int count = 0;
        for (const Item& item : items) {
            if (item.fetchedMs < close && item.fetchedMs >= close - 24 * hour) {
                sum += item.score;
                ++count;
            }
        }
        if (count == 0)
            continue;
        v1::SentimentPoint* point = response.add_points();
        point->set_bar_time_unix_ms(start + i * hour);
        point->set_value(sum / count);
        point->set_items(count);
    }
    return response;
}

struct Fixture {
    Fixture() { theme.apply(); }

    QTemporaryDir dir;
    Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                        QSettings::IniFormat)};
    ThemeManager theme{preferences};
    SessionController session{ConnectionProfile{}};
    InstrumentCatalog instruments{session, u"binance"_s};
};

} // namespace

class TestNews final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void protoConversion()
    {
        v1::NewsFeed feed;
        feed.set_id(7);
        feed.set_url("https://www.coindesk.com/arc/outboundfeeds/rss/");
        feed.set_name("CoinDesk");
        feed.set_enabled(true);
        feed.set_last_fetched_unix_ms(start + hour);
        feed.set_last_error("HTTP 404 Not Found");
        feed.set_items(1234);
        QCOMPARE(fromProtoNewsFeed(feed),
                 (NewsFeed{.id = 7,
                           .url = u"https://www.coindesk.com/arc/outboundfeeds/rss/"_s,
                           .name = u"CoinDesk"_s,
                           .enabled = true,
                           .lastFetchedMs = start + hour,
                           .lastError = u"HTTP 404 Not Found"_s,
                           .items = 1234}));

        const std::vector<NewsItem> converted = items();
        QCOMPARE(converted.size(), std::size_t(4));
        // In the server's order; the model sorts.
        const NewsItem& surge = converted[1];
        QCOMPARE(surge.feedId, 2);
        QCOMPARE(surge.feedName, u"The Block"_s);
        QCOMPARE(surge.title, u"Bitcoin surges to record high as ETF inflows grow"_s);
        QCOMPARE(surge.link, u"https://news.example.com/%1"_s.arg(start + 5 * hour));
        QCOMPARE(surge.summary, u"Spot bitcoin ETFs took in $1.2 billion on Tuesday."_s);
        QCOMPARE(surge.publishedMs, start + 4 * hour);
        QCOMPARE(surge.fetchedMs, start + 5 * hour);
        QCOMPARE(surge.sentiment, 0.9);
        QCOMPARE(surge.assets, QStringList{u"BTC"_s});
        QCOMPARE(converted[2].assets, (QStringList{u"ETH"_s, u"BTC"_s}));
        QVERIFY(converted[3].assets.isEmpty());

        // The point that says 0 items is no value: dropped, never a 0.
        const SentimentSeries series = fromProtoSentiment(sentiment(10, 20, 14, 16));
        QCOMPARE(series.asset, u"BTC"_s);
        QCOMPARE(series.points.size(), std::size_t(8));
        QCOMPARE(series.points.front().barTimeMs, start + 10 * hour);
        QCOMPARE(series.points.front().items, 1 + 10 % 4);
        QCOMPARE(series.points.front().value, 0.6 * std::sin(10 / 6.0));
        for (const SentimentPoint& point : series.points)
            QVERIFY(point.items > 0);
    }

    void sentimentWordsAndAssets()
    {
        QCOMPARE(sentimentText(0.424, QLocale::c()), u"+0.42"_s);
        QCOMPARE(sentimentText(-0.305, QLocale::c()), u"\u22120.31"_s);
        QCOMPARE(sentimentText(0.004, QLocale::c()), u"0.00"_s);
        QCOMPARE(sentimentText(-0.004, QLocale::c()), u"0.00"_s);
        QCOMPARE(sentimentText(0.5, QLocale(QLocale::Portuguese, QLocale::Brazil)), u"+0,50"_s);
        QCOMPARE(sentimentTone(0.06), SentimentTone::Positive);
        QCOMPARE(sentimentTone(0.05), SentimentTone::Neutral);
        QCOMPARE(sentimentTone(-0.05), SentimentTone::Neutral);
        QCOMPARE(sentimentTone(-0.06), SentimentTone::Negative);
        QCOMPARE(newsBaseAsset(u"BTCUSDT"_s), u"BTC"_s);
        QCOMPARE(newsBaseAsset(u"ETHBTC"_s), u"ETH"_s);
        QCOMPARE(newsBaseAsset(u"SOLFDUSD"_s), u"SOL"_s);
        QCOMPARE(newsBaseAsset(u"BTC"_s), u"BTC"_s);
        QVERIFY(isOpenableNewsLink(u"https://www.coindesk.com/markets/a"_s));
        QVERIFY(isOpenableNewsLink(u"http://example.com/x?y=1"_s));
        QVERIFY(!isOpenableNewsLink(u"javascript:alert(1)"_s));
        QVERIFY(!isOpenableNewsLink(u"file:///etc/passwd"_s));
        QVERIFY(!isOpenableNewsLink(QString()));
    }

    void tableNewestFirstWithColours()
    {
        Fixture f;
        NewsModel model;
        const QColor positive = f.theme.color(u"success"_s);
        const QColor negative = f.theme.color(u"danger"_s);
        const QColor neutral = f.theme.color(u"muted"_s);
        QVERIFY(positive != negative && negative != neutral && positive != neutral);
        model.setColors(positive, negative, neutral);
        model.setItems(items());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(NewsModel::ColumnCount));
        const auto text = [&model](int row, int column) {
            return model.index(row, column).data().toString();
        };
        // Newest fetch first.
        QCOMPARE(text(0, NewsModel::HeadlineColumn),
                 u"Bitcoin surges to record high as ETF inflows grow"_s);
        QCOMPARE(text(1, NewsModel::HeadlineColumn), u"Central bank minutes due on Wednesday"_s);
        QCOMPARE(text(2, NewsModel::HeadlineColumn), u"Exchange hacked, $200M in Ether stolen"_s);
        QCOMPARE(text(3, NewsModel::HeadlineColumn), u"Ether slips as exchange outflows slow"_s);
        QCOMPARE(text(0, NewsModel::SourceColumn), u"The Block"_s);
        QCOMPARE(text(0, NewsModel::TimeColumn), NewsModel::timeText(start + 5 * hour));
        QCOMPARE(text(0, NewsModel::TimeColumn),
                 QLocale::c().toString(QDateTime::fromMSecsSinceEpoch(start + 5 * hour).toLocalTime(),
                                       QLocale::ShortFormat));
        QCOMPARE(text(0, NewsModel::SentimentColumn), u"+0.90"_s);
        QCOMPARE(text(2, NewsModel::SentimentColumn), u"\u22120.90"_s);
        QCOMPARE(text(1, NewsModel::SentimentColumn), u"0.00"_s);
        QCOMPARE(text(2, NewsModel::AssetsColumn), u"ETH, BTC"_s);
        QCOMPARE(text(1, NewsModel::AssetsColumn), u"—"_s);
        QCOMPARE(model.index(2, NewsModel::SentimentColumn).data(NewsModel::SentimentRole).toDouble(),
                 -0.9);
        QCOMPARE(model.index(0, 0).data(NewsModel::LinkRole).toString(),
                 u"https://news.example.com/%1"_s.arg(start + 5 * hour));
        // The sentiment's colour: green positive, red negative, grey neutral.
        const auto colour = [&model](int row) {
            return model.index(row, NewsModel::SentimentColumn).data(Qt::ForegroundRole).value<QColor>();
        };
        QCOMPARE(colour(0), positive);
        QCOMPARE(colour(1), neutral);
        QCOMPARE(colour(2), negative);
        QCOMPARE(colour(3), negative);
        // The summary is the headline's tooltip; the time's tooltip has the feed's date.
        QVERIFY(model.index(0, NewsModel::HeadlineColumn).data(Qt::ToolTipRole).toString()
                    .contains(u"Spot bitcoin ETFs took in $1.2 billion"_s));
        QVERIFY(model.index(0, NewsModel::TimeColumn).data(Qt::ToolTipRole).toString()
                    .contains(NewsModel::timeText(start + 4 * hour)));
        QCOMPARE(model.headerData(NewsModel::SentimentColumn, Qt::Horizontal).toString(),
                 u"Sentiment"_s);

        // The asset filter, without asking again.
        model.setAsset(u"ETH"_s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(text(0, NewsModel::HeadlineColumn), u"Exchange hacked, $200M in Ether stolen"_s);
        QCOMPARE(text(1, NewsModel::HeadlineColumn), u"Ether slips as exchange outflows slow"_s);
        model.setAsset(u"BTC"_s);
        QCOMPARE(model.rowCount(), 2);
        model.setAsset(u"SOL"_s);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.item(0));
        model.setAsset({});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(int(model.items().size()), 4);
    }

    void dockFollowsTheChartAndShowsTheEmptyState()
    {
        Fixture f;
        NewsPanel panel(f.session, f.instruments, f.theme);
        QVERIFY(panel.followsChart());
        QCOMPARE(panel.asset(), u"BTC"_s);
        panel.setChartSymbol(u"ETHUSDT"_s);
        QCOMPARE(panel.asset(), u"ETH"_s);
        QCOMPARE(panel.assetBox()->currentText(), u"ETH (chart)"_s);
        QCOMPARE(panel.model()->asset(), u"ETH"_s);
        // Nothing before the first answer; the empty state after an empty one.
        QCOMPARE(panel.emptyText(), QString());
        panel.setItems({});
        QCOMPARE(panel.emptyText(), u"No news for ETH in the last 7 days."_s);
        QVERIFY(panel.table()->isHidden());

        panel.selectAsset({});
        QVERIFY(!panel.followsChart());
        QCOMPARE(panel.asset(), QString());
        QCOMPARE(panel.assetBox()->currentText(), u"All assets"_s);
        QCOMPARE(panel.emptyText(), u"No news in the last 7 days."_s);
        QCOMPARE(NewsPanel::emptyTextFor(u"SOL"_s), u"No news for SOL in the last 7 days."_s);

        panel.setItems(items());
        QCOMPARE(panel.emptyText(), QString());
        QVERIFY(!panel.table()->isHidden());
        QCOMPARE(panel.model()->rowCount(), 4);
        // The newest is selected and its summary shown.
        QCOMPARE(panel.table()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(panel.table()->selectionModel()->selectedRows().front().row(), 0);
        const QString summary = panel.summaryView()->toPlainText();
        QVERIFY(summary.contains(u"Bitcoin surges to record high as ETF inflows grow"_s));
        QVERIFY(summary.contains(u"Spot bitcoin ETFs took in $1.2 billion on Tuesday."_s));
        QVERIFY(summary.contains(u"Sentiment +0.90 · Positive"_s));
        QVERIFY(summary.contains(u"The Block"_s));

        // A picked asset stays when the chart moves; following comes back with its entry.
        panel.selectAsset(u"ETH"_s);
        QCOMPARE(panel.model()->rowCount(), 2);
        panel.setChartSymbol(u"SOLUSDT"_s);
        QCOMPARE(panel.asset(), u"ETH"_s);
        panel.followChart();
        QCOMPARE(panel.asset(), u"SOL"_s);
        QCOMPARE(panel.model()->rowCount(), 0);
        QCOMPARE(panel.emptyText(), u"No news for SOL in the last 7 days."_s);
        // Not logged in: nothing is asked, no error is shown.
        panel.refresh();
        QCOMPARE(panel.status(), QString());
    }

    void dockOpensWebLinksOnly()
    {
        Fixture f;
        NewsPanel panel(f.session, f.instruments, f.theme);
        panel.selectAsset({});
        QList<QUrl> opened;
        panel.setLinkOpener([&opened](const QUrl& url) {
            opened.append(url);
            return true;
        });
        std::vector<NewsItem> list = items();
        list[3].link = u"javascript:alert(1)"_s; // the neutral one, second newest
        panel.setItems(list);
        QVERIFY(panel.openButton()->isEnabled());
        emit panel.table()->doubleClicked(panel.model()->index(0, NewsModel::HeadlineColumn));
        QCOMPARE(opened, QList<QUrl>{QUrl(u"https://news.example.com/%1"_s.arg(start + 5 * hour))});
        panel.table()->selectRow(1);
        QVERIFY(!panel.openButton()->isEnabled());
        panel.openSelected();
        QCOMPARE(opened.size(), 1);
        QVERIFY(!panel.summaryView()->toHtml().contains(u"javascript:"_s));
        // The selection is kept by link across a refresh.
        panel.table()->selectRow(2);
        const QString link = panel.model()->item(2)->link;
        std::vector<NewsItem> again = list;
        NewsItem newer = list[1];
        newer.link = u"https://news.example.com/newer"_s;
        newer.fetchedMs = start + 9 * hour;
        again.push_back(newer);
        panel.setItems(again);
        QCOMPARE(panel.model()->item(panel.table()->selectionModel()->selectedRows().front().row())->link,
                 link);
    }

    void feedsNeedNewsAdmin()
    {
        Fixture f;
        NewsPanel panel(f.session, f.instruments, f.theme);
        panel.show();
        // Not logged in, so no "news.admin": no button, no dialog.
        QVERIFY(panel.feedsButton()->isHidden());
        QVERIFY(!panel.openFeeds());
        QVERIFY(!panel.findChild<NewsFeedsDialog*>());
        QVERIFY(!NewsPanel::mayManageFeeds({u"news.read"_s, u"trading.read"_s}));
        QVERIFY(NewsPanel::mayManageFeeds({u"news.admin"_s, u"news.read"_s}));
    }

    void feedsDialogTableAndRefusals()
    {
        Fixture f;
        NewsFeedsDialog dialog(f.session, f.theme);
        // Listing needs a session: the refusal is worded in the message line.
        QCOMPARE(dialog.message(), u"The feeds could not be listed: You are not logged in."_s);
        QVERIFY(dialog.messageIsError());
        v1::ListFeedsResponse response;
        v1::NewsFeed* good = response.add_feeds();
        good->set_id(1);
        good->set_url("https://www.coindesk.com/arc/outboundfeeds/rss/");
        good->set_name("CoinDesk");
        good->set_enabled(true);
        good->set_last_fetched_unix_ms(start + hour);
        good->set_items(1234);
        v1::NewsFeed* broken = response.add_feeds();
        broken->set_id(2);
        broken->set_url("https://example.com/gone.xml");
        broken->set_name("example.com");
        broken->set_enabled(true);
        broken->set_last_error("HTTP 404 Not Found");
        std::vector<NewsFeed> feeds;
        for (const v1::NewsFeed& feed : response.feeds())
            feeds.push_back(fromProtoNewsFeed(feed));
        dialog.showFeeds(feeds);
        QCOMPARE(dialog.message(), QString()); // listed now
        QTableWidget* table = dialog.table();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, NewsFeedsDialog::NameColumn)->text(), u"CoinDesk"_s);
        QCOMPARE(table->item(0, NewsFeedsDialog::UrlColumn)->text(),
                 u"https://www.coindesk.com/arc/outboundfeeds/rss/"_s);
        QCOMPARE(table->item(0, NewsFeedsDialog::ItemsColumn)->text(), QLocale().toString(1234));
        QCOMPARE(table->item(0, NewsFeedsDialog::LastFetchColumn)->text(),
                 NewsModel::timeText(start + hour));
        QCOMPARE(table->item(1, NewsFeedsDialog::LastFetchColumn)->text(), u"never"_s);
        QCOMPARE(table->item(1, NewsFeedsDialog::ErrorColumn)->text(), u"HTTP 404 Not Found"_s);
        // The error in red.
        QCOMPARE(table->item(1, NewsFeedsDialog::ErrorColumn)->foreground().color(),
                 f.theme.color(u"danger"_s));
        QVERIFY(!dialog.removeButton()->isEnabled());
        table->selectRow(0);
        QVERIFY(dialog.removeButton()->isEnabled());
        // The confirmation says that the items go too.
        QCOMPARE(NewsFeedsDialog::removeQuestion(feeds[0]), u"Remove the feed “CoinDesk”?"_s);
        QVERIFY(NewsFeedsDialog::removeDetail(feeds[0]).startsWith(
            u"Its stored items (%1) are deleted with it"_s.arg(QLocale().toString(1234))));

        // Add: the address is checked first, then the session's refusal is shown worded.
        QVERIFY(!dialog.addButton()->isEnabled());
        dialog.urlEdit()->setText(u"ftp://example.com/feed"_s);
        QVERIFY(dialog.addButton()->isEnabled());
        dialog.addFeed();
        QVERIFY(dialog.messageIsError());
        QCOMPARE(dialog.message(),
                 u"The feed was not added: enter an http:// or https:// address of an RSS or "
                 u"Atom feed."_s);
        dialog.urlEdit()->setText(u"https://cointelegraph.com/rss"_s);
        dialog.addFeed();
        QCOMPARE(dialog.message(), u"The feed was not added: You are not logged in."_s);
        dialog.removeFeed(feeds[1].url);
        QCOMPARE(dialog.message(), u"The feed was not removed: You are not logged in."_s);
    }

    void sentimentPaneHasGapsWithoutItems()
    {
        Fixture f;
        CandleChart chart(f.theme);
        chart.setMarket(u"BTCUSDT"_s, u"1h"_s);
        chart.setCandles(candles(200, start, hour), false);
        SentimentPane pane(f.session, chart, f.theme);
        pane.setMarket(u"BTC"_s, u"1h"_s);
        const int rows = chart.plot()->plotLayout()->rowCount();
        QVERIFY(!pane.isShown());

        // Bars 100 … 199, without 120 … 129 (no news in the 24 h before their close).
        const SentimentSeries series = fromProtoSentiment(sentiment(100, 200, 120, 130));
        pane.setSeries(series);
        QVERIFY(pane.isShown());
        QVERIFY(pane.isEnabled());
        QCOMPARE(chart.plot()->plotLayout()->rowCount(), rows + 1);
        QCOMPARE(pane.pointCount(), 90);
        QVERIFY(!pane.valueAt(start + 99 * hour));
        QVERIFY(!pane.valueAt(start + 120 * hour)); // said 0 items: empty, not 0
        QVERIFY(!pane.valueAt(start + 125 * hour));
        QCOMPARE(*pane.valueAt(start + 130 * hour), 0.6 * std::sin(130 / 6.0));
        QCOMPARE(*pane.valueAt(start + 199 * hour), 0.6 * std::sin(199 / 6.0));
        // Each bar in its tone's colour.
        int positive = 0;
        int negative = 0;
        int neutral = 0;
        for (const SentimentPoint& point : series.points) {
            switch (sentimentTone(point.value)) {
            case SentimentTone::Positive:
                ++positive;
                break;
            case SentimentTone::Negative:
                ++negative;
                break;
            case SentimentTone::Neutral:
                ++neutral;
                break;
            }
        }
        QVERIFY(positive > 0 && negative > 0);
        QCOMPARE(pane.bars(SentimentTone::Positive)->dataCount(), positive);
        QCOMPARE(pane.bars(SentimentTone::Negative)->dataCount(), negative);
        QCOMPARE(pane.bars(SentimentTone::Neutral)->dataCount(), neutral);
        QCOMPARE(pane.bars(SentimentTone::Positive)->brush().color().rgb(),
                 f.theme.color(u"success"_s).rgb());
        QCOMPARE(pane.bars(SentimentTone::Negative)->brush().color().rgb(),
                 f.theme.color(u"danger"_s).rgb());
        // −1 … 1 around zero.
        QCPAxis* value = pane.pane()->axis(QCPAxis::atRight);
        QVERIFY(value->range().lower < -1 && value->range().lower > -1.3);
        QVERIFY(value->range().upper > 1 && value->range().upper < 1.3);
        const SentimentPoint& newest = series.points.back();
        QCOMPARE(pane.legend(), u"BTC news sentiment (24 h mean) · newest %1 · items: %2"_s
                                    .arg(sentimentText(newest.value, QLocale::c()))
                                    .arg(newest.items));
        // Under the candles, panning with them; the time labels under it only.
        QCOMPARE(chart.plot()->plotLayout()->element(rows, 0),
                 static_cast<QCPLayoutElement*>(pane.pane()));
        QVERIFY(pane.pane()->axis(QCPAxis::atBottom)->tickLabels());
        QVERIFY(!chart.plot()->axisRect(1)->axis(QCPAxis::atBottom)->tickLabels());
        chart.showLatest(50);
        QCOMPARE(pane.pane()->axis(QCPAxis::atBottom)->range(),
                 chart.plot()->axisRect(0)->axis(QCPAxis::atBottom)->range());

        // With the predictions pane below it, the labels move down and come back.
        AiLabPredictionsOverlay predictions(f.session, chart, f.theme);
        ModelPredictions direction{.name = u"btc-gru"_s, .version = 3, .task = u"direction"_s, .points = {}};
        direction.points.push_back({.barTimeMs = start + 150 * hour, .value = 0.6});
        predictions.setPredictions(direction);
        QCOMPARE(chart.plot()->plotLayout()->rowCount(), rows + 2);
        QVERIFY(!pane.pane()->axis(QCPAxis::atBottom)->tickLabels());
        predictions.clear();
        QCOMPARE(chart.plot()->plotLayout()->rowCount(), rows + 1);
        QVERIFY(pane.pane()->axis(QCPAxis::atBottom)->tickLabels());
        QVERIFY(!chart.plot()->axisRect(1)->axis(QCPAxis::atBottom)->tickLabels());

        // No news in range: said so in the legend, no bars.
        pane.setSeries({.asset = u"BTC"_s, .points = {}});
        QCOMPARE(pane.pointCount(), 0);
        QCOMPARE(pane.legend(), u"BTC news sentiment (24 h mean) — not logged in"_s);

        // Another market clears the bars; turning it off removes the pane.
        pane.setSeries(series);
        pane.setMarket(u"ETH"_s, u"1h"_s);
        QCOMPARE(pane.pointCount(), 0);
        QVERIFY(pane.isShown());
        pane.setEnabled(false);
        QVERIFY(!pane.isShown());
        QCOMPARE(chart.plot()->plotLayout()->rowCount(), rows);
        QVERIFY(chart.plot()->axisRect(1)->axis(QCPAxis::atBottom)->tickLabels());
    }

    void chartPanelOffersSentiment()
    {
        Fixture f;
        ChartPanel panel(f.session, f.instruments, f.theme);
        QVERIFY(panel.sentiment());
        auto* button = panel.findChild<QToolButton*>(u"chartSentiment"_s);
        QVERIFY(button);
        QCOMPARE(button->text(), u"Sentiment"_s);
        QVERIFY(button->isCheckable());
        QCOMPARE(panel.baseAsset(), u"BTC"_s);
        QCOMPARE(panel.sentiment()->asset(), u"BTC"_s);
        QVERIFY(panel.selectMarket(u"ETHUSDT"_s, u"4h"_s));
        QCOMPARE(panel.sentiment()->asset(), u"ETH"_s);
        button->setChecked(true);
        QVERIFY(panel.sentiment()->isEnabled());
        QVERIFY(panel.sentiment()->isShown());
        button->setChecked(false);
        QVERIFY(!panel.sentiment()->isShown());
    }

    void screenshots();
};

void TestNews::screenshots()
{
    const QString directory = qEnvironmentVariable("BCF_NEWS_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("BCF_NEWS_SCREENSHOT_DIR is not set");
    QDir().mkpath(directory);
    QTemporaryDir dir;
    Preferences preferences{
        std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
    ThemeManager theme{preferences};
    theme.apply();
    LanguageManager language{preferences};
    SessionController session{ConnectionProfile{}};
    for (const QString& lang : {u"en"_s, u"pt_BR"_s}) {
        QTranslator translator;
        if (lang != u"en") {
            QVERIFY2(translator.load(qEnvironmentVariable("BCF_NEWS_QM")), "BCF_NEWS_QM");
            QCoreApplication::installTranslator(&translator);
            QLocale::setDefault(QLocale(u"pt_BR"_s));
        } else {
            QLocale::setDefault(QLocale(u"en_US"_s));
        }
        // Each window with the default layout (not the one the previous window saved).
        QTemporaryDir windowDir;
        Preferences windowPreferences{std::make_unique<QSettings>(
            windowDir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
        MainWindow window(session, theme, language, windowPreferences);
        window.resize(1600, 1000);
        window.show();
        window.newsDock()->show();
        window.newsDock()->raise();
        window.resizeDocks({window.newsDock()}, {360}, Qt::Vertical);
        QVERIFY(window.chart()->selectMarket(u"BTCUSDT"_s, u"1h"_s));
        window.chart()->chart()->setCandles(candles(400, start, hour), false);
        NewsPanel* news = window.news();
        news->selectAsset({});
        news->setItems(fromProtoNewsItems(sampleNews()));
        news->table()->selectRow(1);
        QTest::qWait(300);
        QVERIFY(window.grab().save(QDir(directory).filePath(u"news_%1.png"_s.arg(lang))));
        if (lang == u"en") {
            NewsFeedsDialog feeds(session, theme, &window);
            feeds.showFeeds(sampleFeeds());
            feeds.table()->selectRow(2);
            feeds.show();
            QTest::qWait(300);
            QVERIFY(feeds.grab().save(QDir(directory).filePath(u"feeds_en.png"_s)));
            feeds.close();

            for (QDockWidget* dock : {window.newsDock(), window.aiLabDock(), window.jobsDock(),
                                      window.botsDock(), window.tradingDock()})
                dock->hide();
            // The last ten days, with the quiet stretch (empty bars) in view.
            window.chart()->chart()->showLatest(240);
            window.chart()->sentiment()->setSeries(fromProtoSentiment(sampleSentiment()));
            QTest::qWait(300);
            QVERIFY(window.grab().save(QDir(directory).filePath(u"chart_sentiment_en.png"_s)));
            window.chart()->sentiment()->setEnabled(false);
        }
        window.close();
        if (lang != u"en")
            QCoreApplication::removeTranslator(&translator);
    }
    QLocale::setDefault(QLocale::c());
}

QTEST_MAIN(TestNews)
#include "tst_news.moc"
