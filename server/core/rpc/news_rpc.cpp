#include "rpc/news_rpc.h"

#include "common/grpc_status.h"
#include "common/logging.h"
#include "model/timeframe.h"
#include "rpc/authorization.h"

#include <cctype>
#include <optional>

namespace bcf::core {
namespace {

constexpr auto kDefaultRange = std::chrono::days(7);

grpc::Status invalid(std::string message) { return {grpc::INVALID_ARGUMENT, std::move(message)}; }

// The ticker upper-cased, as sentiment("BTC") takes it: 2 to 12 letters and digits. Empty when
// `text` is not one.
std::string assetOf(const std::string &text)
{
    std::string asset;
    for (const char c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c)))
            return {};
        asset.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return asset.size() >= 2 && asset.size() <= 12 ? asset : std::string();
}

// [from, to) of a request: to 0 is now, from 0 is 7 days before `to`.
std::optional<grpc::Status> rangeOf(std::int64_t fromMs, std::int64_t toMs, TimePoint now, TimePoint &from,
                                    TimePoint &to)
{
    if (fromMs < 0 || toMs < 0)
        return invalid("range: times are Unix milliseconds (0: the default).");
    to = toMs == 0 ? now : fromUnixMillis(toMs);
    from = fromMs == 0 ? to - kDefaultRange : fromUnixMillis(fromMs);
    if (from >= to)
        return invalid("range: 'to' must come after 'from'.");
    return std::nullopt;
}

} // namespace

void toProto(const server::NewsFeed &feed, v1::NewsFeed *out)
{
    out->set_id(feed.id);
    out->set_url(feed.url);
    out->set_name(feed.name);
    out->set_enabled(feed.enabled);
    out->set_last_fetched_unix_ms(feed.lastFetched ? toUnixMillis(*feed.lastFetched) : 0);
    out->set_last_error(feed.lastError);
    out->set_items(feed.items);
}

void toProto(const server::NewsItem &item, v1::NewsItem *out)
{
    out->set_feed_id(item.feedId);
    out->set_feed_name(item.feedName);
    out->set_title(item.title);
    out->set_link(item.link);
    out->set_summary(item.summary);
    out->set_published_unix_ms(item.published ? toUnixMillis(*item.published) : 0);
    out->set_fetched_unix_ms(toUnixMillis(item.fetchedAt));
    out->set_sentiment(item.sentiment);
    for (const std::string &asset : item.assets)
        out->add_assets(asset);
}

grpc::Status NewsRpc::ListFeeds(grpc::ServerContext *context, const v1::ListFeedsRequest * /*request*/,
                                v1::ListFeedsResponse *response)
{
    if (auto principal = principalOf(*context, m_auth); !principal)
        return server::toGrpcStatus(principal.error());
    auto feeds = m_news.feeds();
    if (!feeds)
        return server::toGrpcStatus(feeds.error());
    for (const server::NewsFeed &feed : *feeds)
        toProto(feed, response->add_feeds());
    return grpc::Status::OK;
}

grpc::Status NewsRpc::AddFeed(grpc::ServerContext *context, const v1::AddFeedRequest *request,
                              v1::NewsFeed *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (request->name().size() > 200)
        return invalid("name: at most 200 characters.");
    auto feed = m_news.addFeed(request->url(), request->name());
    if (!feed)
        return server::toGrpcStatus(feed.error());
    server::logger("news")->info("msg=\"feed added\" url={} name={} by={}", server::quoted(feed->url),
                                 server::quoted(feed->name), server::quoted(principal->username));
    toProto(*feed, response);
    return grpc::Status::OK;
}

grpc::Status NewsRpc::RemoveFeed(grpc::ServerContext *context, const v1::RemoveFeedRequest *request,
                                 v1::RemoveFeedResponse * /*response*/)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (auto removed = m_news.removeFeed(request->url()); !removed)
        return server::toGrpcStatus(removed.error());
    server::logger("news")->info("msg=\"feed removed\" url={} by={}", server::quoted(request->url()),
                                 server::quoted(principal->username));
    return grpc::Status::OK;
}

