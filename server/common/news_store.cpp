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

std::string hostOf(const std::string &url)
{
    const std::size_t scheme = url.find("://");
    if (scheme == std::string::npos)
        return {};
    const std::size_t start = scheme + 3;
    const std::size_t end = url.find_first_of("/?#", start);
    std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (const std::size_t at = authority.rfind('@'); at != std::string::npos)
        authority.erase(0, at + 1);
    if (authority.starts_with('[')) { // an IPv6 literal
        const std::size_t close = authority.find(']');
        return close == std::string::npos ? std::string() : authority.substr(1, close - 1);
    }
    return authority.substr(0, authority.find(':'));
}

Result<NewsFeed> NewsStore::addFeed(const std::string &url, const std::string &name)
{
    const bool printable = std::all_of(url.begin(), url.end(), [](char c) {
        return static_cast<unsigned char>(c) > ' ' && c != '\x7f';
    });
    if ((!url.starts_with("http://") && !url.starts_with("https://")) || !printable)
        return makeError(ErrorCode::InvalidArgument, "url: '" + url + "' is not an http:// or https:// address");
    const std::string host = hostOf(url);
    if (host.empty())
        return makeError(ErrorCode::InvalidArgument, "url: '" + url + "' names no host");
    const std::string shown = name.empty() ? host : name;
    return m_database.run([&](pqxx::connection &connection) -> Result<NewsFeed> {
        pqxx::work tx(connection);
        const auto rows = tx.exec_params("INSERT INTO news_feeds (url, name) VALUES ($1, $2) ON CONFLICT DO NOTHING"
                                         " RETURNING id",
                                         url, shown);
        if (rows.empty())
            return makeError(ErrorCode::AlreadyExists, "the feed " + url + " is already added");
        tx.commit();
        NewsFeed feed;
        feed.id = rows[0][0].as<std::int64_t>();
        feed.url = url;
        feed.name = shown;
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
            "SELECT i.feed_id, i.guid, i.title, i.link, i.summary,"
            " floor(extract(epoch FROM i.published_at) * 1000)::bigint,"
            " floor(extract(epoch FROM i.fetched_at) * 1000)::bigint, i.sentiment, i.assets::text, f.name"
            " FROM news_items i JOIN news_feeds f ON f.id = i.feed_id"
            " WHERE ($1 = '' OR i.assets @> ARRAY[$1]::text[])"
            " AND i.fetched_at >= timestamptz 'epoch' + $2 * interval '1 millisecond'"
            " AND i.fetched_at < timestamptz 'epoch' + $3 * interval '1 millisecond'"
            " ORDER BY i.fetched_at DESC, i.id DESC LIMIT $4",
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
            item.feedName = row[9].as<std::string>();
            out.push_back(std::move(item));
        }
        return out;
    });
}

Result<std::vector<SentimentValue>> NewsStore::sentimentAt(const std::string &asset,
                                                           const std::vector<TimePoint> &closes)
{
    if (closes.empty())
        return std::vector<SentimentValue>();
    // Only what the series needs (fetch time, score), over the window before the first close to
    // the last close inclusive, in the order items() gives.
    const TimePoint from = closes.front() - kSentimentWindow;
    const TimePoint to = closes.back() + std::chrono::milliseconds(1);
    auto items = m_database.run([&](pqxx::connection &connection) -> Result<std::vector<NewsItem>> {
        pqxx::read_transaction tx(connection);
        const auto rows = tx.exec_params(
            "SELECT floor(extract(epoch FROM fetched_at) * 1000)::bigint, sentiment FROM news_items"
            " WHERE assets @> ARRAY[$1]::text[]"
            " AND fetched_at >= timestamptz 'epoch' + $2 * interval '1 millisecond'"
            " AND fetched_at < timestamptz 'epoch' + $3 * interval '1 millisecond'"
            " ORDER BY fetched_at DESC, id DESC LIMIT $4",
            asset, toUnixMillis(from), toUnixMillis(to), static_cast<std::int64_t>(kMaxSentimentItems + 1));
        if (rows.size() > kMaxSentimentItems)
            return makeError(ErrorCode::InvalidArgument,
                             "range: more than " + std::to_string(kMaxSentimentItems) + " news items of " + asset +
                                 " in the range; shorten it");
        std::vector<NewsItem> out;
        out.reserve(rows.size());
        for (const auto &row : rows) {
            NewsItem item;
            item.fetchedAt = fromMs(row[0].as<std::int64_t>());
            item.sentiment = row[1].as<double>();
            out.push_back(std::move(item));
        }
        return out;
    });
    if (!items)
        return std::unexpected(items.error());
    return sentimentValues(*items, closes, kSentimentWindow);
}

std::vector<SentimentValue> sentimentValues(const std::vector<NewsItem> &itemsNewestFirst,
                                            const std::vector<TimePoint> &closes, std::chrono::milliseconds window)
{
    // Oldest first, by index: the items themselves (titles, summaries) are not copied.
    const std::size_t count = itemsNewestFirst.size();
    const auto item = [&](std::size_t oldestFirst) -> const NewsItem & {
        return itemsNewestFirst[count - 1 - oldestFirst];
    };
    std::vector<SentimentValue> out(closes.size());
    std::size_t enter = 0; // items with fetchedAt <= close have entered
    std::size_t leave = 0; // items with fetchedAt <= close - window have left
    double sum = 0;
    for (std::size_t i = 0; i < closes.size(); ++i) {
        while (enter < count && item(enter).fetchedAt <= closes[i])
            sum += item(enter++).sentiment;
        while (leave < enter && item(leave).fetchedAt <= closes[i] - window)
            sum -= item(leave++).sentiment;
        out[i].items = enter - leave;
        if (enter > leave)
            out[i].value = sum / double(enter - leave);
    }
    return out;
}

std::vector<double> sentimentSeries(const std::vector<NewsItem> &itemsNewestFirst,
                                    const std::vector<TimePoint> &closes, std::chrono::milliseconds window)
{
    std::vector<double> out;
    out.reserve(closes.size());
    for (const SentimentValue &value : sentimentValues(itemsNewestFirst, closes, window))
        out.push_back(value.value);
    return out;
}

} // namespace bcf::server
