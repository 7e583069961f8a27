#include "core/session_controller.h"

#include "bcf/app/build_info.h"
#include "core/grpc_status_text.h"
#include "core/token_vault.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/market_data.grpc.pb.h>
#include <bcf/v1/strategy.grpc.pb.h>
#include <bcf/v1/system.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSysInfo>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

Q_LOGGING_CATEGORY(logSession, "bcf.app.session")

QDateTime fromUnixMs(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

UserRole toRole(v1::Role role)
{
    switch (role) {
    case v1::ROLE_TRADER:
        return UserRole::Trader;
    case v1::ROLE_ADMIN:
        return UserRole::Admin;
    case v1::ROLE_SUPPORT:
        return UserRole::Support;
    case v1::ROLE_FINANCE:
        return UserRole::Finance;
    case v1::ROLE_MARKETING:
        return UserRole::Marketing;
    case v1::ROLE_SALES:
        return UserRole::Sales;
    case v1::ROLE_AUDITOR:
        return UserRole::Auditor;
    default:
        return UserRole::Unspecified;
    }
}

// Shared between the controller and its calls in flight. The controller clears `target` in its
// destructor under the mutex, so a gRPC thread never posts to a destroyed object. A call whose
// answer arrives after that parks its state (which holds a channel reference) in `held`; the
// destructor waits until `inFlight` is zero and then releases `held` on the GUI thread.
struct Dispatcher {
    std::mutex mutex;
    std::condition_variable idle;
    QObject* target = nullptr;
    int inFlight = 0;
    std::vector<std::weak_ptr<grpc::ClientContext>> active;
    std::vector<std::shared_ptr<void>> held;
};

bool isTransportFailure(const grpc::Status& status)
{
    return status.error_code() == grpc::StatusCode::UNAVAILABLE
        || status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

template <typename Request, typename Response>
struct CallState {
    std::shared_ptr<grpc::Channel> channel; // keeps the channel alive for the call
    std::shared_ptr<grpc::ClientContext> context = std::make_shared<grpc::ClientContext>();
    Request request;
    Response response;
    std::chrono::steady_clock::time_point started;
    qint64 startedUnixMs = 0;
};

std::optional<Candle> toCandle(const v1::Candle& candle)
{
    return candleFromDecimals(candle.open_time_unix_ms(), QString::fromStdString(candle.open()),
                              QString::fromStdString(candle.high()),
                              QString::fromStdString(candle.low()),
                              QString::fromStdString(candle.close()),
                              QString::fromStdString(candle.volume()), candle.closed());
}

// The GetCandles request of a query; getCandles and getExactCandles parse the same answer two ways.
v1::GetCandlesRequest candlesRequest(const SessionController::CandleQuery& query)
{
    v1::GetCandlesRequest request;
    request.set_exchange(query.exchange.toStdString());
    request.set_symbol(query.symbol.toStdString());
    request.set_timeframe(query.timeframe.toStdString());
    request.set_from_unix_ms(query.fromUnixMs);
    request.set_to_unix_ms(query.toUnixMs);
    request.set_limit(query.limit);
    return request;
}

Side toSide(v1::Side side)
{
    switch (side) {
    case v1::SIDE_BUY:
        return Side::Buy;
    case v1::SIDE_SELL:
        return Side::Sell;
    default:
        return Side::Unknown;
    }
}

std::optional<Trade> toTrade(const v1::Trade& trade)
{
    return tradeFromDecimals(trade.id(), trade.time_unix_ms(),
                             QString::fromStdString(trade.price()),
                             QString::fromStdString(trade.quantity()), toSide(trade.aggressor()));
}

// A snapshot with an unreadable level is dropped whole: a book with a hole would mislead.
std::optional<BookSnapshot> toBook(const v1::OrderBook& book)
{
    BookSnapshot snapshot;
    snapshot.updateId = book.update_id();
    snapshot.timeMs = book.time_unix_ms();
    const auto convert = [](const auto& levels, std::vector<BookLevel>& into) {
        into.reserve(std::size_t(levels.size()));
        for (const v1::BookLevel& level : levels) {
            auto parsed = bookLevelFromDecimals(QString::fromStdString(level.price()),
                                                QString::fromStdString(level.quantity()));
            if (!parsed)
                return false;
            into.push_back(std::move(*parsed));
        }
        return true;
    };
    if (!convert(book.bids(), snapshot.bids) || !convert(book.asks(), snapshot.asks))
        return std::nullopt;
    return snapshot;
}

std::optional<Ticker> toTicker(const v1::Ticker& ticker)
{
    Ticker result{.exchange = QString::fromStdString(ticker.exchange()),
                  .symbol = QString::fromStdString(ticker.symbol()),
                  .lastPrice = QString::fromStdString(ticker.last_price()),
                  .openPrice = QString::fromStdString(ticker.open_price()),
                  .highPrice = QString::fromStdString(ticker.high_price()),
                  .lowPrice = QString::fromStdString(ticker.low_price()),
                  .volume = QString::fromStdString(ticker.volume()),
                  .quoteVolume = QString::fromStdString(ticker.quote_volume()),
                  .timeMs = ticker.time_unix_ms()};
    if (result.symbol.isEmpty() || !decimalToDouble(result.lastPrice))
        return std::nullopt;
    return result;
}

Instrument toInstrument(const v1::Instrument& instrument)
{
    return Instrument{.exchange = QString::fromStdString(instrument.exchange()),
                      .symbol = QString::fromStdString(instrument.symbol()),
                      .base = QString::fromStdString(instrument.base()),
                      .quote = QString::fromStdString(instrument.quote()),
                      .tickSize = QString::fromStdString(instrument.tick_size()),
                      .lotSize = QString::fromStdString(instrument.lot_size()),
                      .minNotional = QString::fromStdString(instrument.min_notional()),
                      .pricePrecision = std::clamp(instrument.price_precision(), 0, 18),
                      .quantityPrecision = std::clamp(instrument.quantity_precision(), 0, 18)};
}

StrategyDocument toStrategyDocument(const v1::StrategyDocument& document)
{
    return {.id = QString::number(document.id()),
            .name = QString::fromStdString(document.name()),
            .version = document.version(),
            .source = QString::fromStdString(document.source()),
            .comment = QString::fromStdString(document.comment()),
            .createdAt = fromUnixMs(document.created_at_unix_ms()),
            .author = QString::fromStdString(document.author())};
}

} // namespace

struct SessionController::Rpc {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::AuthService::Stub> auth;
    std::unique_ptr<v1::SystemService::Stub> system;
    std::unique_ptr<v1::MarketDataService::Stub> marketData;
    std::unique_ptr<v1::StrategyService::Stub> strategies;
    std::shared_ptr<Dispatcher> dispatcher = std::make_shared<Dispatcher>();
};

struct SessionController::StreamCall {
    virtual ~StreamCall() = default;
    std::shared_ptr<grpc::ClientContext> context = std::make_shared<grpc::ClientContext>();
};

// One server-streaming call: `Message`s read from the server, parsed into `Value`s on the gRPC
// thread and delivered to the GUI thread. It is created and deleted on the GUI thread: OnDone
// hands it (and the channel reference it holds) to the GUI thread in a queued call, or parks it
// in the dispatcher when the controller is being destroyed; the controller's destructor
// cancels it and waits for its OnDone like any other call in flight.
template <typename Request, typename Message, typename Value>
struct SessionController::ReadStream final : StreamCall, grpc::ClientReadReactor<Message> {
    using Parse = std::optional<Value> (*)(const Message&);

    ReadStream(std::shared_ptr<Dispatcher> dispatcher, std::shared_ptr<grpc::Channel> channel,
               quint64 id, Parse parse, const char* kind)
        : dispatcher(std::move(dispatcher))
        , channel(std::move(channel))
        , id(id)
        , parse(parse)
        , kind(kind)
    {
    }

    void OnReadDone(bool ok) override
    {
        if (!ok)
            return; // OnDone follows
        if (auto parsed = parse(message)) {
            std::lock_guard lock(dispatcher->mutex);
            if (auto* controller = static_cast<SessionController*>(dispatcher->target)) {
                QMetaObject::invokeMethod(
                    controller,
                    [controller, id = id, value = std::move(*parsed)] {
                        controller->deliverStreamValue(id, &value);
                    },
                    Qt::QueuedConnection);
            }
        } else {
            qCWarning(logSession) << "skipping an unreadable message of a" << kind << "stream";
        }
        this->StartRead(&message);
    }

    void OnDone(const grpc::Status& status) override
    {
        // Nothing of `this` is touched once it has been handed over: the GUI thread may
        // delete it at once.
        const auto shared = dispatcher;
        std::shared_ptr<ReadStream> self(this);
        std::lock_guard lock(shared->mutex);
        if (auto* controller = static_cast<SessionController*>(shared->target)) {
            QMetaObject::invokeMethod(
                controller,
                [controller, self = std::move(self), status]() mutable {
                    const quint64 streamId = self->id;
                    self.reset(); // releases the channel reference here, on the GUI thread
                    const bool transient = status.ok() || isTransportFailure(status);
                    const QString message =
                        status.ok() ? SessionController::tr("The market data stream ended.")
                                    : describeStatus(status, controller->m_profile.endpoint());
                    controller->finishStream(streamId, transient, message);
                },
                Qt::QueuedConnection);
        } else {
            shared->held.push_back(std::move(self));
        }
        --shared->inFlight;
        shared->idle.notify_all();
    }

    std::shared_ptr<Dispatcher> dispatcher;
    std::shared_ptr<grpc::Channel> channel; // keeps the channel alive for the call
    Request request;
    Message message;
    const quint64 id;
    const Parse parse;
    const char* const kind;
};

SessionController::SessionController(ConnectionProfile profile, TokenVault* vault,
                                     QObject* parent)
    : SessionController(std::move(profile), vault, Timing{}, ReconnectBackoff{}, parent)
{
}

SessionController::SessionController(ConnectionProfile profile, TokenVault* vault,
                                     Timing timing, ReconnectBackoff backoff, QObject* parent)
    : Authenticator(parent)
    , m_profile(std::move(profile))
    , m_vault(vault)
    , m_timing(timing)
    , m_backoff(std::move(backoff))
    , m_rpc(std::make_unique<Rpc>())
{
    qRegisterMetaType<UserInfo>();
    qRegisterMetaType<ServerInfo>();
    qRegisterMetaType<ConnectionState>();
    m_rpc->dispatcher->target = this;

    m_probeTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    m_refreshTimer.setSingleShot(true);
    connect(&m_probeTimer, &QTimer::timeout, this, &SessionController::probe);
    connect(&m_refreshTimer, &QTimer::timeout, this, &SessionController::refreshSession);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &SessionController::reconnect);
    if (m_vault) {
        connect(m_vault, &TokenVault::availabilityChanged, this,
                &SessionController::rememberAvailabilityChanged);
    }
}

