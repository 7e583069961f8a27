#include "news/news_collector.h"

#include "common/logging.h"
#include "news/feed_parser.h"
#include "news/sentiment.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

#include <memory>

namespace bcf::compute::news {

NewsCollector::NewsCollector(server::NewsStore &store, const Clock &clock, std::chrono::seconds every,
                             std::chrono::seconds requestTimeout, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_requestTimeout(requestTimeout)
{
    m_timer.setInterval(std::chrono::duration_cast<std::chrono::milliseconds>(every));
    connect(&m_timer, &QTimer::timeout, this, [this] { fetchAll(); });
}

void NewsCollector::start()
{
    fetchAll();
    m_timer.start();
}

void NewsCollector::fetchAll(std::function<void()> done)
{
    if (m_running) {
        if (done)
            done();
        return;
    }
    auto feeds = m_store.feeds();
    if (!feeds) {
        server::logger("news")->warn("msg=\"feeds not read\" error={}", server::quoted(feeds.error().message));
        if (done)
            done();
        return;
    }
    std::erase_if(*feeds, [](const server::NewsFeed &feed) { return !feed.enabled; });
    if (feeds->empty()) {
        if (done)
            done();
        return;
    }
    m_running = true;
    auto remaining = std::make_shared<std::size_t>(feeds->size());
    for (const server::NewsFeed &feed : *feeds)
        fetchOne(feed, [this, remaining, done] {
            if (--*remaining == 0) {
                m_running = false;
                if (done)
                    done();
            }
        });
}

void NewsCollector::fetchOne(const server::NewsFeed &feed, std::function<void()> done)
{
    QNetworkRequest request(QUrl(QString::fromStdString(feed.url)));
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("BotCriptoFy2 news collector"));
    request.setTransferTimeout(static_cast<int>(std::chrono::milliseconds(m_requestTimeout).count()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, feed, done] {
        reply->deleteLater();
        const TimePoint now = m_clock.now();
        std::string error;
        std::size_t added = 0;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 0 && status != 200) {
            error = "HTTP " + std::to_string(status) + " " +
                    reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toStdString();
        } else if (reply->error() != QNetworkReply::NoError) {
            error = reply->errorString().toStdString();
        } else if (auto parsed = parseFeed(reply->readAll()); !parsed) {
            error = parsed.error().message;
        } else {
            std::vector<server::NewsItem> items;
            for (const FeedItem &entry : parsed->items) {
                server::NewsItem item;
                item.guid = entry.guid;
                item.title = entry.title;
                item.link = entry.link;
                item.summary = entry.summary.substr(0, 2000);
                item.published = entry.published;
                item.fetchedAt = now;
                // The headline carries the news; a summary that repeats it adds its own words.
                item.sentiment = sentimentOf(entry.title + ". " + entry.summary);
                item.assets = assetsNamedIn(entry.title + " " + entry.summary);
                items.push_back(std::move(item));
            }
            if (auto stored = m_store.addItems(feed.id, items); stored)
                added = *stored;
            else
                error = "items not stored: " + stored.error().message;
        }
        (void)m_store.markFetched(feed.id, now, error);
        if (error.empty())
            server::logger("news")->info("msg=\"feed fetched\" feed={} new_items={}", server::quoted(feed.url), added);
        else
            server::logger("news")->warn("msg=\"feed failed\" feed={} error={}", server::quoted(feed.url),
                                         server::quoted(error));
        done();
    });
}

} // namespace bcf::compute::news
