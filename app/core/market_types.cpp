#include "core/market_types.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

constexpr int maxScale = 18;

// 10^exponent for 0 ≤ exponent ≤ 18.
qint64 powerOfTen(int exponent)
{
    qint64 value = 1;
    for (int i = 0; i < exponent; ++i)
        value *= 10;
    return value;
}

std::optional<qint64> scaleUp(qint64 units, int exponent)
{
    if (exponent < 0 || exponent > maxScale)
        return std::nullopt;
    qint64 result = 0;
    if (__builtin_mul_overflow(units, powerOfTen(exponent), &result))
        return std::nullopt;
    return result;
}

} // namespace

std::optional<Decimal> Decimal::parse(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool negative = false;
    if (text.front() == u'-' || text.front() == u'+') {
        negative = text.front() == u'-';
        text = text.sliced(1);
    }
    Decimal result;
    bool seenPoint = false;
    bool seenDigit = false;
    for (const QChar c : text) {
        if (c == u'.') {
            if (seenPoint)
                return std::nullopt;
            seenPoint = true;
            continue;
        }
        if (c < u'0' || c > u'9')
            return std::nullopt;
        seenDigit = true;
        const int digit = c.unicode() - '0';
        if (result.units > (std::numeric_limits<qint64>::max() - digit) / 10)
            return std::nullopt;
        result.units = result.units * 10 + digit;
        if (seenPoint) {
            if (++result.scale > maxScale)
                return std::nullopt;
        }
    }
    if (!seenDigit)
        return std::nullopt;
    if (negative)
        result.units = -result.units;
    return result;
}

double Decimal::toDouble() const
{
    return double(units) / double(powerOfTen(scale));
}

std::optional<Decimal> Decimal::rescaled(int decimals) const
{
    if (decimals < 0 || decimals > maxScale)
        return std::nullopt;
    if (decimals >= scale) {
        const auto units = scaleUp(this->units, decimals - scale);
        if (!units)
            return std::nullopt;
        return Decimal{*units, decimals};
    }
    const qint64 divisor = powerOfTen(scale - decimals);
    qint64 quotient = units / divisor;
    const qint64 remainder = units % divisor;
    // Half away from zero; |remainder| * 2 cannot overflow since divisor ≤ 10^18.
    if (remainder != 0 && (remainder < 0 ? -remainder : remainder) >= divisor - divisor / 2)
        quotient += units < 0 ? -1 : 1;
    return Decimal{quotient, decimals};
}

QString Decimal::toString() const
{
    const bool negative = units < 0;
    // Through unsigned arithmetic so that the smallest qint64 prints too.
    const quint64 magnitude = negative ? quint64(0) - quint64(units) : quint64(units);
    QString digits = QString::number(magnitude);
    if (scale > 0) {
        if (digits.size() <= scale)
            digits.prepend(QString(scale + 1 - digits.size(), u'0'));
        digits.insert(digits.size() - scale, u'.');
    }
    if (negative)
        digits.prepend(u'-');
    return digits;
}

std::optional<Decimal> subtractDecimals(const Decimal& a, const Decimal& b)
{
    const int scale = std::max(a.scale, b.scale);
    const auto left = scaleUp(a.units, scale - a.scale);
    const auto right = scaleUp(b.units, scale - b.scale);
    if (!left || !right)
        return std::nullopt;
    qint64 difference = 0;
    if (__builtin_sub_overflow(*left, *right, &difference))
        return std::nullopt;
    return Decimal{difference, scale};
}

std::optional<double> decimalToDouble(QStringView text)
{
    // Parsed as a Decimal first so that "nan", "1e5" and hex never pass; toDouble() of the
    // text then gives the nearest double even beyond 18 digits of units.
    if (!Decimal::parse(text))
        return std::nullopt;
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

QString formatDecimal(QStringView text, int decimals, const QLocale& locale)
{
    const auto parsed = Decimal::parse(text);
    if (!parsed)
        return text.toString();
    const auto rounded = parsed->rescaled(std::clamp(decimals, 0, maxScale));
    if (!rounded)
        return text.toString();
    QString result = rounded->toString();
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

std::optional<Decimal> bookSpread(const BookSnapshot& book)
{
    if (book.bids.empty() || book.asks.empty())
        return std::nullopt;
    const auto bid = Decimal::parse(book.bids.front().price);
    const auto ask = Decimal::parse(book.asks.front().price);
    if (!bid || !ask)
        return std::nullopt;
    return subtractDecimals(*ask, *bid);
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
