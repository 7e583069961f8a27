#pragma once

#include "auth/auth_service.h"
#include "common/news_store.h"
#include "core/clock.h"

#include <bcf/v1/news.grpc.pb.h>

namespace bcf::core {

// bcf.v1.NewsService: the news feeds, their items and the sentiment series strategies read
// (docs/news.md). Permissions were checked by AuthorizationProcessor (news.read: ListNews and
// GetSentiment; news.admin: ListFeeds, AddFeed and RemoveFeed). Called on gRPC's threads; holds
// no state of its own. Errors name the field ("url: …", "limit: …", "range: …").
class NewsRpc final : public v1::NewsService::Service {
public:
    NewsRpc(auth::AuthService &auth, server::NewsStore &news, Clock &clock)
        : m_auth(auth), m_news(news), m_clock(clock)
    {
    }

    grpc::Status ListFeeds(grpc::ServerContext *context, const v1::ListFeedsRequest *request,
                           v1::ListFeedsResponse *response) override;
    grpc::Status AddFeed(grpc::ServerContext *context, const v1::AddFeedRequest *request,
                         v1::NewsFeed *response) override;
    grpc::Status RemoveFeed(grpc::ServerContext *context, const v1::RemoveFeedRequest *request,
                            v1::RemoveFeedResponse *response) override;
    grpc::Status ListNews(grpc::ServerContext *context, const v1::ListNewsRequest *request,
                          v1::ListNewsResponse *response) override;
    grpc::Status GetSentiment(grpc::ServerContext *context, const v1::GetSentimentRequest *request,
                              v1::GetSentimentResponse *response) override;

    static constexpr int kDefaultItems = 200;
    static constexpr int kMaxItems = 1000;
    static constexpr std::size_t kMaxBars = 100'000;

private:
    auth::AuthService &m_auth;
    server::NewsStore &m_news;
    Clock &m_clock;
};

void toProto(const server::NewsFeed &feed, v1::NewsFeed *out);
void toProto(const server::NewsItem &item, v1::NewsItem *out);

} // namespace bcf::core
