#include "core/news_types.h"

#include "core/news_proto.h"

#include <QCoreApplication>
#include <QUrl>

#include <cmath>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

} // namespace

SentimentTone sentimentTone(double value)
{
    if (value > neutralSentiment)
        return SentimentTone::Positive;
    if (value < -neutralSentiment)
        return SentimentTone::Negative;
    return SentimentTone::Neutral;
}

QString sentimentToneName(SentimentTone tone)
{
    switch (tone) {
    case SentimentTone::Positive:
        return QCoreApplication::translate("bcf::app::News", "Positive");
    case SentimentTone::Negative:
        return QCoreApplication::translate("bcf::app::News", "Negative");
    case SentimentTone::Neutral:
        break;
    }
    return QCoreApplication::translate("bcf::app::News", "Neutral");
}

QString sentimentText(double value, const QLocale& locale)
{
    const double rounded = std::round(value * 100.0) / 100.0;
    if (rounded == 0 || !std::isfinite(rounded))
        return locale.toString(0.0, 'f', 2);
    const QString magnitude = locale.toString(std::abs(rounded), 'f', 2);
    return (rounded > 0 ? u"+"_s : u"\u2212"_s) + magnitude;
}

QStringList newsAssets()
{
    return {u"BTC"_s,  u"ETH"_s, u"BNB"_s, u"SOL"_s,  u"XRP"_s,  u"ADA"_s,  u"DOGE"_s, u"USDT"_s,
            u"USDC"_s, u"LTC"_s, u"DOT"_s, u"AVAX"_s, u"LINK"_s, u"TRX"_s, u"POL"_s};
}

QString newsBaseAsset(const QString& symbol)
{
    // Longest first, so that "FDUSD" is not read as "USD".
    for (const QString& quote : {u"FDUSD"_s, u"USDT"_s, u"USDC"_s, u"BUSD"_s, u"TUSD"_s, u"BTC"_s,
                                 u"ETH"_s, u"BNB"_s, u"EUR"_s, u"BRL"_s, u"TRY"_s, u"USD"_s}) {
        if (symbol.size() > quote.size() && symbol.endsWith(quote))
            return symbol.left(symbol.size() - quote.size());
    }
    return symbol;
}

bool isOpenableNewsLink(const QString& link)
{
    const QUrl url(link.trimmed(), QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty()
           && (url.scheme() == u"https" || url.scheme() == u"http");
}

NewsFeed fromProtoNewsFeed(const v1::NewsFeed& feed)
{
    return NewsFeed{.id = feed.id(),
                    .url = text(feed.url()),
                    .name = text(feed.name()),
                    .enabled = feed.enabled(),
                    .lastFetchedMs = feed.last_fetched_unix_ms(),
                    .lastError = text(feed.last_error()),
                    .items = feed.items()};
}

NewsItem fromProtoNewsItem(const v1::NewsItem& item)
{
    NewsItem result{.feedId = item.feed_id(),
                    .feedName = text(item.feed_name()),
                    .title = text(item.title()),
                    .link = text(item.link()),
                    .summary = text(item.summary()),
                    .publishedMs = item.published_unix_ms(),
                    .fetchedMs = item.fetched_unix_ms(),
                    .sentiment = item.sentiment(),
                    .assets = {}};
    for (const std::string& asset : item.assets())
        result.assets.append(text(asset));
    return result;
}

std::vector<NewsItem> fromProtoNewsItems(const v1::ListNewsResponse& response)
{
    std::vector<NewsItem> items;
    items.reserve(std::size_t(response.items_size()));
    for (const v1::NewsItem& item : response.items())
        items.push_back(fromProtoNewsItem(item));
    return items;
}

SentimentSeries fromProtoSentiment(const v1::GetSentimentResponse& response)
{
    SentimentSeries series{.asset = text(response.asset()), .points = {}};
    series.points.reserve(std::size_t(response.points_size()));
    for (const v1::SentimentPoint& point : response.points()) {
        if (point.items() <= 0)
            continue;
        series.points.push_back({.barTimeMs = point.bar_time_unix_ms(),
                                 .value = point.value(),
                                 .items = point.items()});
    }
    return series;
}

} // namespace bcf::app
