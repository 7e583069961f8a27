#pragma once

#include "core/authenticator.h"
#include "core/bot_types.h"
#include "core/candles.h"
#include "core/connection_profile.h"
#include "core/job_types.h"
#include "core/model_types.h"
#include "core/market_types.h"
#include "core/news_types.h"
#include "core/reconnect_backoff.h"
#include "core/session_types.h"
#include "core/strategy_types.h"
#include "core/trading_types.h"
#include "model/market_data.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace bcf::app {

class TokenVault;

// One workstation's session with one bcf-core node over gRPC/TLS.
//
// Construct it with a connection profile (host, port, CA certificate file; the server's
// certificate must be issued by that CA for the host name used) and optionally a TokenVault for
// "Remember me". Then:
//
//   login(user, password, remember)  ->  loggedIn(UserInfo)
//                                    or  secondFactorRequired() -> submitSecondFactor(code)
//                                                               -> loggedIn / loginFailed
//                                    or  loginFailed(message)
//   resumeSession()                  ->  loggedIn(UserInfo) or sessionResumeFailed(reason)
//
// While logged in it sends `authorization: Bearer <token>` on every call, probes the server
// with SystemService.GetServerInfo every probeInterval (latencyMeasured, serverInfoReceived),
// and refreshes the token before it expires (probes pause while a refresh is in flight). On a
// transport failure of a probe (UNAVAILABLE, DEADLINE_EXCEEDED) it enters Reconnecting and
// retries on a new channel with ReconnectBackoff (reconnectScheduled tells the delay); any
// other probe error leaves the state Connected with the error as its detail, and probing goes
// on at the normal interval. A probe or refresh answered with UNAUTHENTICATED ends the
// session: sessionExpired(reason) — except when the call carried a token that a refresh has
// replaced meanwhile (or that a refresh in flight may be replacing): such a call is sent again
// with the current token. resumeSession() retries transport failures the same way
// (Reconnecting, reconnectScheduled) until the server answers or login() is called.
// logout() revokes the token on the server, forgets it, and emits loggedOut().
//
// Threading: create and use it on the GUI thread. RPCs run on gRPC's callback threads, never
// block the caller, each have a deadline, and their results come back to this object's thread
// through queued calls; results that arrive after the object is destroyed, or for a session
// that has ended, are dropped. The destructor cancels the calls in flight and waits (at most
// a few seconds) for gRPC to finish them, so that no gRPC channel is ever released on a gRPC
// thread. Messages in signals are translated sentences for the user
// (see describeStatus()).
class SessionController final : public Authenticator
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionController)

