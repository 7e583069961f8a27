#include "core_config.h"

namespace bcf::core {
namespace {

// An optional amount of money: empty, or a decimal ≥ 0.
Status validateAmount(const std::string &value)
{
    if (value.empty())
        return {};
    auto parsed = Money::parse(value);
    if (!parsed || *parsed < Money())
        return makeError(ErrorCode::InvalidArgument,
                         "must be a decimal amount ≥ 0 (or empty for no limit), got \"" + value + "\"");
    return {};
}

// An http(s) or ws(s) URL with a host and, unless `withPath`, no path beyond "/".
Status validateBaseUrl(const std::string &value, std::initializer_list<std::string_view> schemes,
                       bool withPath = false)
{
    const auto colon = value.find("://");
    const std::string scheme = colon == std::string::npos ? std::string() : value.substr(0, colon);
    bool known = false;
    for (auto allowed : schemes)
        known = known || scheme == allowed;
    const std::string rest = colon == std::string::npos ? std::string() : value.substr(colon + 3);
    const std::string host = rest.substr(0, rest.find('/'));
    const std::string path = rest.substr(host.size());
    if (!known || host.empty() || (!withPath && path != "" && path != "/")) {
        std::string names;
        for (auto allowed : schemes)
            names += (names.empty() ? "" : " or ") + std::string(allowed);
        return makeError(ErrorCode::InvalidArgument, "must be a " + names + " URL with a host" +
                                                         (withPath ? "" : " and no path") + ", got \"" +
                                                         value + "\"");
    }
    return {};
}

} // namespace

const server::ConfigSchema<CoreConfig> &coreConfigSchema()
{
    static const server::ConfigSchema<CoreConfig> schema = [] {
        server::ConfigSchema<CoreConfig> s;
        server::addCommonFields(s, "core-1", "127.0.0.1:50051", "127.0.0.1:9464");
        s.addInteger("auth.session_ttl_minutes", "Lifetime of a session token; refresh renews it.",
                     720, 5, 60 * 24 * 30,
                     [](CoreConfig &c) -> std::int64_t & { return c.auth.sessionTtlMinutes; });
        s.addInteger("auth.challenge_ttl_seconds",
                     "Time allowed between a correct password and the two-factor code.", 300, 30,
                     3600,
                     [](CoreConfig &c) -> std::int64_t & { return c.auth.challengeTtlSeconds; });
        s.addInteger("auth.max_failed_logins",
                     "Failed passwords or codes in a row that lock an account.", 5, 1, 100,
                     [](CoreConfig &c) -> std::int64_t & { return c.auth.maxFailedLogins; });
        s.addInteger("auth.lockout_minutes", "How long a locked account stays locked.", 15, 1,
                     24 * 60, [](CoreConfig &c) -> std::int64_t & { return c.auth.lockoutMinutes; });
        s.addInteger("auth.password_min_length", "Minimum password length of the policy.", 12, 8,
                     128,
                     [](CoreConfig &c) -> std::int64_t & { return c.auth.passwordMinLength; });
        s.addString("auth.totp_issuer", "Issuer name shown in authenticator apps.", "BotCriptoFy2",
                    [](CoreConfig &c) -> std::string & { return c.auth.totpIssuer; },
                    server::validateNonEmpty);
        s.addString("auth.secret_key_file",
                    "File with the 64-hex-digit key that seals TOTP secrets at rest "
                    "(`bcfctl secret init` writes one).",
                    "", [](CoreConfig &c) -> std::string & { return c.auth.secretKeyFile; },
                    server::validateNonEmpty);
        s.addString("trading.paper_exchange",
                    "Exchange whose live market the paper venue trades against.", "binance",
                    [](CoreConfig &c) -> std::string & { return c.trading.paperExchange; },
                    server::validateNonEmpty);
        s.addString("trading.paper_balances",
                    "Balances a user's paper account starts with, as ASSET=AMOUNT pairs separated "
                    "by commas.",
                    "USDT=10000",
                    [](CoreConfig &c) -> std::string & { return c.trading.paperBalances; },
                    [](const std::string &value) -> Status {
                        auto parsed = parseBalances(value);
                        if (!parsed)
                            return std::unexpected(parsed.error());
                        return {};
                    });
        s.addInteger("trading.maker_fee_basis_points",
                     "Paper venue fee for orders that rest and are hit (1 = 0.01 %).", 10, 0, 1000,
                     [](CoreConfig &c) -> std::int64_t & { return c.trading.makerFeeBasisPoints; });
        s.addInteger("trading.taker_fee_basis_points",
                     "Paper venue fee for orders that take liquidity (1 = 0.01 %).", 10, 0, 1000,
                     [](CoreConfig &c) -> std::int64_t & { return c.trading.takerFeeBasisPoints; });
        s.addString("trading.currency", "Asset that equity, PnL and exposure are valued in.", "USDT",
                    [](CoreConfig &c) -> std::string & { return c.trading.currency; },
                    server::validateNonEmpty);
        s.addString("trading.max_order_notional",
                    "Risk: largest price × quantity of one order, in the currency; empty = no limit.",
                    "100000", [](CoreConfig &c) -> std::string & { return c.trading.maxOrderNotional; },
                    validateAmount);
        s.addInteger("trading.price_band_basis_points",
                     "Risk: how far a limit or stop price may be from the last price (1000 = 10 %); "
                     "0 = no band.",
                     1000, 0, 10000,
                     [](CoreConfig &c) -> std::int64_t & { return c.trading.priceBandBasisPoints; });
        s.addString("trading.max_daily_loss",
                    "Risk: loss since the UTC day start that moves the account to REDUCING; empty = "
                    "no limit.",
                    "", [](CoreConfig &c) -> std::string & { return c.trading.maxDailyLoss; },
                    validateAmount);
        s.addString("trading.max_gross_exposure",
                    "Risk: largest sum over an account's symbols of the absolute position × price; empty = no "
                    "limit.",
                    "", [](CoreConfig &c) -> std::string & { return c.trading.maxGrossExposure; },
                    validateAmount);
        s.addInteger("trading.max_orders_per_minute",
                     "Risk: orders an account may place in any rolling minute; 0 = no limit.", 600,
                     0, 100000,
                     [](CoreConfig &c) -> std::int64_t & { return c.trading.maxOrdersPerMinute; });
        s.addInteger("trading.equity_sample_seconds",
                     "How often each account's equity is sampled and stored.", 60, 5, 86400,
                     [](CoreConfig &c) -> std::int64_t & { return c.trading.equitySampleSeconds; });
        s.addString("trading.exchange_key_file",
                    "File with the 64-hex-digit key that seals exchange API keys at rest "
                    "(`bcfctl secret init` writes one); empty = live trading is off.",
                    "", [](CoreConfig &c) -> std::string & { return c.trading.exchangeKeyFile; });
        s.addString("trading.binance_rest_url", "Binance spot REST API of the live venue.",
                    "https://api.binance.com",
                    [](CoreConfig &c) -> std::string & { return c.trading.binanceRestUrl; },
                    [](const std::string &value) { return validateBaseUrl(value, {"https", "http"}); });
        s.addString("trading.binance_websocket_api_url",
                    "Binance spot WebSocket API of the live venue's user data streams.",
                    "wss://ws-api.binance.com:443/ws-api/v3",
                    [](CoreConfig &c) -> std::string & { return c.trading.binanceWebSocketApiUrl; },
                    [](const std::string &value) { return validateBaseUrl(value, {"wss", "ws"}, true); });
        s.addInteger("trading.binance_recv_window_ms",
                     "How long after its timestamp Binance may still execute a request (recvWindow).",
                     5000, 100, 60000,
                     [](CoreConfig &c) -> std::int64_t & { return c.trading.binanceRecvWindowMs; });
        s.addInteger("trading.reconcile_seconds",
                     "How often live orders, fills and balances are reconciled with the exchange.", 60,
                     5, 3600, [](CoreConfig &c) -> std::int64_t & { return c.trading.reconcileSeconds; });
        s.addString("inference.ca_file",
                    "PEM file of the CA that signed the compute nodes' certificates, for live predictions "
                    "(Predict over mutual TLS).",
                    "", [](CoreConfig &c) -> std::string & { return c.inference.caFile; });
        s.addString("inference.client_certificate",
                    "bcf-core's client certificate for the compute nodes (`bcfctl certs issue --client`); "
                    "empty = bots cannot use predict().",
                    "", [](CoreConfig &c) -> std::string & { return c.inference.clientCertificate; });
        s.addString("inference.client_key", "Private key of inference.client_certificate.", "",
                    [](CoreConfig &c) -> std::string & { return c.inference.clientKey; });
        s.addInteger("inference.timeout_milliseconds", "Deadline of one Predict call.", 2000, 100, 60000,
                     [](CoreConfig &c) -> std::int64_t & { return c.inference.timeoutMilliseconds; });
        return s;
    }();
    return schema;
}

} // namespace bcf::core
