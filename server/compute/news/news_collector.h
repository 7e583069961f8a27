#pragma once

#include "common/news_store.h"
#include "core/clock.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <chrono>

// Fetches the configured news feeds on a timer (docs/news.md): each new item is scored by the
// lexicon, tagged with the assets it names and stored once (per feed, by guid). A feed that
// fails (network, HTTP status, XML) keeps its items and records the error on its row; the
// others go on. Runs on the Qt event loop of its thread.
namespace bcf::compute::news {

class NewsCollector final : public QObject {
    Q_OBJECT

public:
    NewsCollector(server::NewsStore &store, const Clock &clock, std::chrono::seconds every,
                  std::chrono::seconds requestTimeout, QObject *parent = nullptr);

    // Fetches every feed now, then every `every`.
    void start();
    // One round over the feeds; `done` is called once every feed has answered or failed.
    void fetchAll(std::function<void()> done = {});

private:
    void fetchOne(const server::NewsFeed &feed, std::function<void()> done);

    server::NewsStore &m_store;
    const Clock &m_clock;
    std::chrono::seconds m_requestTimeout;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    bool m_running = false; // a round in progress: the timer does not start another
};

} // namespace bcf::compute::news