SessionController::~SessionController()
{
    const auto dispatcher = m_rpc->dispatcher;
    std::vector<std::weak_ptr<grpc::ClientContext>> active;
    {
        std::lock_guard lock(dispatcher->mutex);
        dispatcher->target = nullptr;
        active.swap(dispatcher->active);
    }
    // Outside the lock: a cancelled call may run its callback on this thread.
    for (const auto& weak : active) {
        if (auto context = weak.lock())
            context->TryCancel();
    }
    std::vector<std::shared_ptr<void>> held;
    bool finished = false;
    {
        std::unique_lock lock(dispatcher->mutex);
        finished = dispatcher->idle.wait_for(lock, std::chrono::seconds(5),
                                             [&dispatcher] { return dispatcher->inFlight == 0; });
        held.swap(dispatcher->held);
    }
    // The parked calls release their channels here, on the GUI thread.
    held.clear();
    if (!finished) {
        // A call ignored its cancellation. Its callback would park its channel in the
        // dispatcher and could then drop the dispatcher's last reference on a gRPC thread:
        // keep the dispatcher (and what it will hold) for the rest of the process instead.
        qCWarning(logSession) << "gRPC calls still in flight at shutdown; leaving them behind";
        new std::shared_ptr<Dispatcher>(dispatcher); // NOLINT: deliberate leak
    }
}

QString SessionController::grpcVersion()
{
    return QString::fromStdString(grpc::Version());
}

bool SessionController::setProfile(const ConnectionProfile& profile)
{
    if (m_loggedIn)
        return false;
    // A resume waiting for an unreachable server gives way to the user's choice of another one.
    if (m_resuming && !(profile == m_profile))
        cancelResume();
    if (m_loginPending)
        return false;
    if (!(profile == m_profile)) {
        m_profile = profile;
        m_tokenStored = false;
        m_challenge.clear();
        m_rpc->channel.reset();
        m_rpc->auth.reset();
        m_rpc->system.reset();
        m_rpc->marketData.reset();
    }
    return true;
}