grpc::Status NewsRpc::ListNews(grpc::ServerContext *context, const v1::ListNewsRequest *request,
                               v1::ListNewsResponse *response)
{
    if (auto principal = principalOf(*context, m_auth); !principal)
        return server::toGrpcStatus(principal.error());
    const std::string asset = request->asset().empty() ? std::string() : assetOf(request->asset());
    if (!request->asset().empty() && asset.empty())
        return invalid("asset: '" + request->asset() + "' is not an asset ticker (2 to 12 letters and digits, "
                                                        "such as BTC).");
    if (request->limit() < 0 || request->limit() > kMaxItems)
        return invalid("limit: " + std::to_string(request->limit()) + " is not 1 to " + std::to_string(kMaxItems) +
                       " (0: " + std::to_string(kDefaultItems) + ").");
    TimePoint from;
    TimePoint to;
    if (auto bad = rangeOf(request->from_unix_ms(), request->to_unix_ms(), m_clock.now(), from, to))
        return *bad;
    const int limit = request->limit() == 0 ? kDefaultItems : request->limit();
    auto items = m_news.items(asset, from, to, static_cast<std::size_t>(limit));
    if (!items)
        return server::toGrpcStatus(items.error());
    for (const server::NewsItem &item : *items)
        toProto(item, response->add_items());
    return grpc::Status::OK;
}

grpc::Status NewsRpc::GetSentiment(grpc::ServerContext *context, const v1::GetSentimentRequest *request,
                                   v1::GetSentimentResponse *response)
{
    if (auto principal = principalOf(*context, m_auth); !principal)
        return server::toGrpcStatus(principal.error());
    if (request->asset().empty())
        return invalid("asset: required (BTC, ETH, …).");
    const std::string asset = assetOf(request->asset());
    if (asset.empty())
        return invalid("asset: '" + request->asset() + "' is not an asset ticker (2 to 12 letters and digits, "
                                                        "such as BTC).");
    const auto timeframe = model::parseTimeframe(request->timeframe());
    if (!timeframe)
        return invalid("timeframe: '" + request->timeframe() + "' is not a timeframe (1m 3m 5m 15m 30m 1h 2h 4h 6h "
                                                                "8h 12h 1d 3d 1w 1M).");
    TimePoint from;
    TimePoint to;
    if (auto bad = rangeOf(request->from_unix_ms(), request->to_unix_ms(), m_clock.now(), from, to))
        return *bad;

    // The timeframe's bars whose open time is in [from, to), valued at their closes.
    std::vector<TimePoint> opens;
    std::vector<TimePoint> closes;
    TimePoint open = model::bucketStart(*timeframe, from);
    if (open < from)
        open = model::nextBucketStart(*timeframe, open);
    while (open < to) {
        if (opens.size() == kMaxBars)
            return invalid("range: more than 100,000 " + std::string(model::timeframeName(*timeframe)) +
                           " bars; ask for a shorter range or a longer timeframe.");
        const TimePoint close = model::nextBucketStart(*timeframe, open);
        opens.push_back(open);
        closes.push_back(close);
        open = close;
    }
    auto values = m_news.sentimentAt(asset, closes);
    if (!values)
        return server::toGrpcStatus(values.error());
    response->set_asset(asset);
    for (std::size_t i = 0; i < values->size(); ++i) {
        const server::SentimentValue &value = (*values)[i];
        if (value.items == 0)
            continue;
        auto *point = response->add_points();
        point->set_bar_time_unix_ms(toUnixMillis(opens[i]));
        point->set_value(value.value);
        point->set_items(static_cast<std::int32_t>(value.items));
    }
    return grpc::Status::OK;
}

} // namespace bcf::core
