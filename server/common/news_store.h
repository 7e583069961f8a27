#pragma once

#include "common/database.h"
#include "core/clock.h"
#include "core/result.h"

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace bcf::server {

struct NewsFeed {
    std::int64_t id = 0;
    std::string url;
    std::string name;
    bool enabled = true;
    std::optional<TimePoint> lastFetched;
    std::string lastError;      // of the last fetch; empty when it went well
    std::int64_t items = 0;     // stored items
};

struct NewsItem {
    std::int64_t feedId = 0;
    std::string feedName;       // filled by NewsStore::items(); not stored with the item
    std::string guid;
    std::string title;
    std::string link;
    std::string summary;
    std::optional<TimePoint> published;
    TimePoint fetchedAt{};
    double sentiment = 0;       // -1 … 1
    std::vector<std::string> assets;
};

// sentiment("ASSET") at one bar close: the mean sentiment of the items in the window before it
// (NaN when none) and how many items that mean is of.
struct SentimentValue {
    double value = std::numeric_limits<double>::quiet_NaN();
    std::size_t items = 0;
};

// The window sentiment() averages over: the items fetched after `close - 24 h` and up to and
// including the close.
inline constexpr std::chrono::milliseconds kSentimentWindow = std::chrono::hours(24);

// News feeds and items in PostgreSQL (docs/news.md). Thread-safe.
class NewsStore final {
public:
    explicit NewsStore(Database &database) : m_database(database) {}

    // AlreadyExists for a URL already added; InvalidArgument naming `url` for a URL that is not
    // http(s) or has no host. An empty name stands for the URL's host.
    Result<NewsFeed> addFeed(const std::string &url, const std::string &name);
    // NotFound for an unknown URL. Its items go with it.
    Status removeFeed(const std::string &url);
    Result<std::vector<NewsFeed>> feeds();
    // Records a fetch: its time and error (empty when it went well).
    Status markFetched(std::int64_t feedId, TimePoint at, const std::string &error);
    // Stores the items the feed did not have yet (by guid); returns how many were new.
    Result<std::size_t> addItems(std::int64_t feedId, const std::vector<NewsItem> &items);
    // Items naming `asset` (every item when empty) fetched in [from, to), newest first, at most
    // `limit`, with their feed's name.
    Result<std::vector<NewsItem>> items(const std::string &asset, TimePoint from, TimePoint to, std::size_t limit);
    // What sentiment("ASSET") gives a strategy at each close of `closes` (ascending): the
    // sentimentValues() of the items naming `asset` fetched in the kSentimentWindow before each
    // close, read in one query. Backtests, bots and NewsService/GetSentiment all read the series
    // here, so they agree bar by bar. InvalidArgument when more than kMaxSentimentItems items fall
    // in the range (never a silently shortened series).
    Result<std::vector<SentimentValue>> sentimentAt(const std::string &asset, const std::vector<TimePoint> &closes);

    static constexpr std::size_t kMaxSentimentItems = 1'000'000;

private:
    Database &m_database;
};

// The sentiment series of an asset at the closes of `closes` (ascending): the mean sentiment of
// the items naming the asset that were fetched in the `window` before each close (NaN when
// none): only what was known at that close. Only the items' fetchedAt and sentiment are read.
std::vector<SentimentValue> sentimentValues(const std::vector<NewsItem> &itemsNewestFirst,
                                            const std::vector<TimePoint> &closes, std::chrono::milliseconds window);
// The same, values only.
std::vector<double> sentimentSeries(const std::vector<NewsItem> &itemsNewestFirst,
                                    const std::vector<TimePoint> &closes, std::chrono::milliseconds window);

// The host of an http(s) URL ("news.example.com" for "https://news.example.com:8443/rss"); empty
// when the URL has none.
std::string hostOf(const std::string &url);

} // namespace bcf::server
