#pragma once

#include "common/database.h"
#include "core/clock.h"
#include "core/result.h"

#include <cstdint>
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
    std::string guid;
    std::string title;
    std::string link;
    std::string summary;
    std::optional<TimePoint> published;
    TimePoint fetchedAt{};
    double sentiment = 0;       // -1 … 1
    std::vector<std::string> assets;
};

// News feeds and items in PostgreSQL (docs/news.md). Thread-safe.
class NewsStore final {
public:
    explicit NewsStore(Database &database) : m_database(database) {}

    // AlreadyExists for a URL already added; InvalidArgument for a URL that is not http(s).
    Result<NewsFeed> addFeed(const std::string &url, const std::string &name);
    // NotFound for an unknown URL. Its items go with it.
    Status removeFeed(const std::string &url);
    Result<std::vector<NewsFeed>> feeds();
    // Records a fetch: its time and error (empty when it went well).
    Status markFetched(std::int64_t feedId, TimePoint at, const std::string &error);
    // Stores the items the feed did not have yet (by guid); returns how many were new.
    Result<std::size_t> addItems(std::int64_t feedId, const std::vector<NewsItem> &items);
    // Items naming `asset` (every item when empty) fetched in [from, to), newest first, at most
    // `limit`.
    Result<std::vector<NewsItem>> items(const std::string &asset, TimePoint from, TimePoint to, std::size_t limit);

private:
    Database &m_database;
};

// The sentiment series of an asset at the closes of `closes` (ascending): the mean sentiment of
// the items naming the asset that were fetched in the `window` before each close (NaN when
// none): only what was known at that close.
std::vector<double> sentimentSeries(const std::vector<NewsItem> &itemsNewestFirst,
                                    const std::vector<TimePoint> &closes, std::chrono::milliseconds window);

} // namespace bcf::server
