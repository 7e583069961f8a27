#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <vector>

// News and sentiment as the workstation shows them (bcf.v1.NewsService, docs/news.md): the feeds
// an admin added, the items fetched from them (scored -1 … 1 by the product's lexicon and tagged
// with the assets they name) and an asset's sentiment series, the one sentiment("BTC") reads in
// strategies. Pure values and functions, usable on any thread. The proto conversions are in
// core/news_proto.h.
namespace bcf::app {

// bcf.v1.NewsFeed.
struct NewsFeed {
    qint64 id = 0;
    QString url;
    QString name;
    bool enabled = true;
    qint64 lastFetchedMs = 0; // 0: never fetched
    QString lastError;        // of the last fetch; empty when it went well
    qint64 items = 0;         // stored items

    friend bool operator==(const NewsFeed&, const NewsFeed&) = default;
};

// bcf.v1.NewsItem.
struct NewsItem {
    qint64 feedId = 0;
    QString feedName;
    QString title;
    QString link;
    QString summary;
    qint64 publishedMs = 0; // 0: the feed gave no date
    qint64 fetchedMs = 0;   // when the product first had it: what strategies see
    double sentiment = 0;   // -1 … 1
    QStringList assets;     // BTC, ETH, …

    friend bool operator==(const NewsItem&, const NewsItem&) = default;
};

// One bar of an asset's sentiment series (bcf.v1.SentimentPoint).
struct SentimentPoint {
    qint64 barTimeMs = 0; // the bar's open time
    double value = 0;     // mean of the items fetched in the 24 h before the bar's close
    int items = 0;        // how many items that mean is of (0: no value)

    friend bool operator==(const SentimentPoint&, const SentimentPoint&) = default;
};

struct SentimentSeries {
    QString asset;
    std::vector<SentimentPoint> points; // oldest first; bars without items left out

    friend bool operator==(const SentimentSeries&, const SentimentSeries&) = default;
};

// How a score reads: within ±neutralSentiment it is neutral (VADER's usual threshold).
enum class SentimentTone { Negative, Neutral, Positive };
inline constexpr double neutralSentiment = 0.05;
SentimentTone sentimentTone(double value);
// "Positive", "Neutral", "Negative", translated.
QString sentimentToneName(SentimentTone tone);
// A score with its sign and two decimals: "+0.42", "−0.31" (a minus sign), "0.00".
QString sentimentText(double value, const QLocale& locale = QLocale());

// The assets the servers tag items with (docs/news.md), in that order.
QStringList newsAssets();
// The base asset of a symbol when the instrument is not known: the symbol without the usual quote
// assets ("BTCUSDT" -> "BTC", "ETHBTC" -> "ETH"); the symbol itself when none matches.
QString newsBaseAsset(const QString& symbol);

// Whether a link may be opened in the browser: http:// or https:// only (a feed's link could be
// anything, such as file:// or javascript:).
bool isOpenableNewsLink(const QString& link);

} // namespace bcf::app
