#include "model/instrument.h"

namespace bcf::model {
namespace {

template <typename Tag>
int digitsOf(Decimal<Tag> step)
{
    int digits = Decimal<Tag>::kScaleDigits;
    std::int64_t raw = step.raw();
    while (digits > 0 && raw % 10 == 0) {
        raw /= 10;
        --digits;
    }
    return digits;
}

} // namespace

int precisionOf(Price step)
{
    return digitsOf(step);
}

int precisionOf(Quantity step)
{
    return digitsOf(step);
}

Status Instrument::validate() const
{
    if (symbol.empty())
        return makeError(ErrorCode::InvalidArgument, "instrument.symbol: must not be empty");
    if (base.empty() || quote.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "instrument " + symbol + ": base and quote assets must be set");
    if (tickSize.raw() <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         "instrument " + symbol + ": tick size must be positive");
    if (lotSize.raw() <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         "instrument " + symbol + ": lot size must be positive");
    if (minNotional.isNegative())
        return makeError(ErrorCode::InvalidArgument,
                         "instrument " + symbol + ": minimum notional must not be negative");
    return {};
}

Status Instrument::checkPrice(Price price) const
{
    if (price.raw() <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         "The price must be positive, got " + price.toString() + ".");
    if (!price.isMultipleOf(tickSize))
        return makeError(ErrorCode::InvalidArgument,
                         "The price " + price.toString() + " is not a multiple of the tick size "
                             + tickSize.toString() + " of " + symbol + ".");
    return {};
}

Status Instrument::checkQuantity(Quantity quantity) const
{
    if (quantity.raw() <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         "The quantity must be positive, got " + quantity.toString() + ".");
    if (!quantity.isMultipleOf(lotSize))
        return makeError(ErrorCode::InvalidArgument,
                         "The quantity " + quantity.toString() + " is not a multiple of the lot size "
                             + lotSize.toString() + " of " + symbol + ".");
    return {};
}

Status Instrument::checkNotional(Price price, Quantity quantity) const
{
    const Money value = notional(price, quantity);
    if (value < minNotional)
        return makeError(ErrorCode::InvalidArgument,
                         "The order value " + value.toString() + " " + quote
                             + " is below the minimum of " + minNotional.toString() + " " + quote
                             + " for " + symbol + ".");
    return {};
}

} // namespace bcf::model