QString SessionController::vaultKey() const
{
    return u"session/"_s + m_profile.name;
}

bool SessionController::canRemember() const
{
    return m_vault && m_vault->isAvailable();
}

QString SessionController::rememberUnavailableReason() const
{
    if (!m_vault)
        return tr("Remembering sessions is turned off in this build.");
    return m_vault->unavailableReason();
}

std::expected<void, QString> SessionController::openChannel()
{
    if (const QString problem = m_profile.problem(); !problem.isEmpty())
        return std::unexpected(problem);
    QFile ca(m_profile.caCertificatePath);
    if (!ca.open(QIODevice::ReadOnly)) {
        return std::unexpected(tr("The CA certificate \"%1\" cannot be read: %2")
                                   .arg(m_profile.caCertificatePath, ca.errorString()));
    }
    const QByteArray pem = ca.readAll();
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        return std::unexpected(tr("The file \"%1\" is not a PEM certificate.")
                                   .arg(m_profile.caCertificatePath));
    }

    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = pem.toStdString();
    grpc::ChannelArguments arguments;
    arguments.SetUserAgentPrefix(std::string("botcriptofy/") + build::version);
    m_rpc->channel = grpc::CreateCustomChannel(m_profile.endpoint().toStdString(),
                                               grpc::SslCredentials(ssl), arguments);
    m_rpc->auth = v1::AuthService::NewStub(m_rpc->channel);
    m_rpc->system = v1::SystemService::NewStub(m_rpc->channel);
    m_rpc->marketData = v1::MarketDataService::NewStub(m_rpc->channel);
    m_rpc->strategies = v1::StrategyService::NewStub(m_rpc->channel);
    return {};
}

template <typename Response, typename Request, typename Start, typename Done>
void SessionController::call(Request request, Auth auth, Start start, Done done,
                             QObject* context)
{
    if (!m_rpc->channel) {
        if (auto opened = openChannel(); !opened) {
            // Reported like any failed call, on the next turn of the event loop.
            auto response = std::make_shared<Response>();
            QMetaObject::invokeMethod(
                this,
                [done = std::move(done), response, guard = QPointer<QObject>(context),
                 hadContext = context != nullptr,
                 message = opened.error().toStdString()]() mutable {
                    if (hadContext && !guard)
                        return;
                    done(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, message), *response,
                         CallInfo{});
                },
                Qt::QueuedConnection);
            return;
        }
    }
    auto fresh = std::make_shared<CallState<Request, Response>>();
    fresh->channel = m_rpc->channel;
    fresh->request = std::move(request);
    fresh->context->set_deadline(std::chrono::system_clock::now() + m_timing.callDeadline);
    QString token;
    if (auth != Auth::None) {
        token = m_session.token;
        fresh->context->AddMetadata("authorization", "Bearer " + token.toStdString());
    }
    fresh->started = std::chrono::steady_clock::now();
    fresh->startedUnixMs = QDateTime::currentMSecsSinceEpoch();

    // Calls tied to a context (account dialogs) survive the end of a session; the others are
    // dropped when the session they belong to has ended.
    const bool sessionBound = context == nullptr;
    const QPointer<QObject> guard(context);
    const quint64 generation = m_generation;
    auto dispatcher = m_rpc->dispatcher;
    {
        std::lock_guard lock(dispatcher->mutex);
        std::erase_if(dispatcher->active, [](const auto& weak) { return weak.expired(); });
        dispatcher->active.push_back(fresh->context);
        ++dispatcher->inFlight;
    }

    // The callback reaches the state through a shared slot, so that no copy of the callback that
    // gRPC may keep and destroy on its own thread holds a reference to the channel.
    auto slot = std::make_shared<std::shared_ptr<CallState<Request, Response>>>(fresh);
    auto* rawContext = fresh->context.get();
    auto* rawRequest = &fresh->request;
    auto* rawResponse = &fresh->response;
    start(*m_rpc, rawContext, rawRequest, rawResponse,
          [dispatcher, slot, start, done = std::move(done), auth, token = std::move(token),
           sessionBound, guard, generation](grpc::Status status) mutable {
              auto state = std::move(*slot);
              const auto elapsed = std::chrono::steady_clock::now() - state->started;
              const int elapsedMs = int(
                  std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
              CallInfo info{
                  .elapsedMs = elapsedMs,
                  .midpointUnixMs = state->startedUnixMs + elapsedMs / 2,
                  .token = std::move(token),
              };
              // `state` holds a reference to the channel. It must be released on the GUI
              // thread, never here: if it were the channel's last reference, destroying the
              // channel on this gRPC callback thread would make gRPC join this very thread.
              std::lock_guard lock(dispatcher->mutex);
              auto* controller = static_cast<SessionController*>(dispatcher->target);
              if (!controller) {
                  dispatcher->held.push_back(std::move(state));
              } else {
                  QMetaObject::invokeMethod(
                      controller,
                      [controller, state = std::move(state), start, done = std::move(done), auth,
                       sessionBound, guard, generation, info = std::move(info),
                       status = std::move(status)]() mutable {
                          if (sessionBound && generation != controller->m_generation)
                              return;
                          if (!sessionBound && !guard)
                              return;
                          if (auth == Auth::Bearer
                              && status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                              // The token may have been revoked by a refresh that replaced it:
                              // send the call again with the current token.
                              auto retry = [controller, state, start, done, auth, sessionBound,
                                            guard, generation, info, status]() mutable {
                                  if (sessionBound && generation != controller->m_generation)
                                      return;
                                  if (!sessionBound && !guard)
                                      return;
                                  if (!controller->m_loggedIn
                                      || info.token == controller->m_session.token)
                                      return done(status, state->response, info);
                                  qCInfo(logSession) << "call answered for a replaced token; "
                                                        "sending it again";
                                  controller->call<Response>(Request(state->request), auth,
                                                             start, std::move(done),
                                                             guard.data());
                              };
                              if (controller->m_loggedIn && controller->m_refreshing
                                  && info.token == controller->m_session.token) {
                                  controller->m_afterRefresh.push_back(std::move(retry));
                                  return;
                              }
                              return retry();
                          }
                          done(status, state->response, info);
                      },
                      Qt::QueuedConnection);
              }
              --dispatcher->inFlight;
              dispatcher->idle.notify_all();
          });
    // `fresh` goes here, on the GUI thread, whether or not the call has finished already.
}

void SessionController::setState(ConnectionState state, const QString& detail)
{
    m_state = state;
    m_stateDetail = detail;
    emit connectionStateChanged(state, detail);
}