public:
    template <typename T>
    using Outcome = std::expected<T, QString>;

    struct Timing {
        std::chrono::milliseconds callDeadline{10000};
        std::chrono::milliseconds probeInterval{5000};
        // How long after a failed refresh (server unreachable) it is tried again.
        std::chrono::milliseconds refreshRetry{15000};
    };

    // `vault` may be null (no remembering); it must outlive this object.
    explicit SessionController(ConnectionProfile profile, TokenVault* vault = nullptr,
                               QObject* parent = nullptr);
    SessionController(ConnectionProfile profile, TokenVault* vault, Timing timing,
                      ReconnectBackoff backoff, QObject* parent = nullptr);
    ~SessionController() override;

    // The version of the gRPC library the workstation runs with.
    static QString grpcVersion();

    const ConnectionProfile& profile() const { return m_profile; }
    // Changes the server; ignored (returns false) while logged in or while a login is pending.
    bool setProfile(const ConnectionProfile& profile);

    // Authenticator
    void login(const QString& username, const QString& password, bool remember) override;
    void submitSecondFactor(const QString& code) override;
    void cancelSecondFactor() override;
    bool canRemember() const override;
    QString rememberUnavailableReason() const override;

    // Loads the token remembered for this profile and exchanges it for a fresh one
    // (RefreshSession), which is stored in the keychain at once. Emits loggedIn() or
    // sessionResumeFailed(reason); the reason is empty when nothing was remembered. While the
    // server cannot be reached it retries with the backoff (Reconnecting, reconnectScheduled);
    // login() abandons such a resume.
    void resumeSession();
    // Whether resumeSession() is waiting for its next attempt or for the server's answer.
    bool isResuming() const { return m_resuming; }
    // Whether a token of this profile is known to be in the keychain (resumeSession() found
    // one, or the current session was stored).
    bool hasRememberedSession() const { return m_tokenStored; }
    // Revokes the session on the server (best effort), removes any remembered token and emits
    // loggedOut(). Does nothing when not logged in.
    void logout();
    // While Reconnecting: tries now instead of waiting for the scheduled attempt.
    void reconnectNow();

    bool isLoggedIn() const { return m_loggedIn; }
    ConnectionState connectionState() const { return m_state; }
    const UserInfo& user() const { return m_user; }
    const std::optional<ServerInfo>& serverInfo() const { return m_serverInfo; }
    // Whether the current session is kept in the keychain.
    bool isRemembered() const { return m_remember; }
    // The keychain key of this profile's remembered session: "session/<profile name>".
    QString vaultKey() const;

    // Account operations of the signed-in user. `done` runs once on the GUI thread, unless
    // `context` was destroyed first; errors are sentences for the user.
    void changePassword(const QString& currentPassword, const QString& newPassword,
                        QObject* context, std::function<void(Outcome<void>)> done);
    void beginTotpEnrollment(const QString& password, QObject* context,
                             std::function<void(Outcome<TotpEnrollment>)> done);
    // On success the user's totpEnabled becomes true (userInfoChanged).
    void confirmTotpEnrollment(const QString& code, QObject* context,
                               std::function<void(Outcome<QStringList>)> done);
    // On success the user's totpEnabled becomes false (userInfoChanged).
    void disableTotp(const QString& password, const QString& code, QObject* context,
                     std::function<void(Outcome<void>)> done);

    // MarketDataService.GetCandles: at most `limit` (0 = the server's default of 1000, at most
    // 5000) of the newest candles of [fromUnixMs, toUnixMs) (toUnixMs 0 = now), oldest first.
    // Same delivery as the account operations above.
    struct CandleQuery {
        QString exchange;
        QString symbol;
        QString timeframe;
        qint64 fromUnixMs = 0;
        qint64 toUnixMs = 0;
        int limit = 0;
    };
    void getCandles(const CandleQuery& query, QObject* context,
                    std::function<void(Outcome<CandleSeries>)> done);
    // The same candles with exact fixed-point prices and volumes, parsed from the server's
    // decimal strings (the chart's doubles are for drawing; backtests need the exact values).
    // Fails for a timeframe the domain does not know.
    void getExactCandles(const CandleQuery& query, QObject* context,
                         std::function<void(Outcome<std::vector<model::Candle>>)> done);

    // The end of a stream: whether it is worth opening again (a transport failure or a normal
    // end) and a sentence for the user.
    using StreamEnd = std::function<void(bool transient, const QString& message)>;

    // MarketDataService.StreamCandles of query's exchange, symbol and timeframe (the other
    // fields are ignored): `onCandle` runs on the GUI thread for each forming bar as it changes
    // and each bar as it closes; `onEnd` runs once when the stream ends by itself. Neither runs
    // after cancelStream(), the end of the session, or the destruction of `context`. Returns
    // the stream's id, or 0 when no stream could be opened (not logged in, or the connection
    // profile is unusable). The other streams below behave the same way.
    quint64 streamCandles(const CandleQuery& query, QObject* context,
                          std::function<void(const Candle&)> onCandle, StreamEnd onEnd);

    // MarketDataService.ListInstruments of `exchange` ("" = every exchange), ordered by
    // exchange, then symbol. Same delivery as getCandles().
    void listInstruments(const QString& exchange, QObject* context,
                         std::function<void(Outcome<std::vector<Instrument>>)> done);
    // MarketDataService.GetRecentTrades: the newest `limit` trades (0 = 100, at most 1000),
    // oldest first. Trades with unreadable numbers are skipped.
    void getRecentTrades(const QString& exchange, const QString& symbol, int limit,
                         QObject* context, std::function<void(Outcome<std::vector<Trade>>)> done);
    // MarketDataService.StreamTrades: every trade of the symbol as it prints.
    quint64 streamTrades(const QString& exchange, const QString& symbol, QObject* context,
                         std::function<void(const Trade&)> onTrade, StreamEnd onEnd);
    // MarketDataService.StreamOrderBook: the best `depth` levels per side (0 = 20, at most
    // 100), at once and after every change (at most ten times a second). A snapshot with an
    // unreadable level is skipped.
    quint64 streamOrderBook(const QString& exchange, const QString& symbol, int depth,
                            QObject* context, std::function<void(const BookSnapshot&)> onBook,
                            StreamEnd onEnd);
    // MarketDataService.StreamTickers: the 24-hour ticker of each symbol (empty = every listed
    // symbol of the exchange) at once, then whenever it changes (at most once a second each).
    quint64 streamTickers(const QString& exchange, const QStringList& symbols, QObject* context,
                          std::function<void(const Ticker&)> onTicker, StreamEnd onEnd);

    // StrategyService: the signed-in user's strategies saved on the server. Same delivery as
    // getCandles(). listStrategies() orders them by name; listStrategyVersions() gives the
    // newest version first. getStrategy(): `version` 0 = the latest. saveStrategy():
    // `expectedVersion` 0 creates a new strategy (fails when the name is taken); otherwise it
    // must be the latest version on the server (the one the editor opened), and the save
    // appends version expectedVersion + 1 — when someone saved in between, it fails with a
    // message naming the latest version. A source that does not compile fails with
    // "line:column: message" of the compiler. deleteStrategy() removes every version.
    void listStrategies(QObject* context,
                        std::function<void(Outcome<std::vector<StrategySummary>>)> done);
    void getStrategy(const QString& name, int version, QObject* context,
                     std::function<void(Outcome<StrategyDocument>)> done);
    void listStrategyVersions(const QString& name, QObject* context,
                              std::function<void(Outcome<std::vector<StrategyVersionInfo>>)> done);
    void saveStrategy(const QString& name, const QString& source, const QString& comment,
                      int expectedVersion, QObject* context,
                      std::function<void(Outcome<StrategyDocument>)> done);
    void deleteStrategy(const QString& name, QObject* context,
                        std::function<void(Outcome<void>)> done);

    // TradingService: the signed-in user's own account (docs/trading.md), on the paper venue or
    // a live one (the request's `venue`; see venues()). Same delivery as getCandles().
    // placeOrder() and placeOco() answer with the order(s) as the venue took them: a refusal by
    // the risk engine or the venue is a REJECTED order with its reason, not an error; an error
    // is a TradingError whose `field` names the field the server refused (INVALID_ARGUMENT).
    // cancelOrder() fails for an unknown or already final order.
    // cancelAllOrders() of `symbol` ("" = every symbol) answers the number of cancel requests
    // sent. listOrders() and listFills() give the newest first (`limit` 0 = 200, at most 1000).
    // killSwitch() cancels every open order, closes every position when `flatten`, and moves the
    // account to HALTED (`halt`) or REDUCING; resetRisk() moves it back to ACTIVE and answers the
    // new state. Both need a reason, which is journaled.
    template <typename T>
    using TradingOutcome = std::expected<T, TradingError>;
    struct OrderQuery {
        QString symbol; // "" = every symbol
        bool openOnly = false;
        int limit = 0;
        qint64 botId = 0; // 0 = every order (manual and bots)
    };
    void placeOrder(const OrderRequest& order, QObject* context,
                    std::function<void(TradingOutcome<Order>)> done);
    void placeOco(const OcoRequest& oco, QObject* context,
                  std::function<void(TradingOutcome<OcoOrders>)> done);
    void cancelOrder(const QString& clientOrderId, QObject* context,
                     std::function<void(Outcome<Order>)> done);
    void cancelAllOrders(const QString& symbol, QObject* context,
                         std::function<void(Outcome<int>)> done);
    void listOrders(const OrderQuery& query, QObject* context,
                    std::function<void(Outcome<std::vector<Order>>)> done);
    void listFills(const QString& symbol, int limit, QObject* context,
                   std::function<void(Outcome<std::vector<Fill>>)> done);
    // The portfolio of `venue` ("" = paper).
    void getPortfolio(const QString& venue, QObject* context,
                      std::function<void(Outcome<Portfolio>)> done);
    // The account's equity sampled over [fromUnixMs, toUnixMs) (toUnixMs 0 = now), oldest first.
    void getEquityHistory(qint64 fromUnixMs, qint64 toUnixMs, QObject* context,
                          std::function<void(Outcome<std::vector<EquityPoint>>)> done);
    void killSwitch(bool flatten, bool halt, const QString& reason, QObject* context,
                    std::function<void(TradingOutcome<KillSwitchResult>)> done);
    void resetRisk(const QString& reason, QObject* context,
                   std::function<void(TradingOutcome<QString>)> done);
    // TradingService.StreamTrading: the current portfolio first, then every order change, fill,
    // portfolio change, risk notice and reconciliation notice of the account as it happens.
    // Behaves like the market data streams (streamCandles()).
    quint64 streamTrading(QObject* context, std::function<void(const TradingEvent&)> onEvent,
                          StreamEnd onEnd);
    // Whether the signed-in user may place and cancel orders ("trading.write").
    bool canTrade() const;

    // TradingService's exchange API keys, for the live venues (one key per exchange). Same
    // delivery as getCandles(). addExchangeKey(): the server checks the key with the exchange
    // before it stores it, sealed; a refusal is a TradingError whose `field` is "api key",
    // "secret key", "label" or "exchange" when the server named one (INVALID_ARGUMENT), and a
    // sentence otherwise (the key may withdraw or may not trade, live trading is off on the
    // node, a key for the exchange exists). The key and its secret live only in the call's
    // request, which is released when the call answers: they are never logged, kept or stored
    // here. deleteExchangeKey() fails while orders on the exchange are open. Both refresh the
    // venues (venuesChanged) when they succeed; listExchangeKeys() updates them with its answer.
    void addExchangeKey(const QString& exchange, const QString& label, const QString& apiKey,
                        const QString& secretKey, QObject* context,
                        std::function<void(TradingOutcome<ExchangeKey>)> done);
    void listExchangeKeys(QObject* context, std::function<void(Outcome<ExchangeKeyList>)> done);
    void deleteExchangeKey(qint64 id, QObject* context,
                           std::function<void(Outcome<ExchangeKey>)> done);
    // The venues the signed-in user may trade on now, paper first ("paper", then "binance" with
    // a working key); only "paper" before the first answer, when the server cannot say (an
    // older node, a role without "trading.read"), and after the session ends. Asked after each
    // login and after a key is added or deleted; refreshVenues() asks again.
    const QStringList& venues() const { return m_venues; }
    // Whether the node can trade on live venues at all (ListExchangeKeys' live_trading_enabled).
    bool liveTradingEnabled() const { return m_liveTradingEnabled; }
    void refreshVenues();

    // BotService: the signed-in user's bots (docs/bots.md). Same delivery as getCandles().
    // createBot() answers the bot as created (STOPPED); a refused definition is a TradingError
    // whose `field` is the server's (see splitBotFieldError(): "budget", "symbol", "levels",
    // "quantityPerLevel" …). The life-cycle calls answer the bot's new state; stopBot() with
    // `closePosition` also sells (or buys back) what the bot holds. deleteBot() only a stopped
    // or failed bot. listBotEvents(): newest first (`limit` 0 = 200, at most 1000).
    // getBotEquity(): the bot's equity sampled every minute while it ran, oldest first.
    void createBot(const BotDefinition& definition, QObject* context,
                   std::function<void(TradingOutcome<Bot>)> done);
    void listBots(QObject* context, std::function<void(Outcome<std::vector<Bot>>)> done);
    void getBot(qint64 id, QObject* context, std::function<void(Outcome<Bot>)> done);
    void startBot(qint64 id, QObject* context, std::function<void(Outcome<Bot>)> done);
    void pauseBot(qint64 id, QObject* context, std::function<void(Outcome<Bot>)> done);
    void stopBot(qint64 id, bool closePosition, QObject* context,
                 std::function<void(Outcome<Bot>)> done);
    void deleteBot(qint64 id, QObject* context, std::function<void(Outcome<Bot>)> done);
    void listBotEvents(qint64 id, int limit, QObject* context,
                       std::function<void(Outcome<std::vector<BotEvent>>)> done);
    void getBotEquity(qint64 id, QObject* context,
                      std::function<void(Outcome<std::vector<EquityPoint>>)> done);
    // BotService.StreamBots: every change of the user's bots (state, position, PnL), every line
    // of their logs and every deletion, as they happen (nothing on opening: list first).
    // Behaves like the market data streams (streamCandles()).
    quint64 streamBots(QObject* context, std::function<void(const BotUpdate&)> onUpdate,
                       StreamEnd onEnd);

    // JobService: the signed-in user's compute jobs (docs/jobs.md). Same delivery as
    // getCandles(). The submissions answer the queued job; a spec the server refuses is an
    // error naming the field ("strategy source: 1:27: …"). listJobs(): top-level jobs, newest
    // first (`limit` 0 = 100, at most 500). getJob() with `includeResult` carries the result of
    // a succeeded job. cancelJob() answers the job as it is after the request (a running job
    // stops at its node's next report).
    void submitBacktestJob(const JobBacktestSpec& spec, QObject* context,
                           std::function<void(Outcome<Job>)> done);
    void submitOptimizationJob(const JobOptimizationSpec& spec, QObject* context,
                               std::function<void(Outcome<Job>)> done);
    void listJobs(int limit, QObject* context, std::function<void(Outcome<std::vector<Job>>)> done);
    void getJob(qint64 id, bool includeResult, QObject* context,
                std::function<void(Outcome<Job>)> done);
    void cancelJob(qint64 id, QObject* context, std::function<void(Outcome<Job>)> done);
    // JobService.StreamJobs: the user's queued and running jobs on opening, then every change
    // (state, progress, message) as it happens, without results. Behaves like the market data
    // streams (streamCandles()).
    quint64 streamJobs(QObject* context, std::function<void(const Job&)> onJob, StreamEnd onEnd);

    // The AI lab (docs/ml.md, docs/workstation-ai-lab.md). submitTrainingJob(): JobService.
    // SubmitTraining (a spec the server refuses is an error naming the field);
    // getTrainingProgress(): GetJob with its result, the training report so far (its history
    // grows each epoch while the job runs). ModelService: listModels() (`name` empty: the newest
    // version of every model; otherwise every version of that name), getModel() (`version` 0:
    // the live one, or the newest), promoteModel(), getPredictions() (the stored predictions of
    // a version over [fromUnixMs, toUnixMs) of bar open times). Same delivery as getCandles().
    void submitTrainingJob(const ModelTrainingSpec& spec, QObject* context,
                           std::function<void(Outcome<Job>)> done);
    void getTrainingProgress(qint64 jobId, QObject* context,
                             std::function<void(Outcome<TrainingProgress>)> done);
    void listModels(const QString& name, QObject* context,
                    std::function<void(Outcome<std::vector<ModelVersionInfo>>)> done);
    void getModel(const QString& name, int version, QObject* context,
                  std::function<void(Outcome<ModelVersionInfo>)> done);
    void promoteModel(const QString& name, int version, QObject* context,
                      std::function<void(Outcome<ModelVersionInfo>)> done);
    struct PredictionQuery {
        QString name;
        int version = 0;
        QString exchange;
        QString symbol;
        QString timeframe;
        qint64 fromUnixMs = 0;
        qint64 toUnixMs = 0;
    };
    void getPredictions(const PredictionQuery& query, QObject* context,
                        std::function<void(Outcome<ModelPredictions>)> done);

    // NewsService (docs/news.md, docs/workstation-news.md). Same delivery as getCandles().
    // listNews(): the items naming `asset` ("" = every item) fetched in [fromUnixMs, toUnixMs)
    // (fromUnixMs 0 = 7 days before the end, toUnixMs 0 = now), newest first, at most `limit`
    // (0 = 200, at most 1000). getSentiment(): the series sentiment("ASSET") reads in strategies,
    // at the bars of `timeframe` whose open times are in [fromUnixMs, toUnixMs) (at most 100,000
    // bars), oldest first, bars without items left out; each value is the mean of the items
    // naming the asset fetched in the 24 h before the bar's close. Both need "news.read".
    // The feeds need "news.admin": listFeeds() in the order they were added; addFeed() (`name`
    // empty: the URL's host) answers the feed as added, and fails with the server's sentence for
    // an address that is not http(s) or is already added; removeFeed() removes the feed and its
    // items, and fails for an unknown address.
    struct NewsQuery {
        QString asset;
        qint64 fromUnixMs = 0;
        qint64 toUnixMs = 0;
        int limit = 0;
    };
    void listNews(const NewsQuery& query, QObject* context,
                  std::function<void(Outcome<std::vector<NewsItem>>)> done);
    struct SentimentQuery {
        QString asset;
        QString timeframe;
        qint64 fromUnixMs = 0;
        qint64 toUnixMs = 0;
    };
    void getSentiment(const SentimentQuery& query, QObject* context,
                      std::function<void(Outcome<SentimentSeries>)> done);
    void listFeeds(QObject* context, std::function<void(Outcome<std::vector<NewsFeed>>)> done);
    void addFeed(const QString& url, const QString& name, QObject* context,
                 std::function<void(Outcome<NewsFeed>)> done);
    void removeFeed(const QString& url, QObject* context, std::function<void(Outcome<void>)> done);

    // Cancels a stream of any of the stream functions; ignores ids of streams that have ended.
    void cancelStream(quint64 id);
    void cancelCandleStream(quint64 id) { cancelStream(id); }

