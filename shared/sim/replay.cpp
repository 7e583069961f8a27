#include "sim/replay.h"

#include <algorithm>
#include <array>
#include <fstream>

namespace bcf::sim {
namespace {

// The finest power-of-ten step (as a raw 1e-8 value) that every raw value is a multiple of.
std::int64_t finestStep(std::int64_t raw, std::int64_t current)
{
    std::int64_t step = 100'000'000; // 1
    while (step > 1 && (raw % step != 0 || step > current))
        step /= 10;
    return step;
}

int decimalsOf(std::int64_t rawStep)
{
    int decimals = 8;
    while (rawStep >= 10) {
        rawStep /= 10;
        --decimals;
    }
    return std::max(decimals, 0);
}

} // namespace

Result<std::vector<model::Candle>> loadKlineCsv(const std::string &path, model::CsvError &where)
{
    auto fail = [&](std::int64_t line, int column, const std::string &message) {
        where.line = line;
        where.column = column;
        where.message = message;
        return std::unexpected(Error{ErrorCode::InvalidArgument,
                                     path + ":" + std::to_string(line) + ":"
                                         + std::to_string(column) + ": " + message});
    };
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        where = {0, 0, "cannot open the file"};
        return std::unexpected(Error{ErrorCode::InvalidArgument, path + ": cannot open the file"});
    }
    std::vector<model::Candle> candles;
    auto format = model::KlineCsvFormat::Generic;
    bool formatKnown = false;
    std::string text;
    std::int64_t lineNumber = 0;
    bool headerSeen = false;
    while (std::getline(file, text)) {
        ++lineNumber;
        if (!text.empty() && text.back() == '\r')
            text.pop_back();
        if (text.find_first_not_of(" \t") == std::string::npos)
            continue;
        if (!formatKnown) {
            formatKnown = true;
            format = std::count(text.begin(), text.end(), ',') >= 11
                         ? model::KlineCsvFormat::Binance
                         : model::KlineCsvFormat::Generic;
        }
        model::CsvError error;
        auto parsed = model::parseKlineLine(text, format, model::Timeframe::M1,
                                            candles.empty() && !headerSeen, error);
        if (!parsed)
            return fail(lineNumber, error.column, error.message);
        if (!parsed->has_value()) { // the generic header: the next line decides the layout
            headerSeen = true;
            formatKnown = false;
            continue;
        }
        if (!candles.empty() && (*parsed)->openTime <= candles.back().openTime)
            return fail(lineNumber, 1, "open_time " + std::to_string(toUnixMillis((*parsed)->openTime))
                                           + " is not after the previous candle's");
        candles.push_back(**parsed);
    }
    if (candles.empty())
        return fail(std::max<std::int64_t>(lineNumber, 1), 1, "the file holds no candles");
    return candles;
}

SymbolSpec replaySymbol(const std::string &symbol, std::vector<model::Candle> candles,
                        const SymbolSpec *known)
{
    std::int64_t tick = known ? known->instrument.tickSize.raw() : 100'000'000;
    std::int64_t lot = known ? known->instrument.lotSize.raw() : 100'000'000;
    for (const auto &candle : candles) {
        for (const Price price : {candle.open, candle.high, candle.low, candle.close})
            tick = finestStep(price.raw(), tick);
        lot = finestStep(candle.volume.raw(), lot);
    }
    SymbolSpec spec;
    if (known) {
        spec = *known;
    } else {
        static constexpr std::array<const char *, 10> kQuotes = {
            "FDUSD", "USDT", "USDC", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "TRY"};
        std::string base = symbol;
        std::string quote;
        for (const char *candidate : kQuotes) {
            const std::string suffix(candidate);
            if (symbol.size() > suffix.size() && symbol.ends_with(suffix)) {
                base = symbol.substr(0, symbol.size() - suffix.size());
                quote = suffix;
                break;
            }
        }
        spec.instrument = {"binance", symbol, base, quote, Price(), Quantity(),
                           Money::fromRaw(100'000'000), 0, 0};
        spec.tradesPerSecond = 1.0;
        spec.bookLevels = 50;
    }
    spec.instrument.tickSize = Price::fromRaw(tick);
    spec.instrument.lotSize = Quantity::fromRaw(lot);
    spec.instrument.pricePrecision = decimalsOf(tick);
    spec.instrument.quantityPrecision = decimalsOf(lot);
    spec.startPrice = candles.front().open;
    spec.replay = std::move(candles);
    return spec;
}

} // namespace bcf::sim
