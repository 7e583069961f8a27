// bcf.v1.NewsService on a real bcf-core over TLS with a private PostgreSQL and Redis. Admins add,
// list and remove feeds (errors name the field); other roles may not; traders, support and
// auditors read the news. Items are stored through NewsStore with known fetch times, as the
// collectors store them: ListNews filters by asset and fetch range, newest first, with feed
// names, and its defaults; GetSentiment equals, bar by bar, the series a backtest reads
// (compute::storedSentiment) and an independent count of the items of each bar's 24 hours.
#include "common/database.h"
#include "common/news_store.h"
#include "common/tls.h"
#include "jobs/backtest_jobs.h"
#include "support/grpc_sessions.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <bcf/v1/news.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace bcf;

namespace {

constexpr const char *kPassword = "News-Reader-Secret-2026";
constexpr std::int64_t kT0 = 1'717'200'000'000; // 2024-06-01T00:00:00Z
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 3'600'000;

QByteArray describe(const grpc::Status &status)
{
    return QByteArray::number(int(status.error_code())) + " " + QByteArray::fromStdString(status.error_message());
}

bool mentions(const grpc::Status &status, const std::string &text)
{
    return status.error_message().find(text) != std::string::npos;
}

server::NewsItem item(const std::string &guid, std::int64_t fetchedMs, double sentiment,
                      std::vector<std::string> assets)
{
    server::NewsItem out;
    out.guid = guid;
    out.title = "Item " + guid;
    out.link = "https://example.com/" + guid;
    out.fetchedAt = fromUnixMillis(fetchedMs);
    out.sentiment = sentiment;
    out.assets = std::move(assets);
    return out;
}

} // namespace