signals:
    void sessionResumeFailed(const QString& reason);
    void loggedOut();
    void sessionExpired(const QString& reason);
    void userInfoChanged(const bcf::app::UserInfo& user);
    void connectionStateChanged(bcf::app::ConnectionState state, const QString& detail);
    void latencyMeasured(int milliseconds);
    void serverInfoReceived(const bcf::app::ServerInfo& info);
    // The next reconnection attempt starts in `delayMs`.
    void reconnectScheduled(int delayMs);
    // Storing or removing the remembered token failed; the session itself is fine.
    void keychainFailed(const QString& message);
    // venues() changed.
    void venuesChanged(const QStringList& venues);

private:
    struct Rpc;
    // One server-streaming call of MarketDataService; ReadStream is the reactor of each kind.
    struct StreamCall;
    template <typename Request, typename Message, typename Value>
    struct ReadStream;
    struct StreamEntry {
        StreamCall* stream = nullptr; // deleted on the GUI thread after its OnDone
        QPointer<QObject> context;
        // Called with a pointer to the stream's value type (typed by openStream()).
        std::function<void(const void*)> onValue;
        StreamEnd onEnd;
        const char* kind = "";
        bool cancelled = false;
    };
    struct Session {
        QString token;
        QDateTime expiresAt;
    };
    // Bearer: the session token; an UNAUTHENTICATED answer for a token that a refresh has
    // replaced is retried with the current one. Exchange: the session token of a
    // RefreshSession or Logout, whose UNAUTHENTICATED answer is final.
    enum class Auth { None, Bearer, Exchange };
    struct CallInfo {
        int elapsedMs = 0;
        qint64 midpointUnixMs = 0;
        // The token the call carried (empty with Auth::None).
        QString token;
    };

    template <typename Response, typename Request, typename Start, typename Done>
    void call(Request request, Auth auth, Start start, Done done, QObject* context = nullptr);
    // The shape of most calls: refused with "You are not logged in." without a session, a
    // failed status told as a sentence (describeStatus), else done(convert(response)).
    template <typename Response, typename Request, typename Start, typename Convert, typename Value>
    void sessionCall(Request request, Start start, Convert convert, QObject* context,
                     std::function<void(Outcome<Value>)> done);

    std::expected<void, QString> openChannel();
    void setState(ConnectionState state, const QString& detail = {});
    // `stored`: the token is already being written to the keychain.
    void acceptSession(const Session& session, bool remember,
                       std::function<void(const QString&)> fail, bool stored = false);
    void fetchUser(std::function<void(Outcome<UserInfo>)> done);
    void resumeAttempt();
    void failResume(const QString& reason);
    void cancelResume();
    void reconnect();
    void rememberToken();
    void forgetToken();
    void scheduleRefresh();
    void refreshSession();
    void finishRefresh();
    void probe();
    void onProbeFailed(const QString& detail);
    void endSession();
    void cancelAllStreams();
    template <typename Value, typename Message, typename Request, typename Start>
    quint64 openStream(Request request, Start start,
                       std::optional<Value> (*parse)(const Message&), const char* kind,
                       QObject* context, std::function<void(const Value&)> onValue,
                       StreamEnd onEnd);
    void deliverStreamValue(quint64 id, const void* value);
    void setVenues(const QStringList& venues, bool liveTradingEnabled);
    void finishStream(quint64 id, bool transient, const QString& message);

    ConnectionProfile m_profile;
    QPointer<TokenVault> m_vault;
    Timing m_timing;
    ReconnectBackoff m_backoff;
    std::unique_ptr<Rpc> m_rpc;

    ConnectionState m_state = ConnectionState::Disconnected;
    bool m_loggedIn = false;
    bool m_loginPending = false;
    bool m_remember = false;
    bool m_pendingRemember = false;
    bool m_resuming = false;
    bool m_tokenStored = false;
    // The last keychain write of the session token failed.
    bool m_storeFailed = false;
    // A RefreshSession of the open session is in flight: probes wait for it, and calls whose
    // token it may revoke are decided again when it answers (m_afterRefresh).
    bool m_refreshing = false;
    bool m_probeAfterRefresh = false;
    std::vector<std::function<void()>> m_afterRefresh;
    // The detail of the last connectionStateChanged.
    QString m_stateDetail;
    // Bumped whenever a session ends, so late answers for the old one are dropped.
    quint64 m_generation = 0;
    QString m_challenge;
    Session m_session;
    UserInfo m_user;
    std::optional<ServerInfo> m_serverInfo;

    QStringList m_venues{paperVenue.toString()};
    bool m_liveTradingEnabled = false;

    std::map<quint64, StreamEntry> m_streams;
    quint64 m_nextStreamId = 0;

    QTimer m_probeTimer;
    QTimer m_reconnectTimer;
    QTimer m_refreshTimer;
};

} // namespace bcf::app
