// News and sentiment (docs/news.md): RSS / Atom parsing, the lexicon, asset tagging, the
// point-in-time sentiment series; the collector against a real HTTP server and PostgreSQL (items
// stored once, failing feeds recorded); a backtest reading sentiment() sees only what was fetched
// before each bar's close; bcfctl's feed commands.
#include "common/candle_store.h"
#include "common/database.h"
#include "common/migrations.h"
#include "common/news_store.h"
#include "common/system_clock.h"
#include "jobs/backtest_jobs.h"
#include "news/feed_parser.h"
#include "news/news_collector.h"
#include "news/sentiment.h"
#include "support/job_fixtures.h"
#include "support/local_services.h"
#include "support/stack_config.h"

#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <cmath>
#include <map>

using namespace bcf;
using namespace bcf::compute;

namespace {

const QByteArray kRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Crypto Wire</title>
<item><title>Bitcoin surges to record high as ETF inflows grow</title>
<link>https://example.com/a</link><guid>a-1</guid>
<pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Analysts are <b>optimistic</b>.</p>]]></description></item>
<item><title>Exchange hacked, $200M in Ether stolen</title><link>https://example.com/b</link>
<pubDate>Tue, 02 Jan 2024 11:30:00 +0000</pubDate></item>
<item><title>Markets open on Monday</title><guid>c-3</guid></item>
</channel></rss>)";

const QByteArray kAtom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Chain News</title>
<entry><title>Solana network outage halts trading</title><id>urn:uuid:1</id>
<link rel="alternate" href="https://example.org/sol"/><published>2024-01-03T08:15:00Z</published>
<summary>Validators restarted the chain.</summary></entry>
</feed>)";

// A one-route-per-path HTTP/1.1 server for the collector (real sockets, real Qt networking).
class FeedServer : public QObject {
public:
    std::map<QByteArray, QByteArray> pages; // path → body (missing: 404)
    int requests = 0;

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    const QByteArray request = socket->readAll();
                    const QByteArray path = request.split(' ').value(1);
                    ++requests;
                    const auto page = pages.find(path);
                    const QByteArray body = page == pages.end() ? QByteArray("not found") : page->second;
                    socket->write((page == pages.end() ? "HTTP/1.1 404 Not Found\r\n" : "HTTP/1.1 200 OK\r\n") +
                                  QByteArray("Content-Type: application/xml\r\nConnection: close\r\nContent-Length: ") +
                                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        return m_server.listen(QHostAddress::LocalHost);
    }
    std::string url(const char *path) const
    {
        return "http://127.0.0.1:" + std::to_string(m_server.serverPort()) + path;
    }

private:
    QTcpServer m_server;
};

// A clock the test moves.
class ManualClock final : public Clock {
public:
    TimePoint time = fromUnixMillis(test::kStartMs);
    TimePoint now() const override { return time; }
};

} // namespace

