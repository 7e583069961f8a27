#include "core/decimal.h"

#include <cstdio>
#include <cstdlib>

namespace bcf {
namespace {

constexpr std::int64_t kPowersOfTen[] = {1,         10,         100,         1'000,     10'000,
                                         100'000,   1'000'000,  10'000'000,  100'000'000};

Error parseError(std::string_view text, const std::string &why)
{
    return {ErrorCode::InvalidArgument, "\"" + std::string(text) + "\" is not a valid decimal: " + why};
}

} // namespace

std::int64_t roundedDivide(Int128 numerator, std::int64_t divisor)
{
    const bool negative = numerator < 0;
    const Int128 magnitude = negative ? -numerator : numerator;
    Int128 quotient = magnitude / divisor;
    if ((magnitude % divisor) * 2 >= divisor)
        ++quotient;
    const Int128 result = negative ? -quotient : quotient;
    if (result > INT64_MAX || result < INT64_MIN) {
        std::fputs("bcf::Decimal: arithmetic overflow\n", stderr);
        std::abort();
    }
    return static_cast<std::int64_t>(result);
}

template <typename Tag>
void Decimal<Tag>::overflow()
{
    std::fputs("bcf::Decimal: arithmetic overflow\n", stderr);
    std::abort();
}

template <typename Tag>
Result<Decimal<Tag>> Decimal<Tag>::parse(std::string_view text)
{
    if (text.empty())
        return std::unexpected(parseError(text, "it is empty"));
    std::size_t position = 0;
    bool negative = false;
    if (text[0] == '-' || text[0] == '+') {
        negative = text[0] == '-';
        position = 1;
    }
    std::int64_t whole = 0;
    std::int64_t fraction = 0;
    int fractionDigits = 0;
    bool digits = false;
    bool inFraction = false;
    for (; position < text.size(); ++position) {
        const char c = text[position];
        if (c == '.') {
            if (inFraction)
                return std::unexpected(parseError(text, "it has two decimal points"));
            inFraction = true;
            continue;
        }
        if (c < '0' || c > '9')
            return std::unexpected(parseError(text, std::string("unexpected character '") + c + "'"));
        digits = true;
        const int digit = c - '0';
        if (!inFraction) {
            if (__builtin_mul_overflow(whole, 10, &whole) || __builtin_add_overflow(whole, digit, &whole)
                || whole > INT64_MAX / kScale)
                return std::unexpected(parseError(text, "it is too large"));
        } else if (fractionDigits < kScaleDigits) {
            fraction = fraction * 10 + digit;
            ++fractionDigits;
        } else if (digit != 0) {
            return std::unexpected(parseError(text, "it has more than 8 decimal places"));
        }
    }
    if (!digits)
        return std::unexpected(parseError(text, "it has no digits"));
    std::int64_t raw = 0;
    if (__builtin_add_overflow(whole * kScale, fraction * kPowersOfTen[kScaleDigits - fractionDigits],
                               &raw))
        return std::unexpected(parseError(text, "it is too large"));
    return Decimal(negative ? -raw : raw);
}

template <typename Tag>
std::string Decimal<Tag>::toString(int digits) const
{
    if (digits < 0)
        digits = 0;
    if (digits > kScaleDigits)
        digits = kScaleDigits;
    const std::int64_t unit = kPowersOfTen[kScaleDigits - digits];
    const std::int64_t rounded = roundedDivide(m_raw, unit);
    const bool negative = rounded < 0;
    const unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(rounded)
                                                  : static_cast<unsigned long long>(rounded);
    const unsigned long long divisor = static_cast<unsigned long long>(kPowersOfTen[digits]);
    std::string text = std::to_string(magnitude / divisor);
    if (digits > 0) {
        std::string fractional = std::to_string(magnitude % divisor);
        text += "." + std::string(static_cast<std::size_t>(digits) - fractional.size(), '0')
                + fractional;
    }
    return negative ? "-" + text : text;
}

template <typename Tag>
std::string Decimal<Tag>::toString() const
{
    int digits = kScaleDigits;
    while (digits > 0 && m_raw % kPowersOfTen[kScaleDigits - digits + 1] == 0)
        --digits;
    return toString(digits);
}

template <typename Tag>
Decimal<Tag> Decimal<Tag>::floorTo(Decimal step) const
{
    if (step.m_raw <= 0)
        overflow();
    std::int64_t remainder = m_raw % step.m_raw;
    if (remainder < 0)
        remainder += step.m_raw;
    return Decimal(m_raw - remainder);
}

template <typename Tag>
Decimal<Tag> Decimal<Tag>::roundTo(Decimal step) const
{
    if (step.m_raw <= 0)
        overflow();
    return Decimal(checkedMul(roundedDivide(m_raw, step.m_raw), step.m_raw));
}

template class Decimal<PriceTag>;
template class Decimal<QuantityTag>;
template class Decimal<MoneyTag>;

Money notional(Price price, Quantity quantity)
{
    const Int128 product = static_cast<Int128>(price.raw()) * quantity.raw();
    return Money::fromRaw(roundedDivide(product, Price::kScale));
}

} // namespace bcf
