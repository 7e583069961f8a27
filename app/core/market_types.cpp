#include "core/market_types.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace bcf::app {

std::optional<Price> parseProtocolDecimal(QStringView text)
{
    auto parsed = Price::parse(text.trimmed().toString().toStdString());
    if (!parsed)
        return std::nullopt;
    return *parsed;
}

std::optional<double> decimalToDouble(QStringView text)
{
    const auto value = parseProtocolDecimal(text);
    if (!value)
        return std::nullopt;
    return value->toDouble();
}

QString formatDecimal(QStringView text, int decimals, const QLocale& locale)
{
    const auto value = parseProtocolDecimal(text);
    if (!value)
        return text.toString();
    QString result = QString::fromStdString(value->toString(std::clamp(decimals, 0,
                                                                       Price::kScaleDigits)));
    result.replace(u'.', locale.decimalPoint());
    if (result.startsWith(u'-'))
        result.replace(0, 1, locale.negativeSign());
    return result;
}

QString formatCompact(double value, const QLocale& locale)
{
    const double magnitude = std::abs(value);
    if (magnitude >= 1e9)
        return locale.toString(value / 1e9, 'f', 2) + u'B';
    if (magnitude >= 1e6)
        return locale.toString(value / 1e6, 'f', 2) + u'M';
    if (magnitude >= 1e4)
        return locale.toString(value / 1e3, 'f', 2) + u'K';
    return locale.toString(value, 'f', magnitude >= 100 ? 2 : 4);
}

QStringList symbolsOf(const std::vector<Instrument>& instruments, const QString& exchange)
{
    QStringList symbols;
    for (const Instrument& instrument : instruments) {
        if (instrument.exchange == exchange)
            symbols.append(instrument.symbol);
    }
    return symbols;
}

std::optional<Trade> tradeFromDecimals(qint64 id, qint64 timeMs, QStringView price,
                                       QStringView quantity, Side aggressor)
{
    const auto priceValue = decimalToDouble(price);
    const auto quantityValue = decimalToDouble(quantity);
    if (!priceValue || !quantityValue || *priceValue < 0 || *quantityValue < 0)
        return std::nullopt;
    return Trade{.id = id,
                 .timeMs = timeMs,
                 .price = price.trimmed().toString(),
                 .quantity = quantity.trimmed().toString(),
                 .aggressor = aggressor,
                 .priceValue = *priceValue,
                 .quantityValue = *quantityValue};
}

std::optional<BookLevel> bookLevelFromDecimals(QStringView price, QStringView quantity)
{
    const auto priceValue = decimalToDouble(price);
    const auto quantityValue = decimalToDouble(quantity);
    if (!priceValue || !quantityValue || *priceValue < 0 || *quantityValue < 0)
        return std::nullopt;
    return BookLevel{.price = price.trimmed().toString(),
                     .quantity = quantity.trimmed().toString(),
                     .priceValue = *priceValue,
                     .quantityValue = *quantityValue};
}

std::vector<double> cumulativeQuantities(const std::vector<BookLevel>& levels)
{
    std::vector<double> totals;
    totals.reserve(levels.size());
    double total = 0;
    for (const BookLevel& level : levels) {
        total += level.quantityValue;
        totals.push_back(total);
    }
    return totals;
}

std::optional<Price> bookSpread(const BookSnapshot& book)
{
    if (book.bids.empty() || book.asks.empty())
        return std::nullopt;
    const auto bid = parseProtocolDecimal(book.bids.front().price);
    const auto ask = parseProtocolDecimal(book.asks.front().price);
    if (!bid || !ask)
        return std::nullopt;
    return *ask - *bid; // levels are non-negative (bookLevelFromDecimals): no overflow
}

std::optional<double> bookMidPrice(const BookSnapshot& book)
{
    if (book.bids.empty() || book.asks.empty())
        return std::nullopt;
    return (book.bids.front().priceValue + book.asks.front().priceValue) / 2;
}

std::optional<double> changePercent(const Ticker& ticker)
{
    const auto last = decimalToDouble(ticker.lastPrice);
    const auto open = decimalToDouble(ticker.openPrice);
    if (!last || !open || *open == 0)
        return std::nullopt;
    return (*last - *open) / *open * 100.0;
}

} // namespace bcf::app
