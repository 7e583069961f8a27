#pragma once

#include "core/result.h"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace bcf {

// 128-bit intermediate for products of two decimals (GCC extension; __extension__ keeps
// -Wpedantic quiet).
__extension__ typedef __int128 Int128;

// A fixed-point decimal with 8 fractional digits stored in an int64 ("raw" = value × 10^8): the
// representation of every price, quantity and amount of money. 8 digits cover every precision
// the supported exchanges use; the range is ±92,233,720,368.54775807.
//
// Construction from text is exact; there is no construction from double. Arithmetic that would
// overflow, and a division by zero, fail fast (std::abort): a corrupt amount is worse than none.
// Tag makes Price, Quantity and Money distinct types, so a price cannot be added to a quantity.
template <typename Tag>
class Decimal final {
public:
    static constexpr int kScaleDigits = 8;
    static constexpr std::int64_t kScale = 100'000'000;

    constexpr Decimal() = default;
    static constexpr Decimal fromRaw(std::int64_t raw) { return Decimal(raw); }
    static constexpr Decimal fromUnits(std::int64_t units) { return Decimal(checkedMul(units, kScale)); }

    // Parses "123", "-0.5", "0.00012345", "1e-3" is rejected; more than 8 fractional digits is an
    // error unless they are zeros. Errors say what is wrong with the text.
    static Result<Decimal> parse(std::string_view text);

    constexpr std::int64_t raw() const { return m_raw; }
    // For indicators and charts only; never feed the result back into money.
    constexpr double toDouble() const { return static_cast<double>(m_raw) / kScale; }

    // Decimal text with exactly `digits` fractional digits (0–8), rounded half away from zero.
    std::string toString(int digits) const;
    // Shortest exact text ("0.5", "42").
    std::string toString() const;

    constexpr bool isZero() const { return m_raw == 0; }
    constexpr bool isNegative() const { return m_raw < 0; }

    constexpr Decimal operator-() const { return Decimal(checkedSub(0, m_raw)); }
    constexpr Decimal operator+(Decimal other) const { return Decimal(checkedAdd(m_raw, other.m_raw)); }
    constexpr Decimal operator-(Decimal other) const { return Decimal(checkedSub(m_raw, other.m_raw)); }
    constexpr Decimal &operator+=(Decimal other) { return *this = *this + other; }
    constexpr Decimal &operator-=(Decimal other) { return *this = *this - other; }
    constexpr auto operator<=>(const Decimal &) const = default;

    // Rounds down (toward negative infinity) / to nearest (half away from zero) to a multiple of
    // step (> 0): tick sizes and lot sizes.
    Decimal floorTo(Decimal step) const;
    Decimal roundTo(Decimal step) const;
    bool isMultipleOf(Decimal step) const { return step.m_raw > 0 && m_raw % step.m_raw == 0; }

    static constexpr std::int64_t checkedAdd(std::int64_t a, std::int64_t b)
    {
        std::int64_t result = 0;
        if (__builtin_add_overflow(a, b, &result))
            overflow();
        return result;
    }
    static constexpr std::int64_t checkedSub(std::int64_t a, std::int64_t b)
    {
        std::int64_t result = 0;
        if (__builtin_sub_overflow(a, b, &result))
            overflow();
        return result;
    }
    static constexpr std::int64_t checkedMul(std::int64_t a, std::int64_t b)
    {
        std::int64_t result = 0;
        if (__builtin_mul_overflow(a, b, &result))
            overflow();
        return result;
    }

private:
    constexpr explicit Decimal(std::int64_t raw) : m_raw(raw) {}
    [[noreturn]] static void overflow();

    std::int64_t m_raw = 0;
};

struct PriceTag {};
struct QuantityTag {};
struct MoneyTag {};
using Price = Decimal<PriceTag>;
using Quantity = Decimal<QuantityTag>;
using Money = Decimal<MoneyTag>;

// price × quantity, exact in 128 bits, rounded half away from zero to 8 digits.
Money notional(Price price, Quantity quantity);

// Rounds raw / divisor half away from zero (divisor > 0); shared by the multiplications.
std::int64_t roundedDivide(Int128 numerator, std::int64_t divisor);

} // namespace bcf