void SessionController::login(const QString& username, const QString& password, bool remember)
{
    if (m_resuming)
        cancelResume();
    if (m_loggedIn || m_loginPending)
        return;
    if (auto opened = openChannel(); !opened) {
        emit loginFailed(opened.error());
        return;
    }
    m_challenge.clear();
    m_loginPending = true;
    setState(ConnectionState::Connecting);

    v1::LoginRequest request;
    request.set_username(username.trimmed().toStdString());
    request.set_password(password.toStdString());
    request.set_client_description(
        QStringLiteral("BotCriptoFy2 %1 on %2")
            .arg(QString::fromLatin1(build::version), QSysInfo::machineHostName())
            .toStdString());

    call<v1::LoginResponse>(
        std::move(request), Auth::None,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::LoginRequest* req,
           v1::LoginResponse* response, auto callback) {
            rpc.auth->async()->Login(context, req, response, std::move(callback));
        },
        [this, remember](const grpc::Status& status, v1::LoginResponse& response,
                         const CallInfo&) {
            const auto fail = [this](const QString& message) {
                m_loginPending = false;
                setState(ConnectionState::Disconnected, message);
                emit loginFailed(message);
            };
            if (!status.ok())
                return fail(describeStatus(status, m_profile.endpoint()));
            if (response.has_second_factor()) {
                m_loginPending = false;
                m_challenge = QString::fromStdString(response.second_factor().challenge());
                m_pendingRemember = remember;
                setState(ConnectionState::Disconnected);
                emit secondFactorRequired();
                return;
            }
            if (!response.has_session())
                return fail(tr("The server answered the login without a session."));
            const auto& session = response.session();
            acceptSession({QString::fromStdString(session.token()),
                           fromUnixMs(session.expires_at_unix_ms())},
                          remember, fail);
        });
}

void SessionController::submitSecondFactor(const QString& code)
{
    if (m_loggedIn || m_loginPending)
        return;
    if (m_challenge.isEmpty()) {
        emit loginFailed(tr("The two-factor step has expired. Please log in again."));
        return;
    }
    QString cleaned = code;
    cleaned.remove(QRegularExpression(u"\\s"_s));
    static const QRegularExpression totpPattern(u"^\\d{6}$"_s);

    v1::VerifySecondFactorRequest request;
    request.set_challenge(m_challenge.toStdString());
    if (totpPattern.match(cleaned).hasMatch())
        request.set_totp_code(cleaned.toStdString());
    else
        request.set_recovery_code(cleaned.toStdString());

    m_loginPending = true;
    setState(ConnectionState::Connecting);
    call<v1::Session>(
        std::move(request), Auth::None,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::VerifySecondFactorRequest* req,
           v1::Session* response, auto callback) {
            rpc.auth->async()->VerifySecondFactor(context, req, response, std::move(callback));
        },
        [this](const grpc::Status& status, v1::Session& session, const CallInfo&) {
            const auto fail = [this](const QString& message) {
                m_loginPending = false;
                setState(ConnectionState::Disconnected, message);
                emit loginFailed(message);
            };
            if (!status.ok())
                return fail(describeStatus(status, m_profile.endpoint()));
            m_challenge.clear();
            acceptSession({QString::fromStdString(session.token()),
                           fromUnixMs(session.expires_at_unix_ms())},
                          m_pendingRemember, fail);
        });
}

void SessionController::cancelSecondFactor()
{
    m_challenge.clear();
}

void SessionController::resumeSession()
{
    if (m_loggedIn || m_loginPending)
        return;
    if (!canRemember()) {
        QMetaObject::invokeMethod(
            this, [this] { emit sessionResumeFailed({}); }, Qt::QueuedConnection);
        return;
    }
    m_loginPending = true;
    m_resuming = true;
    const quint64 generation = m_generation;
    m_vault->load(vaultKey(), this,
                  [this, generation](std::expected<std::optional<QString>, QString> loaded) {
                      if (!m_resuming || generation != m_generation)
                          return; // abandoned by login() or a change of profile
                      if (!loaded)
                          return failResume(loaded.error());
                      if (!loaded->has_value() || (*loaded)->isEmpty())
                          return failResume({});
                      m_tokenStored = true;
                      m_session = Session{**loaded, {}};
                      setState(ConnectionState::Connecting);
                      resumeAttempt();
                  });
}

void SessionController::resumeAttempt()
{
    if (auto opened = openChannel(); !opened)
        return failResume(opened.error());
    call<v1::Session>(
        v1::RefreshSessionRequest{}, Auth::Exchange,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::RefreshSessionRequest* req,
           v1::Session* response, auto callback) {
            rpc.auth->async()->RefreshSession(context, req, response, std::move(callback));
        },
        [this](const grpc::Status& status, v1::Session& session, const CallInfo&) {
            if (!m_resuming)
                return;
            if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                m_session = {};
                forgetToken();
                return failResume(tr("Your saved session has ended (%1). Please log in again.")
                                      .arg(describeStatus(status, m_profile.endpoint())));
            }
            // The server may come back: try again later instead of asking for the password.
            if (isTransportFailure(status))
                return onProbeFailed(describeStatus(status, m_profile.endpoint()));
            if (!status.ok()) {
                m_session = {};
                return failResume(describeStatus(status, m_profile.endpoint()));
            }
            // The server has revoked the remembered token: keep the new one right away, whatever
            // happens to the rest of the resume.
            m_session = {QString::fromStdString(session.token()),
                         fromUnixMs(session.expires_at_unix_ms())};
            rememberToken();
            acceptSession(m_session, true, [this](const QString& reason) { failResume(reason); },
                          true);
        });
}

void SessionController::failResume(const QString& reason)
{
    m_loginPending = false;
    m_resuming = false;
    m_reconnectTimer.stop();
    m_backoff.reset();
    setState(ConnectionState::Disconnected, reason);
    emit sessionResumeFailed(reason);
}

void SessionController::cancelResume()
{
    ++m_generation;
    m_loginPending = false;
    m_resuming = false;
    m_session = {};
    m_reconnectTimer.stop();
    m_backoff.reset();
    setState(ConnectionState::Disconnected);
}

