#pragma once

#include "core/clock.h"
#include "core/result.h"

#include <QByteArray>

#include <optional>
#include <string>
#include <vector>

// RSS 2.0, RSS 1.0 (RDF) and Atom feeds (docs/news.md).
namespace bcf::compute::news {

struct FeedItem {
    std::string guid;    // guid / id, else the link, else the title
    std::string title;
    std::string link;
    std::string summary; // description / summary / content, without markup
    std::optional<TimePoint> published;
};

struct ParsedFeed {
    std::string title;
    std::vector<FeedItem> items;
};

// InvalidArgument "line L, column C: …" for XML that does not parse, or "not an RSS or Atom
// feed" for another document.
Result<ParsedFeed> parseFeed(const QByteArray &document);

} // namespace bcf::compute::news