class TestNewsService final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    test::RedisServer m_redis;
    test::TestCertificates m_certificates;
    std::unique_ptr<test::ServerProcess> m_core;
    quint16 m_corePort = 0;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::NewsService::Stub> m_news;
    std::unique_ptr<server::Database> m_database;
    test::Sessions m_sessions;

    grpc::Status addFeed(const std::string &user, const std::string &url, const std::string &name,
                         v1::NewsFeed &feed)
    {
        v1::AddFeedRequest request;
        request.set_url(url);
        request.set_name(name);
        return m_news->AddFeed(m_sessions.as(user).get(), request, &feed);
    }

    grpc::Status removeFeed(const std::string &user, const std::string &url)
    {
        v1::RemoveFeedRequest request;
        request.set_url(url);
        v1::RemoveFeedResponse ignored;
        return m_news->RemoveFeed(m_sessions.as(user).get(), request, &ignored);
    }

    grpc::Status listFeeds(const std::string &user, v1::ListFeedsResponse &response)
    {
        return m_news->ListFeeds(m_sessions.as(user).get(), {}, &response);
    }

    grpc::Status listNews(const std::string &user, const std::string &asset, std::int64_t from, std::int64_t to,
                          int limit, v1::ListNewsResponse &response)
    {
        v1::ListNewsRequest request;
        request.set_asset(asset);
        request.set_from_unix_ms(from);
        request.set_to_unix_ms(to);
        request.set_limit(limit);
        response.Clear();
        return m_news->ListNews(m_sessions.as(user).get(), request, &response);
    }

    grpc::Status sentiment(const std::string &user, const std::string &asset, const std::string &timeframe,
                           std::int64_t from, std::int64_t to, v1::GetSentimentResponse &response)
    {
        v1::GetSentimentRequest request;
        request.set_asset(asset);
        request.set_timeframe(timeframe);
        request.set_from_unix_ms(from);
        request.set_to_unix_ms(to);
        response.Clear();
        return m_news->GetSentiment(m_sessions.as(user).get(), request, &response);
    }

    static std::vector<std::string> titles(const v1::ListNewsResponse &response)
    {
        std::vector<std::string> out;
        for (const auto &entry : response.items())
            out.push_back(entry.title());
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_certificates.ok());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY2(m_postgres.createDatabase(QStringLiteral("botcriptofy")), qPrintable(m_postgres.error()));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        m_corePort = test::freePort();
        m_core = std::make_unique<test::ServerProcess>(QStringLiteral(BCF_CORE_BINARY), QStringLiteral("core"));
        QVERIFY(m_core->start(test::serverConfig(QStringLiteral("core-news"), m_corePort, m_postgres, m_redis.port(),
                                                 m_certificates, test::authSection(m_certificates))));
        const QString ca = m_certificates.path(QStringLiteral("ca.crt"));
        QVERIFY2(m_core->waitServing(m_corePort, ca), qPrintable(m_core->output()));
        for (const auto &[user, role] :
             {std::pair{"root", "admin"}, std::pair{"alice", "trader"}, std::pair{"sam", "support"},
              std::pair{"audrey", "auditor"}, std::pair{"fiona", "finance"}})
            QVERIFY(test::addUser(QStringLiteral(BCF_CTL_BINARY), m_core->configPath(), QString::fromLatin1(user),
                                  QString::fromLatin1(role), QString::fromLatin1(kPassword)));
        m_database = std::make_unique<server::Database>(m_postgres.settings(QStringLiteral("botcriptofy")), "",
                                                        "test_news_service");
        auto credentials = server::makeChannelCredentials(ca.toStdString());
        m_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(m_corePort), *credentials);
        m_news = v1::NewsService::NewStub(m_channel);
        m_sessions.reset(m_channel, kPassword);
    }

    void adminsManageFeeds()
    {
        v1::NewsFeed feed;
        grpc::Status status = addFeed("root", "https://news.example.com/rss?lang=en", "", feed);
        QVERIFY2(status.ok(), describe(status));
        QVERIFY(feed.id() > 0);
        QCOMPARE(feed.url(), std::string("https://news.example.com/rss?lang=en"));
        QCOMPARE(feed.name(), std::string("news.example.com")); // no name: the host
        QVERIFY(feed.enabled());
        status = addFeed("root", "http://user@wire.example.org:8080/feed.xml", "Wire", feed);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(feed.name(), std::string("Wire"));

        v1::ListFeedsResponse feeds;
        QVERIFY(listFeeds("root", feeds).ok());
        QCOMPARE(feeds.feeds_size(), 2);
        QCOMPARE(feeds.feeds(0).name(), std::string("news.example.com")); // in the order added
        QCOMPARE(feeds.feeds(1).url(), std::string("http://user@wire.example.org:8080/feed.xml"));
        QCOMPARE(feeds.feeds(1).last_fetched_unix_ms(), std::int64_t(0));
        QCOMPARE(feeds.feeds(1).items(), std::int64_t(0));

        status = addFeed("root", "https://news.example.com/rss?lang=en", "again", feed);
        QCOMPARE(status.error_code(), grpc::ALREADY_EXISTS);
        for (const char *url : {"ftp://example.com/feed", "example.com/rss", "https:///rss", "",
                                "https://example.com/a feed"}) {
            status = addFeed("root", url, "", feed);
            QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
            QVERIFY2(status.error_message().starts_with("url: "), describe(status));
        }
        status = removeFeed("root", "https://unknown.example.com/rss");
        QCOMPARE(status.error_code(), grpc::NOT_FOUND);
        QVERIFY2(mentions(status, "https://unknown.example.com/rss"), describe(status));

        // Nobody else manages feeds, not even to list them.
        for (const char *user : {"alice", "sam", "audrey", "fiona"}) {
            status = addFeed(user, "https://other.example.com/rss", "", feed);
            QCOMPARE(status.error_code(), grpc::PERMISSION_DENIED);
            QVERIFY2(mentions(status, "news.admin"), describe(status));
            QCOMPARE(listFeeds(user, feeds).error_code(), grpc::PERMISSION_DENIED);
            QCOMPARE(removeFeed(user, "http://user@wire.example.org:8080/feed.xml").error_code(),
                     grpc::PERMISSION_DENIED);
        }

        QVERIFY(removeFeed("root", "http://user@wire.example.org:8080/feed.xml").ok());
        QVERIFY(listFeeds("root", feeds).ok());
        QCOMPARE(feeds.feeds_size(), 1);
        QCOMPARE(removeFeed("root", "http://user@wire.example.org:8080/feed.xml").error_code(), grpc::NOT_FOUND);
    }

    void listNewsFiltersByAssetAndRange()
    {
        server::NewsStore store(*m_database);
        const auto wire = store.addFeed("https://wire.example.com/rss", "Crypto Wire");
        const auto chain = store.addFeed("https://chain.example.com/atom", "");
        QVERIFY(wire && chain);
        QCOMPARE(store.addItems(wire->id, {item("btc-1", kT0 + 1 * kHour, 0.5, {"BTC"}),
                                           item("eth-1", kT0 + 2 * kHour, -0.4, {"ETH"}),
                                           item("both", kT0 + 3 * kHour, 0.8, {"BTC", "ETH"}),
                                           item("btc-2", kT0 + 30 * kHour, -0.6, {"BTC"})})
                     .value_or(0),
                 std::size_t(4));
        QCOMPARE(store.addItems(chain->id, {item("sol-1", kT0 + 4 * kHour, 0.1, {"SOL"})}).value_or(0),
                 std::size_t(1));

        v1::ListNewsResponse news;
        grpc::Status status = listNews("alice", "btc", kT0, kT0 + 100 * kHour, 0, news);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(titles(news), (std::vector<std::string>{"Item btc-2", "Item both", "Item btc-1"}));
        const v1::NewsItem &both = news.items(1);
        QCOMPARE(both.feed_id(), wire->id);
        QCOMPARE(both.feed_name(), std::string("Crypto Wire"));
        QCOMPARE(both.link(), std::string("https://example.com/both"));
        QCOMPARE(both.fetched_unix_ms(), kT0 + 3 * kHour);
        QCOMPARE(both.published_unix_ms(), std::int64_t(0));
        QCOMPARE(both.sentiment(), 0.8);
        QCOMPARE(std::vector<std::string>(both.assets().begin(), both.assets().end()),
                 (std::vector<std::string>{"BTC", "ETH"}));

        // Every asset; the feed without a name shows its host.
        QVERIFY(listNews("alice", "", kT0, kT0 + 100 * kHour, 0, news).ok());
        QCOMPARE(titles(news), (std::vector<std::string>{"Item btc-2", "Item sol-1", "Item both", "Item eth-1",
                                                         "Item btc-1"}));
        QCOMPARE(news.items(1).feed_name(), std::string("chain.example.com"));

        // From inclusive, to exclusive; the limit keeps the newest.
        QVERIFY(listNews("alice", "", kT0 + 2 * kHour, kT0 + 3 * kHour, 0, news).ok());
        QCOMPARE(titles(news), (std::vector<std::string>{"Item eth-1"}));
        QVERIFY(listNews("alice", "ETH", kT0, kT0 + 100 * kHour, 0, news).ok());
        QCOMPARE(titles(news), (std::vector<std::string>{"Item both", "Item eth-1"}));
        QVERIFY(listNews("alice", "", kT0, kT0 + 100 * kHour, 2, news).ok());
        QCOMPARE(titles(news), (std::vector<std::string>{"Item btc-2", "Item sol-1"}));
        QVERIFY(listNews("alice", "", kT0, kT0 + 100 * kHour, 1000, news).ok());
        QCOMPARE(news.items_size(), 5);

        // Support and auditors read the news too; other roles do not.
        QVERIFY(listNews("sam", "BTC", kT0, kT0 + 100 * kHour, 0, news).ok());
        QCOMPARE(news.items_size(), 3);
        QVERIFY(listNews("audrey", "BTC", kT0, kT0 + 100 * kHour, 0, news).ok());
        QCOMPARE(news.items_size(), 3);
        QVERIFY(listNews("root", "BTC", kT0, kT0 + 100 * kHour, 0, news).ok());
        status = listNews("fiona", "BTC", kT0, kT0 + 100 * kHour, 0, news);
        QCOMPARE(status.error_code(), grpc::PERMISSION_DENIED);
        QVERIFY2(mentions(status, "news.read"), describe(status));

        // Bad requests name the field.
        for (const int limit : {-1, 1001}) {
            status = listNews("alice", "", kT0, kT0 + 100 * kHour, limit, news);
            QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
            QVERIFY2(status.error_message().starts_with("limit: "), describe(status));
        }
        for (const char *asset : {"BT-C", "B", "btc usdt"}) {
            status = listNews("alice", asset, kT0, kT0 + 100 * kHour, 0, news);
            QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
            QVERIFY2(status.error_message().starts_with("asset: "), describe(status));
        }
        status = listNews("alice", "", kT0 + kHour, kT0 + kHour, 0, news);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(status.error_message().starts_with("range: "), describe(status));
    }

    void listNewsDefaultsToTheLastSevenDays()
    {
        server::NewsStore store(*m_database);
        const auto feed = store.addFeed("https://recent.example.com/rss", "Recent");
        QVERIFY(feed);
        const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(store.addItems(feed->id, {item("link-old", now - 8 * 24 * kHour, 0.3, {"LINK"}),
                                           item("link-new", now - kHour, 0.2, {"LINK"}),
                                           item("link-future", now + 24 * kHour, 0.1, {"LINK"})})
                     .value_or(0),
                 std::size_t(3));
        v1::ListNewsResponse news;
        QVERIFY(listNews("alice", "LINK", 0, 0, 0, news).ok());
        QCOMPARE(titles(news), (std::vector<std::string>{"Item link-new"}));
        // `to` given, `from` 7 days before it.
        QVERIFY(listNews("alice", "LINK", 0, now - 7 * 24 * kHour, 0, news).ok());
        QCOMPARE(titles(news), (std::vector<std::string>{"Item link-old"}));
    }

    void sentimentIsTheSeriesBacktestsRead()
    {
        // ADA items at known fetch times around kT0 (hour bars close on the hour).
        const std::int64_t t1 = kT0 + 10 * 24 * kHour;
        server::NewsStore store(*m_database);
        const auto feed = store.addFeed("https://ada.example.com/rss", "ADA news");
        QVERIFY(feed);
        const std::vector<server::NewsItem> items = {
            item("ada-d", t1 - 22 * kHour - 30 * kMinute, 0.4, {"ADA"}), // in the window of closes ≤ t1 + 1h
            item("ada-a", t1 + 90 * kMinute, 0.6, {"ADA"}),              // after the close at t1 + 1h
            item("ada-b", t1 + 3 * kHour, -0.2, {"ADA", "DOT"}),        // exactly at the close t1 + 3h
            item("ada-c", t1 + 30 * kHour + 30 * kMinute, 0.9, {"ADA"}),
            item("dot-1", t1 + 1 * kHour, -1.0, {"DOT"}),                // another asset
            item("ada-old", t1 - 48 * kHour, -0.9, {"ADA"}),            // long before the range
        };
        QCOMPARE(store.addItems(feed->id, items).value_or(0), items.size());

        const std::int64_t from = t1 - 2 * kHour;
        const std::int64_t to = t1 + 48 * kHour;
        v1::GetSentimentResponse response;
        grpc::Status status = sentiment("alice", "ada", "1h", from, to, response);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(response.asset(), std::string("ADA"));

        // What a backtest on 1h candles of the same bars reads (compute::storedSentiment).
        std::vector<model::Candle> candles;
        for (std::int64_t open = from; open < to; open += kHour) {
            model::Candle candle;
            candle.timeframe = model::Timeframe::H1;
            candle.openTime = fromUnixMillis(open);
            candles.push_back(candle);
        }
        const auto backtest = compute::storedSentiment(store, "sentiment:ADA", candles);
        QVERIFY(backtest && backtest->size() == candles.size());

        int point = 0;
        int empty = 0;
        for (std::size_t i = 0; i < candles.size(); ++i) {
            const std::int64_t open = toUnixMillis(candles[i].openTime);
            const std::int64_t close = open + kHour;
            // An independent count: ADA items fetched after close − 24 h and by the close.
            double sum = 0;
            int count = 0;
            for (const server::NewsItem &entry : items) {
                const std::int64_t fetched = toUnixMillis(entry.fetchedAt);
                if (std::find(entry.assets.begin(), entry.assets.end(), "ADA") != entry.assets.end() &&
                    fetched > close - 24 * kHour && fetched <= close) {
                    sum += entry.sentiment;
                    ++count;
                }
            }
            if (count == 0) {
                QVERIFY2(std::isnan((*backtest)[i]), qPrintable(QString::number(open)));
                ++empty;
                continue;
            }
            QVERIFY2(point < response.points_size(), qPrintable(QString::number(open)));
            const v1::SentimentPoint &got = response.points(point++);
            QCOMPARE(got.bar_time_unix_ms(), open);
            QCOMPARE(got.items(), count);
            QCOMPARE(got.value(), (*backtest)[i]); // the very same computation
            QVERIFY2(std::abs(got.value() - sum / count) < 1e-12, qPrintable(QString::number(open)));
        }
        QCOMPARE(point, response.points_size()); // bars without items are left out
        QVERIFY(empty > 0);

        // Spot checks of the point-in-time rules: the value and the item count of a bar.
        const auto is = [&](std::int64_t open, double value, int count) {
            for (const auto &entry : response.points())
                if (entry.bar_time_unix_ms() == open)
                    return entry.items() == count && std::abs(entry.value() - value) < 1e-12;
            return false;
        };
        const auto has = [&](std::int64_t open) {
            return std::any_of(response.points().begin(), response.points().end(),
                               [&](const v1::SentimentPoint &entry) { return entry.bar_time_unix_ms() == open; });
        };
        QVERIFY(is(t1 - 2 * kHour, 0.4, 1));   // only ada-d
        QVERIFY(is(t1, 0.4, 1));               // ada-a was fetched after this bar's close (t1 + 1h)
        QVERIFY(is(t1 + kHour, 0.6, 1));       // ada-d has left the 24 hours, ada-a entered
        QVERIFY(is(t1 + 2 * kHour, 0.2, 2));   // ada-b, fetched exactly at the close, counts
        QVERIFY(is(t1 + 25 * kHour, -0.2, 1)); // ada-a left 24 hours after its fetch
        QVERIFY(!has(t1 + 26 * kHour));        // so did ada-b, at t1 + 27h
        QVERIFY(!has(t1 + 29 * kHour));
        QVERIFY(is(t1 + 30 * kHour, 0.9, 1));

        // 4h bars from a time inside a bar: the first bar is the next one to open; `to` excluded.
        status = sentiment("audrey", "ADA", "4h", t1 + 30 * kMinute, t1 + 12 * kHour, response);
        QVERIFY2(status.ok(), describe(status));
        QCOMPARE(response.points_size(), 2);
        QCOMPARE(response.points(0).bar_time_unix_ms(), t1 + 4 * kHour); // closes t1 + 8h: ada-a, ada-b
        QCOMPARE(response.points(0).items(), 2);
        QCOMPARE(response.points(1).bar_time_unix_ms(), t1 + 8 * kHour);
    }

    void badSentimentRequestsNameTheField()
    {
        v1::GetSentimentResponse response;
        grpc::Status status = sentiment("alice", "", "1h", kT0, kT0 + kHour, response);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(status.error_message().starts_with("asset: "), describe(status));
        status = sentiment("alice", "BTC!", "1h", kT0, kT0 + kHour, response);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(status.error_message().starts_with("asset: "), describe(status));
        for (const char *timeframe : {"7m", "", "1H"}) {
            status = sentiment("alice", "BTC", timeframe, kT0, kT0 + kHour, response);
            QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
            QVERIFY2(status.error_message().starts_with("timeframe: "), describe(status));
        }
        status = sentiment("alice", "BTC", "1h", kT0 + kHour, kT0, response);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(status.error_message().starts_with("range: "), describe(status));

        // At most 100,000 bars.
        status = sentiment("alice", "BTC", "1m", kT0, kT0 + 100'000 * kMinute, response);
        QVERIFY2(status.ok(), describe(status));
        status = sentiment("alice", "BTC", "1m", kT0, kT0 + 100'001 * kMinute, response);
        QCOMPARE(status.error_code(), grpc::INVALID_ARGUMENT);
        QVERIFY2(status.error_message().starts_with("range: ") && mentions(status, "100,000"), describe(status));

        status = sentiment("fiona", "BTC", "1h", kT0, kT0 + kHour, response);
        QCOMPARE(status.error_code(), grpc::PERMISSION_DENIED);
    }

    void cleanupTestCase()
    {
        if (m_core)
            QCOMPARE(m_core->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNewsService)
#include "test_news_service.moc"