void SessionController::acceptSession(const Session& session, bool remember,
                                      std::function<void(const QString&)> fail, bool stored)
{
    m_session = session;
    fetchUser([this, remember, fail, stored](Outcome<UserInfo> user) {
        m_loginPending = false;
        if (!user) {
            m_session = {};
            return fail(user.error());
        }
        m_user = *user;
        m_loggedIn = true;
        m_resuming = false;
        m_remember = remember && canRemember();
        if (m_remember && !stored)
            rememberToken();
        else if (!m_remember)
            forgetToken();
        else if (m_storeFailed)
            m_remember = false;
        m_backoff.reset();
        setState(ConnectionState::Connected);
        emit loggedIn(m_user);
        scheduleRefresh();
        probe();
    });
}

void SessionController::fetchUser(std::function<void(Outcome<UserInfo>)> done)
{
    call<v1::WhoAmIResponse>(
        v1::WhoAmIRequest{}, Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::WhoAmIRequest* req,
           v1::WhoAmIResponse* response, auto callback) {
            rpc.auth->async()->WhoAmI(context, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::WhoAmIResponse& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            UserInfo user;
            user.id = response.user().id();
            user.username = QString::fromStdString(response.user().username());
            user.role = toRole(response.user().role());
            user.totpEnabled = response.user().totp_enabled();
            user.sessionExpiresAt = fromUnixMs(response.session_expires_at_unix_ms());
            for (const auto& permission : response.permissions())
                user.permissions.append(QString::fromStdString(permission));
            user.permissions.sort();
            done(user);
        });
}

void SessionController::rememberToken()
{
    if (!m_vault)
        return;
    m_storeFailed = false;
    const QString token = m_session.token;
    m_vault->store(vaultKey(), token, this,
                   [this, token](std::expected<void, QString> stored) {
                       if (token != m_session.token)
                           return; // a later token has been stored meanwhile
                       if (stored) {
                           m_tokenStored = true;
                           return;
                       }
                       m_storeFailed = true;
                       if (m_loggedIn && m_remember) {
                           m_remember = false;
                           emit userInfoChanged(m_user);
                       }
                       emit keychainFailed(
                           tr("The session could not be remembered: %1").arg(stored.error()));
                   });
}

void SessionController::forgetToken()
{
    m_tokenStored = false;
    if (!m_vault || !m_vault->isAvailable())
        return;
    m_vault->remove(vaultKey(), this, [this](std::expected<void, QString> removed) {
        if (!removed) {
            emit keychainFailed(
                tr("The remembered session could not be removed: %1").arg(removed.error()));
        }
    });
}

void SessionController::scheduleRefresh()
{
    if (!m_session.expiresAt.isValid())
        return;
    // The expiry is in the server's clock: compare it with the local clock corrected by the
    // offset the probes measured.
    const qint64 offsetMs = m_serverInfo ? m_serverInfo->clockOffsetMs : 0;
    const QDateTime serverNow = QDateTime::currentDateTimeUtc().addMSecs(offsetMs);
    // Refresh when 80 % of the remaining lifetime has passed, so there is time to retry.
    const qint64 remaining = serverNow.msecsTo(m_session.expiresAt);
    const qint64 delay = std::clamp<qint64>(remaining * 8 / 10, 5000, 24LL * 3600 * 1000);
    m_refreshTimer.start(std::chrono::milliseconds(delay));
}

void SessionController::refreshSession()
{
    if (!m_loggedIn || m_refreshing)
        return;
    m_refreshing = true;
    call<v1::Session>(
        v1::RefreshSessionRequest{}, Auth::Exchange,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::RefreshSessionRequest* req,
           v1::Session* response, auto callback) {
            rpc.auth->async()->RefreshSession(context, req, response, std::move(callback));
        },
        [this](const grpc::Status& status, v1::Session& session, const CallInfo&) {
            if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                const QString reason = describeStatus(status, m_profile.endpoint());
                forgetToken();
                endSession();
                emit sessionExpired(reason);
                return;
            }
            if (!status.ok()) {
                qCInfo(logSession).noquote()
                    << "session refresh failed, retrying:"
                    << describeStatus(status, m_profile.endpoint());
                m_refreshTimer.start(m_timing.refreshRetry);
                return finishRefresh();
            }
            m_session = {QString::fromStdString(session.token()),
                         fromUnixMs(session.expires_at_unix_ms())};
            m_user.sessionExpiresAt = m_session.expiresAt;
            if (m_remember)
                rememberToken();
            emit userInfoChanged(m_user);
            scheduleRefresh();
            finishRefresh();
        });
}

void SessionController::finishRefresh()
{
    m_refreshing = false;
    // Calls refused while the refresh was in flight: sent again if the token has changed.
    auto waiting = std::exchange(m_afterRefresh, {});
    for (auto& retry : waiting)
        retry();
    if (std::exchange(m_probeAfterRefresh, false))
        probe();
}

void SessionController::probe()
{
    if (!m_loggedIn)
        return;
    if (m_refreshing) {
        // The refresh revokes the token a probe would carry; probe once it has answered.
        m_probeAfterRefresh = true;
        return;
    }
    if (!m_rpc->system) {
        if (auto opened = openChannel(); !opened)
            return onProbeFailed(opened.error());
    }
    call<v1::ServerInfo>(
        v1::GetServerInfoRequest{}, Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::GetServerInfoRequest* req,
           v1::ServerInfo* response, auto callback) {
            rpc.system->async()->GetServerInfo(context, req, response, std::move(callback));
        },
        [this](const grpc::Status& status, v1::ServerInfo& response, const CallInfo& timing) {
            if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                const QString reason = describeStatus(status, m_profile.endpoint());
                m_session = {};
                forgetToken();
                endSession();
                emit sessionExpired(reason);
                return;
            }
            const bool wasReconnecting = m_state != ConnectionState::Connected;
            if (!status.ok()) {
                const QString detail = describeStatus(status, m_profile.endpoint());
                if (isTransportFailure(status))
                    return onProbeFailed(detail);
                // The server answered, with an error: it is reachable, so no reconnecting;
                // show the error and keep probing.
                qCInfo(logSession).noquote() << "server probe answered with an error:" << detail;
                m_backoff.reset();
                setState(ConnectionState::Connected, detail);
                if (wasReconnecting && !m_refreshTimer.isActive())
                    scheduleRefresh();
                m_probeTimer.start(m_timing.probeInterval);
                return;
            }

            ServerInfo info;
            info.component = QString::fromStdString(response.component());
            info.version = QString::fromStdString(response.version());
            info.nodeName = QString::fromStdString(response.node_name());
            info.startedAt = fromUnixMs(response.started_at_unix_ms());
            info.serverTime = fromUnixMs(response.now_unix_ms());
            info.clockOffsetMs =
                response.now_unix_ms() > 0 ? response.now_unix_ms() - timing.midpointUnixMs : 0;
            info.latencyMs = timing.elapsedMs;
            for (const auto& [key, value] : response.details())
                info.details.insert(QString::fromStdString(key), QString::fromStdString(value));
            const bool firstAnswer = !m_serverInfo.has_value();
            m_serverInfo = info;

            m_backoff.reset();
            if (wasReconnecting || !m_stateDetail.isEmpty())
                setState(ConnectionState::Connected);
            // A refresh may have failed while the server was away; and the first answer tells
            // the clock offset that the refresh time depends on.
            if ((wasReconnecting && !m_refreshTimer.isActive()) || firstAnswer)
                scheduleRefresh();
            emit latencyMeasured(info.latencyMs);
            emit serverInfoReceived(info);
            m_probeTimer.start(m_timing.probeInterval);
        });
}

