#pragma once

#include "core/news_types.h"

#include <bcf/v1/news.pb.h>

#include <vector>

// Conversions between the news types of the workstation and bcf.v1's messages (for app/core and
// its tests; the rest of the app sees only core/news_types.h).
namespace bcf::app {

NewsFeed fromProtoNewsFeed(const v1::NewsFeed& feed);
NewsItem fromProtoNewsItem(const v1::NewsItem& item);
// The items in the order the server answered (newest first).
std::vector<NewsItem> fromProtoNewsItems(const v1::ListNewsResponse& response);
// Points without items (the server leaves them out; never a value of 0 from nothing) are dropped.
SentimentSeries fromProtoSentiment(const v1::GetSentimentResponse& response);

} // namespace bcf::app