class TestNews final : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_postgres;
    std::unique_ptr<server::Database> m_database;

    void fetchRound(news::NewsCollector &collector)
    {
        bool done = false;
        collector.fetchAll([&done] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY(m_postgres.createDatabase(QStringLiteral("botcriptofy")));
        m_database = std::make_unique<server::Database>(m_postgres.settings(QStringLiteral("botcriptofy")), "",
                                                        "test_news");
        QVERIFY(m_database->run([](pqxx::connection &connection) {
            return server::migrate(connection, server::builtInMigrations());
        }));
    }

    void rssAndAtomAreParsed()
    {
        const auto rss = news::parseFeed(kRss);
        QVERIFY2(rss, rss ? "" : rss.error().message.c_str());
        QCOMPARE(rss->title, std::string("Crypto Wire"));
        QCOMPARE(rss->items.size(), std::size_t(3));
        QCOMPARE(rss->items[0].guid, std::string("a-1"));
        QCOMPARE(rss->items[0].summary, std::string("Analysts are optimistic."));
        QCOMPARE(toUnixMillis(*rss->items[0].published), 1'704'189'600'000LL);
        QCOMPARE(rss->items[1].guid, std::string("https://example.com/b")); // no guid: the link
        QCOMPARE(toUnixMillis(*rss->items[1].published), 1'704'195'000'000LL);
        QVERIFY(!rss->items[2].published);

        const auto atom = news::parseFeed(kAtom);
        QVERIFY2(atom, atom ? "" : atom.error().message.c_str());
        QCOMPARE(atom->items.size(), std::size_t(1));
        QCOMPARE(atom->items[0].guid, std::string("urn:uuid:1"));
        QCOMPARE(atom->items[0].link, std::string("https://example.org/sol"));
        QCOMPARE(toUnixMillis(*atom->items[0].published), 1'704'269'700'000LL);

        const auto broken = news::parseFeed("<rss><channel><item><title>x</item></rss>");
        QVERIFY(!broken);
        QVERIFY2(broken.error().message.starts_with("line 1, column"), broken.error().message.c_str());
        const auto html = news::parseFeed("<html><body/></html>");
        QVERIFY(!html && html.error().message.find("not an RSS or Atom feed") != std::string::npos);
    }

    void theLexiconScoresHeadlines()
    {
        QVERIFY(news::sentimentOf("Bitcoin surges to record high as ETF inflows grow") > 0.6);
        QVERIFY(news::sentimentOf("Exchange hacked, $200M in Ether stolen") < -0.6);
        QCOMPARE(news::sentimentOf("Markets open on Monday"), 0.0);
        // Negation flips and damps; intensifiers scale.
        const double bullish = news::sentimentOf("Analysts are bullish");
        QVERIFY(news::sentimentOf("Analysts are not bullish") < 0);
        QVERIFY(std::abs(news::sentimentOf("Analysts are not bullish")) < bullish);
        QVERIFY(news::sentimentOf("Bitcoin rallies sharply") > news::sentimentOf("Bitcoin rallies"));
        QVERIFY(news::sentimentOf("Bitcoin rallies slightly") < news::sentimentOf("Bitcoin rallies"));
        // Two-word phrases count once.
        QVERIFY(news::sentimentOf("rug pull") < -0.6);
        for (const auto &entry : news::lexicon())
            QVERIFY2(entry.valence >= -4 && entry.valence <= 4 && entry.valence != 0, entry.phrase.c_str());

        QCOMPARE(news::assetsNamedIn("Bitcoin and Ether rally; BTC dominance rises"),
                 (std::vector<std::string>{"BTC", "ETH"}));
        QCOMPARE(news::assetsNamedIn("Binance Coin and Solana"), (std::vector<std::string>{"BNB", "SOL"}));
        QVERIFY(news::assetsNamedIn("Stocks close higher").empty());
    }

    void theSeriesIsPointInTime()
    {
        const auto at = [](int minutes) { return fromUnixMillis(test::kStartMs + minutes * 60'000LL); };
        std::vector<server::NewsItem> items(3); // newest first, as the store returns them
        items[0].fetchedAt = at(120);
        items[0].sentiment = -0.2;
        items[1].fetchedAt = at(60);
        items[1].sentiment = 0.6;
        items[2].fetchedAt = at(30);
        items[2].sentiment = 0.4;
        const auto series = server::sentimentSeries(items, {at(29), at(30), at(61), at(91), at(120)},
                                                    std::chrono::minutes(60));
        QVERIFY(std::isnan(series[0]));                // nothing known yet
        QCOMPARE(series[1], 0.4);                      // fetched exactly at the close counts
        QVERIFY(std::abs(series[2] - 0.5) < 1e-12);    // (0.4 + 0.6) / 2
        QVERIFY(std::abs(series[3] - 0.6) < 1e-12);    // 0.4 has left the 60-minute window
        QVERIFY(std::abs(series[4] + 0.2) < 1e-12);    // so has 0.6 (fetched exactly 60 minutes before)
    }

    void theCollectorStoresEachItemOnce()
    {
        FeedServer http;
        http.pages["/rss"] = kRss;
        http.pages["/atom"] = kAtom;
        http.pages["/broken"] = "<rss><channel><item>";
        QVERIFY(http.listen());
        server::NewsStore store(*m_database);
        QVERIFY(store.addFeed(http.url("/rss"), "Crypto Wire"));
        QVERIFY(store.addFeed(http.url("/atom"), ""));
        QVERIFY(store.addFeed(http.url("/broken"), "Broken"));
        QVERIFY(store.addFeed(http.url("/missing"), "Missing"));
        QCOMPARE(store.addFeed(http.url("/rss"), "again").error().code, ErrorCode::AlreadyExists);
        QCOMPARE(store.addFeed("ftp://example.com/feed", "x").error().code, ErrorCode::InvalidArgument);

        ManualClock clock;
        news::NewsCollector collector(store, clock, std::chrono::seconds(3600), std::chrono::seconds(5));
        clock.time = fromUnixMillis(test::kStartMs + 10 * 60'000);
        fetchRound(collector);
        clock.time = fromUnixMillis(test::kStartMs + 20 * 60'000);
        fetchRound(collector); // the same items again: nothing new
        QCOMPARE(http.requests, 8);

        const auto feeds = store.feeds();
        QVERIFY(feeds && feeds->size() == 4);
        QCOMPARE((*feeds)[0].items, std::int64_t(3));
        QCOMPARE((*feeds)[0].lastError, std::string());
        QCOMPARE((*feeds)[1].items, std::int64_t(1));
        QVERIFY2((*feeds)[2].lastError.starts_with("line "), (*feeds)[2].lastError.c_str());
        QVERIFY2((*feeds)[3].lastError.starts_with("HTTP 404"), (*feeds)[3].lastError.c_str());

        const auto btc = store.items("BTC", fromUnixMillis(0), fromUnixMillis(test::kStartMs + 86'400'000), 100);
        QVERIFY(btc && btc->size() == 1);
        QCOMPARE(btc->front().title, std::string("Bitcoin surges to record high as ETF inflows grow"));
        QCOMPARE(toUnixMillis(btc->front().fetchedAt), test::kStartMs + 10 * 60'000); // the first fetch
        QVERIFY(btc->front().sentiment > 0.6);
        const auto eth = store.items("ETH", fromUnixMillis(0), fromUnixMillis(test::kStartMs + 86'400'000), 100);
        QVERIFY(eth && eth->size() == 1 && eth->front().sentiment < -0.6);
    }

    void aBacktestReadsSentimentAsFetched()
    {
        // Candles for 3000 hours; one bullish BTC item fetched at hour 100 and another at hour 2000.
        QVERIFY(server::CandleStore(*m_database).ingest("binance", "BTCUSDT", test::syntheticCandles()));
        server::NewsStore store(*m_database);
        const auto feed = store.addFeed("https://example.com/backtest-feed", "Backtest feed");
        QVERIFY(feed);
        std::vector<server::NewsItem> items(2);
        for (int i = 0; i < 2; ++i) {
            items[i].guid = "bt-" + std::to_string(i);
            items[i].title = "Bitcoin soars";
            items[i].sentiment = 0.7;
            items[i].assets = {"BTC"};
            items[i].fetchedAt = fromUnixMillis(test::kStartMs + (i == 0 ? 100 : 2000) * test::kHourMs + 1);
        }
        QCOMPARE(store.addItems(feed->id, items).value_or(0), std::size_t(2));

        v1::BacktestSpec spec;
        spec.set_strategy_source("strategy \"news\"\nlong entry when sentiment(\"BTC\") > 0.5\n"
                                 "long exit when na(sentiment(\"BTC\"))\n");
        spec.set_exchange("binance");
        spec.set_symbol("BTCUSDT");
        spec.set_timeframe("1h");
        spec.set_from_unix_ms(test::kStartMs);
        spec.set_to_unix_ms(test::kStartMs + test::kCandles * test::kHourMs);
        spec.set_tick_size("0.01");
        spec.set_lot_size("0.00001");
        const std::atomic<bool> cancel{false};
        server::CandleStore candleStore(*m_database);
        const auto result = compute::runBacktestJob(spec, candleStore, cancel, nullptr, &store);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        // Three BTC items, each known for 24 bars: three round trips (the collector test's bullish
        // headline, fetched at minute 10, is one of them).
        QCOMPARE(result->metrics().trade_count(), std::int64_t(3));

        // The series itself: missing before the first fetch, set for the 24 hours after it.
        std::vector<model::Candle> candles = test::syntheticCandles();
        const auto series = compute::storedSentiment(store, "sentiment:BTC", candles);
        QVERIFY(series);
        QVERIFY(std::isnan((*series)[99]));  // closes at hour 100, before the item (hour 100 + 1 ms)
        QCOMPARE((*series)[100], 0.7);       // closes at hour 101
        QCOMPARE((*series)[123], 0.7);
        QVERIFY(std::isnan((*series)[124])); // 24 hours later it has left the window

        const auto without = compute::runBacktestJob(spec, candleStore, cancel, nullptr, nullptr);
        QVERIFY(!without && without.error().message.find("sentiment() needs the news store") != std::string::npos);
    }

    void bcfctlManagesFeeds()
    {
        test::TestCertificates certificates;
        QVERIFY(certificates.ok());
        QTemporaryDir directory;
        const QString config = directory.filePath(QStringLiteral("core.toml"));
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(test::serverConfig(QStringLiteral("core-news"), test::freePort(), m_postgres, 6379, certificates,
                                      test::authSection(certificates))
                       .toUtf8());
        file.close();
        const auto run = [&](const QStringList &arguments, QByteArray *out = nullptr) {
            QProcess process;
            process.start(QStringLiteral(BCF_CTL_BINARY), arguments);
            process.waitForFinished(30000);
            if (out)
                *out = process.readAllStandardOutput() + process.readAllStandardError();
            return process.exitCode();
        };
        QByteArray out;
        QCOMPARE(run({QStringLiteral("news"), QStringLiteral("add-feed"), QStringLiteral("--config"), config, QStringLiteral("--url"),
                      QStringLiteral("https://news.example.com/rss"), QStringLiteral("--name"), QStringLiteral("Example")},
                     &out),
                 0);
        QVERIFY2(out.contains("added feed"), out.constData());
        QVERIFY(run({QStringLiteral("news"), QStringLiteral("add-feed"), QStringLiteral("--config"), config, QStringLiteral("--url"), QStringLiteral("https://news.example.com/rss")},
                    &out) != 0);
        QVERIFY2(out.contains("already added"), out.constData());
        QCOMPARE(run({QStringLiteral("news"), QStringLiteral("list-feeds"), QStringLiteral("--config"), config}, &out), 0);
        QVERIFY2(out.contains("https://news.example.com/rss\tExample\t0\tnever"), out.constData());
        QCOMPARE(run({QStringLiteral("news"), QStringLiteral("remove-feed"), QStringLiteral("--config"), config, QStringLiteral("--url"),
                      QStringLiteral("https://news.example.com/rss")}),
                 0);
        QVERIFY(run({QStringLiteral("news"), QStringLiteral("remove-feed"), QStringLiteral("--config"), config, QStringLiteral("--url"),
                     QStringLiteral("https://news.example.com/rss")},
                    &out) != 0);
        QVERIFY2(out.contains("no feed has the address"), out.constData());
    }
};

QTEST_GUILESS_MAIN(TestNews)
#include "test_news.moc"