void SessionController::onProbeFailed(const QString& detail)
{
    qCInfo(logSession).noquote() << "server unreachable:" << detail;
    const auto delay = m_backoff.next();
    setState(ConnectionState::Reconnecting, detail);
    m_reconnectTimer.start(delay);
    emit reconnectScheduled(int(delay.count()));
}

void SessionController::reconnect()
{
    if (m_resuming)
        return resumeAttempt();
    if (!m_loggedIn)
        return;
    if (auto opened = openChannel(); !opened)
        return onProbeFailed(opened.error());
    probe();
}

void SessionController::reconnectNow()
{
    if (!(m_loggedIn || m_resuming) || m_state != ConnectionState::Reconnecting
        || !m_reconnectTimer.isActive())
        return;
    m_reconnectTimer.stop();
    reconnect();
}

void SessionController::endSession()
{
    ++m_generation;
    m_loggedIn = false;
    m_loginPending = false;
    m_resuming = false;
    m_remember = false;
    m_refreshing = false;
    m_probeAfterRefresh = false;
    m_session = {};
    m_user = {};
    m_serverInfo.reset();
    m_probeTimer.stop();
    m_reconnectTimer.stop();
    m_refreshTimer.stop();
    cancelAllStreams();
    // Calls of account dialogs that waited for a refresh get their answer (the session's own
    // calls are dropped by the generation).
    for (auto& retry : std::exchange(m_afterRefresh, {}))
        QMetaObject::invokeMethod(this, std::move(retry), Qt::QueuedConnection);
    setState(ConnectionState::Disconnected);
}

void SessionController::logout()
{
    if (!m_loggedIn)
        return;
    // Best effort: the answer is not awaited (the token is forgotten here either way) and
    // arrives for a session that has already ended, so it is dropped.
    call<v1::LogoutResponse>(
        v1::LogoutRequest{}, Auth::Exchange,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::LogoutRequest* req,
           v1::LogoutResponse* response, auto callback) {
            rpc.auth->async()->Logout(context, req, response, std::move(callback));
        },
        [](const grpc::Status&, v1::LogoutResponse&, const CallInfo&) {});
    m_tokenStored = false;
    if (m_vault && m_vault->isAvailable()) {
        m_vault->remove(vaultKey(), this, [this](std::expected<void, QString> removed) {
            if (!removed) {
                emit keychainFailed(
                    tr("The remembered session could not be removed: %1").arg(removed.error()));
            }
        });
    }
    endSession();
    emit loggedOut();
}

void SessionController::changePassword(const QString& currentPassword,
                                       const QString& newPassword, QObject* context,
                                       std::function<void(Outcome<void>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::ChangePasswordRequest request;
    request.set_current_password(currentPassword.toStdString());
    request.set_new_password(newPassword.toStdString());
    call<v1::ChangePasswordResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ChangePasswordRequest* req,
           v1::ChangePasswordResponse* response, auto callback) {
            rpc.auth->async()->ChangePassword(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::ChangePasswordResponse&,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done({});
        },
        context);
}

