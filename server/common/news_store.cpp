#include "common/news_store.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bcf::server {

namespace {

TimePoint fromMs(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

std::string arrayLiteral(const std::vector<std::string> &values)
{
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += i ? ",\"" : "\"";
        for (const char c : values[i]) {
            if (c == '"' || c == '\\')
                out.push_back('\\');
            out.push_back(c);
        }
        out += "\"";
    }
    return out + "}";
}

std::vector<std::string> parseArray(const std::string &text)
{
    // PostgreSQL's text form of text[] for tickers ({BTC,ETH}): no quoting needed.
    std::vector<std::string> out;
    std::string item;
    for (const char c : text) {
        if (c == '{' || c == '"')
            continue;
        if (c == ',' || c == '}') {
            if (!item.empty())
                out.push_back(item);
            item.clear();
            continue;
        }
        item.push_back(c);
    }
    return out;
}

} // namespace

Result<NewsFeed> NewsStore::addFeed(const std::string &url, const std::string &name)
{
    if (!url.starts_with("http://") && !url.starts_with("https://"))
        return makeError(ErrorCode::InvalidArgument, "url: '" + url + "' is not an http:// or https:// address");
    return m_database.run([&](pqxx::connection &connection) -> Result<NewsFeed> {
        pqxx::work tx(connection);
        const auto rows = tx.exec_params("INSERT INTO news_feeds (url, name) VALUES ($1, $2) ON CONFLICT DO NOTHING"
                                         " RETURNING id",
                                         url, name.empty() ? url : name);
        if (rows.empty())
            return makeError(ErrorCode::AlreadyExists, "the feed " + url + " is already added");
        tx.commit();
        NewsFeed feed;
        feed.id = rows[0][0].as<std::int64_t>();
        feed.url = url;
        feed.name = name.empty() ? url : name;
        return feed;
    });
}

Status NewsStore::removeFeed(const std::string &url)
{
    return m_database.run([&](pqxx::connection &connection) -> Status {
        pqxx::work tx(connection);
        if (tx.exec_params("DELETE FROM news_feeds WHERE url = $1 RETURNING id", url).empty())
            return makeError(ErrorCode::NotFound, "no feed has the address " + url);
        tx.commit();
        return {};
    });
}

Result<std::vector<NewsFeed>> NewsStore::feeds()
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        std::vector<NewsFeed> out;
        for (const auto &row : tx.exec(
                 "SELECT f.id, f.url, f.name, f.enabled, floor(extract(epoch FROM f.last_fetched_at) * 1000)::bigint,"
                 " f.last_error, (SELECT count(*) FROM news_items i WHERE i.feed_id = f.id)"
                 " FROM news_feeds f ORDER BY f.id")) {
            NewsFeed feed;
            feed.id = row[0].as<std::int64_t>();
            feed.url = row[1].as<std::string>();
            feed.name = row[2].as<std::string>();
            feed.enabled = row[3].as<bool>();
            if (!row[4].is_null())
                feed.lastFetched = fromMs(row[4].as<std::int64_t>());
            feed.lastError = row[5].as<std::string>();
            feed.items = row[6].as<std::int64_t>();
            out.push_back(std::move(feed));
        }
        return out;
    });
}

Status NewsStore::markFetched(std::int64_t feedId, TimePoint at, const std::string &error)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        tx.exec_params0("UPDATE news_feeds SET last_fetched_at = timestamptz 'epoch' + $2 * interval '1 millisecond',"
                        " last_error = $3 WHERE id = $1",
                        feedId, toUnixMillis(at), error);
        tx.commit();
    });
}

Result<std::size_t> NewsStore::addItems(std::int64_t feedId, const std::vector<NewsItem> &items)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::work tx(connection);
        std::size_t added = 0;
        for (const NewsItem &item : items) {
            const auto result = tx.exec_params(
                "INSERT INTO news_items (feed_id, guid, title, link, summary, published_at, fetched_at, sentiment,"
                " assets) VALUES ($1, $2, $3, $4, $5,"
                " CASE WHEN $6 THEN timestamptz 'epoch' + $7 * interval '1 millisecond' END,"
                " timestamptz 'epoch' + $8 * interval '1 millisecond', $9, $10::text[])"
                " ON CONFLICT (feed_id, guid) DO NOTHING",
                feedId, item.guid, item.title, item.link, item.summary, item.published.has_value(),
                item.published ? toUnixMillis(*item.published) : 0LL, toUnixMillis(item.fetchedAt),
                std::clamp(item.sentiment, -1.0, 1.0), arrayLiteral(item.assets));
            added += std::size_t(result.affected_rows());
        }
        tx.commit();
        return added;
    });
}

Result<std::vector<NewsItem>> NewsStore::items(const std::string &asset, TimePoint from, TimePoint to,
                                               std::size_t limit)
{
    return m_database.run([&](pqxx::connection &connection) {
        pqxx::read_transaction tx(connection);
        const auto rows = tx.exec_params(
            "SELECT feed_id, guid, title, link, summary, floor(extract(epoch FROM published_at) * 1000)::bigint,"
            " floor(extract(epoch FROM fetched_at) * 1000)::bigint, sentiment, assets::text FROM news_items"
            " WHERE ($1 = '' OR assets @> ARRAY[$1]::text[])"
            " AND fetched_at >= timestamptz 'epoch' + $2 * interval '1 millisecond'"
            " AND fetched_at < timestamptz 'epoch' + $3 * interval '1 millisecond'"
            " ORDER BY fetched_at DESC, id DESC LIMIT $4",
            asset, toUnixMillis(from), toUnixMillis(to), static_cast<std::int64_t>(limit));
        std::vector<NewsItem> out;
        for (const auto &row : rows) {
            NewsItem item;
            item.feedId = row[0].as<std::int64_t>();
            item.guid = row[1].as<std::string>();
            item.title = row[2].as<std::string>();
            item.link = row[3].as<std::string>();
            item.summary = row[4].as<std::string>();
            if (!row[5].is_null())
                item.published = fromMs(row[5].as<std::int64_t>());
            item.fetchedAt = fromMs(row[6].as<std::int64_t>());
            item.sentiment = row[7].as<double>();
            item.assets = parseArray(row[8].as<std::string>());
            out.push_back(std::move(item));
        }
        return out;
    });
}

std::vector<double> sentimentSeries(const std::vector<NewsItem> &itemsNewestFirst,
                                    const std::vector<TimePoint> &closes, std::chrono::milliseconds window)
{
    std::vector<NewsItem> items(itemsNewestFirst.rbegin(), itemsNewestFirst.rend()); // oldest first
    std::vector<double> out(closes.size(), std::numeric_limits<double>::quiet_NaN());
    std::size_t enter = 0; // items with fetchedAt <= close have entered
    std::size_t leave = 0; // items with fetchedAt <= close - window have left
    double sum = 0;
    for (std::size_t i = 0; i < closes.size(); ++i) {
        while (enter < items.size() && items[enter].fetchedAt <= closes[i])
            sum += items[enter++].sentiment;
        while (leave < enter && items[leave].fetchedAt <= closes[i] - window)
            sum -= items[leave++].sentiment;
        if (enter > leave)
            out[i] = sum / double(enter - leave);
    }
    return out;
}

} // namespace bcf::server
