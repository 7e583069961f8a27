#include "model/kline_csv.h"

#include <charconv>
#include <vector>

namespace bcf::model {
namespace {

std::vector<std::string_view> splitFields(std::string_view line)
{
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        std::string_view field = line.substr(start, comma == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : comma - start);
        while (!field.empty() && (field.back() == '\r' || field.back() == ' '))
            field.remove_suffix(1);
        while (!field.empty() && field.front() == ' ')
            field.remove_prefix(1);
        fields.push_back(field);
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return fields;
}

std::unexpected<Error> fail(CsvError &error, int column, std::string message)
{
    error.column = column;
    error.message = message;
    return std::unexpected(Error{ErrorCode::InvalidArgument, std::move(message)});
}

} // namespace

Result<std::optional<Candle>> parseKlineLine(std::string_view line, KlineCsvFormat format,
                                             Timeframe timeframe, bool mayBeHeader,
                                             CsvError &error)
{
    const auto fields = splitFields(line);
    const std::size_t expected = format == KlineCsvFormat::Binance ? 12 : 6;
    const char *names[] = {"open_time", "open", "high", "low", "close", "volume"};

    std::int64_t time = 0;
    const auto first = fields.front();
    const auto [end, code] = std::from_chars(first.data(), first.data() + first.size(), time);
    if (code != std::errc() || end != first.data() + first.size()) {
        if (mayBeHeader && format == KlineCsvFormat::Generic)
            return std::optional<Candle>();
        return fail(error, 1, "open_time \"" + std::string(first)
                                  + "\" is not a whole number of milliseconds");
    }
    if (fields.size() != expected)
        return fail(error, static_cast<int>(std::min(fields.size(), expected)) + 1,
                    "expected " + std::to_string(expected) + " fields, found "
                        + std::to_string(fields.size()));
    // Binance switched spot files to microseconds in 2025; anything past year 5000 in ms is µs.
    if (time > 100'000'000'000'000LL)
        time /= 1000;
    if (time < 0)
        return fail(error, 1, "open_time must not be negative");

    Candle candle;
    candle.timeframe = timeframe;
    candle.openTime = fromUnixMillis(time);
    candle.closed = true;
    Price *prices[] = {&candle.open, &candle.high, &candle.low, &candle.close};
    for (int i = 0; i < 4; ++i) {
        auto parsed = Price::parse(fields[static_cast<std::size_t>(i + 1)]);
        if (!parsed)
            return fail(error, i + 2, std::string(names[i + 1]) + ": " + parsed.error().message);
        if (parsed->raw() <= 0)
            return fail(error, i + 2, std::string(names[i + 1]) + " must be positive");
        *prices[i] = *parsed;
    }
    auto volume = Quantity::parse(fields[5]);
    if (!volume)
        return fail(error, 6, "volume: " + volume.error().message);
    if (volume->isNegative())
        return fail(error, 6, "volume must not be negative");
    candle.volume = *volume;

    if (format == KlineCsvFormat::Binance) {
        auto quoteVolume = Money::parse(fields[7]);
        if (!quoteVolume)
            return fail(error, 8, "quote_volume: " + quoteVolume.error().message);
        candle.quoteVolume = *quoteVolume;
        const auto countField = fields[8];
        const auto [countEnd, countCode] = std::from_chars(
            countField.data(), countField.data() + countField.size(), candle.tradeCount);
        if (countCode != std::errc() || countEnd != countField.data() + countField.size()
            || candle.tradeCount < 0)
            return fail(error, 9, "count \"" + std::string(countField)
                                      + "\" is not a non-negative whole number");
    } else {
        candle.quoteVolume = notional(candle.close, candle.volume);
    }

    if (candle.high < std::max(candle.open, candle.close))
        return fail(error, 3, "high " + candle.high.toString() + " is below open or close");
    if (candle.low > std::min(candle.open, candle.close))
        return fail(error, 4, "low " + candle.low.toString() + " is above open or close");
    if (bucketStart(timeframe, candle.openTime) != candle.openTime)
        return fail(error, 1, "open_time " + std::to_string(time) + " is not the start of a "
                                  + std::string(timeframeName(timeframe)) + " candle");
    return std::optional<Candle>(candle);
}

} // namespace bcf::model