void SessionController::getCandles(const CandleQuery& query, QObject* context,
                                   std::function<void(Outcome<CandleSeries>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    call<v1::GetCandlesResponse>(
        candlesRequest(query), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetCandlesRequest* req,
           v1::GetCandlesResponse* response, auto callback) {
            rpc.marketData->async()->GetCandles(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::GetCandlesResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            CandleSeries candles;
            candles.reserve(std::size_t(response.candles_size()));
            for (const v1::Candle& candle : response.candles()) {
                const auto parsed = toCandle(candle);
                if (!parsed) {
                    qCWarning(logSession) << "skipping a candle with unreadable numbers at"
                                          << candle.open_time_unix_ms();
                    continue;
                }
                candles.push_back(*parsed);
            }
            done(std::move(candles));
        },
        context);
}

void SessionController::getExactCandles(const CandleQuery& query, QObject* context,
                                        std::function<void(Outcome<std::vector<model::Candle>>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    const QByteArray timeframeName = query.timeframe.toUtf8();
    const auto timeframe = model::parseTimeframe(
        std::string_view(timeframeName.constData(), std::size_t(timeframeName.size())));
    if (!timeframe)
        return done(std::unexpected(tr("Unknown timeframe %1.").arg(query.timeframe)));
    call<v1::GetCandlesResponse>(
        candlesRequest(query), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetCandlesRequest* req,
           v1::GetCandlesResponse* response, auto callback) {
            rpc.marketData->async()->GetCandles(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done), timeframe = *timeframe](
            const grpc::Status& status, v1::GetCandlesResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            std::vector<model::Candle> candles;
            candles.reserve(std::size_t(response.candles_size()));
            for (const v1::Candle& message : response.candles()) {
                const auto open = Price::parse(message.open());
                const auto high = Price::parse(message.high());
                const auto low = Price::parse(message.low());
                const auto close = Price::parse(message.close());
                const auto volume = Quantity::parse(message.volume());
                if (!open || !high || !low || !close || !volume || *low > *high) {
                    qCWarning(logSession) << "skipping a candle with unreadable numbers at"
                                          << message.open_time_unix_ms();
                    continue;
                }
                model::Candle candle;
                candle.timeframe = timeframe;
                candle.openTime = fromUnixMillis(message.open_time_unix_ms());
                candle.open = *open;
                candle.high = *high;
                candle.low = *low;
                candle.close = *close;
                candle.volume = *volume;
                candle.closed = message.closed();
                candles.push_back(candle);
            }
            done(std::move(candles));
        },
        context);
}

template <typename Value, typename Message, typename Request, typename Start>
quint64 SessionController::openStream(Request request, Start start,
                                      std::optional<Value> (*parse)(const Message&),
                                      const char* kind, QObject* context,
                                      std::function<void(const Value&)> onValue, StreamEnd onEnd)
{
    if (!m_loggedIn)
        return 0;
    if (!m_rpc->channel) {
        if (auto opened = openChannel(); !opened) {
            qCWarning(logSession) << "cannot open a" << kind << "stream:" << opened.error();
            return 0;
        }
    }
    const quint64 id = ++m_nextStreamId;
    using Stream = ReadStream<Request, Message, Value>;
    auto* stream = new Stream(m_rpc->dispatcher, m_rpc->channel, id, parse, kind);
    stream->request = std::move(request);
    stream->context->AddMetadata("authorization", "Bearer " + m_session.token.toStdString());
    m_streams[id] = StreamEntry{.stream = stream,
                                .context = context,
                                .onValue =
                                    [onValue = std::move(onValue)](const void* value) {
                                        onValue(*static_cast<const Value*>(value));
                                    },
                                .onEnd = std::move(onEnd),
                                .kind = kind};
    {
        auto& dispatcher = *m_rpc->dispatcher;
        std::lock_guard lock(dispatcher.mutex);
        std::erase_if(dispatcher.active, [](const auto& weak) { return weak.expired(); });
        dispatcher.active.push_back(stream->context);
        ++dispatcher.inFlight;
    }
    // From here on the stream deletes itself (through the GUI thread) after OnDone.
    start(*m_rpc->marketData, stream->context.get(), &stream->request, stream);
    stream->StartRead(&stream->message);
    stream->StartCall();
    return id;
}

quint64 SessionController::streamCandles(const CandleQuery& query, QObject* context,
                                         std::function<void(const Candle&)> onCandle,
                                         StreamEnd onEnd)
{
    v1::StreamCandlesRequest request;
    request.set_exchange(query.exchange.toStdString());
    request.set_symbol(query.symbol.toStdString());
    request.set_timeframe(query.timeframe.toStdString());
    return openStream<Candle>(
        std::move(request),
        [](v1::MarketDataService::Stub& stub, grpc::ClientContext* ctx,
           const v1::StreamCandlesRequest* req, grpc::ClientReadReactor<v1::Candle>* reactor) {
            stub.async()->StreamCandles(ctx, req, reactor);
        },
        &toCandle, "candle", context, std::move(onCandle), std::move(onEnd));
}

quint64 SessionController::streamTrades(const QString& exchange, const QString& symbol,
                                        QObject* context,
                                        std::function<void(const Trade&)> onTrade,
                                        StreamEnd onEnd)
{
    v1::StreamTradesRequest request;
    request.set_exchange(exchange.toStdString());
    request.set_symbol(symbol.toStdString());
    return openStream<Trade>(
        std::move(request),
        [](v1::MarketDataService::Stub& stub, grpc::ClientContext* ctx,
           const v1::StreamTradesRequest* req, grpc::ClientReadReactor<v1::Trade>* reactor) {
            stub.async()->StreamTrades(ctx, req, reactor);
        },
        &toTrade, "trade", context, std::move(onTrade), std::move(onEnd));
}

quint64 SessionController::streamOrderBook(const QString& exchange, const QString& symbol,
                                           int depth, QObject* context,
                                           std::function<void(const BookSnapshot&)> onBook,
                                           StreamEnd onEnd)
{
    v1::StreamOrderBookRequest request;
    request.set_exchange(exchange.toStdString());
    request.set_symbol(symbol.toStdString());
    request.set_depth(depth);
    return openStream<BookSnapshot>(
        std::move(request),
        [](v1::MarketDataService::Stub& stub, grpc::ClientContext* ctx,
           const v1::StreamOrderBookRequest* req,
           grpc::ClientReadReactor<v1::OrderBook>* reactor) {
            stub.async()->StreamOrderBook(ctx, req, reactor);
        },
        &toBook, "order book", context, std::move(onBook), std::move(onEnd));
}

quint64 SessionController::streamTickers(const QString& exchange, const QStringList& symbols,
                                         QObject* context,
                                         std::function<void(const Ticker&)> onTicker,
                                         StreamEnd onEnd)
{
    v1::StreamTickersRequest request;
    request.set_exchange(exchange.toStdString());
    for (const QString& symbol : symbols)
        request.add_symbols(symbol.toStdString());
    return openStream<Ticker>(
        std::move(request),
        [](v1::MarketDataService::Stub& stub, grpc::ClientContext* ctx,
           const v1::StreamTickersRequest* req, grpc::ClientReadReactor<v1::Ticker>* reactor) {
            stub.async()->StreamTickers(ctx, req, reactor);
        },
        &toTicker, "ticker", context, std::move(onTicker), std::move(onEnd));
}

void SessionController::listInstruments(const QString& exchange, QObject* context,
                                        std::function<void(Outcome<std::vector<Instrument>>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::ListInstrumentsRequest request;
    request.set_exchange(exchange.toStdString());
    call<v1::ListInstrumentsResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListInstrumentsRequest* req,
           v1::ListInstrumentsResponse* response, auto callback) {
            rpc.marketData->async()->ListInstruments(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::ListInstrumentsResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            std::vector<Instrument> instruments;
            instruments.reserve(std::size_t(response.instruments_size()));
            for (const v1::Instrument& instrument : response.instruments())
                instruments.push_back(toInstrument(instrument));
            done(std::move(instruments));
        },
        context);
}

void SessionController::getRecentTrades(const QString& exchange, const QString& symbol,
                                        int limit, QObject* context,
                                        std::function<void(Outcome<std::vector<Trade>>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::GetRecentTradesRequest request;
    request.set_exchange(exchange.toStdString());
    request.set_symbol(symbol.toStdString());
    request.set_limit(limit);
    call<v1::GetRecentTradesResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetRecentTradesRequest* req,
           v1::GetRecentTradesResponse* response, auto callback) {
            rpc.marketData->async()->GetRecentTrades(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::GetRecentTradesResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            std::vector<Trade> trades;
            trades.reserve(std::size_t(response.trades_size()));
            for (const v1::Trade& trade : response.trades()) {
                auto parsed = toTrade(trade);
                if (!parsed) {
                    qCWarning(logSession) << "skipping a trade with unreadable numbers:"
                                          << trade.id();
                    continue;
                }
                trades.push_back(std::move(*parsed));
            }
            done(std::move(trades));
        },
        context);
}

void SessionController::listStrategies(
    QObject* context, std::function<void(Outcome<std::vector<StrategySummary>>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    call<v1::ListStrategiesResponse>(
        v1::ListStrategiesRequest(), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListStrategiesRequest* req,
           v1::ListStrategiesResponse* response, auto callback) {
            rpc.strategies->async()->ListStrategies(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::ListStrategiesResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            std::vector<StrategySummary> strategies;
            strategies.reserve(std::size_t(response.strategies_size()));
            for (const v1::StrategySummary& summary : response.strategies())
                strategies.push_back({.id = QString::number(summary.id()),
                                      .name = QString::fromStdString(summary.name()),
                                      .latestVersion = summary.latest_version(),
                                      .updatedAt = fromUnixMs(summary.updated_at_unix_ms())});
            done(std::move(strategies));
        },
        context);
}

void SessionController::getStrategy(const QString& name, int version, QObject* context,
                                    std::function<void(Outcome<StrategyDocument>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::GetStrategyRequest request;
    request.set_name(name.toStdString());
    request.set_version(version);
    call<v1::StrategyDocument>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetStrategyRequest* req,
           v1::StrategyDocument* response, auto callback) {
            rpc.strategies->async()->GetStrategy(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::StrategyDocument& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done(toStrategyDocument(response));
        },
        context);
}

void SessionController::listStrategyVersions(
    const QString& name, QObject* context,
    std::function<void(Outcome<std::vector<StrategyVersionInfo>>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::ListStrategyVersionsRequest request;
    request.set_name(name.toStdString());
    call<v1::ListStrategyVersionsResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListStrategyVersionsRequest* req,
           v1::ListStrategyVersionsResponse* response, auto callback) {
            rpc.strategies->async()->ListStrategyVersions(ctx, req, response,
                                                          std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::ListStrategyVersionsResponse& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            std::vector<StrategyVersionInfo> versions;
            versions.reserve(std::size_t(response.versions_size()));
            for (const v1::StrategyVersionInfo& version : response.versions())
                versions.push_back({.version = version.version(),
                                    .createdAt = fromUnixMs(version.created_at_unix_ms()),
                                    .comment = QString::fromStdString(version.comment()),
                                    .author = QString::fromStdString(version.author())});
            done(std::move(versions));
        },
        context);
}

void SessionController::saveStrategy(const QString& name, const QString& source,
                                     const QString& comment, int expectedVersion,
                                     QObject* context,
                                     std::function<void(Outcome<StrategyDocument>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::SaveStrategyRequest request;
    request.set_name(name.toStdString());
    request.set_source(source.toStdString());
    request.set_comment(comment.toStdString());
    request.set_expected_version(expectedVersion);
    call<v1::StrategyDocument>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::SaveStrategyRequest* req,
           v1::StrategyDocument* response, auto callback) {
            rpc.strategies->async()->SaveStrategy(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::StrategyDocument& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done(toStrategyDocument(response));
        },
        context);
}

void SessionController::deleteStrategy(const QString& name, QObject* context,
                                       std::function<void(Outcome<void>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::DeleteStrategyRequest request;
    request.set_name(name.toStdString());
    call<v1::DeleteStrategyResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::DeleteStrategyRequest* req,
           v1::DeleteStrategyResponse* response, auto callback) {
            rpc.strategies->async()->DeleteStrategy(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::DeleteStrategyResponse&,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done({});
        },
        context);
}

void SessionController::cancelStream(quint64 id)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end() || it->second.cancelled)
        return;
    it->second.cancelled = true;
    // The stream is deleted only by finishStream(), on this thread: it is still alive here.
    it->second.stream->context->TryCancel();
}

void SessionController::cancelAllStreams()
{
    std::vector<quint64> ids;
    for (const auto& [id, entry] : m_streams)
        ids.push_back(id);
    for (const quint64 id : ids)
        cancelStream(id);
}

void SessionController::deliverStreamValue(quint64 id, const void* value)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end() || it->second.cancelled || !it->second.context)
        return;
    auto onValue = it->second.onValue; // the callback may cancel the stream
    onValue(value);
}

void SessionController::finishStream(quint64 id, bool transient, const QString& message)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    StreamEntry entry = std::move(it->second);
    m_streams.erase(it);
    if (entry.cancelled || !entry.context)
        return;
    qCInfo(logSession) << entry.kind << "stream ended:" << message;
    entry.onEnd(transient, message);
}

void SessionController::beginTotpEnrollment(const QString& password, QObject* context,
                                            std::function<void(Outcome<TotpEnrollment>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::BeginTotpEnrollmentRequest request;
    request.set_password(password.toStdString());
    call<v1::BeginTotpEnrollmentResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::BeginTotpEnrollmentRequest* req,
           v1::BeginTotpEnrollmentResponse* response, auto callback) {
            rpc.auth->async()->BeginTotpEnrollment(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::BeginTotpEnrollmentResponse& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done(TotpEnrollment{QString::fromStdString(response.secret_base32()),
                                QString::fromStdString(response.otpauth_uri())});
        },
        context);
}

void SessionController::confirmTotpEnrollment(const QString& code, QObject* context,
                                              std::function<void(Outcome<QStringList>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::ConfirmTotpEnrollmentRequest request;
    request.set_totp_code(code.trimmed().toStdString());
    call<v1::ConfirmTotpEnrollmentResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ConfirmTotpEnrollmentRequest* req,
           v1::ConfirmTotpEnrollmentResponse* response, auto callback) {
            rpc.auth->async()->ConfirmTotpEnrollment(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::ConfirmTotpEnrollmentResponse& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            QStringList codes;
            for (const auto& recovery : response.recovery_codes())
                codes.append(QString::fromStdString(recovery));
            if (m_loggedIn) {
                m_user.totpEnabled = true;
                emit userInfoChanged(m_user);
            }
            done(codes);
        },
        context);
}

void SessionController::disableTotp(const QString& password, const QString& code,
                                    QObject* context, std::function<void(Outcome<void>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::DisableTotpRequest request;
    request.set_password(password.toStdString());
    request.set_totp_code(code.trimmed().toStdString());
    call<v1::DisableTotpResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::DisableTotpRequest* req,
           v1::DisableTotpResponse* response, auto callback) {
            rpc.auth->async()->DisableTotp(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::DisableTotpResponse&,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            if (m_loggedIn) {
                m_user.totpEnabled = false;
                emit userInfoChanged(m_user);
            }
            done({});
        },
        context);
}

} // namespace bcf::app
